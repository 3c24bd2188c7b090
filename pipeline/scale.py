"""Re-extraction on Dask: each WARC file is a partition that a worker parses, extracts and writes as Parquet;
the store then loads every partition in one transaction (DuckDB stays the single writer).

Results are the same rows, ids and values as corpus.reextract.reextract_archive (the one-process engine).
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus.distributed import ScaleError, ScaleOptions, dask_client, make_staging  # noqa: F401 - re-exported
from corpus.reextract import ReextractReport
from pipeline.store import Store
from scrapers.registry import Source

_RUN_COLUMNS = ("article_id", "extractor_version", "content_sha256", "figures", "documents", "persons")
_DOCUMENT_COLUMNS = ("number", "kind", "kind_name", "issuer_code", "year")


@dataclass(frozen=True)
class PartitionResult:
    """What a worker reports of one WARC file. files: table -> Parquet file (tables without rows are left
    out); error: why the file was skipped (a corrupt WARC file), with no files written."""

    index: int
    warc_file: str
    articles: int = 0
    figures: int = 0
    documents: int = 0
    persons: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    cpu_seconds: float = 0.0       # CPU time of the worker process on this task


_EXTRACTORS: dict[str, object] = {}     # one Extractor per worker process and version


def _extractor(version: str | None):
    from extractors.extract import Extractor, ExtractorOptions

    key = version or ""
    if key not in _EXTRACTORS:
        _EXTRACTORS[key] = Extractor(ExtractorOptions(version=version)) if version else Extractor()
    return _EXTRACTORS[key]


def _warm(version: str | None) -> None:
    _extractor(version)


def extract_partition(index: int, warc_file: str, sources: list[Source], version: str | None,
                      staging: str) -> PartitionResult:
    """Parse and extract one WARC file and write its rows as Parquet under staging/<table>/part-<index>.parquet.

    Runs on a worker. A file that cannot be read is reported in the result, not raised. Files are written
    under a temporary name and renamed, so a worker killed mid-task leaves no partial partition behind.
    """
    import pyarrow.parquet as pq

    from corpus.pages import ParseReport, articles_from_archive
    from corpus.warc import ArchiveError
    from pipeline.store import _ARTICLE_COLUMNS, _FIGURE_COLUMNS, _MENTION_COLUMNS, _PERSON_COLUMNS
    from pipeline.store import extraction_rows, rows_table

    cpu = time.process_time()
    extractor = _extractor(version)
    version = version or extractor.version
    parse_report = ParseReport()
    try:
        unique = {a.id: a for a in articles_from_archive(warc_file, sources, parse_report)}  # later copy wins
    except ArchiveError as exc:
        return PartitionResult(index, warc_file, error=str(exc))
    articles = list(unique.values())
    extractions = [extractor.extract_article(a) for a in articles]
    for ex in extractions:
        ex.extractor_version = version
    _, figure_rows, doc_rows, mention_rows, person_rows = extraction_rows(extractions)
    rows = {
        "articles": (_ARTICLE_COLUMNS, [
            (a.id, a.url, a.source_id, a.province, a.province_2025, a.district, a.published, a.title, a.lead,
             a.author, a.text, a.content_sha256, a.cms, a.fetched_at, a.warc_file, a.warc_offset)
            for a in articles]),
        "extraction_runs": (_RUN_COLUMNS, [
            (e.id, version, a.content_sha256, len(e.figures), len(e.documents), len(e.persons))
            for a, e in zip(articles, extractions)]),
        "figures": (_FIGURE_COLUMNS, figure_rows),
        "documents": (_DOCUMENT_COLUMNS, doc_rows),
        "document_mentions": (_MENTION_COLUMNS, mention_rows),
        "persons": (_PERSON_COLUMNS, person_rows),
    }
    files = {}
    for table, (columns, table_rows) in rows.items():
        if not table_rows:
            continue
        folder = Path(staging) / table
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"part-{index:05d}.parquet"
        tmp = folder / f".part-{index:05d}.{os.getpid()}.tmp"
        pq.write_table(rows_table(columns, table_rows), tmp)
        os.replace(tmp, path)
        files[table] = str(path)
    return PartitionResult(index, warc_file, len(articles), sum(len(e.figures) for e in extractions),
                           sum(len(e.documents) for e in extractions), sum(len(e.persons) for e in extractions),
                           dict(parse_report.skipped), files, cpu_seconds=time.process_time() - cpu)


def reextract_distributed(db: str | Path, archive: str | Path, sources: list[Source], version: str | None = None,
                          options: ScaleOptions | None = None,
                          progress: Callable[[int], None] | None = None,
                          task: Callable[..., PartitionResult] = extract_partition,
                          timings: dict[str, float] | None = None) -> ReextractReport:
    """Re-extract a WARC archive on Dask, one task per WARC file, and load the results in one transaction.

    db: the store's database file. It is opened (for writing) only once the tasks have ended, so a long run
    does not lock it; the load takes one transaction.
    archive, sources, version: as corpus.reextract.reextract_archive, with the same results.
    A WARC file that cannot be read, or whose task failed every retry, is reported in report.failed and
    skipped; the other files are loaded. Nothing is stored until every task has ended, and the load replaces
    rows by key, so a run after a failure stores each row once.
    task: the function run per file (extract_partition; tests wrap it).
    timings: filled with the seconds spent starting the workers ("start": cluster up, extractor loaded on
    every worker), running the tasks ("tasks"; "task_cpu": the CPU seconds the workers spent on them) and
    loading the store ("load").
    """
    from corpus.pages import archive_files

    options = options or ScaleOptions()
    files = archive_files(archive)
    version = version or _extractor(None).version
    report = ReextractReport(version=version)
    staging = make_staging(db, options)
    try:
        timings = timings if timings is not None else {}
        results = _run_tasks(files, sources, version, staging, options, task, report, progress, timings)
        start = time.perf_counter()
        with Store(db) as store:
            _load_partitions(store, results, sources, report)
        timings["load"] = time.perf_counter() - start
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return report


def _run_tasks(files: list[Path], sources: list[Source], version: str, staging: Path, options: ScaleOptions,
               task, report: ReextractReport, progress, timings: dict[str, float]) -> list[PartitionResult]:
    from distributed import as_completed

    results: list[PartitionResult] = []
    start = time.perf_counter()
    with dask_client(options) as client:
        client.run(_warm, version)     # every worker loads the extractor before the clock for tasks starts
        timings["start"] = time.perf_counter() - start
        start = time.perf_counter()
        futures = client.map(task, list(range(len(files))), [str(f) for f in files], sources=sources,
                             version=version, staging=str(staging), retries=options.retries, pure=False,
                             key=[f"extract-{staging.name}-{i:05d}-{f.name}" for i, f in enumerate(files)])
        where = {f.key: str(files[i]) for i, f in enumerate(futures)}
        for future in as_completed(futures):
            if future.status == "error":
                report.failed[where[future.key]] = f"task failed: {future.exception()}"
                continue
            result = future.result()
            if result.error:
                report.failed[result.warc_file] = result.error
                continue
            results.append(result)
            if progress:
                progress(result.articles)
        timings["tasks"] = time.perf_counter() - start
        timings["task_cpu"] = sum(r.cpu_seconds for r in results)
    results.sort(key=lambda r: r.index)
    return results


def _load_partitions(store, results: list[PartitionResult], sources: list[Source], report: ReextractReport) -> None:
    """Load the partitions in archive order in one transaction, with reextract_archive's rules: an article
    already in the store is kept, one this run adds is replaced by a later copy; results of the same
    (article, version) are replaced; documents are upserted."""
    import pyarrow.parquet as pq

    con = store.con
    for result in results:
        report.articles += result.articles
        report.figures += result.figures
        report.documents += result.documents
        report.persons += result.persons
        for reason, n in result.skipped.items():
            report.skipped[reason] = report.skipped.get(reason, 0) + n
    if not report.articles:
        return
    with store.transaction():
        con.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [(s.id, s.name, s.province, s.province_2025, s.level, s.base_url, s.cms, s.verified)
                         for s in sources])
        con.execute("CREATE OR REPLACE TEMP TABLE _added (id VARCHAR PRIMARY KEY)")   # articles this run adds
        con.execute("CREATE OR REPLACE TEMP TABLE _loaded (id VARCHAR PRIMARY KEY)")  # articles this run loaded
        present = any(con.execute(f"SELECT 1 FROM {table} WHERE extractor_version = ? LIMIT 1",
                                  [report.version]).fetchone() for table in ("figures", "document_mentions", "persons"))
        for result in results:
            tables = {t: pq.read_table(p) for t, p in result.files.items()}
            if "articles" not in tables:
                continue
            con.register("_part", tables["articles"])
            try:
                report.changed_text += con.execute(
                    "SELECT count(*) FROM _part p JOIN articles a USING (id) "
                    "WHERE p.id NOT IN (SELECT id FROM _added) AND a.content_sha256 IS DISTINCT FROM p.content_sha256"
                ).fetchone()[0]
                report.new_articles += con.execute(
                    "INSERT INTO _added SELECT id FROM _part WHERE id NOT IN (SELECT id FROM articles)").fetchone()[0]
                cols = ", ".join(f'"{c}"' for c in tables["articles"].schema.names)
                con.execute(f"INSERT OR REPLACE INTO articles ({cols}) SELECT {cols} FROM _part "
                            "WHERE id IN (SELECT id FROM _added)")
            finally:
                con.unregister("_part")
            con.register("_part", tables["extraction_runs"])
            try:
                # results to replace: the version had rows before, or an earlier file held the same article
                again = present or con.execute(
                    "SELECT count(*) FROM _part WHERE article_id IN (SELECT id FROM _loaded)").fetchone()[0]
                con.execute("INSERT OR IGNORE INTO _loaded SELECT article_id FROM _part")
                for table in ("figures", "document_mentions", "persons") if again else ():
                    con.execute(f"DELETE FROM {table} WHERE (article_id, extractor_version) IN "
                                "(SELECT article_id, extractor_version FROM _part)")
                con.execute("INSERT OR REPLACE INTO extraction_runs (article_id, extractor_version, content_sha256, "
                            "figures, documents, persons, extracted_at) SELECT *, now() FROM _part")
            finally:
                con.unregister("_part")
            if "figures" in tables:
                store.insert_arrow("figures", tables["figures"])
            if "documents" in tables:
                con.register("_part", tables["documents"])
                try:
                    con.execute(
                        "INSERT INTO documents SELECT * FROM _part ON CONFLICT (number) DO UPDATE SET "
                        "kind = excluded.kind, kind_name = excluded.kind_name, "
                        "issuer_code = excluded.issuer_code, year = coalesce(excluded.year, documents.year)")
                finally:
                    con.unregister("_part")
            for table in ("document_mentions", "persons"):
                if table in tables:
                    store.insert_arrow(table, tables[table], replace=True)
