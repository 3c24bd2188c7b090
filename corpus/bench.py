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

import pyarrow as pa

STAGES = ("store_upsert", "load", "dedup", "relevance", "export_parquet", "export_jsonl")
UPSERT_SAMPLE = 2000   # Store.upsert_articles inserts row by row: timed on this many articles only


@dataclass(frozen=True)
class StageResult:
    stage: str
    articles: int
    seconds: float
    peak_mb: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024   # bytes on macOS, KiB on Linux


def _run_stage(stage: str, db: str, workdir: str, n: int, queue) -> None:
    from pipeline.store import Store

    from corpus.synthetic import SyntheticCorpus
    from pipeline.gazetteer import provinces_63

    start = time.perf_counter()
    if stage == "store_upsert":   # the project's load path, in a throw-away database
        n = min(n, UPSERT_SAMPLE)
        with Store(str(Path(workdir) / "upsert.duckdb")) as store:
            store.upsert_articles(list(SyntheticCorpus(seed=0).articles(n, provinces_63())))
        queue.put(StageResult(stage, n, time.perf_counter() - start, _peak_mb()))
        return
    with Store(db) as store:
        if stage == "load":
            batch = []
            for article in SyntheticCorpus(seed=0).articles(n, provinces_63()):
                batch.append(article)
                if len(batch) >= 2000:
                    bulk_insert_articles(store, batch)
                    batch.clear()
            if batch:
                bulk_insert_articles(store, batch)
        elif stage == "dedup":
            from corpus.dedup import cluster_store

            cluster_store(store)
        elif stage == "relevance":
            from corpus.relevance import score_store

            score_store(store)
        else:
            from corpus.export import ExportOptions, export_corpus

            fmt = stage.split("_", 1)[1]
            export_corpus(store, ExportOptions(out=Path(workdir) / fmt, fmt=fmt, refresh=False))
    queue.put(StageResult(stage, n, time.perf_counter() - start, _peak_mb()))


_ARTICLE_COLUMNS = (("id", pa.string()), ("url", pa.string()), ("source_id", pa.string()),
                    ("province", pa.string()), ("province_2025", pa.string()), ("district", pa.string()),
                    ("published", pa.timestamp("us", tz="UTC")), ("title", pa.string()), ("lead", pa.string()),
                    ("author", pa.string()), ("text", pa.string()), ("content_sha256", pa.string()),
                    ("cms", pa.string()), ("fetched_at", pa.timestamp("us", tz="UTC")), ("warc_file", pa.string()),
                    ("warc_offset", pa.int64()))


def bulk_insert_articles(store, articles: list) -> None:
    """Insert articles through one Arrow table (Store.upsert_articles goes row by row: ~50 rows/s)."""
    rows = {name: [] for name, _ in _ARTICLE_COLUMNS}
    for a in articles:
        d = {**a.__dict__, "content_sha256": a.content_sha256}
        for name in rows:
            rows[name].append(d[name])
    table = pa.table({name: pa.array(rows[name], type=t) for name, t in _ARTICLE_COLUMNS})
    with store.transaction() as con:
        con.register("_articles", table)
        try:
            con.execute("INSERT OR REPLACE INTO articles SELECT * FROM _articles")
        finally:
            con.unregister("_articles")


def benchmark_corpus(n: int, workdir: str | Path, stages: tuple[str, ...] = STAGES) -> list[StageResult]:
    """Run the stages over n synthetic articles in a fresh database under workdir; one process per stage."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "bench.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    ctx = multiprocessing.get_context("spawn")
    results = []
    for stage in stages:
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_stage, args=(stage, str(db), str(workdir), n, queue))
        proc.start()
        result = None
        while result is None and (proc.is_alive() or not queue.empty()):
            try:
                result = queue.get(timeout=1)
            except Empty:
                pass
        proc.join()
        if result is None or proc.exitcode:
            raise RuntimeError(f"benchmark stage {stage} failed (exit code {proc.exitcode})")
        results.append(result)
    return results
