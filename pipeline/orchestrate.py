"""The whole job: archive -> articles -> extractions -> store."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.records import Article
from corpus.pages import ParseReport, articles_from_archive, sample_paths
from extractors.extract import Extractor
from pipeline.compare import refresh_analytics
from common.gazetteer import canonical_province, province_2025_of
from pipeline.store import Store
from scrapers.registry import Source, load_registry

log = logging.getLogger(__name__)


def assign_provinces(article: Article, province: str | None) -> Article:
    """Fill both province keys from one name (pre- or post-2025)."""
    if province:
        article.province = canonical_province(province) or article.province or province
        article.province_2025 = province_2025_of(province) or article.province_2025
    return article


@dataclass
class RunReport:
    articles: int = 0
    figures: int = 0
    documents: int = 0
    skipped: dict[str, int] = field(default_factory=dict)


def load_articles(
    store: Store, articles: Iterable[Article], extractor: Extractor | None = None, batch: int = 200,
    progress: Callable[[int], None] | None = None, atomic: bool = False,
) -> RunReport:
    """Upsert articles and (re)extract them, in transactional batches. Idempotent.

    atomic: everything in one transaction, so a failure anywhere stores nothing (`danvan load`).
    """
    if atomic:
        with store.transaction():
            return load_articles(store, articles, extractor, batch, progress)
    extractor = extractor or Extractor()
    report = RunReport()
    buf: list[Article] = []

    def flush() -> None:
        if not buf:
            return
        extractions = [extractor.extract_article(a) for a in buf]
        store.upsert_articles(buf)
        store.replace_extractions(extractions)
        report.articles += len(buf)
        report.figures += sum(len(e.figures) for e in extractions)
        report.documents += sum(len(e.documents) for e in extractions)
        if progress:
            progress(len(buf))
        buf.clear()

    for article in articles:
        buf.append(article)
        if len(buf) >= batch:
            flush()
    flush()
    return report


def known_sources(store: Store, registry: str | Path | None = None) -> list[Source]:
    """The registry's sources, then those only the store knows (ad-hoc crawls of sites not in the registry)."""
    sources = load_registry(registry)
    ids = {s.id for s in sources}
    rows = store.con.execute(
        "SELECT id, name, base_url, cms, level, province, province_2025, verified FROM sources"
    ).fetchall()
    for id_, name, base_url, cms, level, province, province_2025, verified in rows:
        if id_ not in ids:
            sources.append(Source(id=id_, name=name, base_url=base_url, cms=cms or "generic", level=level or "province",
                                  province=province, province_2025=province_2025, verified=bool(verified)))
    return sources


def run_archive(store: Store, archive: str | Path, registry: str | Path | None = None,
                extractor: Extractor | None = None, progress: Callable[[int], None] | None = None) -> RunReport:
    """Parse an archive with a registry's sources (and the store's ad-hoc ones), extract and load everything."""
    sources = known_sources(store, registry)
    store.upsert_sources(sources)
    parse_report = ParseReport()
    report = load_articles(store, articles_from_archive(archive, sources, parse_report), extractor,
                           progress=progress)
    report.skipped = parse_report.skipped
    refresh_analytics(store)  # the saved comparison tables; the search index is rebuilt lazily by `search`
    return report


class StoreSink:
    """Where a crawl's batches land (scrapers.state.Sink): sources, articles with their extractions, failures
    (crawl_failures) and warnings (crawl_warnings), each batch in short writes.

    db: the store's path, opened for each batch and closed at once so that readers wait at most a moment;
        or an open Store, used as it is (tests, a caller that already holds it).
    extractor: run on the batch's articles before the store is opened; None makes the default Extractor;
        False stores articles without extracting.
    held: seconds the store was held open for each batch (what a reader may have to wait).
    """

    def __init__(self, db: Store | str | Path, extractor: Extractor | None | bool = None):
        self.db = db
        self._extractor = extractor
        self.held: list[float] = []

    def __call__(self, handoff) -> None:
        from scrapers.state import SinkBusy

        if self._extractor is None:
            self._extractor = Extractor()
        extractions = [self._extractor.extract_article(a) for a in handoff.articles] if self._extractor else []
        if isinstance(self.db, Store):
            self._write(self.db, handoff, extractions)
            return
        try:
            store = Store(self.db)
        except Exception as exc:  # noqa: BLE001 - still locked after settings.STORE_LOCK_WAIT: try later
            if "lock" in str(exc).lower():
                raise SinkBusy(str(exc).splitlines()[0]) from None
            raise
        opened = time.perf_counter()
        try:
            self._write(store, handoff, extractions)
        finally:
            store.close()
            self.held.append(time.perf_counter() - opened)

    @staticmethod
    def _write(store: Store, handoff, extractions) -> None:
        if handoff.sources:
            store.upsert_sources(handoff.sources)
        if handoff.articles:
            store.upsert_articles(handoff.articles)
            if extractions:
                store.replace_extractions(extractions)
        if not (handoff.failures or handoff.resolved or handoff.warnings):
            return
        with store.transaction() as con:
            for f in handoff.failures:
                con.execute(
                    'INSERT INTO crawl_failures (url, source_id, reason, detail, "at", attempts) '
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET source_id = excluded.source_id, "
                    'reason = excluded.reason, detail = excluded.detail, "at" = excluded."at", '
                    "attempts = excluded.attempts", [f.url, f.source_id, f.reason, f.detail, f.at, f.attempts])
            for url in handoff.resolved:
                con.execute("DELETE FROM crawl_failures WHERE url = ?", [url])
            if handoff.warnings:
                con.executemany('INSERT INTO crawl_warnings (source_id, code, url, detail, "at") VALUES (?, ?, ?, ?, ?)',
                                [(w.source_id, w.code, w.url, w.detail, w.at) for w in handoff.warnings])
