"""Analytics commands: compare provinces, search articles."""
from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.common import (console, db_path, fail, open_store, output_format, plural, print_table, say,
                                     progress, store_writable, vn_time, write_rows)


def compare_cmd(
    ctx: typer.Context,
    category: str = typer.Option(None, "--category", help="One category (see the annotation guide)."),
    years: str = typer.Option(None, "--years", help="Years, e.g. 2020-2024."),
    geography: str = typer.Option("1963", "--geography", help="1963: the 63 pre-2025 provinces; 2025: the 34."),
    per_coverage: bool = typer.Option(False, "--per-coverage",
                                      help="Add facts and totals per 100 articles crawled in the province."),
    fmt: str = typer.Option(None, "--format", help="table | csv | parquet | png (a chart) | xlsx (Excel, with "
                            "the evidence of each value). Default: from --out's suffix, else table."),
    out: Path = typer.Option(None, "--out", help="Output file (needed for parquet, png and xlsx; csv defaults "
                             "to stdout)."),
    extractor_version: str = typer.Option(None, "--extractor-version", help="Figures of this extractor version "
                                          "(default: the newest stored, ordered as versions: 0.10 after 0.9)."),
) -> None:
    """Compare provinces: deduplicated facts by province × year × category.

    A figure reported by several articles (a province's newspaper and its party site) counts once.

    Example: danvan compare --category model --years 2020-2024 --geography 2025 --format png --out models.png

    Example: danvan compare --category model --years 2020-2024 --out models.xlsx
    """
    from extractors.records import CATEGORIES
    from pipeline.compare import FORMATS, CompareOptions, compare, parse_years, write_comparison
    from pipeline.store import StoreError

    formats = (*FORMATS, "xlsx")
    if category and category not in CATEGORIES:
        raise fail(f"unknown category {category!r}; one of: {', '.join(CATEGORIES)}")
    fmt = output_format(fmt, out, formats, default="table")
    if fmt in ("parquet", "png", "xlsx") and out is None:
        raise fail(f"--format {fmt} needs --out FILE")
    try:
        opts = CompareOptions(category=category, years=parse_years(years) if years else None, geography=geography,
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
    title = f"Facts by province ({'34' if geography == '2025' else '63'}) × year × category"
    if fmt == "table":
        print_table(cols, rows, title=title)
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

    ev_cols, ev_rows = comparison_evidence(store, opts.geography, opts.category, opts.years, opts.extractor_version)
    version = opts.extractor_version or latest_extractor_version(store.con)
    notes = [("Bảng", "So sánh các tỉnh: sự kiện (đã loại trùng) theo tỉnh × năm × nhóm số liệu"),
             ("Địa giới", "34 tỉnh/thành từ 1/7/2025" if opts.geography == "2025" else "63 tỉnh/thành trước 1/7/2025"),
             ("Nhóm số liệu", opts.category or "tất cả"),
             ("Năm", f"{opts.years[0]}–{opts.years[1]}" if opts.years else "tất cả"),
             ("Phiên bản trích xuất", version or ""),
             ("Bằng chứng", "sheet Bằng chứng: mỗi số liệu với câu gốc và đường dẫn bài viết")]
    write_workbook(out, [Sheet("So sánh", cols, rows), Sheet("Bằng chứng", ev_cols, ev_rows)], notes)


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_cmd)
    app.command("search")(search_cmd)
