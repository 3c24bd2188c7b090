"""A PNG chart of the week's new figures by province, stacked by category (matplotlib, Agg backend)."""
from __future__ import annotations

import io
import math

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
from matplotlib.figure import Figure as MplFigure  # noqa: E402  (after the backend choice)

from pipeline.digest.query import category_labels  # noqa: E402
from pipeline.digest.records import Digest  # noqa: E402

_PALETTE = (0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 1, 3, 5, 7, 9, 11)   # tab20: strong colours first


def chart_png(digest: Digest, dpi: int = 100) -> bytes:
    """The chart as PNG bytes: one horizontal bar per province (every province, largest first), its new
    figures stacked by category, the total at the end of the bar, the legend beside the bars.

    A week without figures gives a small image saying so, so a message can always carry the chart.
    """
    labels = category_labels()
    rows = [(p.name, {c: len(items) + p.figures_hidden.get(c, 0) for c, items in p.figures.items()})
            for p in digest.provinces if p.figures]
    rows.sort(key=lambda r: (-sum(r[1].values()), r[0]))
    categories = [c for c in labels if any(c in counts for _, counts in rows)]

    height = 1.4 + (0.45 if len(rows) <= 12 else 0.26) * max(len(rows), 2)
    fig = MplFigure(figsize=(9.0, height), dpi=dpi)
    ax = fig.add_subplot()
    title = f"Số liệu mới theo tỉnh, tuần {digest.week.label()}"
    if not rows:
        ax.axis("off")
        ax.text(0.5, 0.5, f"Không có số liệu mới trong tuần {digest.week}", ha="center", va="center", fontsize=12)
        ax.set_title(title, fontsize=11)
    else:
        names = [name for name, _ in rows][::-1]
        left = [0] * len(names)
        cmap = matplotlib.colormaps["tab20"]
        order = list(labels)
        for c in categories:
            widths = [counts.get(c, 0) for _, counts in rows][::-1]
            color = cmap(_PALETTE[order.index(c) % len(_PALETTE)])   # one colour per category, every week
            ax.barh(names, widths, left=left, color=color, label=labels[c][0])
            left = [a + b for a, b in zip(left, widths)]
        for y, total in enumerate(left):
            ax.text(total, y, f" {total}", va="center", fontsize=9)
        ax.set_xlabel("số liệu mới")
        ax.set_xlim(0, max(left) * 1.12 + 1)
        ax.set_ylim(-0.6, len(names) - 0.4)     # no empty band above or below the bars
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.spines[["top", "right"]].set_visible(False)
        # the legend sits between the title and the bars, never over them
        ncols = 3
        ax.legend(fontsize=8, frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=ncols)
        ax.set_title(title, fontsize=11, loc="left", pad=8 + 13 * math.ceil(len(categories) / ncols))
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
    return buf.getvalue()
