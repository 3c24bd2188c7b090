"""Analytics commands: compare provinces, search articles."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.common import console, fail, open_store, print_table


def compare_cmd(
    ctx: typer.Context,
    category: str = typer.Option(None, "--category", help="One category: its default indicator (see `danvan indicators`)."),
    indicator: str = typer.Option(None, "--indicator", help="One indicator by name (see `danvan indicators`)."),
    show_alternatives: bool = typer.Option(False, "--show-alternatives",
                                           help="Add the reported values not chosen, with their evidence."),
    years: str = typer.Option(None, "--years", help="Years, e.g. 2020-2024."),
    geography: str = typer.Option("1963", "--geography", help="1963: the 63 pre-2025 provinces; 2025: the 34."),
    per_coverage: bool = typer.Option(False, "--per-coverage",
                                      help="Add the value per 100 articles crawled in the province."),
    fmt: str = typer.Option("table", "--format", help="table | csv | parquet | png (a chart)."),
    out: Path = typer.Option(None, "--out", help="Output file (needed for parquet and png; csv defaults to stdout)."),
) -> None:
    """Compare provinces: each indicator's reported total by province × year.

    `value` is the total a province reported (money in đồng, rates in %), never a sum of totals, parts and
    changes; when sources disagree the value most sources report wins (then the latest) and `agree` is false;
    `period_span` names a part of the year (H1, 9M, Q1) when no full-year figure exists.

    Example: danvan compare --category model --years 2020-2024 --geography 2025 --format png --out models.png
    """
    from extractors.records import CATEGORIES
    from pipeline.indicators import indicators
    from pipeline.compare import FORMATS, CompareOptions, compare, parse_years, table_view, write_comparison
    from pipeline.store import StoreError

    if category and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}")
    if indicator and indicator not in indicators():
        raise fail(f"unknown indicator {indicator!r}; one of: {', '.join(indicators())}")
    if fmt not in FORMATS:
        raise fail(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    if fmt in ("parquet", "png") and out is None:
        raise fail(f"--format {fmt} needs --out FILE")
    try:
        opts = CompareOptions(category=category, indicator=indicator, show_alternatives=show_alternatives,
                              years=parse_years(years) if years else None, geography=geography,
                              per_coverage=per_coverage)
    except ValueError as exc:
        raise fail(str(exc)) from None
    with open_store(ctx, read_only=True) as store:
        try:
            cols, rows = compare(store, opts)
        except (ValueError, StoreError) as exc:
            raise fail(str(exc)) from None
    title = f"Reported totals by province ({'34' if geography == '2025' else '63'}) × year"
    if fmt == "table":
        print_table(*table_view(cols, rows), title=title)
        return
    try:
        write_comparison(cols, rows, fmt, out, title=title)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    if out is not None:
        console.print(f"{len(rows)} rows written to {out}")


def search_cmd(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find; articles with the exact phrase rank first."),
    province: str = typer.Option(None, "--province", help="Only this province (any spelling: \"TP. HCM\")."),
    geography: str = typer.Option("1963", "--geography", help="Which key --province matches: 1963 or 2025."),
    limit: int = typer.Option(20, "--limit", help="At most this many articles."),
    phrase: bool = typer.Option(False, "--phrase", help="Only articles containing the exact phrase."),
) -> None:
    """Full-text search over articles (BM25 index, rebuilt when the articles changed).

    Example: danvan search "tiếp công dân" --province "Bến Tre" --limit 10
    """
    from pipeline.search import SearchError, SearchOptions, search

    opts = SearchOptions(query=query, province=province, geography=geography, limit=limit, phrase=phrase)
    with open_store(ctx) as store:
        try:
            result = search(store, opts)
        except SearchError as exc:
            raise fail(str(exc)) from None
    rows = [(h.published.date() if h.published else "", h.province or "", f"{h.score:.3f}", h.title, h.snippet,
             h.url) for h in result.hits]
    note = " (index rebuilt)" if result.refreshed else ""
    print_table(["published", "province", "score", "title", "snippet", "url"], rows,
                title=f"{len(rows)} articles for {query!r} (method: {result.method}{note})")


def indicators_cmd(
    category: str = typer.Option(None, "--category", help="Only the indicators of this category."),
    evaluate: Path = typer.Option(None, "--evaluate", help="A test set folder (articles.jsonl + expected.csv): "
                                  "print role accuracy, the indicator table against the expected one, and the "
                                  "old sums beside the new values."),
) -> None:
    """List the indicators `danvan compare` computes (pipeline/indicators.toml): name, label, category,
    kind (count, rate, money), accepted units, and whether it is its category's default.

    Example: danvan indicators --category reception; danvan indicators --evaluate tests/fixtures/indicators
    """
    from pipeline.indicators import IndicatorError, indicators

    if evaluate is not None:
        _evaluate_indicators(evaluate)
        return

    try:
        found = [i for i in indicators().values() if category is None or i.category == category]
    except IndicatorError as exc:
        raise fail(str(exc)) from None
    if not found:
        raise fail(f"no indicator for category {category!r}")
    print_table(["name", "label", "category", "kind", "units", "default"],
                [(i.name, i.label, i.category, i.kind, ", ".join(i.units) or "(any)", "yes" if i.default else "")
                 for i in found], title="Indicators (pipeline/indicators.toml)")


def _evaluate_indicators(folder: Path) -> None:
    from pipeline.indicator_eval import EvalSetError, evaluate_test_set
    from pipeline.indicators import indicators

    try:
        report = evaluate_test_set(folder)
    except EvalSetError as exc:
        raise fail(str(exc)) from None
    console.print(f"role accuracy {report.role_accuracy:.3f} ({report.roles_correct}/{report.roles_total}); "
                  f"indicator cells right {report.cell_accuracy:.3f} ({report.cells_correct}/{report.cells_expected})")
    for line in report.role_errors + report.cell_errors:
        console.print(f"  {line}", markup=False)
    category = {i.name: i.category for i in indicators().values()}

    def num(x):
        return "" if x is None else (f"{x:,.0f}" if float(x).is_integer() else f"{x:,}")
    rows = [(p, y, ind, num(report.before.get((p, y, category[ind]))), num(v), unit or "", span or "")
            for p, y, ind, v, unit, span in report.after]
    print_table(["province", "year", "indicator", "before: sum of the category", "after: value", "unit", "span"],
                rows, title=f"Before / after on {folder} (63-province geography)")


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_cmd)
    app.command("indicators")(indicators_cmd)
    app.command("search")(search_cmd)
