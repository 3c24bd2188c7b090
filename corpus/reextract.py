"""Re-extraction from the archive: re-parse the archived pages and store the results under an extractor version.

Results of other versions stay in the store (Store.replace_extractions replaces only the same article and
version), so versions can be compared side by side (the extraction_versions view).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from corpus.records import Article


@dataclass
class ReextractReport:
    version: str = ""
    articles: int = 0         # article pages parsed and extracted
    new_articles: int = 0     # of which were not in the store yet (added)
    changed_text: int = 0     # of which the stored body differs from the re-parsed one (stored body kept)
    figures: int = 0
    documents: int = 0
    persons: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)   # WARC file -> why it was skipped (engine dask)


def reextract_archive(store, archive: str | Path, sources: list, version: str | None = None,
                      out: str | Path | None = None, batch: int = 200, extractor=None,
                      progress: Callable[[int], None] | None = None) -> ReextractReport:
    """Re-parse every article page of a WARC archive and run the extractor over it, in batches.

    store: where results go, under `version` (default: the extractor's own version).
    archive: a WARC file, a folder of them or a glob pattern (corpus.pages.archive_files).
    sources: the sources the archive was crawled from (scrapers.registry.Source; the caller adds those
             only its store knows).
    out: also write one JSON line per extraction (Extraction.as_dict) to this file.
    Articles already in the store are kept as stored; new ones are added (a page archived twice: the later
    copy wins). Memory is bounded by `batch`. Each batch is stored in its own transactions, so an interrupted
    run keeps the batches it finished and can simply be run again.
    """
    from corpus.pages import ParseReport, articles_from_archive
    from extractors.extract import Extractor, ExtractorOptions

    if extractor is None:
        extractor = Extractor(ExtractorOptions(version=version)) if version else Extractor()
    report = ReextractReport(version=version or extractor.version)
    parse_report = ParseReport()
    fh = open(out, "w", encoding="utf-8") if out else None
    buf: list[Article] = []
    added: set[str] = set()      # ids this run added: a later copy of one replaces it

    def flush() -> None:
        if not buf:
            return
        unique = {a.id: a for a in buf}            # a page archived twice: the later copy wins
        buf[:] = list(unique.values())
        extractions = [extractor.extract_article(a) for a in buf]
        for ex in extractions:
            ex.extractor_version = report.version
        stored = dict(store.con.execute(
            "SELECT id, content_sha256 FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
            [[a.id for a in buf]]).fetchall())
        new = [a for a in buf if a.id not in stored or a.id in added]
        report.changed_text += sum(1 for a in buf if a.id in stored and a.id not in added
                                   and stored[a.id] != a.content_sha256)
        if report.articles == 0:
            store.upsert_sources(sources)      # only once the archive has given an article
        if new:
            store.upsert_articles(new)
        store.replace_extractions(extractions)
        _record_runs(store, buf, extractions)
        if fh is not None:
            for ex in extractions:
                fh.write(json.dumps(ex.as_dict(), ensure_ascii=False) + "\n")
        report.articles += len(buf)
        report.new_articles += sum(1 for a in new if a.id not in added)
        added.update(a.id for a in new)
        report.figures += sum(len(e.figures) for e in extractions)
        report.documents += sum(len(e.documents) for e in extractions)
        report.persons += sum(len(e.persons) for e in extractions)
        if progress:
            progress(len(buf))
        buf.clear()

    try:
        for article in articles_from_archive(archive, sources, parse_report):
            buf.append(article)
            if len(buf) >= batch:
                flush()
        flush()
    finally:
        if fh is not None:
            fh.close()
    report.skipped = parse_report.skipped
    return report


def _record_runs(store, articles: list[Article], extractions: list) -> None:
    runs = pa.table({
        "article_id": pa.array([e.id for e in extractions], type=pa.string()),
        "extractor_version": pa.array([e.extractor_version for e in extractions], type=pa.string()),
        "content_sha256": pa.array([a.content_sha256 for a in articles], type=pa.string()),
        "figures": pa.array([len(e.figures) for e in extractions], type=pa.int32()),
        "documents": pa.array([len(e.documents) for e in extractions], type=pa.int32()),
        "persons": pa.array([len(e.persons) for e in extractions], type=pa.int32()),
    })
    with store.transaction() as con:
        con.register("_runs", runs)
        try:
            con.execute(
                "INSERT OR REPLACE INTO extraction_runs "
                "(article_id, extractor_version, content_sha256, figures, documents, persons, extracted_at) "
                "SELECT *, now() FROM _runs")
        finally:
            con.unregister("_runs")
