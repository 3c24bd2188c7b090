"""What changed in one week, read from the store: articles, figures, changes, first-cited documents, coverage.

Week membership: an article belongs to the ISO week holding its publication time in Asia/Ho_Chi_Minh time.
A page without a publication date (a static "about us" page, a listing) is not news: it is left out of the
articles and figures, and only counted (Digest.undated_pages).

A figure is listed once per article (a title repeating the body's figure adds nothing) and targets or plans
("phấn đấu đến năm 2025 có 100% xã …") are left out of the new figures: they are not results.
"""
from __future__ import annotations

import tomllib
from collections import Counter, defaultdict
from datetime import datetime
from functools import lru_cache
from importlib import resources

from extractors.records import CATEGORIES
from pipeline.digest.defaults import MAX_FIGURES_PER_CATEGORY, SENTENCE_CHARS, TIMEZONE
from pipeline.digest.wording import is_target, qualifier_word
from pipeline.digest.records import (
    ArticleItem, CategoryChange, CoverageNote, Digest, DigestOptions, DocumentItem, FigureItem, ProvinceDigest,
)
from common.gazetteer import canonical_province, province_2025_of, provinces_2025, provinces_63
from pipeline.indicators import reported_totals_between
from pipeline.store import Store
from pipeline.versions import latest_extractor_version

UNKNOWN_PROVINCE = "Chưa rõ tỉnh"   # articles whose source has no province

# Tables another stage may add for crawl failures, and the column names each role may have.
_FAILURE_TABLES = ("crawl_failures", "fetch_failures", "crawl_errors")
_FAILURE_COLUMNS = {
    "source": ("source_id", "source"),
    "url": ("url", "final_url"),
    "reason": ("reason", "error", "message", "status"),
    "detail": ("detail",),
    "at": ("at", "failed_at", "last_failed_at", "attempted_at", "fetched_at", "created_at", "time"),
}


class DigestError(ValueError):
    """The digest cannot be built as asked (unknown province or category, bad geography)."""


@lru_cache(maxsize=1)
def category_labels() -> dict[str, tuple[str, str]]:
    """category -> (Vietnamese label, English label), in digest order."""
    raw = resources.files("pipeline.digest").joinpath("categories.toml").read_text(encoding="utf-8")
    labels = {k: (v[0], v[1]) for k, v in tomllib.loads(raw)["labels"].items()}
    for c in CATEGORIES:
        labels.setdefault(c, (c, c))
    return labels


def resolve_province(name: str, geography: str) -> str:
    """The canonical name of a province in a geography ("1963" or "2025"); DigestError when unknown.

    Under geography 2025 an old province name is accepted and mapped to the province it merged into.
    """
    found = province_2025_of(name) if geography == "2025" else canonical_province(name)
    if not found:
        known = [p.name for p in provinces_2025()] if geography == "2025" else provinces_63()
        raise DigestError(f"unknown province {name!r} for geography {geography}; known: {', '.join(known)}")
    return found


def check_options(options: DigestOptions) -> DigestOptions:
    """Validate and canonicalise provinces and categories; raises DigestError with a clear message."""
    if options.geography not in ("1963", "2025"):
        raise DigestError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    if options.compare_weeks < 1:
        raise DigestError("the previous period must be at least one week")
    categories = options.categories
    if categories is not None:
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            raise DigestError(f"unknown category {unknown[0]!r}; one of: {', '.join(CATEGORIES)}")
    provinces = options.provinces
    if provinces is not None:
        provinces = tuple(dict.fromkeys(resolve_province(p, options.geography) for p in provinces))
    return DigestOptions(options.week, provinces, tuple(categories) if categories is not None else None,
                         options.geography, options.compare_weeks, options.extractor_version)


def _province_of(province: str | None, province_2025: str | None, geography: str) -> str:
    if geography == "2025":
        return province_2025 or province_2025_of(province) or UNKNOWN_PROVINCE
    return canonical_province(province) or province or UNKNOWN_PROVINCE


def _local_day(ts: datetime | None):
    if ts is None:
        return None
    if ts.tzinfo is None:  # TIMESTAMPTZ always comes back aware; be safe with naive values
        ts = ts.replace(tzinfo=TIMEZONE)
    return ts.astimezone(TIMEZONE).date()


def _cut(text: str | None, limit: int = SENTENCE_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_WHEN = "coalesce(a.published, a.fetched_at)"


def _articles_between(store: Store, start: datetime, end: datetime) -> list[tuple]:
    """The week's dated articles (undated pages are not news, see _undated_between)."""
    return store.con.execute(
        """SELECT a.id, a.title, a.url, a.source_id, s.name, a.province, a.province_2025,
                  a.published, a.fetched_at
           FROM articles a LEFT JOIN sources s ON s.id = a.source_id
           WHERE a.published >= ? AND a.published < ?
           ORDER BY a.published, a.id""",
        [start, end],
    ).fetchall()


def _undated_between(store: Store, start: datetime, end: datetime) -> list[tuple]:
    """(province, province_2025) of pages fetched in the week that give no publication date."""
    return store.con.execute(
        "SELECT province, province_2025 FROM articles WHERE published IS NULL AND fetched_at >= ? AND fetched_at < ?",
        [start, end]).fetchall()


def _latest_version(store: Store) -> str | None:
    return latest_extractor_version(store.con)


def _table_columns(store: Store, table: str) -> list[str]:
    rows = store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = ?",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def _crawl_failures(store: Store, start: datetime, end: datetime) -> tuple[bool, list[tuple[str, str, str]]]:
    """(table found, [(source id, url, reason)]) for crawl failures recorded in the week.

    The failure table belongs to the crawl stage; any of a few names and column spellings is read, and a store
    without one gives (False, []).
    """
    for table in _FAILURE_TABLES:
        columns = _table_columns(store, table)
        if not columns:
            continue
        pick = {role: next((c for c in names if c in columns), None) for role, names in _FAILURE_COLUMNS.items()}
        if pick["source"] is None or pick["at"] is None:
            return True, []
        url = f'"{pick["url"]}"' if pick["url"] else "NULL"
        parts = [f'CAST("{pick[r]}" AS VARCHAR)' for r in ("reason", "detail") if pick[r]]
        reason = f"concat_ws(': ', {', '.join(parts)})" if parts else "NULL"
        rows = store.con.execute(
            f'SELECT "{pick["source"]}", {url}, {reason} FROM "{table}" '
            f'WHERE "{pick["at"]}" >= ? AND "{pick["at"]}" < ? ORDER BY "{pick["at"]}"',
            [start, end],
        ).fetchall()
        return True, [(str(r[0]), r[1] or "", r[2] or "") for r in rows]
    return False, []


class _WeekQuery:
    """The store read for one digest: each method fills one part of the province sections."""

    def __init__(self, store: Store, options: DigestOptions):
        self.store, self.options = store, options
        self.geo, self.wanted = options.geography, options.provinces
        self.start, self.end = options.week.bounds()
        self.version = options.extractor_version or _latest_version(store)
        self.categories = options.categories or CATEGORIES
        self.order = {c: i for i, c in enumerate(category_labels())}
        self.sections: dict[str, ProvinceDigest] = {}
        self.week_articles: dict[str, tuple[str, ArticleItem]] = {}      # article id -> (province, item)
        self.this_week: dict[str, Counter] = defaultdict(Counter)        # province -> category -> figures
        self.this_week_articles: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
        self.undated = 0        # undated pages fetched this week (left out)
        self.targets = 0        # target figures left out

    def section(self, name: str) -> ProvinceDigest:
        return self.sections.setdefault(name, ProvinceDigest(name))

    def province(self, province: str | None, province_2025: str | None) -> str | None:
        """The article's or source's province in the digest's geography, or None when it is filtered out."""
        name = _province_of(province, province_2025, self.geo)
        return name if self.wanted is None or name in self.wanted else None

    def _category_sorted(self, categories) -> list[str]:
        return sorted(categories, key=lambda c: self.order.get(c, len(self.order)))

    def articles(self) -> None:
        for aid, title, url, source_id, source_name, prov, prov25, published, fetched in _articles_between(
            self.store, self.start, self.end
        ):
            province = self.province(prov, prov25)
            if province is None:
                continue
            item = ArticleItem(aid, title or url, url, source_id, source_name, _local_day(published))
            self.week_articles[aid] = (province, item)
            self.section(province).articles.append(item)
        self.undated = sum(self.province(p, p25) is not None
                           for p, p25 in _undated_between(self.store, self.start, self.end))

    def figures(self) -> None:
        if self.version is None or not self.week_articles:
            return
        rows = self.store.con.execute(
            """SELECT f.article_id, f.value, f.entity, f.category, f.qualifier, f.period, f.span, f.sentence,
                      f.period_start, a.published
               FROM figures f JOIN articles a ON a.id = f.article_id
               WHERE f.extractor_version = ? AND f.article_id IN (SELECT unnest(?))
               ORDER BY f.article_id, f."start" """,
            [self.version, list(self.week_articles)],
        ).fetchall()
        found: dict[str, dict[str, list[FigureItem]]] = defaultdict(lambda: defaultdict(list))
        listed: dict[tuple, FigureItem] = {}     # (article, category, value, entity) -> the item listed
        for aid, value, entity, category, qualifier, period, span, sentence, period_start, published in rows:
            if category not in self.categories:
                continue
            province, art = self.week_articles[aid]
            year = published.astimezone(TIMEZONE).year if published else None
            if is_target(sentence, span, year, period_start):
                self.targets += 1
                continue
            item = FigureItem(value, entity, category, qualifier, period, span or "", _cut(sentence or span),
                              art.title, art.url, qualifier_word(span) if qualifier else None)
            key = (aid, category, value, (entity or "").lower())
            if key in listed:       # the same figure again in the article (title, lead, body): listed once,
                first = listed[key]  # quoting the body's sentence rather than the headline
                if first.sentence == _cut(art.title) and item.sentence != first.sentence:
                    found[province][category][found[province][category].index(first)] = item
                    listed[key] = item
                continue
            listed[key] = item
            self.this_week[province][category] += 1
            self.this_week_articles[province][category].add(aid)
            found[province][category].append(item)
        for province, by_category in found.items():
            sec = self.section(province)
            for category in self._category_sorted(by_category):
                items = by_category[category]
                sec.figures[category] = items[:MAX_FIGURES_PER_CATEGORY]
                if len(items) > MAX_FIGURES_PER_CATEGORY:
                    sec.figures_hidden[category] = len(items) - MAX_FIGURES_PER_CATEGORY

    def changes(self) -> None:
        """Each section's categories: reported totals this week against the weekly mean of the previous period
        (pipeline.indicators.reported_totals_between: parts, changes and cumulative counts are not counted)."""
        weeks = self.options.compare_weeks
        previous_start = self.options.week.shifted(-weeks).bounds()[0]
        counts = {}
        for key, (start, end) in (("now", (self.start, self.end)), ("then", (previous_start, self.start))):
            figures: dict[str, Counter] = defaultdict(Counter)
            articles: dict[str, Counter] = defaultdict(Counter)
            for prov, prov25, category, n, n_articles in reported_totals_between(self.store, start, end, self.version):
                province = self.province(prov, prov25)
                if province is not None and category in self.categories:
                    figures[province][category] += n
                    articles[province][category] += n_articles
            counts[key] = (figures, articles)
        (now_f, now_a), (then_f, then_a) = counts["now"], counts["then"]
        for province, sec in self.sections.items():
            now, then = now_f[province], then_f[province]
            sec.changes = [
                CategoryChange(c, now[c], now_a[province][c], then[c] / weeks, then_a[province][c] / weeks)
                for c in self._category_sorted(set(now) | set(then))
            ]

    def first_cited(self) -> None:
        if self.version is None or not self.week_articles:
            return
        rows = self.store.con.execute(
            f"""SELECT m.article_id, m.number, d.kind_name, m.date, m.issuer
                FROM document_mentions m LEFT JOIN documents d ON d.number = m.number
                WHERE m.extractor_version = ? AND m.article_id IN (SELECT unnest(?))
                  AND m.number NOT IN (
                    SELECT m2.number FROM document_mentions m2 JOIN articles a ON a.id = m2.article_id
                    WHERE m2.extractor_version = ? AND {_WHEN} < ?)
                ORDER BY m.number, m.article_id, m."start" """,
            [self.version, list(self.week_articles), self.version, self.start],
        ).fetchall()
        seen: set[tuple[str, str]] = set()
        for aid, number, kind_name, day, issuer in rows:
            province, art = self.week_articles[aid]
            if (province, number) not in seen:
                seen.add((province, number))
                self.section(province).new_documents.append(
                    DocumentItem(number, kind_name, day, issuer, art.title, art.url))

    def coverage(self) -> tuple[list[str], bool]:
        """Coverage notes into the sections; returns (provinces whose sources were all silent, failures known)."""
        active = {item.source_id for _, item in self.week_articles.values() if item.source_id}
        silent: dict[str, list[CoverageNote]] = defaultdict(list)
        sources: dict[str, tuple[str, str | None]] = {}       # id -> (name, province or None)
        for sid, name, prov, prov25 in self.store.con.execute(
            "SELECT id, name, province, province_2025 FROM sources ORDER BY id"
        ).fetchall():
            province = self.province(prov, prov25)
            sources[sid] = (name, province)
            if province not in (None, UNKNOWN_PROVINCE) and sid not in active:
                silent[province].append(CoverageNote(sid, name, "silent"))
        known, failures = _crawl_failures(self.store, self.start, self.end)
        failed: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for sid, url, reason in failures:
            name, province = sources.get(sid, (None, self.province(None, None)))
            if province is not None:
                failed[province][sid].append(f"{reason} {url}".strip())
        for province, by_source in failed.items():
            for sid, details in by_source.items():
                shown = "; ".join(details[:3]) + (f"; … (+{len(details) - 3})" if len(details) > 3 else "")
                note = CoverageNote(sid, sources.get(sid, (None,))[0], "failure", f"{len(details)} lỗi: {shown}")
                self.section(province).coverage.append(note)
        for province in self.wanted or ():
            self.section(province)
        quiet = []
        for province, notes in silent.items():
            if province in self.sections:
                self.section(province).coverage.extend(notes)
            else:
                quiet.append(province)
        return sorted(quiet), known


def build_digest(store: Store, options: DigestOptions) -> Digest:
    """Everything the digest of one week says, by province.

    New figures are those of the week's articles (latest extractor version unless one is named). Changes compare
    each category's figure count this week with its weekly mean over the previous options.compare_weeks weeks.
    A document is "cited for the first time" when no article dated before this week mentions it.
    Coverage notes list the province's sources with no article this week and, when the store has a crawl
    failure table, the failures recorded in the week. Provinces whose sources were all silent, and that were
    not asked for by name, are listed in Digest.silent_provinces instead of getting a section.
    """
    q = _WeekQuery(store, check_options(options))
    q.articles()
    q.figures()
    q.first_cited()
    quiet, failures_known = q.coverage()
    q.changes()
    sections = sorted(q.sections.values(), key=lambda p: (p.name == UNKNOWN_PROVINCE, -len(p.articles), p.name))
    return Digest(q.options.week, q.options, q.version, sections, quiet, failures_known, q.undated, q.targets)
