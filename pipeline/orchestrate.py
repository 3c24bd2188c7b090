"""The whole job: archive -> articles -> extractions -> store."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from corpus.records import Article
from corpus.pages import ParseReport, articles_from_archive
from extractors.extract import Extractor
from pipeline.compare import refresh_analytics
from common.gazetteer import canonical_province, province_2025_of
from pipeline.store import Store
from scrapers.registry import Source, load_registry

log = logging.getLogger(__name__)


def sample_paths() -> tuple[Path, Path]:
    """The bundled sample: (its WARC file, its sources registry)."""
    base = Path(str(resources.files("corpus").joinpath("sample")))
    return base / "sample.warc.gz", base / "sources.toml"


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
    progress: Callable[[int], None] | None = None,
) -> RunReport:
    """Upsert articles and (re)extract them, in transactional batches. Idempotent."""
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
