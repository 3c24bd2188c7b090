"""`danvan bench extract --engine dask`: re-extraction throughput on Dask with 1, 2, … workers, on a generated
archive, and the scaling ratio against one worker."""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ScaleBenchResult:
    workers: int
    pages: int
    files: int
    start_s: float       # cluster up and the extractor loaded on every worker
    tasks_s: float       # all WARC files parsed, extracted and written as Parquet
    load_s: float        # the store's one-transaction load
    total_s: float       # the whole call, start to load
    cpu_s: float         # CPU seconds the workers spent on the tasks
    load_average: float  # the machine's 1-minute load average just before the run

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.tasks_s if self.tasks_s else 0.0

    @property
    def cores_busy(self) -> float:
        """CPU seconds per second of the task phase: how many cores the workers actually got."""
        return self.cpu_s / self.tasks_s if self.tasks_s else 0.0

    @property
    def pages_per_cpu_s(self) -> float:
        return self.pages / self.cpu_s if self.cpu_s else 0.0

    @property
    def pages_per_s_total(self) -> float:
        return self.pages / self.total_s if self.total_s else 0.0


def bench_scale(pages: int, workers: list[int], workdir: str | Path, files: int = 40,
                scheduler: str | None = None) -> list[ScaleBenchResult]:
    """Generate `pages` synthetic pages in `files` WARC files under workdir (kept for the next run when the
    same size is asked again), then re-extract them on Dask once per worker count, each into a fresh database.
    scheduler: time a running cluster instead (then `workers` only labels the rows)."""
    from corpus.synthetic import write_archive
    from pipeline.scale import ScaleOptions, reextract_distributed
    from scrapers.registry import load_registry

    workdir = Path(workdir)
    folder = workdir / f"archive-{pages}-{files}"
    stamp = folder / "complete"
    if not stamp.exists():
        write_archive(folder, pages, files=files, seed=11)
        stamp.write_text("ok\n", encoding="utf-8")
    sources = load_registry(folder / "bench_sources.toml")
    results = []
    for n in workers:
        db = workdir / f"scale-{n}.duckdb"
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        load = os.getloadavg()[0]
        timings: dict[str, float] = {}
        start = time.perf_counter()
        report = reextract_distributed(db, folder, sources, version="bench",
                                       options=ScaleOptions(scheduler=scheduler, workers=n), timings=timings)
        total = time.perf_counter() - start
        if report.failed:
            raise RuntimeError(f"benchmark files failed: {report.failed}")
        results.append(ScaleBenchResult(n, report.articles, files, timings["start"], timings["tasks"],
                                        timings["load"], total, timings["task_cpu"], load))
    return results
