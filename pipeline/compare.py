"""Cross-province comparisons: figures by province x year x category."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.store import Store


@dataclass
class CompareOptions:
    """What to compare. years: (first, last) inclusive; geography: "1963" keys (63 provinces) or "2025" (34)."""

    category: str | None = None
    years: tuple[int, int] | None = None
    geography: str = "1963"
    extractor_version: str | None = None


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


def compare(store: Store, options: CompareOptions) -> tuple[list[str], list[tuple]]:
    """Figures by province x year x category: figure count, sum of values, distinct articles.

    Only single-year periods are placed in a year; multi-year ranges ("2016-2020") are left out of yearly rows.
    The latest extractor version in the store is used unless one is named.
    """
    if options.geography not in ("1963", "2025"):
        raise ValueError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    province_col = "a.province_2025" if options.geography == "2025" else "a.province"
    where = ["f.period_start = f.period_end", f"{province_col} IS NOT NULL"]
    params: list = []
    if options.category:
        where.append("f.category = ?")
        params.append(options.category)
    if options.years:
        where.append("f.period_start BETWEEN ? AND ?")
        params += list(options.years)
    version = options.extractor_version
    if version is None:
        row = store.con.execute("SELECT max(extractor_version) FROM figures").fetchone()
        version = row[0]
    where.append("f.extractor_version = ?")
    params.append(version)
    sql = f"""
        SELECT {province_col} AS province, f.period_start AS year, f.category,
               count(*) AS figures, sum(f.value) AS total, count(DISTINCT f.article_id) AS articles
        FROM figures f JOIN articles a ON a.id = f.article_id
        WHERE {' AND '.join(where)}
        GROUP BY ALL ORDER BY province, year, f.category
    """
    return store.query(sql, params)
