"""Core commands: run, extract, load, query."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.commands.common import (console, dask_options, err_console, fail, open_store, plural, print_table,
                                      progress, scheduler_option, staging_option, vn_time, workers_option, write_rows)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err_console, transient=True, disable=not err_console.is_terminal)


def run(
    ctx: typer.Context,
    archive: Path = typer.Option(None, "--archive", help="WARC file or folder to process (default: the bundled sample)."),
    registry: Path = typer.Option(None, "--registry", help="Sources registry TOML for the archive."),
    category: str = typer.Option(None, "--category", help="Category shown in the final comparison (default: all)."),
) -> None:
    """Run the whole pipeline: archive -> articles -> figures -> DuckDB -> comparison table.

    With no archive named it runs on the bundled sample, offline.

    Example: danvan run
    """
    from corpus.warc import ArchiveError
    from pipeline.compare import CompareOptions, compare, table_view
    from pipeline.orchestrate import run_archive, sample_paths
    from scrapers.registry import RegistryError

    from extractors.records import CATEGORIES

    if category and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}")
    from pipeline.indicators import IndicatorError, indicator_for_category
    try:
        if category:
            indicator_for_category(category)   # fail before the run, not after it
    except IndicatorError as exc:
        raise fail(str(exc)) from None
    if archive is None:
        archive, default_registry = sample_paths()
        registry = registry or default_registry
    with open_store(ctx, create=True) as store:
        before = store.counts()
        with _progress() as progress:
            task = progress.add_task("extracting", total=None)
            try:
                report = run_archive(store, archive, registry, progress=lambda n: progress.advance(task, n))
            except (ArchiveError, RegistryError) as exc:
                raise fail(str(exc)) from None
        after = store.counts()
        console.print(f"{plural(report.articles, 'article')}, {plural(report.figures, 'figure')}, "
                      f"{plural(report.documents, 'document mention')} loaded into {store.path}")
        if report.skipped:
            console.print("skipped pages: " + ", ".join(f"{k}: {v}" for k, v in sorted(report.skipped.items())))
        changed = {t: (before.get(t, 0), n) for t, n in after.items() if before.get(t, 0) != n}
        console.print("row counts: " + ", ".join(f"{t}={n}" for t, n in after.items() if t != "schema_version")
                      + ("" if changed else "  (unchanged)"))
        cols, rows = compare(store, CompareOptions(category=category))
        print_table(*table_view(cols, rows), title="Reported totals by province × year × indicator (danvan compare)")


def extract(
    ctx: typer.Context,
    jsonl: Path = typer.Option(None, "--jsonl", help="Input JSONL: {id, text, published?, province?, url?} per line."),
    out: Path = typer.Option(None, "--out", help="Output JSONL: {id, figures, documents, persons} per line."),
    from_archive: Path = typer.Option(None, "--from-archive", help="Re-parse this WARC file, folder or glob and store "
                                      "the results in the database under --extractor-version."),
    registry: Path = typer.Option(None, "--registry", help="Sources registry TOML for --from-archive."),
    extractor_version: str = typer.Option(None, "--extractor-version", help="Version label for --from-archive "
                                          "results (default: the extractor's own); other versions are kept."),
    ner: bool = typer.Option(False, "--ner", help="Also run underthesea NER on award and title sentences the "
                             "rules leave without an authority or a name (slower)."),
    engine: str = typer.Option("local", "--engine", help="local (one process) | dask (one task per WARC file; "
                               "for --from-archive)."),
    scheduler: str = scheduler_option(),
    workers: int = workers_option(),
    staging: Path = staging_option(),
) -> None:
    """Extract figures, documents and persons from texts in a JSONL file, or re-extract a WARC archive.

    Example: danvan extract --jsonl passages.jsonl --out extracted.jsonl

    Example: danvan extract --from-archive data/warc --extractor-version 0.2.0-test

    Example: danvan extract --from-archive 'data/warc/*.warc.gz' --engine dask --workers 2
    """
    from extractors.extract import Extractor, ExtractInputError, ExtractorOptions, read_inputs

    scale = dask_options(engine, scheduler, workers, staging)
    if from_archive is not None:
        if scale is not None:
            if out is not None:
                raise fail("--out is for --engine local; read the results from the store")
            _extract_on_dask(ctx, from_archive, registry, extractor_version, scale)
        else:
            _extract_from_archive(ctx, from_archive, registry, extractor_version, out)
        return
    if scale is not None:
        raise fail("--engine dask works on an archive: name it with --from-archive")
    if jsonl is None:
        raise fail("name the input with --jsonl IN.jsonl (or an archive with --from-archive)")
    if out is None:
        raise fail("name the output with --out OUT.jsonl")
    extractor = Extractor(ExtractorOptions(ner=ner))
    n = 0
    partial = out.with_name(out.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as fh, progress("extracting texts") as advance:
            for item in read_inputs(jsonl):
                ex = extractor.extract(item.text, id=item.id, published=item.published)
                fh.write(json.dumps(ex.as_dict(), ensure_ascii=False) + "\n")
                n += 1
                advance(1)
        partial.replace(out)  # an existing OUT is only replaced by a complete run
    except (OSError, ExtractInputError) as exc:
        partial.unlink(missing_ok=True)
        raise fail(str(exc)) from None
    console.print(f"{plural(n, 'text')} extracted to {out}")


def _extract_from_archive(ctx: typer.Context, archive: Path, registry: Path | None, version: str | None,
                          out: Path | None) -> None:
    from corpus.reextract import reextract_archive
    from corpus.warc import ArchiveError
    from pipeline.orchestrate import known_sources
    from pipeline.store import StoreError
    from scrapers.registry import RegistryError

    with open_store(ctx) as store, _progress() as progress:
        task = progress.add_task("re-extracting", total=None)
        try:
            report = reextract_archive(store, archive, known_sources(store, registry), version, out,
                                       progress=lambda n: progress.advance(task, n))
        except (ArchiveError, RegistryError, StoreError, OSError) as exc:
            raise fail(str(exc)) from None
    _print_reextract(report)


def _extract_on_dask(ctx: typer.Context, archive: Path, registry: Path | None, version: str | None,
                     options) -> None:
    import duckdb

    from corpus.warc import ArchiveError
    from pipeline.commands.common import db_path
    from pipeline.orchestrate import known_sources
    from pipeline.scale import ScaleError, reextract_distributed
    from pipeline.store import StoreError
    from scrapers.registry import RegistryError

    with open_store(ctx) as store:      # held briefly: the load at the end opens it again
        try:
            sources = known_sources(store, registry)
        except RegistryError as exc:
            raise fail(str(exc)) from None
    with _progress() as progress:
        task = progress.add_task("re-extracting on dask", total=None)
        try:
            report = reextract_distributed(db_path(ctx), archive, sources, version, options,
                                           progress=lambda n: progress.advance(task, n))
        except (ArchiveError, ScaleError, StoreError, OSError, duckdb.Error) as exc:
            raise fail(str(exc).splitlines()[0]) from None
    _print_reextract(report)
    for file, why in sorted(report.failed.items()):
        err_console.print(f"Skipped {file}: {why}", highlight=False)


def _print_reextract(report) -> None:
    console.print(f"{report.articles} articles re-extracted as version {report.version} "
                  f"({report.new_articles} new, {report.changed_text} with a changed body): "
                  f"{report.figures} figures, {report.documents} document mentions, {report.persons} persons")
    if report.skipped:
        console.print("skipped pages: " + ", ".join(f"{k}: {v}" for k, v in sorted(report.skipped.items())))


def load(
    ctx: typer.Context,
    articles: Path = typer.Argument(..., help="JSONL of article records (corpus.records.Article.as_dict)."),
    province: str = typer.Option(None, "--province", help="Province for articles that carry none."),
    allow_unknown_province: bool = typer.Option(False, "--allow-unknown-province",
                                                help="Keep province names the gazetteer does not know, as written "
                                                     "(they stay out of the 34-province view)."),
) -> None:
    """Load article records into the store, extracting their figures: the whole file or nothing. Idempotent.

    Every line is checked first (types, ISO dates, naive times read as +07:00, ids matching their URLs, known
    provinces); any bad line is named and nothing is stored.

    Example: danvan load articles.jsonl --province "Bến Tre"
    """
    import duckdb

    from corpus.validate import ArticleFileError, ProvincePolicy, read_articles
    from pipeline.compare import refresh_analytics
    from pipeline.orchestrate import load_articles
    from pipeline.store import StoreError

    if not articles.exists():
        raise fail(f"no file {articles}")
    try:
        records = read_articles(articles, ProvincePolicy(province, allow_unknown_province))
    except ArticleFileError as exc:
        for problem in exc.problems:
            err_console.print(problem, highlight=False, markup=False)
        raise fail(str(exc)) from None
    with open_store(ctx, create=True) as store:
        try:
            with progress("loading articles", total=len(records)) as advance:
                report = load_articles(store, records, atomic=True, progress=advance)
        except (StoreError, duckdb.Error) as exc:
            raise fail(f"{articles}: not loaded, nothing stored ({str(exc).splitlines()[0]})") from None
        refresh_analytics(store)
    console.print(f"{plural(report.articles, 'article')}, {plural(report.figures, 'figure')} loaded")


def query(
    ctx: typer.Context,
    sql: str = typer.Argument(..., help="One read-only statement: SELECT, WITH … SELECT, DESCRIBE, SHOW or "
                                        "EXPLAIN (see docs/security.md)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | json"),
    timeout: float = typer.Option(60.0, "--timeout", help="Stop the statement after this many seconds."),
    memory_limit: str = typer.Option("2GB", "--memory-limit",
                                     help="Memory the statement may use (500MB, 4GB); nothing spills to disk."),
    max_rows: int = typer.Option(100_000, "--max-rows", help="Return at most this many rows (0: all)."),
) -> None:
    """Run one read-only SQL statement against the store, in a sandbox: no file, network or settings access,
    bounded time, memory and rows. Timestamps are shown in Vietnam time (+07:00).

    Example: danvan query "SELECT province, count(*) FROM articles GROUP BY 1"
    """
    from pipeline.commands.common import existing_db
    from pipeline.query import Limits, QueryError, run_query

    if fmt not in ("table", "csv", "json"):
        raise fail(f"--format must be table, csv or json, not {fmt!r}")
    try:
        result = run_query(existing_db(ctx), sql, Limits(timeout=timeout, memory_limit=memory_limit,
                                                         max_rows=max_rows))
    except QueryError as exc:
        raise fail(str(exc)) from None
    if fmt in ("csv", "json"):
        write_rows(result.columns, result.rows, fmt)
    else:
        print_table(result.columns, [[vn_time(v) for v in r] for r in result.rows])
    if result.truncated:
        err_console.print(f"only the first {plural(max_rows, 'row')} shown (--max-rows; 0 shows all)",
                          highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command()(run)
    app.command()(extract)
    app.command()(load)
    app.command()(query)
