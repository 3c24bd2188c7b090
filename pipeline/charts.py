"""Charts an analyst can put in a report: values by province (and year) from generic rows.

The input is a list of ChartRow (province, year, value, unit), so a chart does not depend on how a comparison
computed its values. Every province is shown:
- one year: horizontal bars sorted by value, the value printed at the end of each bar;
- several years: small multiples, one panel per province (sorted by their total, shared axes), years as
  integers on the x axis, a year without a value left as a gap (no line drawn across it, no zero invented).
Counts get integer ticks; long titles are wrapped to the figure width; nothing is drawn over the data.

`python -m pipeline.charts --demo docs/img/` draws the screenshots in docs/ from generated values.
"""
from __future__ import annotations

import argparse
import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot and Figure use
from matplotlib.figure import Figure  # noqa: E402  (after the backend choice)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

BAR_COLOR = "#1f5f8b"
LINE_COLOR = "#8b1a1a"
WIDTH_IN = 10.0          # figure width in inches; a report page holds it at ~80 % scale
CHARS_PER_INCH = 8.5     # bold title characters per inch at 13 pt (wide letters included: a safe bound)


class ChartError(ValueError):
    """The rows cannot be drawn as asked (no rows, several units in one chart); nothing was written."""


@dataclass(frozen=True)
class ChartRow:
    """One value: a province's value in a year (year None: no year, e.g. a multi-year total), and its unit
    ("facts", "mô hình", "tỷ đồng", "per 100 articles")."""

    province: str
    year: int | None
    value: float | None
    unit: str = ""


def rows_from_table(columns: Sequence[str], rows: Sequence[Sequence], value: str = "value",
                    unit: str | None = None) -> list[ChartRow]:
    """ChartRows from a table with province and year columns: `value` names the value column; the unit comes
    from a `unit` column when there is one, else from the `unit` argument (default: the value column's name)."""
    col = {c: i for i, c in enumerate(columns)}
    for needed in ("province", value):
        if needed not in col:
            raise ChartError(f"the table has no {needed!r} column (columns: {', '.join(columns)})")
    out = []
    for r in rows:
        year = r[col["year"]] if "year" in col else None
        u = r[col["unit"]] if "unit" in col and r[col["unit"]] else (unit or value.replace("_", " "))
        v = r[col[value]]
        out.append(ChartRow(str(r[col["province"]]), int(year) if year is not None else None,
                            float(v) if v is not None else None, str(u)))
    return out


def _series(rows: Iterable[ChartRow]) -> tuple[str, dict[str, dict[int | None, float]]]:
    """(unit, province -> year -> summed value); rows with no value are dropped (gaps stay gaps)."""
    rows = list(rows)
    if not rows:
        raise ChartError("nothing to chart: no rows")
    units = sorted({r.unit for r in rows})
    if len(units) > 1:
        raise ChartError(f"the rows mix units ({', '.join(units)}): chart one unit at a time "
                         "(e.g. name one --category)")
    series: dict[str, dict[int | None, float]] = {}
    for r in rows:
        by_year = series.setdefault(r.province, {})
        if r.value is not None and not (isinstance(r.value, float) and math.isnan(r.value)):
            by_year[r.year] = by_year.get(r.year, 0.0) + float(r.value)
    return units[0], series


def _is_count(values: Iterable[float]) -> bool:
    return all(float(v).is_integer() for v in values)


def number_text(value: float) -> str:
    """Vietnamese style: "." for thousands, "," for decimals (2071 -> 2.071; 12.5 -> 12,5)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _wrap(text: str, width_in: float, scale: float = 1.0) -> str:
    return "\n".join(textwrap.wrap(text, max(20, int((width_in - 1.0) * CHARS_PER_INCH / scale)))) if text else ""


def _title_band(title: str, subtitle: str | None) -> tuple[str, str, float]:
    """Title and subtitle wrapped to the figure's width, and the height (inches) of the band they need."""
    t = _wrap(title, WIDTH_IN, 1.0)
    sub = _wrap(subtitle or "", WIDTH_IN, 0.8)
    return t, sub, 0.3 + 0.26 * (t.count("\n") + 1) + (0.2 * (sub.count("\n") + 1) if sub else 0.0)


def _draw_titles(fig: Figure, t: str, sub: str, height: float) -> None:
    fig.text(0.5 / WIDTH_IN, 1 - 0.15 / height, t, ha="left", va="top", fontsize=13, fontweight="bold")
    if sub:
        fig.text(0.5 / WIDTH_IN, 1 - (0.22 + 0.26 * (t.count("\n") + 1)) / height, sub, ha="left", va="top",
                 fontsize=10, color="#444")


def bar_chart(rows: Iterable[ChartRow], out: str | Path, title: str, subtitle: str | None = None,
              dpi: int = 110) -> Path:
    """Horizontal bars, one per province, sorted by value (largest at the top); every province drawn.

    Rows of several years are summed per province (say so in the subtitle). Returns the PNG path.
    """
    unit, series = _series(rows)
    totals = {p: sum(v.values()) for p, v in series.items() if v}
    ranked = sorted(totals, key=lambda p: (-totals[p], p))
    if not ranked:
        raise ChartError("nothing to chart: every value is missing")
    label_w = max(len(p) for p in ranked) * 0.075 + 0.3     # inches for the province names
    height_bars = 0.24 * len(ranked) + 0.6
    t, sub, band = _title_band(title, subtitle)
    height = band + 0.45 + height_bars + 0.4      # titles, x axis label and ticks on top, bars, footnote
    fig = Figure(figsize=(WIDTH_IN, height), dpi=dpi)
    _draw_titles(fig, t, sub, height)
    ax = fig.add_axes((label_w / WIDTH_IN, 0.4 / height, 1 - (label_w + 1.1) / WIDTH_IN, height_bars / height))
    values = [totals[p] for p in ranked]
    ypos = list(range(len(ranked)))[::-1]
    ax.barh(ypos, values, color=BAR_COLOR, height=0.72)
    ax.set_yticks(ypos, ranked, fontsize=9)
    ax.set_ylim(-0.6, len(ranked) - 0.4)
    top = max(values) if max(values) > 0 else 1.0
    ax.set_xlim(min(0.0, min(values)), top * 1.12)
    for y, v in zip(ypos, values):
        ax.text(v + top * 0.008, y, number_text(v), va="center", fontsize=8, color="#222")
    if _is_count(values):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: number_text(x)))
    ax.set_xlabel(unit)
    ax.xaxis.set_label_position("top")
    ax.xaxis.tick_top()
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color="#ddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.spines[["right", "bottom"]].set_visible(False)
    fig.text(0.5 / WIDTH_IN, 0.15 / height, f"{len(ranked)} provinces, sorted by value", fontsize=8, color="#666")
    return _save(fig, out, dpi)


def small_multiples(rows: Iterable[ChartRow], out: str | Path, title: str, subtitle: str | None = None,
                    dpi: int = 110, columns: int | None = None) -> Path:
    """One small panel per province (sorted by total, largest first), shared axes, years as integers.

    A year with no value is a gap: the line breaks and no point is drawn. Returns the PNG path.
    """
    unit, series = _series(rows)
    years = sorted({y for s in series.values() for y in s if y is not None})
    if not years:
        raise ChartError("nothing to chart by year: no row has a year")
    totals = {p: sum(v.values()) for p, v in series.items()}
    ranked = sorted(series, key=lambda p: (-totals[p], p))
    n = len(ranked)
    ncols = columns or (8 if n > 40 else 6 if n > 20 else 4 if n > 6 else max(n, 1))
    nrows = math.ceil(n / ncols)
    panel_w, panel_h = WIDTH_IN / ncols, 1.35
    t, sub, band = _title_band(title, subtitle)
    height = band + nrows * panel_h + 0.3
    fig = Figure(figsize=(WIDTH_IN, height), dpi=dpi)
    _draw_titles(fig, t, sub, height)
    values = [v for s in series.values() for v in s.values()]
    top = max(values + [0.0]) or 1.0
    low = min(values + [0.0])
    count = _is_count(values)
    margin_l, margin_r = 0.45, 0.1
    for i, province in enumerate(ranked):
        r, c = divmod(i, ncols)
        x0 = (margin_l + c * (WIDTH_IN - margin_l - margin_r) / ncols) / WIDTH_IN
        w = ((WIDTH_IN - margin_l - margin_r) / ncols - 0.18) / WIDTH_IN
        y0 = (height - band - (r + 1) * panel_h + 0.4) / height
        h = (panel_h - 0.62) / height
        ax = fig.add_axes((x0, y0, w, h))
        ys = [series[province].get(y, float("nan")) for y in years]
        ax.plot(years, ys, color=LINE_COLOR, linewidth=1.4, marker="o", markersize=2.8)
        ax.set_title(province, fontsize=8, pad=2, loc="left")
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
        ax.set_ylim(low, top * 1.15)
        span = years[-1] - years[0] + 1
        ax.set_xticks(list(range(years[0], years[-1] + 1)) if span <= panel_w * 2.6 else [years[0], years[-1]])
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{int(round(x))}"))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=count))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda x, _: number_text(x)))
        ax.tick_params(labelsize=6.5, length=2, pad=1)
        if c != 0:
            ax.tick_params(labelleft=False)
        ax.grid(axis="y", color="#e4e4e4", linewidth=0.5)
        ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.5 / WIDTH_IN, 0.1 / height,
             f"{n} provinces, largest total first; y: {unit} (same scale in every panel); "
             "a missing year is left blank", fontsize=8, color="#666")
    return _save(fig, out, dpi)


def province_chart(rows: Iterable[ChartRow], out: str | Path, title: str, subtitle: str | None = None,
                   dpi: int = 110) -> Path:
    """Bars when the rows hold one year (or none), small multiples when they hold several."""
    rows = list(rows)
    years = {r.year for r in rows if r.year is not None}
    if len(years) > 1:
        return small_multiples(rows, out, title, subtitle, dpi)
    if years:
        subtitle = f"{subtitle}; year {years.pop()}" if subtitle else f"Year {years.pop()}"
    return bar_chart(rows, out, title, subtitle, dpi)


def chart_comparison(columns: Sequence[str], rows: Sequence[Sequence], out: str | Path, title: str) -> Path:
    """A comparison table as a chart. A table with value (and unit) columns is drawn as is; the older shape
    (facts, total, per-coverage columns by category) draws the total of one category, or the count of facts
    when several categories are mixed (their sums would mean nothing)."""
    col = {c: i for i, c in enumerate(columns)}
    categories = sorted({str(r[col["category"]]) for r in rows if r[col["category"]]}) if "category" in col else []
    if "value" in col:
        metric = "value"
    else:
        metric = "total_per_100_articles" if "total_per_100_articles" in col else "total"
        if len(categories) > 1:
            metric = "facts_per_100_articles" if "facts_per_100_articles" in col else "facts"
    unit = None if "unit" in col else metric.replace("_", " ")
    chart_rows = rows_from_table(columns, rows, value=metric, unit=unit)
    what = ", ".join(categories) if categories else ""
    provinces = len({r.province for r in chart_rows})
    measure = {"total": "sum of the facts' values", "facts": "facts (deduplicated figures)",
               "total_per_100_articles": "sum of the facts' values per 100 crawled articles",
               "facts_per_100_articles": "facts per 100 crawled articles"}.get(metric, "")
    subtitle = "; ".join(x for x in (f"category: {what}" if what else "", measure, f"{provinces} provinces") if x)
    return province_chart(chart_rows, out, title, subtitle)


def _save(fig: Figure, out: str | Path, dpi: int) -> Path:
    out = Path(out)
    fig.savefig(out, dpi=dpi, format="png", metadata={"Software": None})
    return out


# -- demo screenshots ----------------------------------------------------------------------------------

def demo_rows(provinces: Sequence[str], years: Sequence[int], seed: int = 7, unit: str = "facts",
              gap_every: int = 9) -> list[ChartRow]:
    """Generated counts for every province and year (a deterministic pseudo-random walk), with some years
    missing so the gaps show. For screenshots only: these are not measurements."""
    import random

    rng = random.Random(seed)
    rows = []
    for i, p in enumerate(provinces):
        level = rng.randint(2, 40)
        for j, y in enumerate(years):
            if gap_every and (i + j) % gap_every == 0 and 0 < j < len(years) - 1:
                continue
            level = max(0, level + rng.randint(-6, 7))
            rows.append(ChartRow(p, y, float(level), unit))
    return rows


def draw_demo(folder: str | Path) -> list[Path]:
    """The charts shown in docs/: 63 and 34 provinces, one year (bars) and five years (small multiples)."""
    from common.gazetteer import provinces_34, provinces_63

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    p63, p34 = provinces_63(), provinces_34()
    years = list(range(2020, 2025))
    written = [
        bar_chart([r for r in demo_rows(p63, years) if r.year == 2024], folder / "compare-63-bars.png",
                  "Dân vận khéo models by province (63 provinces), 2024",
                  "Generated demo values, not measurements: `python -m pipeline.charts --demo docs/img/`"),
        small_multiples(demo_rows(p63, years), folder / "compare-63-years.png",
                        "Dân vận khéo models by province (63 provinces) × year, 2020–2024",
                        "Generated demo values, not measurements"),
        bar_chart([r for r in demo_rows(p34, years, seed=11) if r.year == 2024], folder / "compare-34-bars.png",
                  "Dân vận khéo models by province (34 provinces, since 1 July 2025), 2024",
                  "Generated demo values, not measurements"),
        small_multiples(demo_rows(p34, years, seed=11), folder / "compare-34-years.png",
                        "Dân vận khéo models by province (34 provinces) × year, 2020–2024",
                        "Generated demo values, not measurements"),
    ]
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.charts", description=__doc__.splitlines()[0])
    parser.add_argument("--demo", metavar="FOLDER", required=True,
                        help="draw the demo charts (generated values) into FOLDER, e.g. docs/img/")
    args = parser.parse_args(argv)
    for path in draw_demo(args.demo):
        print(path)


if __name__ == "__main__":
    main()
