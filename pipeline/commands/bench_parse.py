"""`danvan bench parse`: our CMS adapters beside trafilatura + htmldate on the gold fixture pages."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, print_table


@bench_app.command("parse")
def bench_parse(
    gold: Path = typer.Option(Path("tests/fixtures/sites/gold.jsonl"), "--gold",
                              help="Gold JSONL (path, url, family, title, published, body); page paths relative to it."),
    repeat: int = typer.Option(3, "--repeat", min=1, help="Timed passes over the pages (pages/s averages them)."),
    pages: bool = typer.Option(False, "--pages", help="Also print the score of every page."),
    fallback: bool = typer.Option(True, "--fallback/--no-fallback",
                                  help="Also score our generic adapter alone on every page."),
    real: Path = typer.Option(Path("../shared/sites/real_pages"), "--real",
                              help="Folder of real pages with gold.json (scored and timed side by side when present)."),
) -> None:
    """Body-text F1, date accuracy and pages/s of our adapters and of trafilatura + htmldate, same pages.

    When ../shared/sites/real_pages is present (or --real DIR), its real news pages are scored and timed too:
    titles, dates, body recall, leaked boilerplate, listing pages refused, and the median time per page.

    Example: danvan bench parse --repeat 3 --pages
    """
    from scrapers.evaluate import (PAGE_COLUMNS, REAL_COLUMNS, SUMMARY_COLUMNS, EvaluationError, benchmark_parse,
                                   benchmark_real)

    try:
        result = benchmark_parse(gold, repeat=repeat, with_fallback=fallback)
    except (EvaluationError, OSError) as exc:
        raise fail(str(exc)) from None
    if pages:
        print_table(PAGE_COLUMNS, result.page_rows(), title=f"Per page ({result.gold})")
    print_table(SUMMARY_COLUMNS, result.summary_rows(), title=f"Parsing {len(result.ours.pages)} gold pages")
    verdict = "at least as good as" if result.ours_at_least_as_good else "WORSE than"
    console.print(f"danvan adapters are {verdict} trafilatura + htmldate on body F1 and date accuracy.")
    if not (real / "gold.json").is_file():
        console.print(f"(no real pages at {real}: pass --real DIR to time the parsers on real news pages)")
        return
    try:
        bench = benchmark_real(real, repeat=repeat)
    except (EvaluationError, OSError) as exc:
        raise fail(str(exc)) from None
    print_table(REAL_COLUMNS, bench.rows(),
                title=f"Real pages ({real}): {bench.ours.articles} articles, {bench.ours.listings} listings")
    console.print(f"Per page, danvan takes a median {bench.median_ratio:.2f}x the time of trafilatura + htmldate.")


def register(app: typer.Typer) -> None:
    """The command hangs on bench_app (registered by pipeline.commands.bench); nothing to add to the app."""
