"""What every layer needs and nothing depends on: default settings and the gazetteer (63/34 provinces).

scrapers/, corpus/, extractors/ and pipeline/ may import this package; it imports none of them.
"""
