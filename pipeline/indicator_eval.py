"""The table-level test set of indicators: articles written for it, the indicator table they must give, and
the role of each figure (tests/fixtures/indicators/). `danvan indicators --evaluate DIR` prints the measures.

DIR holds
    articles.jsonl  one article a line: id, source_id, province, province_2025, published, url, title, text,
                    roles ([value as written, role] for every figure of title + text, in text order)
    expected.csv    geography, province, year, indicator, value, unit, period_span, sources, agree, derived:
                    the expected `danvan compare` rows (2025 rows are checked for the provinces listed)
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from corpus.records import Article
from extractors.extract import Extractor
from pipeline.indicators import IndicatorOptions, indicator_values
from pipeline.store import Store

_CHECKED = ("value", "unit", "period_span", "sources", "agree", "derived")


class EvalSetError(ValueError):
    """The test set's files are missing or malformed."""


@dataclass
class EvalReport:
    roles_total: int = 0
    roles_correct: int = 0
    role_errors: list[str] = field(default_factory=list)
    cells_expected: int = 0
    cells_correct: int = 0
    cell_errors: list[str] = field(default_factory=list)
    after: list[tuple] = field(default_factory=list)      # (province, year, indicator, value, unit, span)
    before: dict[tuple, float] = field(default_factory=dict)   # (province, year, category) -> old `total`

    @property
    def role_accuracy(self) -> float:
        return self.roles_correct / self.roles_total if self.roles_total else 0.0

    @property
    def cell_accuracy(self) -> float:
        return self.cells_correct / self.cells_expected if self.cells_expected else 0.0


def read_test_set(folder: str | Path) -> tuple[list[Article], dict[str, list], list[dict]]:
    """(articles, id -> role annotations, expected rows)."""
    folder = Path(folder)
    arts, roles = [], {}
    try:
        lines = (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        with open(folder / "expected.csv", encoding="utf-8") as fh:
            expected = list(csv.DictReader(fh))
    except OSError as exc:
        raise EvalSetError(f"{folder}: {exc.strerror}: {exc.filename}") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            a = Article(url=d["url"], title=d["title"], text=d["text"], source_id=d["source_id"],
                        province=d["province"], province_2025=d["province_2025"],
                        published=datetime.fromisoformat(d["published"]))
        except (json.JSONDecodeError, KeyError, ValueError) as exc:
            raise EvalSetError(f"{folder / 'articles.jsonl'}:{n}: {exc}") from None
        arts.append(a)
        roles[a.id] = d.get("roles", [])
    return arts, roles, expected


def _same(value, written: str) -> bool:
    if written == "":
        return value is None
    if isinstance(value, bool):
        return value == (written.lower() == "true")
    if isinstance(value, (int, float)):
        return abs(float(value) - float(written)) < 1e-6
    return str(value) == written


def evaluate_test_set(folder: str | Path, extractor: Extractor | None = None) -> EvalReport:
    """Extract the test set's articles into a store in memory and measure role accuracy (figures matched to
    the annotations by value, in text order) and the indicator table against expected.csv."""
    arts, annotated, expected = read_test_set(folder)
    extractor = extractor or Extractor()
    report = EvalReport()
    with Store(":memory:") as store:
        store.upsert_articles(arts)
        extractions = [extractor.extract_article(a) for a in arts]
        store.replace_extractions(extractions)
        for ex in extractions:
            got = [(f.value, f.role) for f in ex.figures]
            for value, role in annotated[ex.id]:
                report.roles_total += 1
                hit = next((i for i, (v, _) in enumerate(got) if abs(v - value) < 1e-9), None)
                if hit is not None and got[hit][1] == role:
                    report.roles_correct += 1
                else:
                    found = got[hit][1] if hit is not None else "not extracted"
                    report.role_errors.append(f"{ex.id}: {value} expected {role}, got {found}")
                if hit is not None:
                    got.pop(hit)
        by_geo = {}
        for geo in sorted({r["geography"] for r in expected}):
            by_geo[geo] = {(v.province, v.year, v.indicator): v
                           for v in indicator_values(store, IndicatorOptions(geography=geo))}
        report.after = [(v.province, v.year, v.indicator, v.value, v.unit, v.period_span)
                        for v in by_geo.get("1963", {}).values()]
        for p, y, c, total in store.con.execute(
                "SELECT province, year, category, total FROM figures_by_province WHERE year IS NOT NULL").fetchall():
            report.before[(p, y, c)] = total
    for geo, values in by_geo.items():
        rows = [r for r in expected if r["geography"] == geo]
        provinces = {r["province"] for r in rows}
        keys = {(r["province"], int(r["year"]), r["indicator"]) for r in rows}
        for r in rows:
            report.cells_expected += 1
            v = values.get((r["province"], int(r["year"]), r["indicator"]))
            wrong = [c for c in _CHECKED if v is None or not _same(getattr(v, c), r[c])]
            if wrong:
                got = "missing" if v is None else ", ".join(f"{c}={getattr(v, c)!r}" for c in wrong)
                report.cell_errors.append(f"{geo} {r['province']} {r['year']} {r['indicator']}: {got}")
            else:
                report.cells_correct += 1
        for key, v in values.items():
            if key[0] in provinces and key not in keys:
                report.cell_errors.append(f"{geo} {key[0]} {key[1]} {key[2]}: unexpected row (value {v.value})")
    return report
