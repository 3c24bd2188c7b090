"""Cross-province comparisons: deduplicated facts by province x year x category, on either geography.

Reads migration 003: the view province_period_figures (facts per old and 2025 province, period, category), or
its materialised copy province_period_summary while that is fresh (see refresh_analytics). A figure reported
by several articles counts once (`facts`, `total`); `figures` is the raw count.
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
from pipeline.store import Store

GEOGRAPHIES = {"1963": "province", "2025": "province_2025"}   # geography -> province key column
FORMATS = ("table", "csv", "parquet", "png")
REPORTING_LAG_YEARS = 1   # figures for year Y are reported in articles published in Y .. Y + 1


class CompareError(ValueError):
    """Bad comparison options or output; nothing was written."""


@dataclass
class CompareOptions:
    """What to compare.

    category: one category (extractors.records.CATEGORIES) or None for all.
    years: (first, last) inclusive, or None for every year.
    geography: "1963" keys (63 provinces before July 2025) or "2025" (the 34 after).
    per_coverage: add the articles crawled in the province during the year's reporting window (published in
        that year or the next, when annual reviews appear) and the facts and totals per 100 of them.
    extractor_version: the results to use; the latest in the store when None.
    use_summary: read the materialised summary when it is fresh (same results, much faster on large stores).
    """

    category: str | None = None
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


def refresh_analytics(store: Store, force: bool = False) -> bool:
    """Rebuild the materialised summaries (province_period_summary, coverage_summary) when stale. Idempotent:
    returns False and does nothing when they already match the store. Call it after loads."""
    if not force and analytics_is_fresh(store):
        return False
    signature = _signature(store)
    with store.transaction():
        store.con.execute("DELETE FROM province_period_summary")
        store.con.execute("INSERT INTO province_period_summary SELECT * FROM province_period_figures")
        store.con.execute("DELETE FROM coverage_summary")
        store.con.execute("INSERT INTO coverage_summary SELECT * FROM province_year_coverage")
        store.con.execute("DELETE FROM analytics_state")
        store.con.execute("INSERT INTO analytics_state (signature) VALUES (?)", [signature])
    return True


def compare(store: Store, options: CompareOptions) -> tuple[list[str], list[tuple]]:
    """Facts by province x year x category: facts (deduplicated), raw figures, sum of the facts' values,
    distinct articles; with per_coverage also the articles crawled and facts/total per 100 articles.

    Only single-year periods are placed in a year; multi-year ranges ("2016-2020") are left out of yearly rows.
    An article has one province, so summing the old provinces' rows of a 2025 province counts nothing twice.
    """
    if options.geography not in GEOGRAPHIES:
        raise CompareError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    key = GEOGRAPHIES[options.geography]
    if options.use_summary and analytics_is_fresh(store):
        facts_source, coverage_source = "province_period_summary", "coverage_summary"
    else:
        facts_source, coverage_source = "province_period_figures", "province_year_coverage"
    where = [f"{key} IS NOT NULL", "year IS NOT NULL", "extractor_version = ?"]
    params: list = [options.extractor_version or latest_extractor_version(store)]
    if options.category:
        where.append("category = ?")
        params.append(options.category)
    if options.years:
        where.append("year BETWEEN ? AND ?")
        params += list(options.years)
    sql = f"""
        WITH v AS (
            SELECT {key} AS province, year, category, sum(facts) AS facts, sum(figures) AS figures,
                   sum(total) AS total, sum(articles) AS articles
            FROM {facts_source} WHERE {' AND '.join(where)}
            GROUP BY ALL)"""
    select, join = "v.*", ""
    if options.per_coverage:
        sql += f""",
        c AS (
            SELECT py.province, py.year, sum(cov.articles) AS articles
            FROM (SELECT DISTINCT province, year FROM v) py
            JOIN {coverage_source} cov ON cov.{key} = py.province
                 AND cov.year BETWEEN py.year AND py.year + {REPORTING_LAG_YEARS}
            GROUP BY ALL)"""
        select += (", c.articles AS crawled_articles,"
                   " round(100.0 * v.facts / c.articles, 2) AS facts_per_100_articles,"
                   " round(100.0 * v.total / c.articles, 2) AS total_per_100_articles")
        join = "LEFT JOIN c ON c.province = v.province AND c.year = v.year"
    sql += f" SELECT {select} FROM v {join} ORDER BY v.province, v.year, v.category"
    return store.query(sql, params)


# -- output -----------------------------------------------------------------------------------------

def write_comparison(columns: Sequence[str], rows: Sequence[Sequence], fmt: str, out: str | Path | None = None,
                     title: str = "Facts by province × year") -> None:
    """Write a comparison as csv (to out or stdout), parquet or png (a chart; both need out).

    The png is drawn by pipeline.charts: every province, bars sorted by value for one year, small multiples
    for several; per 100 crawled articles when the comparison has coverage columns.
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

    chart_comparison(columns, rows, out, title)
