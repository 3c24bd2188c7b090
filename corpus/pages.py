"""Archive pages to Article records: each WARC response parsed with its source's CMS adapter."""
from __future__ import annotations

import glob
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from common.gazetteer import province_2025_of
from corpus.records import Article
from corpus.warc import ArchiveError, ArchiveStats, iter_responses
from scrapers.adapters import Page, ParseError, detect_cms, get_adapter
from scrapers.registry import Source

log = logging.getLogger(__name__)

_GLOB_CHARS = set("*?[")


@dataclass
class ParseReport:
    articles: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def sample_paths() -> tuple[Path, Path]:
    """The bundled sample: (its WARC file, its sources registry)."""
    base = Path(str(resources.files("corpus").joinpath("sample")))
    return base / "sample.warc.gz", base / "sources.toml"


def archive_files(archive: str | Path) -> list[Path]:
    """The WARC files of an archive, in the order they are read: a file, a folder (every *.warc.gz, then every
    *.warc, each sorted, as corpus.warc.iter_responses reads them) or a glob pattern ("crawl/2024-*.warc.gz")."""
    spec = str(archive)
    path = Path(spec)
    if path.is_dir():
        files = sorted(path.rglob("*.warc.gz")) + sorted(path.rglob("*.warc"))
    elif _GLOB_CHARS & set(spec) and not path.exists():
        files = [Path(p) for p in sorted(glob.glob(spec, recursive=True)) if Path(p).is_file()]
    else:
        files = [path] if path.is_file() else []
    if not files:
        raise ArchiveError(f"no WARC file at {spec}")
    return files


def source_for(url: str, source_id: str | None, sources: list[Source]) -> Source | None:
    """The source of a page: by the id the crawl recorded, else by the host of its URL."""
    if source_id:
        for s in sources:
            if s.id == source_id:
                return s
    host = urlsplit(url).hostname or ""
    for s in sources:
        if (urlsplit(s.base_url).hostname or "") == host:
            return s
    return None


def articles_from_archive(
    archive: str | Path, sources: list[Source], report: ParseReport | None = None, cms: str = "auto",
) -> Iterator[Article]:
    """Parse every article page in a WARC archive (file, folder or glob) with its source's CMS adapter.

    Listing pages, redirects and error responses are skipped and counted in the report.
    """
    report = report if report is not None else ParseReport()
    for file in archive_files(archive):
        stats = ArchiveStats()
        for result in _counting_skips(iter_responses(file, stats), stats, report):
            if result.status != 200:
                report.skip(f"HTTP {result.status}")
                continue
            source = source_for(result.final_url, result.source_id, sources)
            try:
                page = Page.from_bytes(result.final_url, result.body, result.content_type, result.fetched_at)
                family = source.cms if source and cms == "auto" else cms
                if family == "auto":
                    family = detect_cms(page)
                adapter = get_adapter(family, source.selectors if source else None)
                article = adapter.parse_article(page)
            except ParseError as exc:
                report.skip(type(exc).__name__)
                log.debug("skip %s: %s", result.final_url, exc)
                continue
            article.warc_file, article.warc_offset = result.warc_file, result.warc_offset
            if source is not None:
                article.source_id = source.id
                article.province = source.province
                article.province_2025 = source.province_2025 or province_2025_of(source.province)
                article.district = source.district
            report.articles += 1
            yield article


def _counting_skips(results: Iterator, stats: ArchiveStats, report: ParseReport) -> Iterator:
    """Pass the archive's responses through, adding its damaged records to the report as they are met."""
    seen = 0
    for result in results:
        if stats.skipped > seen:
            report.skipped["damaged WARC record"] = report.skipped.get("damaged WARC record", 0) + stats.skipped - seen
            seen = stats.skipped
        yield result
    if stats.skipped > seen:
        report.skipped["damaged WARC record"] = report.skipped.get("damaged WARC record", 0) + stats.skipped - seen
