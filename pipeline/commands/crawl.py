"""`danvan crawl`: fetch new articles from registry sources (or one ad-hoc site) into the WARC archive and the store."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, err_console, fail, open_store, print_table


def crawl(
    ctx: typer.Context,
    source: list[str] = typer.Option(None, "--source", help="Registry source id (repeat for several)."),
    all_sources: bool = typer.Option(False, "--all", help="Every source in the registry."),
    url: str = typer.Option(None, "--url", help="Ad-hoc: a listing page of a site not in the registry."),
    province: str = typer.Option(None, "--province", help="Ad-hoc: the site's pre-2025 province (any spelling)."),
    cms: str = typer.Option("auto", "--cms", help="Ad-hoc: CMS family, or auto to detect it from the page."),
    max_pages: int = typer.Option(None, "--max-pages", min=1, help="Listing pages walked per listing URL."),
    max_articles: int = typer.Option(None, "--max-articles", min=1, help="New articles fetched per source."),
    delay: float = typer.Option(None, "--delay", min=0.0, help="Seconds between requests to one host "
                                "(default: the source's crawl_delay)."),
    registry: Path = typer.Option(None, "--registry", help="Sources registry TOML (default: scrapers/sources.toml)."),
    archive_dir: Path = typer.Option(None, "--archive-dir", help="WARC folder (default: settings.ARCHIVE_DIR)."),
    insecure_tls: bool = typer.Option(False, "--insecure-tls", help="Skip TLS certificate checks (logged)."),
) -> None:
    """Crawl sources politely and incrementally: new articles go to the WARC archive and the store.

    A crawl stopped at any point resumes where it stopped when run again.

    Example: danvan crawl --source laichau-tinhuy --max-pages 3
    """
    from dataclasses import replace

    from common import settings
    from scrapers.crawl import CrawlError, CrawlOptions, adhoc_source, crawl_sources
    from scrapers.fetch import FetchOptions
    from scrapers.registry import RegistryError, find_source, load_registry

    modes = sum([bool(source), all_sources, bool(url)])
    if modes != 1:
        raise fail("name what to crawl: --source ID, --all, or --url URL --province NAME")
    try:
        if url:
            if not province:
                raise fail("an ad-hoc crawl needs --province (the site's pre-2025 province)")
            sources = [adhoc_source(url, province, cms)]
        else:
            known = load_registry(registry)
            sources = known if all_sources else [find_source(s, known) for s in source]
    except (RegistryError, CrawlError) as exc:
        raise fail(str(exc)) from None
    if delay is not None:
        sources = [replace(s, crawl_delay=delay) for s in sources]
    options = CrawlOptions(max_pages=max_pages, max_articles=max_articles,
                           archive_dir=archive_dir or settings.ARCHIVE_DIR)
    fetch_options = FetchOptions(insecure_tls=insecure_tls)

    with open_store(ctx, create=True) as store, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                            TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("starting", total=None)
        done: dict[str, int] = {}

        def progress(kind: str, page_url: str, report) -> None:
            # the bar's total grows as listings reveal articles: pages handled + pages still queued
            n = done[report.source_id] = done.get(report.source_id, 0) + 1
            bar.update(task, completed=n, total=n + report.pending,
                       description=f"[bold]{report.source_id}[/] {report.new_articles} new, {report.failed} failed")

        results = crawl_sources(store, sources, options, fetch_options, progress)

    rows, reasons, errors = [], {}, []
    for sid, rep in results.items():
        if isinstance(rep, CrawlError):
            errors.append(str(rep))
            rows.append((sid, "-", "-", "-", "-", "not crawled"))
            continue
        rows.append((sid, rep.pages_fetched, rep.listing_pages, rep.new_articles, rep.not_modified,
                     ", ".join(f"{r}: {n}" for r, n in sorted(rep.failures.items())) or "-"))
        for r, n in rep.failures.items():
            reasons[r] = reasons.get(r, 0) + n
    print_table(["source", "fetched", "listings", "new", "304", "failures"], rows, title="Crawl summary")
    total_pages = sum(r[1] for r in rows if isinstance(r[1], int))
    total_new = sum(r[3] for r in rows if isinstance(r[3], int))
    console.print(f"[bold]{total_pages}[/] pages fetched, [bold]{total_new}[/] new articles, "
                  f"[bold]{sum(reasons.values())}[/] failures"
                  + (" (" + ", ".join(f"{r}: {n}" for r, n in sorted(reasons.items())) + ")" if reasons else ""))
    for e in errors:
        err_console.print(f"[yellow]not crawled:[/] {e}", highlight=False)
    if errors and len(errors) == len(results):
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """`danvan crawl`; `danvan bench crawl` hangs on bench_app (registered by pipeline.commands.bench)."""
    app.command()(crawl)


@bench_app.command("crawl")
def bench_crawl(
    site: Path = typer.Option(Path("tests/fixtures/crawl_site"), "--site", help="Folder of a static site to serve."),
    listing: str = typer.Option("/vi/news/dan-van/", "--listing", help="Listing path inside the site."),
    cms: str = typer.Option("nukeviet", "--cms", help="CMS family of the site (or auto)."),
) -> None:
    """Crawler cost per page on a local static site, with no politeness delay: a first crawl, then a re-crawl.

    Each page is fetched, written to a WARC file, parsed, stored and extracted, as in `danvan crawl`.

    Example: danvan bench crawl --site tests/fixtures/crawl_site
    """
    from scrapers.crawl import CrawlError
    from scrapers.crawl_bench import BenchError, benchmark_crawl

    try:
        runs = benchmark_crawl(site, listing, cms)
    except (BenchError, CrawlError, OSError) as exc:
        raise fail(str(exc)) from None
    print_table(["run", "pages fetched", "new articles", "failures", "304", "seconds", "pages/s"],
                [(r.run, r.pages, r.new_articles, r.failures, r.not_modified, f"{r.seconds:.2f}",
                  f"{r.pages_per_second:.1f}") for r in runs], title=f"Crawling {site} on 127.0.0.1, no delay")
