"""The Dask cluster the scale-out engines run on: a running scheduler, or a LocalCluster of worker processes."""
from __future__ import annotations

import logging
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class ScaleError(Exception):
    """The Dask engine could not start or reach its scheduler."""


@dataclass(frozen=True)
class ScaleOptions:
    """scheduler: a running scheduler ("tcp://host:8786"); None starts a LocalCluster of `workers` processes,
    one thread each (extraction is CPU-bound Python). staging: where workers write their Parquet partitions
    (on a real cluster a folder every worker and this process can reach; default: a temporary folder beside
    the database). retries: how often a task that raised is tried again (a worker that dies is handled by
    the scheduler, which runs its tasks elsewhere)."""

    scheduler: str | None = None
    workers: int = 2
    staging: Path | None = None
    retries: int = 2


@contextmanager
def dask_client(options: ScaleOptions):
    """A distributed.Client on the named scheduler, or on a LocalCluster started (and stopped) here."""
    from distributed import Client, LocalCluster

    if options.scheduler:
        try:
            client = Client(options.scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise ScaleError(f"cannot reach the Dask scheduler at {options.scheduler}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    if options.workers < 1:
        raise ScaleError(f"--workers wants 1 or more, not {options.workers}")
    with LocalCluster(n_workers=options.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client


def make_staging(db_path, options: ScaleOptions) -> Path:
    """A new folder for one run's Parquet partitions: under options.staging, else beside the database."""
    if options.staging is not None:
        Path(options.staging).mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="run-", dir=options.staging))
    parent = Path(db_path).parent if str(db_path) != ":memory:" else None
    return Path(tempfile.mkdtemp(prefix=".danvan-staging-", dir=parent))
