"""The corpus streaming benchmark: synthetic articles -> store -> dedup -> relevance -> export.

Each stage runs in a fresh process, so its peak resident memory (ru_maxrss) is its own.
"""
from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty

STAGES = ("load", "dedup", "relevance", "export_parquet", "export_jsonl", "archive", "reextract")
REEXTRACT_PAGES = 2000    # the archive stages use this many articles at most (the extractor is the slow part)

@dataclass(frozen=True)
class StageResult:
    stage: str
    articles: int
    seconds: float
    peak_mb: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def peak_mb() -> float:
    """This process's peak resident memory in MB."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024   # bytes on macOS, KiB on Linux


def load_synthetic(store, stop: int, start: int = 0, batch: int = 2000) -> None:
    """Store synthetic articles start..stop-1 (seeded: the same articles every run), in batches."""
    from common.gazetteer import provinces_63
    from corpus.synthetic import SyntheticCorpus

    rows = []
    for i, article in enumerate(SyntheticCorpus(seed=0).articles(stop, provinces_63())):
        if i < start:
            continue
        rows.append(article)
        if len(rows) >= batch:
            store.upsert_articles(rows)
            rows.clear()
    if rows:
        store.upsert_articles(rows)


def in_fresh_process(target, *args):
    """target(*args, queue) run in a fresh (spawned) process, so its peak memory is its own; what it put on
    the queue. RuntimeError when it fails or puts nothing."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result = None
    while result is None and (proc.is_alive() or not queue.empty()):
        try:
            result = queue.get(timeout=1)
        except Empty:
            pass
    proc.join()
    if result is None or proc.exitcode:
        raise RuntimeError(f"benchmark run failed (exit code {proc.exitcode})")
    return result


def _run_stage(stage: str, db: str, workdir: str, n: int, memory_limit: str | None, queue) -> None:
    from pipeline.store import Store

    start = time.perf_counter()
    if stage == "archive":
        n = _write_archive(Path(workdir), min(n, REEXTRACT_PAGES))
        queue.put(StageResult(stage, n, time.perf_counter() - start, peak_mb()))
        return
    with Store(db) as store:
        if memory_limit:
            store.con.execute(f"SET memory_limit = '{memory_limit}'")
        if stage == "load":
            load_synthetic(store, n)
        elif stage == "dedup":
            from corpus.dedup import cluster_store

            cluster_store(store)
        elif stage == "relevance":
            from corpus.relevance import score_store

            score_store(store)
        elif stage == "reextract":
            from corpus.reextract import reextract_archive

            from scrapers.registry import load_registry

            n = reextract_archive(store, Path(workdir) / "bench.warc.gz",
                                  load_registry(Path(workdir) / "bench_sources.toml"), version="bench").articles
        else:
            from corpus.export import ExportOptions, export_corpus

            fmt = stage.split("_", 1)[1]
            export_corpus(store, ExportOptions(out=Path(workdir) / fmt, fmt=fmt, refresh=False))
    queue.put(StageResult(stage, n, time.perf_counter() - start, peak_mb()))


def _write_archive(workdir: Path, n: int) -> int:
    """Synthetic articles as NukeViet pages in one WARC file, with a one-source registry."""
    from corpus.synthetic import write_archive

    write_archive(workdir, n)
    return n


def benchmark_corpus(n: int, workdir: str | Path, stages: tuple[str, ...] = STAGES,
                     memory_limit: str | None = None) -> list[StageResult]:
    """Run the stages over n synthetic articles in a fresh database under workdir; one process per stage.

    memory_limit: DuckDB's memory_limit for every stage (e.g. "256MB"; default: DuckDB's, 80% of RAM).
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "bench.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    results = []
    for stage in stages:
        try:
            results.append(in_fresh_process(_run_stage, stage, str(db), str(workdir), n, memory_limit))
        except RuntimeError as exc:
            raise RuntimeError(f"benchmark stage {stage} failed ({exc})") from None
    return results
