"""The weekly digest: what changed in one week, by province, rendered and delivered by email.

query.build_digest reads the store into a Digest record; render.render_digest and chart.chart_png turn it
into text and a PNG; mail.send_digests builds one message per subscriber and records each delivery.
"""
