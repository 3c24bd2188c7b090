"""`danvan bench store` (bulk load, comparison queries) and `danvan bench search` (full-text search latency)."""
from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, print_table, progress


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
        with progress(f"benchmarking the store ({rows:,} figures)"):
            if db is not None:
                report = bench_store(db, options)
            else:
                with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
                    report = bench_store(Path(tmp) / "bench.duckdb", options)
    except FileExistsError as exc:
        raise fail(str(exc)) from None
    console.print(f"loaded {report.rows:,} figure rows in {report.load_seconds:.2f} s: "
                  f"{report.rows_per_second:,.0f} rows/s into figures (with its primary key); "
                  f"{report.plain_rows_per_second:,.0f} rows/s into a copy without constraints "
                  f"({report.articles:,} articles first, in {report.article_load_seconds:.2f} s)")
    console.print(f"analytics summary refreshed in {report.refresh_seconds:.2f} s")
    print_table(["query", "summary ms", "live views ms", "rows"],
                [(name, f"{ms:.1f}", f"{report.view_query_ms[name]:.1f}", report.result_rows[name])
                 for name, ms in report.query_ms.items()],
                title=f"Comparison queries over {report.rows:,} figures (median of {runs} runs; views: of "
                      f"{min(runs, 3)})")


@bench_app.command("search")
def bench_search_cmd(
    ctx: typer.Context,
    articles: int = typer.Option(100_000, "--articles", help="Synthetic articles (~500 words each)."),
    runs: int = typer.Option(7, "--runs", help="Runs of each query; the median is reported."),
    existing: bool = typer.Option(False, "--existing", help="Measure the store named by --db instead "
                                                             "(its search index is rebuilt)."),
) -> None:
    """Time the BM25 index build and search queries, with the index and with a plain substring scan.

    Example: danvan bench search --articles 100000
    """
    from pipeline.benchmarks import bench_search, synthetic_search_store
    from pipeline.commands.common import open_store
    from pipeline.search import SearchError

    if articles < 1 or runs < 1:
        raise fail("--articles and --runs must be positive")
    try:
        with progress("benchmarking search"):
            if existing:
                with open_store(ctx) as store:
                    report = bench_search(store, runs=runs)
            else:
                with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp:
                    with synthetic_search_store(Path(tmp) / "search.duckdb", articles) as store:
                        report = bench_search(store, runs=runs)
    except SearchError as exc:
        raise fail(str(exc)) from None
    console.print(f"BM25 index over {report.articles:,} articles built in {report.index_seconds:.2f} s")
    print_table(["query", "fts ms", "scan ms", "phrase hits"],
                [(q, f"{report.fts_ms[q]:.1f}", f"{report.scan_ms[q]:.1f}", report.hits[q]) for q in report.fts_ms],
                title=f"Search latency, top 20 (median of {runs})")


def register(app: typer.Typer) -> None:
    """Commands attach to bench_app on import; nothing to add to the main app."""
