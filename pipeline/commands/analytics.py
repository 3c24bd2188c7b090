"""Analytics commands: compare provinces, search articles."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.common import (console, db_path, fail, open_store, output_format, plural, print_table, say,
                                     progress, store_writable, vn_time, write_rows)


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
    fmt: str = typer.Option(None, "--format", help="table | csv | parquet | png (a chart) | xlsx (Excel, with "
                            "the evidence of each value). Default: from --out's suffix, else table."),
    out: Path = typer.Option(None, "--out", help="Output file (needed for parquet, png and xlsx; csv defaults "
                             "to stdout)."),
    extractor_version: str = typer.Option(None, "--extractor-version", help="Figures of this extractor version "
                                          "(default: the newest stored, ordered as versions: 0.10 after 0.9)."),
) -> None:
    """Compare provinces: each indicator's reported total by province × year.

    `value` is the total a province reported (money in đồng, rates in %), never a sum of totals, parts and
    changes; when sources disagree the value most sources report wins (then the latest) and `agree` is false;
    `period_span` names a part of the year (H1, 9M, Q1) when no full-year figure exists.

    Example: danvan compare --category model --years 2020-2024 --geography 2025 --format png --out models.png

    Example: danvan compare --category model --years 2020-2024 --out models.xlsx
    """
    from extractors.records import CATEGORIES
    from pipeline.indicators import indicators
    from pipeline.compare import FORMATS, CompareOptions, compare, parse_years, table_view, write_comparison
    from pipeline.store import StoreError

    formats = (*FORMATS, "xlsx")
    if category and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}")
    if indicator and indicator not in indicators():
        raise fail(f"unknown indicator {indicator!r}; one of: {', '.join(indicators())}")
    fmt = output_format(fmt, out, formats, default="table")
    if fmt in ("parquet", "png", "xlsx") and out is None:
        raise fail(f"--format {fmt} needs --out FILE")
    try:
        opts = CompareOptions(category=category, indicator=indicator, show_alternatives=show_alternatives,
                              years=parse_years(years) if years else None, geography=geography,
                              per_coverage=per_coverage, extractor_version=extractor_version)
    except ValueError as exc:
        raise fail(str(exc)) from None
    with open_store(ctx, read_only=True) as store:
        try:
            cols, rows = compare(store, opts)
            if not rows:
                say(f"No facts to compare: {why_empty(store, opts)}", err=True)
            if fmt == "xlsx":
                _compare_workbook(store, opts, cols, rows, out)
        except (ValueError, StoreError, OSError) as exc:
            raise fail(str(exc)) from None
    title = f"Reported totals by province ({'34' if geography == '2025' else '63'}) × year"
    if fmt == "table":
        print_table(*table_view(cols, rows), title=title)
        return
    if fmt != "xlsx":
        try:
            write_comparison(cols, rows, fmt, out, title=title)
        except (OSError, ValueError) as exc:
            raise fail(str(exc)) from None
    if out is not None:
        provinces = len({r[cols.index("province")] for r in rows}) if "province" in cols else 0
        say(f"{plural(len(rows), 'row')} ({plural(provinces, 'province')}) written to {out}")


def search_cmd(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find; articles with the exact phrase rank first."),
    province: str = typer.Option(None, "--province", help="Only this province (any spelling: \"TP. HCM\")."),
    geography: str = typer.Option("1963", "--geography", help="Which key --province matches: 1963 or 2025."),
    limit: int = typer.Option(20, "--limit", help="At most this many articles."),
    phrase: bool = typer.Option(False, "--phrase", help="Only articles containing the exact phrase."),
    accents: str = typer.Option("auto", "--accents", help="auto: accents as typed, or without accents when "
                                "nothing matches (with a note); exact; ignore. Tone placement (hoà = hòa) is "
                                "always folded."),
    fmt: str = typer.Option(None, "--format", help="table | csv | json | xlsx (default: from --out's suffix, "
                            "else table)."),
    out: Path = typer.Option(None, "--out", help="Output file (needed for xlsx; csv and json default to stdout)."),
) -> None:
    """Full-text search over articles (BM25 index, rebuilt when the articles changed).

    Hits holding the exact phrase are marked ✓ and ranked first. On a read-only store a stale index is not
    rebuilt: the search scans the articles instead.

    Example: danvan search "tiếp công dân" --province "Bến Tre" --limit 10

    Example: danvan search "hoà giải" --out hoa-giai.xlsx
    """
    from pipeline.search import SearchError, SearchOptions, search

    fmt = output_format(fmt, out, ("table", "csv", "json", "xlsx"), default="table")
    if fmt == "xlsx" and out is None:
        raise fail("--format xlsx needs --out FILE.xlsx")
    opts = SearchOptions(query=query, province=province, geography=geography, limit=limit, phrase=phrase,
                         accents=accents)
    with open_store(ctx, read_only=not store_writable(db_path(ctx))) as store:
        try:
            with progress("searching (the first search builds the index)"):
                result = search(store, opts)
        except SearchError as exc:
            raise fail(str(exc)) from None
    columns = ["published", "province", "score", "phrase", "title", "snippet", "url"]
    rows = [(vn_time(h.published), h.province or "", round(h.score, 3), h.phrase, h.title, h.snippet, h.url)
            for h in result.hits]
    summary = (f"{plural(len(rows), 'article')} for {query!r}, {result.phrase_hits} with the exact phrase (✓)"
               f" — method: {result.method}" + (", index rebuilt" if result.refreshed else ""))
    notes = [result.note] if result.note else []
    if not rows:
        notes.append("nothing found" + (f" in {province}" if province else "")
                     + ("; try without --phrase" if phrase else "; try fewer words or --accents ignore"))
    try:
        if fmt == "table":
            table_rows = [(r[0].date() if r[0] else "", r[1], f"{r[2]:.3f}", "✓" if r[3] else "", r[4], r[5], r[6])
                          for r in rows]
            say(summary)
            print_table(["published", "province", "score", "phrase", "title", "snippet", "url"], table_rows)
        elif fmt == "xlsx":
            from pipeline.excel import Sheet, write_workbook

            write_workbook(out, [Sheet("Kết quả tìm kiếm", columns, rows)],
                           [("Tìm kiếm", query), ("Kết quả", summary)] + [("Ghi chú", n) for n in notes])
        else:
            write_rows(columns, rows, fmt, out)
    except (OSError, ValueError) as exc:
        raise fail(f"cannot write {out}: {exc}" if out else str(exc)) from None
    for n in notes:
        say(f"Note: {n}", err=True)
    if out is not None:
        say(f"{summary}: written to {out}", err=True)


def why_empty(store, opts) -> str:
    """Why a comparison has no rows, in one line: no figures at all, an unknown version, years or a category
    with nothing stored (and what is stored instead)."""
    from pipeline.versions import latest_extractor_version, sort_versions

    con = store.con
    versions = sort_versions(r[0] for r in con.execute("SELECT DISTINCT extractor_version FROM figures").fetchall())
    if not versions:
        return "the store holds no figures yet (run `danvan run` or `danvan load` first)"
    version = opts.extractor_version or latest_extractor_version(con)
    if version not in versions:
        return f"no figures of extractor version {version!r}; stored: {', '.join(versions)}"
    where, params = ["extractor_version = ?", "period_start = period_end"], [version]
    if opts.category:
        where.append("category = ?")
        params.append(opts.category)
    lo, hi, n = con.execute(f"SELECT min(period_start), max(period_start), count(*) FROM figures "
                            f"WHERE {' AND '.join(where)}", params).fetchone()
    what = f"{opts.category} figures" if opts.category else "figures"
    if not n:
        return f"no {what} with a single-year period (extractor version {version})"
    if opts.years:
        shown = f"{opts.years[0]}–{opts.years[1]}" if opts.years[0] != opts.years[1] else str(opts.years[0])
        return f"no {what} in {shown}; the stored ones cover {lo}–{hi}"
    return f"the {what} have no province in this geography ({opts.geography})"


def _compare_workbook(store, opts, cols, rows, out: Path) -> None:
    from pipeline.excel import Sheet, comparison_evidence, write_workbook
    from pipeline.versions import latest_extractor_version

    from pipeline.indicators import indicators

    category = opts.category or (indicators()[opts.indicator].category if opts.indicator else None)
    ev_cols, ev_rows = comparison_evidence(store, opts.geography, category, opts.years, opts.extractor_version)
    # mark the reported totals that are the value of their cell
    col = {c: i for i, c in enumerate(cols)}
    by_name = indicators()
    chosen = {(r[col["province"]], r[col["year"]], by_name[r[col["indicator"]]].category, r[col["value"]])
              for r in rows if r[col["indicator"]] in by_name and r[col["value"]] is not None}
    ev = {c: i for i, c in enumerate(ev_cols)}
    ev_rows = [tuple(r) + ("có" if r[ev["role"]] == "total" and (r[ev["province"]], r[ev["year"]], r[ev["category"]],
                                                                  r[ev["counts_as"]]) in chosen else "",)
               for r in ev_rows]
    ev_cols = [*ev_cols, "chosen"]
    version = opts.extractor_version or latest_extractor_version(store.con)
    notes = [("Bảng", "So sánh các tỉnh: tổng số được báo cáo theo tỉnh × năm × chỉ số (không cộng dồn tổng, "
                      "phần, mức tăng và đơn vị khác nhau)"),
             ("Địa giới", "34 tỉnh/thành từ 1/7/2025" if opts.geography == "2025" else "63 tỉnh/thành trước 1/7/2025"),
             ("Nhóm số liệu", opts.category or "tất cả"),
             ("Chỉ số", opts.indicator or "chỉ số mặc định của nhóm"),
             ("Năm", f"{opts.years[0]}–{opts.years[1]}" if opts.years else "tất cả"),
             ("Phiên bản trích xuất", version or ""),
             ("Bằng chứng", "sheet Bằng chứng: mỗi số liệu với câu gốc và đường dẫn bài viết")]
    write_workbook(out, [Sheet("So sánh", cols, rows), Sheet("Bằng chứng", ev_cols, ev_rows)], notes)


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
