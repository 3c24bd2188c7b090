"""Cross-province comparisons: one row per province × year × indicator with the reported total.

The values come from pipeline.indicators (indicators as data in pipeline/indicators.toml): each cell shows the
total a province reported for a year, in normalised units (money in đồng, rates in %), never a sum of totals,
parts, changes and units; conflicting reports are resolved by a documented rule and kept as alternatives.
Crawl coverage (--per-coverage) reads migration 003's province_year_coverage, or its materialised copy
coverage_summary while that is fresh (see refresh_analytics).
"""
from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipeline import versions
from pipeline.indicators import IndicatorError, IndicatorOptions, indicator_for_category, indicator_values, indicators
from pipeline.store import Store

GEOGRAPHIES = {"1963": "province", "2025": "province_2025"}   # geography -> province key column
FORMATS = ("table", "csv", "parquet", "png")
REPORTING_LAG_YEARS = 1   # figures for year Y are reported in articles published in Y .. Y + 1


class CompareError(ValueError):
    """Bad comparison options or output; nothing was written."""


@dataclass
class CompareOptions:
    """What to compare.

    category: one category (extractors.records.CATEGORIES): its default indicator; None: every indicator.
    indicator: one indicator by name (pipeline/indicators.toml); wins over category.
    show_alternatives: add a column listing the values not chosen, with their evidence.
    years: (first, last) inclusive, or None for every year.
    geography: "1963" keys (63 provinces before July 2025) or "2025" (the 34 after).
    per_coverage: add the articles crawled in the province during the year's reporting window (published in
        that year or the next, when annual reviews appear) and the facts and totals per 100 of them.
    extractor_version: the results to use; the latest in the store when None.
    use_summary: read the materialised summary when it is fresh (same results, much faster on large stores).
    """

    category: str | None = None
    indicator: str | None = None
    show_alternatives: bool = False
    years: tuple[int, int] | None = None
    geography: str = "1963"
    extractor_version: str | None = None
    per_coverage: bool = False
    use_summary: bool = True


def parse_years(spec: str) -> tuple[int, int]:
    """'2020-2024' -> (2020, 2024); '2022' -> (2022, 2022)."""
    parts = [p.strip() for p in spec.replace("–", "-").split("-") if p.strip()]
    try:
        years = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f"years must look like 2020-2024 or 2022, not {spec!r}") from None
    if len(years) not in (1, 2) or any(y < 1945 or y > 2100 for y in years):
        raise ValueError(f"years must look like 2020-2024 or 2022, not {spec!r}")
    return (years[0], years[-1]) if years[0] <= years[-1] else (years[-1], years[0])


_SIGNATURE_SQL = """
    SELECT concat_ws('|', f.n, f.r, f.s, f.p, a.n, a.r, a.h) FROM
        (SELECT count(*) AS n, max(rowid) AS r, sum("start") AS s, sum(period_start) AS p FROM figures) f,
        (SELECT count(*) AS n, max(rowid) AS r, bit_xor(hash(province, province_2025)) AS h FROM articles) a"""


def latest_extractor_version(store: Store) -> str | None:
    return versions.latest_extractor_version(store.con)


def _signature(store: Store) -> str:
    # cheap (no strings hashed but two short province names; integer sums are deterministic whatever the
    # thread order): a load that deletes and inserts rows moves max(rowid), a re-extraction the offsets sum
    return store.con.execute(_SIGNATURE_SQL).fetchone()[0]


def analytics_is_fresh(store: Store) -> bool:
    """Whether the materialised summaries match the figures and articles now stored."""
    try:
        row = store.con.execute("SELECT signature FROM analytics_state ORDER BY built_at DESC LIMIT 1").fetchone()
    except duckdb.CatalogException:   # a database migrated by an early draft of 003: use the views
        return False
    return row is not None and row[0] == _signature(store)


def _refresh_indicator_summary(store: Store) -> None:
    """indicator_summary: every indicator value of the latest extractor version, both geographies."""
    import pyarrow as pa

    store.con.execute("DELETE FROM indicator_summary")
    version = latest_extractor_version(store)
    if version is None:
        return
    rows = []
    for geography in GEOGRAPHIES:
        for v in indicator_values(store, IndicatorOptions(geography=geography, extractor_version=version)):
            rows.append((version, geography, v.province, v.year, v.indicator, v.value, v.unit, v.period_span,
                         v.articles, v.sources, v.agree, v.derived, v.note,
                         "; ".join(a.describe() for a in v.alternatives)))
    if rows:
        names = ("extractor_version", "geography", "province", "year", "indicator", "value", "unit", "period_span",
                 "articles", "sources", "agree", "derived", "note", "alternatives")
        types = (pa.string(), pa.string(), pa.string(), pa.int32(), pa.string(), pa.float64(), pa.string(),
                 pa.string(), pa.int32(), pa.int32(), pa.bool_(), pa.bool_(), pa.string(), pa.string())
        store.insert_arrow("indicator_summary", pa.table(
            {n: pa.array([r[i] for r in rows], t) for i, (n, t) in enumerate(zip(names, types))}))


def refresh_analytics(store: Store, force: bool = False) -> bool:
    """Rebuild the materialised summaries (province_period_summary, coverage_summary, indicator_summary) when
    stale. Idempotent:
    returns False and does nothing when they already match the store. Call it after loads."""
    if not force and analytics_is_fresh(store):
        return False
    signature = _signature(store)
    with store.transaction():
        store.con.execute("DELETE FROM province_period_summary")
        store.con.execute("INSERT INTO province_period_summary SELECT * FROM province_period_figures")
        store.con.execute("DELETE FROM coverage_summary")
        store.con.execute("INSERT INTO coverage_summary SELECT * FROM province_year_coverage")
        _refresh_indicator_summary(store)
        store.con.execute("DELETE FROM analytics_state")
        store.con.execute("INSERT INTO analytics_state (signature) VALUES (?)", [signature])
    return True


COLUMNS = ("province", "year", "indicator", "value", "unit", "period_span", "articles", "sources", "agree",
           "derived", "note")


def compare(store: Store, options: CompareOptions) -> tuple[list[str], list[tuple]]:
    """Indicators by province × year: the reported total (`value`, in `unit`), the part of the year it covers
    when not the full year (`period_span`), the articles and independent sources reporting it, whether every
    report agreed (`agree`), whether it was added up from a breakdown (`derived`) and a `note`; with
    show_alternatives the values not chosen; with per_coverage the articles crawled in the reporting window
    and the value per 100 of them (counts and money only).

    Only single-year periods are placed in a year; multi-year ranges ("2016-2020") are left out of yearly rows.
    """
    if options.geography not in GEOGRAPHIES:
        raise CompareError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    try:
        if options.indicator:
            names = (options.indicator,)
            if names[0] not in indicators():
                raise IndicatorError(f"unknown indicator {names[0]!r}; one of: {', '.join(indicators())}")
        elif options.category:
            names = (indicator_for_category(options.category).name,)
        else:
            names = tuple(indicators())
        latest = latest_extractor_version(store)
        version = options.extractor_version or latest
        if options.use_summary and version == latest and analytics_is_fresh(store):
            rows = _summary_rows(store, names, version, options)
        else:
            rows = [[v.province, v.year, v.indicator, v.value, v.unit, v.period_span, v.articles, v.sources,
                     v.agree, v.derived, v.note] + (["; ".join(a.describe() for a in v.alternatives)]
                                                    if options.show_alternatives else [])
                    for v in indicator_values(store, IndicatorOptions(names, options.years, options.geography,
                                                                      version, options.show_alternatives))]
    except IndicatorError as exc:
        raise CompareError(str(exc)) from None
    columns = list(COLUMNS)
    if options.show_alternatives:
        columns.append("alternatives")
    if options.per_coverage:
        columns += ["crawled_articles", "value_per_100_articles"]
        crawled = _crawled(store, options.geography, {(r[0], r[1]) for r in rows}, options.use_summary)
        for row in rows:
            n = crawled.get((row[0], row[1]))
            per = round(100.0 * row[3] / n, 2) if n and row[3] is not None and row[4] != "%" else None
            row += [n, per]
    return columns, [tuple(r) for r in rows]


def _summary_rows(store: Store, names: tuple[str, ...], version: str, options: CompareOptions) -> list[list]:
    """The rows of compare from indicator_summary (see refresh_analytics), in the same order as computed."""
    where, params = ["extractor_version = ?", "geography = ?", "indicator IN (SELECT unnest(?))"], \
        [version, options.geography, list(names)]
    if options.years:
        where.append("year BETWEEN ? AND ?")
        params += list(options.years)
    alternatives = ", alternatives" if options.show_alternatives else ""
    return [list(r) for r in store.con.execute(
        f"""SELECT province, year, indicator, value, unit, period_span, articles, sources, agree, derived, note
                   {alternatives}
            FROM indicator_summary WHERE {' AND '.join(where)}
            ORDER BY province, year, list_position(?, indicator)""", params + [list(names)]).fetchall()]


def _crawled(store: Store, geography: str, cells: set[tuple[str, int]], use_summary: bool) -> dict:
    """Articles crawled per (province, year): published in the year or the REPORTING_LAG_YEARS after it."""
    if not cells:
        return {}
    key = GEOGRAPHIES[geography]
    source = "coverage_summary" if use_summary and analytics_is_fresh(store) else "province_year_coverage"
    rows = store.con.execute(f"SELECT {key}, year, sum(articles) FROM {source} WHERE {key} IS NOT NULL GROUP BY ALL"
                             ).fetchall()
    by = {(p, y): n for p, y, n in rows}
    return {(p, y): sum(by.get((p, y + d), 0) for d in range(REPORTING_LAG_YEARS + 1)) or None for p, y in cells}


def table_view(cols: Sequence[str], rows: Sequence[Sequence]) -> tuple[list[str], list[tuple]]:
    """The comparison as a terminal shows it: whole numbers without ".0", yes/no, empty columns left out."""
    def show(v):
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, float):
            return f"{v:,.0f}".replace(",", " ") if v.is_integer() else f"{v:g}"
        return v
    cols = list(cols)
    keep = [i for i, c in enumerate(cols) if c in ("province", "year", "value")
            or any(r[i] not in (None, "") for r in rows)]
    if "indicator" in cols and len({r[cols.index("indicator")] for r in rows}) == 1:
        keep = [i for i in keep if cols[i] != "indicator"]
    return [cols[i] for i in keep], [tuple(show(r[i]) for i in keep) for r in rows]


# -- output -----------------------------------------------------------------------------------------

def write_comparison(columns: Sequence[str], rows: Sequence[Sequence], fmt: str, out: str | Path | None = None,
                     title: str = "Reported totals by province × year") -> None:
    """Write a comparison as csv (to out or stdout), parquet or png (a chart; both need out).

    The png is drawn by pipeline.charts from the values of the first indicator (full years only): every
    province, bars sorted by value for one year, small multiples for several; per 100 crawled articles when
    the comparison has coverage columns.
    """
    if fmt not in FORMATS or fmt == "table":
        raise CompareError(f"format must be one of {', '.join(f for f in FORMATS if f != 'table')}")
    if fmt in ("parquet", "png") and out is None:
        raise CompareError(f"--format {fmt} needs --out FILE")
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
        if out is None:
            sys.stdout.write(buf.getvalue())
        else:
            Path(out).write_text(buf.getvalue(), encoding="utf-8")
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        pq.write_table(table, str(out))
    else:
        _plot(columns, rows, Path(out), title)


def _plot(columns: Sequence[str], rows: Sequence[Sequence], out: Path, title: str) -> None:
    from pipeline.charts import chart_comparison

    col = {c: i for i, c in enumerate(columns)}
    if "indicator" in col:
        metric = "value_per_100_articles" if "value_per_100_articles" in col else "value"
        shown = rows[0][col["indicator"]] if rows else None   # one indicator: values of several never add
        rows = [r for r in rows if r[col["indicator"]] == shown and r[col[metric]] is not None
                and ("period_span" not in col or r[col["period_span"]] is None)]   # part years never beside full
        keep = [c for c in ("province", "year", "unit") if c in col]
        rows = [[r[col[c]] for c in keep] + [r[col[metric]]] for r in rows]
        columns = keep + ["value"]
        if "unit" in keep and len({r[keep.index("unit")] for r in rows}) > 1 and shown in indicators():
            # one indicator counts one thing, worded differently by each article ("mô hình", "mô hình điển
            # hình"): the chart names the indicator instead of one of its nouns
            label = indicators()[shown].label
            rows = [[label if c == "unit" else v for c, v in zip(columns, r)] for r in rows]
        if shown:
            title = f"{title}: {shown}" + (" per 100 crawled articles" if metric != "value" else "")
    chart_comparison(columns, rows, out, title)
