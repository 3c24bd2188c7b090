"""Research corpus commands: export, dedup, relevance."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from pipeline.versions import sort_versions
from pipeline.commands.common import (console, dask_options, db_path, fail, open_store, plural, print_table, progress,
                                      say, scheduler_option, staging_option, store_writable, workers_option)


def export(
    ctx: typer.Context,
    out: Path = typer.Option(..., "--out", help="Output folder (created when missing)."),
    fmt: str = typer.Option("parquet", "--format", help="parquet | jsonl (the corpus) | xlsx (facts and their "
                            "evidence as an Excel workbook, facts.xlsx)."),
    since: str = typer.Option(None, "--since", help="Only articles published on or after YYYY-MM-DD."),
    province: str = typer.Option(None, "--province", help="Only one province (a pre- or post-2025 name)."),
    refresh: bool = typer.Option(True, "--refresh/--no-refresh",
                                 help="Recompute duplicate clusters and missing relevance scores first "
                                 "(--no-refresh reads the store read-only)."),
    extractor_version: str = typer.Option(None, "--extractor-version", help="Figures and mentions of this "
                                          "extractor version only (parquet/jsonl default: every version; xlsx "
                                          "default: the newest, ordered as versions)."),
) -> None:
    """Export the research corpus (articles, figures, documents, mentions) with a dataset card README.md,
    or the facts with their evidence as an Excel workbook.

    Example: danvan export --format parquet --out corpus-2024 --since 2024-01-01 --province "Bến Tre"

    Example: danvan export --format xlsx --out exports/ --province "Bến Tre"
    """
    from corpus.export import ExportError, ExportOptions, export_corpus

    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise fail(f"--since wants a date as YYYY-MM-DD, not {since!r}") from None
    if fmt not in ("parquet", "jsonl", "xlsx"):
        raise fail(f"unknown format {fmt!r}; one of: parquet, jsonl, xlsx")
    writable = store_writable(db_path(ctx))
    if refresh and fmt != "xlsx" and not writable:
        raise fail(f"the store {db_path(ctx)} is read-only: add --no-refresh to export it as it is")
    if fmt == "xlsx":
        _export_facts(ctx, out, day, province, extractor_version)
        return
    options = ExportOptions(out=out, fmt=fmt, since=day, province=province, refresh=refresh,
                            extractor_version=extractor_version)
    with open_store(ctx, read_only=not refresh) as store, progress(f"exporting to {out}"):
        if extractor_version:
            stored = [r[0] for r in store.con.execute("SELECT DISTINCT extractor_version FROM figures").fetchall()]
            if extractor_version not in stored:
                raise fail(f"no figures of extractor version {extractor_version!r}; stored: "
                           f"{', '.join(sort_versions(stored)) or 'none'}")
        try:
            report = export_corpus(store, options)
        except (ExportError, OSError) as exc:
            raise fail(str(exc)) from None
    print_table(["file", "rows"], [(p.name, report.counts.get(p.name.split(".")[0], "")) for p in report.files],
                title=f"Corpus exported to {out}")


def _export_facts(ctx: typer.Context, out: Path, since, province: str | None, version: str | None) -> None:
    from pipeline.excel import ExcelError, export_facts

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"cannot create {out}: {exc.strerror or exc}") from None
    with open_store(ctx, read_only=True) as store, progress("writing facts.xlsx"):
        try:
            path, facts, evidence = export_facts(store, out / "facts.xlsx", province=province, since=since,
                                                 extractor_version=version)
        except (ExcelError, OSError) as exc:
            raise fail(str(exc)) from None
    say(f"{plural(facts, 'fact')} with {plural(evidence, 'evidence row')} written to {path}")
    if not facts:
        say("Note: no facts: the store holds no figures with a period and a province"
            + (f" for {province}" if province else "") + (f" reported since {since}" if since else ""), err=True)


def dedup(
    ctx: typer.Context,
    threshold: float = typer.Option(None, "--threshold", min=0.0, max=1.0,
                                    help="Estimated Jaccard of 5-word shingles for a near copy (default 0.5)."),
    engine: str = typer.Option("local", "--engine", help="local (one process, in memory) | duckdb (the LSH index "
                               "on disk: memory does not grow with the corpus) | dask (signatures per partition, "
                               "LSH bands shuffled on Dask). The same clusters."),
    scheduler: str = scheduler_option(),
    workers: int = workers_option(),
    staging: Path = staging_option(),
    memory_limit: str = typer.Option(None, "--memory-limit", help="--engine duckdb: DuckDB's memory limit for the "
                                     "work database, beyond which it spills to --temp-dir (default 1GB)."),
    temp_dir: Path = typer.Option(None, "--temp-dir", help="--engine duckdb: folder for the work database and "
                                  "spill files (default: beside the store); removed at the end."),
) -> None:
    """Group exact and near-duplicate articles into clusters, each with a canonical article. Drops nothing.

    Example: danvan dedup --threshold 0.5

    Example: danvan dedup --engine duckdb --memory-limit 1GB --temp-dir /var/tmp

    Example: danvan dedup --engine dask --workers 2
    """
    from corpus.dedup import DedupOptions, cluster_store
    from corpus.distributed import ScaleError

    if engine not in ("local", "duckdb", "dask"):
        raise fail(f"--engine wants local, duckdb or dask, not {engine!r}")
    if engine != "duckdb" and (memory_limit or temp_dir):
        raise fail("--memory-limit and --temp-dir need --engine duckdb")
    scale = dask_options("local" if engine == "duckdb" else engine, scheduler, workers, staging)
    options = DedupOptions() if threshold is None else DedupOptions(threshold=threshold)
    with open_store(ctx) as store, progress("grouping duplicates"):
        if scale is not None:
            from corpus.dedup_dask import cluster_store_dask

            try:
                report = cluster_store_dask(store, options, scale)
            except (ScaleError, OSError) as exc:
                raise fail(str(exc)) from None
        elif engine == "duckdb":
            from corpus.dedup_disk import DiskDedupError, DiskOptions, cluster_store_disk

            disk = DiskOptions(memory_limit=memory_limit or DiskOptions.memory_limit, temp_dir=temp_dir)
            try:
                report = cluster_store_disk(store, options, disk)
            except (DiskDedupError, OSError) as exc:
                raise fail(str(exc)) from None
        else:
            report = cluster_store(store, options)
    console.print(f"{plural(report.articles, 'article')}: {plural(report.clusters, 'cluster')} with copies, "
                  f"{report.exact} exact and {report.near} near copies; "
                  f"{report.too_short} bodies too short to compare")


def relevance(
    ctx: typer.Context,
    rescore: bool = typer.Option(False, "--rescore", help="Score every article again, not only unscored ones."),
) -> None:
    """Score every article for relevance to công tác dân vận (a column; nothing is dropped).

    Example: danvan relevance
    """
    from corpus.relevance import RelevanceError, score_store

    with open_store(ctx) as store, progress("scoring relevance"):
        try:
            report = score_store(store, rescore=rescore)
        except RelevanceError as exc:
            raise fail(str(exc)) from None
    console.print(f"{plural(report.scored, 'article')} scored with {report.model_version} "
                  f"({report.already} already had a score from it)")


def register(app: typer.Typer) -> None:
    app.command()(export)
    app.command()(dedup)
    app.command()(relevance)
