"""Dedup engines compared: articles/s and peak resident memory of the in-memory pass and the disk engine on
growing synthetic corpora, each run in a fresh process. Also checks that both give the same rows.

    python -m pipeline.dedup_bench --sizes 20000,100000,300000 --workdir /tmp/dedup-bench
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.corpus_bench import in_fresh_process, load_synthetic, peak_mb


@dataclass(frozen=True)
class EngineRun:
    engine: str
    articles: int
    seconds: float
    peak_mb: float
    rows: int
    fingerprint: str

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def _run(engine: str, db: str, store_memory: str, memory_limit: str, temp_dir: str, queue) -> None:
    from pipeline.store import Store

    with Store(db) as store:
        store.con.execute(f"SET memory_limit = '{store_memory}'")
        n = store.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        start = time.perf_counter()
        if engine == "local":
            from corpus.dedup import cluster_store

            cluster_store(store)
        else:
            from corpus.dedup_disk import DiskOptions, cluster_store_disk

            cluster_store_disk(store, disk=DiskOptions(memory_limit=memory_limit, temp_dir=Path(temp_dir)))
        seconds = time.perf_counter() - start
        peak = peak_mb()
        rows, fingerprint = store.con.execute(
            "SELECT count(*), md5(string_agg(concat_ws('|', article_id, cluster_id, canonical_id, kind, "
            "similarity), ',' ORDER BY article_id)) FROM article_clusters").fetchone()
    queue.put(EngineRun(engine, n, seconds, peak, rows, fingerprint))


def _load(db: Path, start: int, stop: int, queue) -> None:
    from pipeline.store import Store

    with Store(db) as store:
        load_synthetic(store, stop, start)
    queue.put(stop)


def benchmark_dedup(sizes: list[int], workdir: str | Path, engines: tuple[str, ...] = ("local", "duckdb"),
                    store_memory: str = "256MB", memory_limit: str = "512MB"):
    """Yield an EngineRun per size and engine; the store grows from one size to the next (the same seeded
    synthetic articles, corpus.synthetic, ~5% exact and ~5% edited copies)."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / "dedup-bench.duckdb"
    for suffix in ("", ".wal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    loaded = 0
    for n in sorted(sizes):
        loaded = in_fresh_process(_load, db, loaded, n)
        for engine in engines:
            yield in_fresh_process(_run, engine, str(db), store_memory, memory_limit, str(workdir))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,100000,300000")
    parser.add_argument("--workdir", default="data/dedup-bench")
    parser.add_argument("--engines", default="local,duckdb")
    parser.add_argument("--memory-limit", default="512MB", help="the disk engine's DuckDB memory_limit")
    parser.add_argument("--store-memory", default="256MB", help="the store's DuckDB memory_limit (both engines)")
    args = parser.parse_args(argv)
    print(f"{'articles':>9} {'engine':>7} {'seconds':>8} {'articles/s':>10} {'peak RSS MB':>11} {'rows':>7}  "
          "fingerprint", flush=True)
    for r in benchmark_dedup([int(s) for s in args.sizes.split(",")], args.workdir,
                             tuple(args.engines.split(",")), args.store_memory, args.memory_limit):
        print(f"{r.articles:>9} {r.engine:>7} {r.seconds:>8.1f} {r.per_second:>10.0f} {r.peak_mb:>11.0f} "
              f"{r.rows:>7}  {r.fingerprint[:12]}", flush=True)


if __name__ == "__main__":
    main()
