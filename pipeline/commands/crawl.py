"""`danvan crawl`: fetch new articles from registry sources (or one ad-hoc site) into the WARC archive and the store."""
from __future__ import annotations

import threading
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, db_path, err_console, fail, plural, print_table, progress


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
    workers: int = typer.Option(None, "--workers", min=1, help="Sources crawled at once (default: "
                                "settings.CRAWL_WORKERS); a host still gets one request at a time."),
    state: Path = typer.Option(None, "--state", help="Crawl-state file (default: beside the store, "
                               "<db>.crawl.duckdb)."),
) -> None:
    """Crawl sources politely and incrementally: new articles go to the WARC archive and the store.

    A crawl stopped at any point resumes where it stopped when run again. The store is written in short
    batches, so `danvan query`, `compare` and `digest` work while a crawl runs. A source that yields
    nothing (no article, no link, no unchanged listing) is named and the command exits with code 1.

    Example: danvan crawl --source laichau-tinhuy --max-pages 3
    """
    from dataclasses import replace

    from common import settings
    from pipeline.orchestrate import StoreSink
    from pipeline.store import Store
    from scrapers.crawl import CrawlError, CrawlOptions, adhoc_source, crawl_sources
    from scrapers.fetch import FetchOptions
    from scrapers.registry import RegistryError, find_source, load_registry
    from scrapers.state import CrawlState, default_state_path

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
                           archive_dir=archive_dir or settings.ARCHIVE_DIR,
                           workers=workers or settings.CRAWL_WORKERS)
    fetch_options = FetchOptions(insecure_tls=insecure_tls)
    db = db_path(ctx)
    try:
        Store(db).close()  # created and migrated now; then opened only for each short batch
        crawl_state = CrawlState(state or default_state_path(db))
    except Exception as exc:  # noqa: BLE001 - a store or state file that cannot be opened: one line
        raise fail(str(exc).splitlines()[0]) from None

    with crawl_state, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                               TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("starting", total=None)
        done: dict[str, int] = {}
        lock = threading.Lock()

        def progress(kind: str, page_url: str, report) -> None:
            # the bar's total grows as listings reveal articles: pages handled + pages still queued
            with lock:  # sources report from their own worker threads
                n = done[report.source_id] = done.get(report.source_id, 0) + 1
                bar.update(task, completed=sum(done.values()), total=sum(done.values()) + report.pending,
                           description=f"[bold]{report.source_id}[/] {report.new_articles} new, "
                                       f"{report.failed} failed ({n} pages)")

        results = crawl_sources(crawl_state, sources, options, fetch_options, StoreSink(db), progress)

    rows, reasons, errors, silent = [], {}, [], []
    for sid, rep in results.items():
        if isinstance(rep, CrawlError):
            errors.append(str(rep))
            rows.append((sid, "-", "-", "-", "-", "not crawled", "-"))
            continue
        rows.append((sid, rep.pages_fetched, rep.listing_pages, rep.new_articles,
                     f"{rep.not_modified}" + (f" (+{rep.updated} updated)" if rep.updated else ""),
                     ", ".join(f"{r}: {n}" for r, n in sorted(rep.failures.items())) or "-",
                     ", ".join(f"{w}: {n}" for w, n in sorted(rep.warning_counts.items())) or "-"))
        for r, n in rep.failures.items():
            reasons[r] = reasons.get(r, 0) + n
        if rep.yielded_nothing:
            silent.append(sid)
    print_table(["source", "fetched", "listings", "new", "304", "failures", "warnings"], rows,
                title="Crawl summary")
    total_pages = sum(r[1] for r in rows if isinstance(r[1], int))
    total_new = sum(r[3] for r in rows if isinstance(r[3], int))
    deferred = sum(r.deferred for r in results.values() if not isinstance(r, CrawlError))
    console.print(f"{plural(total_pages, 'page')} fetched, {plural(total_new, 'new article')}, "
                  f"{plural(sum(reasons.values()), 'failure')}"
                  + (" (" + ", ".join(f"{r}: {n}" for r, n in sorted(reasons.items())) + ")" if reasons else "")
                  + (f", {plural(deferred, 'URL')} deferred to a later run (Retry-After)" if deferred else ""))
    for sid, rep in results.items():
        if isinstance(rep, CrawlError):
            continue
        for w in rep.warnings:
            if w.code in _RUN_WARNINGS:
                err_console.print(f"warning: {sid}: {w.code}: {w.detail}", highlight=False)
        for code, n in sorted(rep.warning_counts.items()):
            if code not in _RUN_WARNINGS:
                err_console.print(f"warning: {sid}: {code} on {plural(n, 'page')}",
                                  highlight=False)
    for e in errors:
        err_console.print(f"not crawled: {e}", highlight=False)
    if silent:
        raise fail(f"{plural(len(silent), 'source')} yielded nothing: {', '.join(silent)} "
                   "(see the warnings above and the crawl_warnings table)")
    if errors and len(errors) == len(results):
        raise typer.Exit(code=1)


# Warnings about a whole run, printed in full; the others (one per page) are counted.
_RUN_WARNINGS = ("listing_without_links", "all_fetches_failed", "nothing_fetched", "source_yielded_nothing")


def register(app: typer.Typer) -> None:
    """`danvan crawl`; `danvan bench crawl` hangs on bench_app (registered by pipeline.commands.bench)."""
    app.command()(crawl)


@bench_app.command("crawl")
def bench_crawl(
    site: Path = typer.Option(Path("tests/fixtures/crawl_site"), "--site", help="Folder of a static site to serve."),
    listing: str = typer.Option("/vi/news/dan-van/", "--listing", help="Listing path inside the site."),
    cms: str = typer.Option("nukeviet", "--cms", help="CMS family of the site (or auto)."),
    hosts: str = typer.Option(None, "--hosts", help="Instead: throughput against the number of hosts, e.g. "
                              "1,2,4,8 local servers crawled at once, each with --delay between two requests."),
    delay: float = typer.Option(0.25, "--delay", min=0.0, help="With --hosts: seconds between two requests to one host."),
    articles: int = typer.Option(6, "--articles", min=1, help="With --hosts: articles per host."),
    workers: int = typer.Option(None, "--workers", min=1, help="With --hosts: the crawl pool (default: one per "
                                "host; 1 crawls the hosts one after the other)."),
) -> None:
    """Crawler cost per page on a local static site, with no politeness delay: a first crawl, then a re-crawl.
    With --hosts: pages per second against the number of hosts, each host with its own delay.

    Each page is fetched, written to a WARC file, parsed, stored and extracted, as in `danvan crawl`.

    Example: danvan bench crawl --hosts 1,2,4,8 --delay 0.25
    """
    from pipeline.orchestrate import StoreSink
    from scrapers.crawl import CrawlError
    from scrapers.crawl_bench import BenchError, benchmark_crawl, benchmark_hosts

    sinks: list[StoreSink] = []

    def make_sink(folder: Path) -> StoreSink:
        sinks.append(StoreSink(folder / "bench.duckdb"))
        return sinks[-1]

    def print_held() -> None:
        held = sorted(t for s in sinks for t in s.held)
        if held:
            console.print(f"store held open per batch handed over: median {held[len(held) // 2] * 1000:.0f} ms, "
                          f"max {held[-1] * 1000:.0f} ms ({len(held)} batches); readers wait at most that long")

    if hosts:
        try:
            counts = [int(h) for h in hosts.split(",") if h.strip()]
        except ValueError:
            raise fail(f"--hosts takes numbers separated by commas, not {hosts!r}") from None
        if not counts or min(counts) < 1:
            raise fail("--hosts takes positive numbers, e.g. 1,2,4,8")
        runs = benchmark_hosts(counts, delay, articles, workers, make_sink)
        print_table(["hosts", "workers", "pages fetched", "new articles", "seconds", "pages/s"],
                    [(r.hosts, r.workers, r.pages, r.new_articles, f"{r.seconds:.2f}", f"{r.pages_per_second:.1f}")
                     for r in runs], title=f"Crawling N local hosts, {delay} s between two requests to one host")
        print_held()
        return
    try:
        with progress("benchmarking the crawler"):
            runs = benchmark_crawl(site, listing, cms, make_sink=make_sink)
    except (BenchError, CrawlError, OSError) as exc:
        raise fail(str(exc)) from None
    print_table(["run", "pages fetched", "new articles", "failures", "304", "seconds", "pages/s"],
                [(r.run, r.pages, r.new_articles, r.failures, r.not_modified, f"{r.seconds:.2f}",
                  f"{r.pages_per_second:.1f}") for r in runs], title=f"Crawling {site} on 127.0.0.1, no delay")
    print_held()
