"""Indicators: what analysts compare, defined as data (pipeline/indicators.toml), and their values per
province × year: the reported total in normalised units, never a sum of totals, parts, changes and units.

The value of an indicator in a province-year (a cell):
1. Candidates are the figures of the indicator's category and units whose role is "total" (extractors/roles.py)
   and whose period is that single year. Candidates with the same normalised value are one fact, however many
   articles report it (a newspaper and the party site print the same 640).
2. Full-year figures win over part-year ones (H1, 9M, Q1, …: `period_span`); a cell with only part-year figures
   takes the longest part and says so in `period_span` — the two are never mixed.
3. When the facts disagree, the rule picks the one reported by the most independent sources (distinct
   source ids), then one written exactly over one written "hơn/gần/khoảng …" (a headline's "Hơn 3.100"),
   then the latest publication, then the most articles, then the most mentions (a headline repeats the main
   figure), then the larger value; `agree` is False and the others stay
   visible in `alternatives`, each with its evidence.
4. A count with no reported total but a breakdown ("cấp tỉnh 30 mô hình, cấp huyện 210 mô hình" with no
   sum given) takes the sum of that breakdown's parts, flagged `derived`.
5. Awards (indicators with add_by_authority): totals of different awarding bodies, or of different award kinds,
   in one article are parts of one fact, their sum ("UBND tỉnh 12, Tỉnh ủy 8" → 20; see _award_sums).
Rates are never added (two rates of one province-year are alternatives, not a total of 187%); money is
compared in đồng.

On the 2025 geography a province formed of several old provinces adds up their cells (counts and money; the
note says how many); rates of several old provinces are not combined (value None, with a note).
"""
from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from common.gazetteer import old_provinces_of
from pipeline.store import Store

KINDS = ("count", "rate", "money")
MAX_ALTERNATIVES = 20   # values not chosen kept per cell
GEOGRAPHIES = {"1963": "province", "2025": "province_2025"}


class IndicatorError(ValueError):
    """An indicator definition or request is wrong; the message names it."""


@dataclass(frozen=True)
class Indicator:
    """One comparable statistic (an entry of pipeline/indicators.toml)."""

    name: str
    label: str
    category: str
    kind: str = "count"
    units: tuple[str, ...] = ()
    default: bool = False
    add_by_authority: bool = False   # awards of different bodies / kinds in one article add up (_award_sums)

    def accepts_unit(self, unit: str | None) -> bool:
        if not self.units:
            return True
        u = (unit or "").lower()
        return any(u == w or u.startswith(w + " ") or u.startswith(w + ",") for w in self.units)

    @property
    def unit(self) -> str | None:
        """The unit its values are in when fixed by its kind."""
        return {"rate": "%", "money": "đồng"}.get(self.kind)


def load_indicators(path: str | Path | None = None) -> dict[str, Indicator]:
    """The indicators defined in a TOML file (pipeline/indicators.toml by default), by name, in file order."""
    from extractors.records import CATEGORIES

    if path is None:
        raw = resources.files("pipeline").joinpath("indicators.toml").read_text(encoding="utf-8")
        where = "pipeline/indicators.toml"
    else:
        raw, where = Path(path).read_text(encoding="utf-8"), str(path)
    try:
        entries = tomllib.loads(raw).get("indicator", [])
    except tomllib.TOMLDecodeError as exc:
        raise IndicatorError(f"{where}: not TOML ({exc})") from None
    out: dict[str, Indicator] = {}
    defaults: dict[str, str] = {}
    for i, e in enumerate(entries, 1):
        name = e.get("name")
        if not name or e.get("category") not in CATEGORIES or e.get("kind", "count") not in KINDS:
            raise IndicatorError(f"{where}: indicator {i} needs a name, a known category and a kind in {KINDS}")
        if name in out:
            raise IndicatorError(f"{where}: indicator {name!r} is defined twice")
        ind = Indicator(name, e.get("label", name), e["category"], e.get("kind", "count"),
                        tuple(u.lower() for u in e.get("units", [])), bool(e.get("default", False)),
                        bool(e.get("add_by_authority", False)))
        if ind.default:
            if ind.category in defaults:
                raise IndicatorError(f"{where}: two default indicators for {ind.category}: "
                                     f"{defaults[ind.category]}, {name}")
            defaults[ind.category] = name
        out[name] = ind
    return out


@lru_cache(maxsize=1)
def indicators() -> dict[str, Indicator]:
    """The shipped indicators (cached)."""
    return load_indicators()


def indicator_for_category(category: str) -> Indicator:
    """The default indicator of a figure category; IndicatorError when it has none."""
    for ind in indicators().values():
        if ind.category == category and ind.default:
            return ind
    raise IndicatorError(f"no indicator for category {category!r}; indicators: {', '.join(indicators())}")


# -- values -------------------------------------------------------------------------------------------

@dataclass
class Fact:
    """One reported value of a cell with its evidence (counted in SQL: the same value from several figures,
    articles and sources is one fact)."""

    value: float
    unit: str | None
    articles: int = 0
    sources: int = 0
    last_published: datetime | None = None
    urls: list[str] = field(default_factory=list)
    parts: int = 0            # > 0: the sum of a breakdown of that many parts (derived)
    exact: bool = False       # some report gives it without "hơn", "gần", "khoảng" …
    mentions: int = 0         # figures reporting it (a headline repeated in the body counts twice)
    split: str = ""           # a sum of awards of several bodies / kinds in one article: "by authority: A 12, B 8"
    stated: bool = True       # some report writes the value itself (False: only our sum of its parts)

    def describe(self) -> str:
        what = f"sum of {self.parts} parts" if self.parts else f"{self.sources} source{'s' if self.sources != 1 else ''}"
        split = f"{self.split}; " if self.split else ""
        return f"{_fmt(self.value)} ({split}{what}: {', '.join(self.urls[:3])})"


@dataclass
class IndicatorValue:
    """The value of one indicator in one province-year, with how it was chosen."""

    province: str
    year: int
    indicator: str
    value: float | None
    unit: str | None
    period_span: str | None = None       # None: the full year; else the part of it all figures cover
    articles: int = 0
    sources: int = 0
    agree: bool = True
    derived: bool = False
    alternatives: list[Fact] = field(default_factory=list)
    note: str = ""
    evidence: list[str] = field(default_factory=list)   # URLs reporting the chosen value


@dataclass
class IndicatorOptions:
    """Which values to compute.

    indicators: names (pipeline/indicators.toml) or None for all.
    years: (first, last) inclusive, or None. geography: "1963" or "2025".
    extractor_version: the results to use; the latest in the store when None.
    alternatives: keep the values not chosen (up to MAX_ALTERNATIVES per cell); False is faster.
    """

    indicators: tuple[str, ...] | None = None
    years: tuple[int, int] | None = None
    geography: str = "1963"
    extractor_version: str | None = None
    alternatives: bool = True


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def span_months(span: str | None) -> int:
    """How many months a period_span covers (12 for the full year)."""
    if span is None:
        return 12
    if span[0] in "HQ":
        return 6 if span[0] == "H" else 3
    m = re.match(r"(\d+)M$", span)
    return int(m.group(1)) if m else 0


def _rank(f: Fact) -> tuple:
    published = f.last_published.timestamp() if f.last_published else float("-inf")
    return (-f.sources, not f.exact, -published, -f.articles, -f.mentions, -f.value)


_WHERE = """f.extractor_version = ? AND f.period_start = f.period_end AND f.category = ?
      AND (a.province IS NOT NULL OR a.province_2025 IS NOT NULL) {years} AND ({units})"""
_MONTHS = ("CASE WHEN span IS NULL THEN 12 WHEN span LIKE 'H%' THEN 6 WHEN span LIKE 'Q%' THEN 3 "
           "ELSE coalesce(TRY_CAST(regexp_extract(span, '^(\\d+)M$', 1) AS INTEGER), 0) END")
# The reported totals of each cell, ranked in SQL by the agreement rule (one row per fact, the chosen one
# first, at most {keep} per cell): province, province_2025, year, unit, span, value, mentions, articles,
# sources, last published, exact, two evidence URLs, facts in the cell, other units, part-year values left out
_TOTALS_SQL = """
WITH fig AS (
    SELECT a.province, a.province_2025, f.period_start AS year, f.unit, f.period_span AS span,
           round(coalesce(f.value_normalized, f.value), 6) AS value, f.article_id,
           coalesce(a.source_id, f.article_id) AS source, a.published, coalesce(a.url, f.article_id) AS url,
           coalesce(f.qualifier, '') <> 'approx' AS exact, NULL::VARCHAR AS split, false AS partial
    FROM figures f JOIN articles a ON a.id = f.article_id
    WHERE coalesce(f.role, 'total') = 'total' AND """ + _WHERE + """ {absorbed}
    {sums}),
facts AS (
    SELECT province, province_2025, year, {unit_key} AS ukey, span, value, min(unit) AS unit, count(*) AS mentions,
           count(DISTINCT article_id) AS articles, count(DISTINCT source) AS sources, max(published) AS last,
           bool_or(exact) AS exact, min(url) AS url1, max(url) AS url2, {sum_columns}
    FROM fig GROUP BY province, province_2025, year, ukey, span, value),
units AS (
    SELECT province, province_2025, year, count(DISTINCT ukey) AS n_units,
           first(ukey ORDER BY s DESC, ukey DESC) AS best_ukey
    FROM (SELECT province, province_2025, year, ukey, sum(sources) AS s FROM facts GROUP BY ALL) GROUP BY ALL),
in_unit AS (
    SELECT f.*, u.n_units, """ + _MONTHS + """ AS months FROM facts f JOIN units u
    ON f.province IS NOT DISTINCT FROM u.province AND f.province_2025 IS NOT DISTINCT FROM u.province_2025
       AND f.year = u.year AND f.ukey = u.best_ukey),
spans AS (
    SELECT province, province_2025, year, first(span ORDER BY months DESC, coalesce(span, '') DESC) AS best_span,
           count(DISTINCT value) AS n_values
    FROM in_unit GROUP BY ALL),
ranked AS (
    SELECT i.*, s.best_span,
           s.n_values - count(*) OVER cell AS n_other_span,
           count(*) OVER cell AS n_facts,
           row_number() OVER (cell ORDER BY i.sources DESC, i.exact DESC, i.last DESC NULLS LAST, i.articles DESC,
                                         i.mentions DESC, i.value DESC) AS rank
    FROM in_unit i JOIN spans s
    ON i.province IS NOT DISTINCT FROM s.province AND i.province_2025 IS NOT DISTINCT FROM s.province_2025
       AND i.year = s.year AND i.span IS NOT DISTINCT FROM s.best_span
    WINDOW cell AS (PARTITION BY i.province, i.province_2025, i.year))
SELECT province, province_2025, year, unit, span, value, mentions, articles, sources, last, exact, url1, url2,
       n_facts, n_units, n_other_span, split, stated, partial_articles
FROM ranked WHERE rank <= {keep} ORDER BY province, province_2025, year, rank"""
# the columns of a fact made of award sums (_award_sums), and their constants when the indicator has none
_SUM_COLUMNS = ("string_agg(DISTINCT split, ' | ' ORDER BY split) AS split, bool_or(split IS NULL) AS stated, "
                "count(DISTINCT article_id) FILTER (WHERE partial) AS partial_articles")
_NO_SUM_COLUMNS = "NULL::VARCHAR AS split, true AS stated, 0 AS partial_articles"
# breakdowns, one row per sentence: (province, province_2025, year, unit, span, sum, parts, published,
# source, URL)
_PARTS_SQL = """
    SELECT a.province, a.province_2025, f.period_start, f.unit, f.period_span,
           round(sum(coalesce(f.value_normalized, f.value)), 6), count(*), max(a.published),
           any_value(coalesce(a.source_id, f.article_id)), any_value(coalesce(a.url, f.article_id))
    FROM figures f JOIN articles a ON a.id = f.article_id
    WHERE f.role = 'part' AND """ + _WHERE + " GROUP BY a.province, a.province_2025, f.period_start, f.unit, " \
    "f.period_span, f.article_id, f.sentence HAVING count(*) >= 2"


# Awards of several bodies: the reported totals of articles that give two or more different values in one cell
# (one row per figure, in text order), the material of _award_sums. Cheap when few articles do.
_AWARD_ROWS_SQL = """
WITH many AS (
    SELECT f.article_id, f.period_start AS year, f.period_span AS span, {unit_key} AS ukey
    FROM figures f
    WHERE coalesce(f.role, 'total') = 'total' AND f.extractor_version = ? AND f.period_start = f.period_end
      AND f.category = ? {years} AND ({units})
    GROUP BY ALL HAVING min(coalesce(f.value_normalized, f.value)) <> max(coalesce(f.value_normalized, f.value))
                    AND count(f.sentence) > 0)
SELECT f.id, f.article_id, a.province, a.province_2025, f.period_start AS year, f.unit, f.period_span AS span,
       {unit_key} AS ukey, round(coalesce(f.value_normalized, f.value), 6) AS value, f.authority, f.sentence,
       f.span AS text, coalesce(f.qualifier, '') <> 'approx' AS exact, coalesce(a.source_id, f.article_id) AS source,
       a.published, coalesce(a.url, f.article_id) AS url, f."start" AS pos
FROM figures f JOIN articles a ON a.id = f.article_id
JOIN many m ON m.article_id = f.article_id AND m.year = f.period_start AND m.span IS NOT DISTINCT FROM f.period_span
     AND m.ukey = {unit_key}
WHERE coalesce(f.role, 'total') = 'total' AND """ + _WHERE + """
ORDER BY f.article_id, year, ukey, span, pos"""
# the reports elsewhere of one part of a sum: reported totals in the sums' cells with a part's value
_PART_REPORTS_SQL = """
    SELECT f.id, f.article_id, a.province, a.province_2025, f.period_start, f.period_span, {unit_key} AS ukey,
           round(coalesce(f.value_normalized, f.value), 6) AS value, f.authority, f.sentence, f.span,
           coalesce(f.qualifier, '') <> 'approx', coalesce(a.source_id, f.article_id), a.published,
           coalesce(a.url, f.article_id)
    FROM figures f JOIN articles a ON a.id = f.article_id
    JOIN _award_parts p ON p.province IS NOT DISTINCT FROM a.province
         AND p.province_2025 IS NOT DISTINCT FROM a.province_2025 AND p.year = f.period_start
         AND p.span IS NOT DISTINCT FROM f.period_span AND p.ukey = {unit_key}
         AND p.value = round(coalesce(f.value_normalized, f.value), 6)
    WHERE coalesce(f.role, 'total') = 'total' AND """ + _WHERE


@dataclass
class AwardSum:
    """The awards of several bodies (or kinds) one article reports in one cell, added up."""

    article_id: str
    cell: tuple                       # (province, province_2025, year, span, ukey)
    by: str                           # "authority" or "award"
    parts: list[tuple[str, str, float]]   # (key, as written, value)
    value: float                      # the sum, or the article's own larger total when it gives one (stated)
    stated: bool                      # the article writes the value itself (a headline "khen thưởng 20 tập thể")
    absorbed: list[str]               # ids of the figures that are parts (no longer facts of their own)
    row: tuple                        # (province, province_2025, year, unit, span, article, source, published, url, exact)

    @property
    def parts_total(self) -> float:
        return sum(v for _, _, v in self.parts)

    @property
    def split(self) -> str:
        names = ", ".join(f"{name} {_fmt(v)}" for _, name, v in self.parts)
        if self.value != self.parts_total:
            return f"itemised {_fmt(self.parts_total)} of it by {self.by}: {names}"
        return f"sum of {len(self.parts)} awards by {self.by}: {names}"


def _label(authority: str | None, sentence: str | None, text: str | None) -> tuple[str | None, str | None]:
    """(authority key, award kind) of a stored figure."""
    from extractors.authority import authority_key, award_kind

    kind = award_kind(sentence, locate(sentence, text)) if sentence else None
    return authority_key(authority), kind


def locate(sentence: str, text: str | None) -> int:
    """Where a figure's span starts in its stored sentence (not inside a longer number: "9 tập thể" is not the
    end of "19 tập thể"); 0 when not found."""
    if not text:
        return 0
    m = re.search(r"(?<![\d.,])" + re.escape(text), sentence)
    return m.start() if m else max(sentence.find(text), 0)


def _parts_by(rows: list[tuple], labels: list[tuple], which: int) -> dict[str, tuple[str, float]] | None:
    """{key: (as written, value)} when the rows labelled on `which` (0: body, 1: award kind) name two or more
    keys with one value each; else None."""
    values: dict[str, set] = defaultdict(set)
    written: dict[str, str] = {}
    for r, lab in zip(rows, labels):
        if lab[which] is not None:
            values[lab[which]].add(r[8])
            written.setdefault(lab[which], r[9] if which == 0 else lab[1])
    if len(values) < 2 or any(len(v) != 1 for v in values.values()):
        return None
    return {k: (written[k], next(iter(v))) for k, v in values.items()}


def _article_sum(rows: list[tuple]) -> AwardSum | None:
    """The rule for one article's reported totals in one cell (rows of _AWARD_ROWS_SQL):

    - parts: the figures naming two or more different bodies (`authority`, key by extractors.authority
      .authority_key), one value each; else two or more different award kinds (Bằng khen, Giấy khen), one value
      each. One body giving several values (three lists of Bằng khen) is not split: they stay alternatives.
    - a part whose value is the sum of the others (two or more) is the article's total, not a part;
    - a figure without that label: equal to the sum, it states it (a headline "khen thưởng 20 tập thể"); equal
      to a part, it is that part again; larger than the sum, it is the article's own total and the parts its
      breakdown; smaller, it stays a fact of its own (an alternative).
    """
    labels = [_label(r[9], r[10], r[11]) for r in rows]
    by, which = "authority", 0
    parts = _parts_by(rows, labels, 0)
    if parts is None:
        by, which, parts = "award", 1, _parts_by(rows, labels, 1)
    if parts is None:
        return None
    if len(parts) >= 3:
        total = sum(v for _, v in parts.values())
        for k, (_, v) in list(parts.items()):
            if abs(2 * v - total) < 1e-6:      # one labelled value is the sum of the others: the total
                del parts[k]
                break
    if len(parts) < 2:
        return None
    total = sum(v for _, v in parts.values())
    part_values = {v for _, v in parts.values()}
    others = [r for r, lab in zip(rows, labels) if lab[which] is None and r[8] not in part_values]
    larger = [r[8] for r in others if r[8] > total + 1e-6]
    value = max(larger) if larger else total
    absorbed = [r[0] for r, lab in zip(rows, labels)
                if (lab[which] in parts) or (lab[which] is None and r[8] in part_values)]
    stated = any(abs(r[8] - value) < 1e-6 for r in rows if r[0] not in set(absorbed))
    first = rows[0]
    exact = all(r[12] for r, lab in zip(rows, labels) if r[0] in absorbed)
    return AwardSum(first[1], (first[2], first[3], first[4], first[6], first[7]), by,
                    [(k, name, v) for k, (name, v) in parts.items()], value, stated, absorbed,
                    (first[2], first[3], first[4], first[5], first[6], first[1], first[13], first[14], first[15], exact))


def _award_sums(store: Store, params: list, years: str, units: str, unit_key: str
                ) -> tuple[list[AwardSum], list[tuple]]:
    """Each article's sum of awards of several bodies or kinds (_article_sum), and the reports elsewhere of one
    of their parts alone — the same body's value (or an unlabelled one), in a cell where every sum holding
    that value agrees — which count as reports of the sum, not as a disagreeing total: the same (body, value)
    in two articles is one fact. Returns (sums, [(figure id, sum, row of the reporting figure)])."""
    rows = store.con.execute(_AWARD_ROWS_SQL.format(years=years, units=units, unit_key=unit_key),
                             params + params).fetchall()
    sums: list[AwardSum] = []
    group: list[tuple] = []
    for r in rows + [None]:
        if group and (r is None or (r[1], r[4], r[7], r[6]) != (group[0][1], group[0][4], group[0][7], group[0][6])):
            found = _article_sum(group)
            if found is not None:
                sums.append(found)
            group = []
        if r is not None:
            group.append(r)
    if not sums:
        return sums, []
    import pyarrow as pa

    cells = [(*a.cell, v) for a in sums for _, _, v in a.parts if a.value == a.parts_total]
    if not cells:
        return sums, []
    table = pa.table({n: pa.array([c[i] for c in cells], t) for i, (n, t) in enumerate(
        [("province", pa.string()), ("province_2025", pa.string()), ("year", pa.int32()), ("span", pa.string()),
         ("ukey", pa.string()), ("value", pa.float64())])})
    store.con.register("_award_parts", table)
    try:
        reports = store.con.execute(_PART_REPORTS_SQL.format(years=years, units=units, unit_key=unit_key),
                                    params).fetchall()
    finally:
        store.con.unregister("_award_parts")
    in_sums = {i for a in sums for i in a.absorbed}
    summed_articles = {(a.article_id, a.cell) for a in sums}
    folded = []
    for r in reports:
        cell = (r[2], r[3], r[4], r[5], r[6])
        if r[0] in in_sums or (r[1], cell) in summed_articles:
            continue
        key, kind = _label(r[8], r[9], r[10])
        holders = [a for a in sums if a.cell == cell and a.value == a.parts_total and any(
            v == r[7] and (own is None or k == own) for k, _, v in a.parts
            for own in [key if a.by == "authority" else kind])]
        if holders and len({a.value for a in holders}) == 1:
            folded.append((r[0], holders[0], r))
    return sums, folded


def _sum_rows_sql(store: Store, sums: list[AwardSum], folded: list[tuple]) -> tuple[str, str, list]:
    """(absorbed filter, UNION of the sums' rows, names to unregister) for _TOTALS_SQL."""
    if not sums:
        return "", "", []
    import pyarrow as pa

    rows = [a.row[:5] + (a.value,) + a.row[5:] + (a.split, False) for a in sums]
    for fid, a, r in folded:
        rows.append((r[2], r[3], r[4], a.row[3], r[5], a.value, r[1], r[12], r[13], r[14], r[11], a.split, True))
    names = [("province", pa.string()), ("province_2025", pa.string()), ("year", pa.int32()), ("unit", pa.string()),
             ("span", pa.string()), ("value", pa.float64()), ("article_id", pa.string()), ("source", pa.string()),
             ("published", pa.timestamp("us", tz="UTC")), ("url", pa.string()), ("exact", pa.bool_()),
             ("split", pa.string()), ("partial", pa.bool_())]
    store.con.register("_award_sums", pa.table({n: pa.array([r[i] for r in rows], t)
                                                for i, (n, t) in enumerate(names)}))
    ids = [i for a in sums for i in a.absorbed] + [fid for fid, _, _ in folded]
    store.con.register("_award_absorbed", pa.table({"id": pa.array(ids, pa.string())}))
    return ("AND f.id NOT IN (SELECT id FROM _award_absorbed)",
            "UNION ALL BY NAME SELECT * FROM _award_sums", ["_award_sums", "_award_absorbed"])


def award_parts(store: Store, category: str | None = None, years: tuple[int, int] | None = None,
                extractor_version: str | None = None) -> dict[str, tuple[float, str]]:
    """Figure id -> (the sum it is a part of, how the sum splits) for the award figures that count as parts of
    an article's sum of several bodies or kinds (and reports elsewhere of one part alone): what the xlsx
    evidence sheet shows beside each figure."""
    version = extractor_version or latest_version(store)
    out: dict[str, tuple[float, str]] = {}
    if version is None:
        return out
    for ind in indicators().values():
        if not ind.add_by_authority or (category and ind.category != category):
            continue
        units, unit_params = _unit_sql(ind)
        params = [version, ind.category] + list(years or ()) + unit_params
        sums, folded = _award_sums(store, params, "AND f.period_start BETWEEN ? AND ?" if years else "", units,
                                   "''" if ind.units else "coalesce(f.unit, '')")
        for a in sums:
            out.update({fid: (a.value, a.split) for fid in a.absorbed})
        out.update({fid: (a.value, a.split) for fid, a, _ in folded})
    return out


def _unit_sql(ind: Indicator) -> tuple[str, list]:
    """SQL accepting the indicator's units (whole-word prefixes; an unknown unit, NULL, is accepted)."""
    if not ind.units:
        return "TRUE", []
    parts, params = ["f.unit IS NULL"], []
    for u in ind.units:
        parts.append("(f.unit = ? OR f.unit LIKE ? OR f.unit LIKE ?)")
        params += [u, u + " %", u + ",%"]
    return " OR ".join(parts), params


def latest_version(store: Store) -> str | None:
    return store.con.execute("SELECT max(extractor_version) FROM figures").fetchone()[0]


def _cell_value(ind: Indicator, totals: list[tuple], breakdowns: list[tuple]) -> IndicatorValue | None:
    """The value of one cell from its ranked facts (chosen first) or, with none, its breakdowns."""
    note, span, derived = "", None, False
    if totals:
        first = totals[0]
        span = first[4]
        notes = []
        if first[14] > 1:
            notes.append(f"{first[14] - 1} other unit(s) not compared")
        if span is not None:
            notes.append(f"{span} only")
        if first[15]:
            notes.append(f"{first[15]} part-year value(s) not mixed in")
        choices = [Fact(r[5], r[3], articles=r[7], sources=r[8], last_published=r[9], exact=r[10],
                        urls=sorted({r[11], r[12]}), mentions=r[6], split=r[16] or "", stated=r[17])
                   for r in totals]
        agree = first[13] == 1
        derived = not first[17]          # a sum of awards of several bodies that no report writes itself
        if first[16]:
            notes.insert(0, first[16] + ("; a report gives the total itself" if first[17] else ""))
            if first[18]:
                notes.insert(1, f"{first[18]} more article(s) report part of it")
        note = "; ".join(notes)
    elif ind.kind == "count":
        breakdowns = [r for r in breakdowns if ind.accepts_unit(r[3]) or r[3] is None]
        if not breakdowns:
            return None
        facts, sources = {}, defaultdict(set)
        for r in breakdowns:
            f = facts.setdefault(r[5], Fact(r[5], r[3], parts=r[6], exact=True))
            f.mentions += r[6]
            f.articles += 1
            sources[r[5]].add(r[8])
            f.sources = len(sources[r[5]])
            f.last_published = max((d for d in (f.last_published, r[7]) if d is not None), default=None)
            f.urls = sorted(set(f.urls) | {r[9]})
        choices = sorted(facts.values(), key=lambda f: (-f.parts,) + _rank(f))
        agree = len(choices) == 1
        derived = True
        span = next(r[4] for r in breakdowns if r[5] == choices[0].value)
        note = f"derived: sum of {choices[0].parts} parts, no total reported"
    else:
        return None
    chosen = choices[0]
    return IndicatorValue(
        province="", year=0, indicator=ind.name, value=chosen.value, unit=ind.unit or chosen.unit,
        period_span=span, articles=chosen.articles, sources=chosen.sources, agree=agree,
        derived=derived, alternatives=choices[1:], note=note, evidence=chosen.urls)


def _combine_old_provinces(ind: Indicator, cells: dict[str | None, IndicatorValue],
                           province_2025: str | None = None) -> IndicatorValue:
    """A 2025 province's value from its old provinces' cells (see the module docstring). When some old
    provinces reported nothing the note names them: the sum covers part of the province only."""
    if None in cells:          # reported for the 2025 province itself
        return cells[None]
    missing = [p for p in old_provinces_of(province_2025) if p not in cells] if province_2025 else []
    if len(cells) == 1:
        v = next(iter(cells.values()))
        if missing:
            v.note = (v.note + "; " if v.note else "") + f"only {next(iter(cells))}: no value for {', '.join(missing)}"
        return v
    out = _combine_several(ind, cells)
    if missing:
        out.note += f"; no value for {', '.join(missing)}"
    return out


def _combine_several(ind: Indicator, cells: dict[str | None, IndicatorValue]) -> IndicatorValue:
    vals = list(cells.values())
    out = IndicatorValue(province="", year=0, indicator=ind.name, value=None, unit=vals[0].unit,
                         articles=sum(v.articles for v in vals), sources=sum(v.sources for v in vals),
                         agree=all(v.agree for v in vals), derived=any(v.derived for v in vals),
                         alternatives=[a for v in vals for a in v.alternatives],
                         evidence=sorted(u for v in vals for u in v.evidence))
    names = ", ".join(sorted(cells))
    if ind.kind == "rate":
        out.note = f"rates of {len(cells)} old provinces ({names}) are not combined"
        return out
    spans = {v.period_span for v in vals}
    if len(spans) > 1:
        full = [v for v in vals if v.period_span is None]
        out.value = sum(v.value for v in full) if full else None
        out.articles, out.sources = sum(v.articles for v in full), sum(v.sources for v in full)
        out.unit = full[0].unit if full else out.unit
        out.evidence = sorted(u for v in full for u in v.evidence)
        out.note = f"old provinces report different parts of the year: only full-year values added ({len(full)} of {len(vals)})"
        return out
    out.value = sum(v.value for v in vals)
    out.period_span = spans.pop()
    out.note = f"sum of {len(cells)} old provinces ({names})"
    return out


def indicator_values(store: Store, options: IndicatorOptions | None = None) -> list[IndicatorValue]:
    """The value of each indicator in each province-year, sorted by province, year, indicator."""
    options = options or IndicatorOptions()
    if options.geography not in GEOGRAPHIES:
        raise IndicatorError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    known = indicators()
    names = options.indicators or tuple(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise IndicatorError(f"unknown indicator {unknown[0]!r}; one of: {', '.join(known)}")
    chosen = [known[n] for n in names]
    version = options.extractor_version or latest_version(store)
    if version is None:
        return []
    years = "AND f.period_start BETWEEN ? AND ?" if options.years else ""
    keep = MAX_ALTERNATIVES + 1 if options.alternatives else 1
    out: list[IndicatorValue] = []
    for ind in chosen:
        units, unit_params = _unit_sql(ind)
        params = [version, ind.category] + list(options.years or ()) + unit_params
        cells: dict[tuple, tuple[list, list]] = defaultdict(lambda: ([], []))
        absorbed, union, registered = "", "", []
        if ind.add_by_authority:
            sums, folded = _award_sums(store, params, years, units, "''" if ind.units else "coalesce(f.unit, '')")
            absorbed, union, registered = _sum_rows_sql(store, sums, folded)
        sql = _TOTALS_SQL.format(years=years, units=units, keep=keep, absorbed=absorbed, sums=union,
                                 sum_columns=_SUM_COLUMNS if union else _NO_SUM_COLUMNS,
                                 unit_key="''" if ind.units else "coalesce(unit, '')")
        try:
            for r in store.con.execute(sql, params).fetchall():
                cells[(r[0], r[1], r[2])][0].append(r)
        finally:
            for name in registered:
                store.con.unregister(name)
        if ind.kind == "count":
            for r in store.con.execute(_PARTS_SQL.format(years=years, units=units), params).fetchall():
                cells[(r[0], r[1], r[2])][1].append(r)
        grouped: dict[tuple[str, int], dict[str | None, IndicatorValue]] = defaultdict(dict)
        for (old, new, year), (totals, breakdowns) in cells.items():
            v = _cell_value(ind, totals, breakdowns)
            if v is None:
                continue
            if options.geography == "2025":
                if new is None:
                    continue
                grouped[(new, year)][old] = v
            elif old is not None:
                grouped[(old, year)][None] = v
        for (province, year), cells_of in grouped.items():
            v = _combine_old_provinces(ind, cells_of, province if options.geography == "2025" else None)
            v.province, v.year = province, int(year)
            out.append(v)
    order = {n: i for i, n in enumerate(names)}
    out.sort(key=lambda v: (v.province, v.year, order[v.indicator]))
    return out


def reported_totals_between(store: Store, start, end, version: str | None) -> list[tuple]:
    """(province, province_2025, category, reported totals, articles) for articles published (else fetched) in
    [start, end): the figures the digest counts week by week, the same ones `compare` takes values from (role
    "total"; parts, changes, cumulative counts and compared values are left out)."""
    if version is None:
        return []
    return store.con.execute(
        """SELECT a.province, a.province_2025, f.category, count(*), count(DISTINCT f.article_id)
           FROM figures f JOIN articles a ON a.id = f.article_id
           WHERE f.extractor_version = ? AND coalesce(f.role, 'total') = 'total'
             AND coalesce(a.published, a.fetched_at) >= ? AND coalesce(a.published, a.fetched_at) < ?
           GROUP BY ALL""",
        [version, start, end]).fetchall()
