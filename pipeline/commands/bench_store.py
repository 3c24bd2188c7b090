"""`danvan bench store`: bulk-load speed and comparison-query latency on synthetic figures."""
from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, print_table


@bench_app.command("store")
def bench_store_cmd(
    rows: int = typer.Option(10_000_000, "--rows", help="Figure rows to synthesise (one article per ten)."),
    runs: int = typer.Option(7, "--runs", help="Runs of each query; the median is reported."),
    db: Path = typer.Option(None, "--keep", help="Write the benchmark database here and keep it "
                                                 "(default: a temporary file, removed afterwards)."),
) -> None:
    """Synthesise figure rows, bulk-load them through Arrow and time the comparison query.

    Targets on a 2-core machine: load >= 1M rows/s, comparison query < 200 ms.

    Example: danvan bench store --rows 1000000
    """
    from pipeline.benchmarks import StoreBenchOptions, bench_store

    if rows < 1 or runs < 1:
        raise fail("--rows and --runs must be positive")
    options = StoreBenchOptions(rows=rows, runs=runs)
    try:
        if db is not None:
            report = bench_store(db, options)
        else:
            with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
                report = bench_store(Path(tmp) / "bench.duckdb", options)
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    console.print(f"loaded {report.rows:,} figure rows in {report.load_seconds:.2f} s: "
                  f"[bold]{report.rows_per_second:,.0f} rows/s[/] "
                  f"({report.articles:,} articles first, in {report.article_load_seconds:.2f} s)")
    print_table(["query", "median ms", "rows"],
                [(name, f"{ms:.1f}", report.result_rows[name]) for name, ms in report.query_ms.items()],
                title=f"Comparison queries over {report.rows:,} figures (median of {runs})")


def register(app: typer.Typer) -> None:
    """Commands attach to bench_app on import; nothing to add to the main app."""
