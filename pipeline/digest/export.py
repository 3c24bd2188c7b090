"""The digest written out: one format to a string, the chart beside it."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.digest.chart import chart_png
from pipeline.digest.query import build_digest
from pipeline.digest.records import Digest, DigestOptions
from pipeline.digest.render import render_digest
from pipeline.store import Store


@dataclass
class DigestOutput:
    digest: Digest
    text: str
    chart: Path | None = None


def export_digest(store: Store, options: DigestOptions, fmt: str = "md", chart: Path | None = None) -> DigestOutput:
    """Build the week's digest and render it; with chart, write the PNG there and point the HTML/Markdown at it.

    The chart is referenced by its file name, so keep it in the same folder as the digest file.
    """
    digest = build_digest(store, options)
    if chart is not None:
        chart.parent.mkdir(parents=True, exist_ok=True)
        chart.write_bytes(chart_png(digest))
    text = render_digest(digest, fmt, chart_src=chart.name if chart is not None and fmt != "txt" else None)
    return DigestOutput(digest, text, chart)
