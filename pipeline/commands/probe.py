"""`danvan probe URL`: what the crawler sees on one page (family and scores, links, next page, article fields)."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.common import console, fail, print_table


def probe(
    url: str = typer.Argument(..., help="The page to look at: a listing, a home page or an article."),
    cms: str = typer.Option("auto", "--cms", help="CMS family to use (auto: detect it from the page)."),
    file: Path = typer.Option(None, "--file", help="Read a saved copy of the page instead of fetching URL."),
    links: int = typer.Option(10, "--links", min=0, help="Article links to print."),
    chars: int = typer.Option(400, "--chars", min=0, help="Characters of the body to print."),
) -> None:
    """What the crawler sees on one page: the CMS family chosen and its scores, the article links found and by
    which method, the next page, the dân vận category of a home page, the title / date / lead / body, warnings.

    Example: danvan probe https://laichau.dcs.vn/news/dan-van/
    """
    from scrapers.probe import ProbeError, probe as probe_url

    try:
        body = file.read_bytes() if file is not None else None
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}") from None
    try:
        result = probe_url(url, cms=cms, body=body)
    except ProbeError as exc:
        raise fail(str(exc)) from None
    found, article = result.discovery, result.article
    scores = ", ".join(f"{name} {score:.2f}" for name, score in sorted(result.scores.items(), key=lambda kv: -kv[1]))
    console.print(f"{result.final_url}" + (f" (HTTP {result.status})" if result.status else ""))
    console.print(f"page: {result.kind}; family: {result.family} ({scores})")
    if found.home == "structure" and result.home is not None:  # a home page at an address of its own
        console.print(f"home page by its layout: {result.home.describe()}", highlight=False)
    if found.category:
        console.print(f"dân vận category from the menus: {found.category}")
        for other in found.categories[1:]:
            console.print(f"  also: {other}")
    console.print(f"article links: {len(found.links)} by {found.method}; next page: "
                  f"{found.next_page or '-'}" + (f" ({found.next_method})" if found.next_page else ""))
    if found.links and links:
        print_table(["#", "link"], [[i, u] for i, u in enumerate(found.links[:links], 1)])
    if article is not None:
        print_table(["field", "value"], [
            ["title", article.title], ["published", article.published.isoformat() if article.published else "-"],
            ["author", article.author or "-"], ["lead", (article.lead or "-")[:300]],
            ["body", f"{len(article.text)} characters: {article.text[:chars]}"],
            ["captions / attachments", f"{len(article.captions)} / {len(article.attachments)}"],
        ], title="As an article")
    else:
        console.print(f"not an article: {result.article_error}")
    for warning in result.warnings:
        console.print(f"warning: {warning}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("probe")(probe)
