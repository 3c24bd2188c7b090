"""Excel workbooks for analysts (openpyxl): a header row in Vietnamese, number and date formats, frozen header,
filters, links that click, an evidence sheet with the sentence and link of each value, and a notes sheet
explaining every column.

Times are written in Vietnam time (+07:00) as plain date-times: Excel has no time zones.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

VN_TZ = timezone(timedelta(hours=7))
MAX_CELL = 32_000          # Excel's limit is 32,767 characters per cell
MAX_WIDTH = 60

# column name -> (Vietnamese label, what it means). Unknown columns keep their name.
LABELS: dict[str, tuple[str, str]] = {
    "province": ("Tỉnh, thành phố", "tỉnh/thành (63 trước 1/7/2025 hoặc 34 sau, theo --geography)"),
    "province_2025": ("Tỉnh, thành phố (từ 1/7/2025)", "một trong 34 tỉnh/thành sau sắp xếp"),
    "year": ("Năm", "năm mà số liệu nói tới (không phải năm đăng bài)"),
    "category": ("Nhóm số liệu", "loại số liệu: khen thưởng, mô hình Dân vận khéo, tiếp công dân, …"),
    "facts": ("Số sự kiện (đã loại trùng)", "số liệu khác nhau; một số liệu nhiều bài cùng đưa chỉ tính một lần"),
    "figures": ("Số lần được nêu", "số liệu đọc được trong các bài, kể cả trùng lặp"),
    "total": ("Tổng giá trị", "tổng các giá trị khác nhau (chỉ có nghĩa khi cùng một nhóm và đơn vị)"),
    "articles": ("Số bài viết", "số bài viết nêu các số liệu này"),
    "value": ("Giá trị", "giá trị của chỉ số"),
    "unit": ("Đơn vị", "đơn vị của giá trị"),
    "crawled_articles": ("Số bài đã thu thập", "bài của tỉnh đăng trong năm đó và năm sau"),
    "facts_per_100_articles": ("Sự kiện / 100 bài", "số sự kiện trên 100 bài đã thu thập"),
    "total_per_100_articles": ("Tổng giá trị / 100 bài", "tổng giá trị trên 100 bài đã thu thập"),
    "entity": ("Đối tượng", "cái được đếm: tập thể, cá nhân, mô hình, lượt, …"),
    "qualifier": ("Từ định lượng", "hơn, gần, khoảng, trên, tăng, giảm… như trong câu gốc"),
    "period": ("Kỳ", "kỳ của số liệu như trong bài (\"2022\", \"2017-2020\")"),
    "span": ("Cụm số liệu", "đoạn chữ chứa số liệu"),
    "sentence": ("Câu gốc", "câu trong bài chứng minh số liệu"),
    "url": ("Đường dẫn", "địa chỉ bài viết (bấm để mở)"),
    "title": ("Tiêu đề", "tiêu đề bài viết"),
    "published": ("Ngày đăng", "giờ Việt Nam (+07:00)"),
    "source_id": ("Nguồn", "mã nguồn tin trong danh mục"),
    "score": ("Điểm", "điểm xếp hạng BM25 (hoặc số lần xuất hiện khi quét)"),
    "phrase": ("Có đúng cụm từ", "bài có chứa nguyên cụm từ tìm kiếm"),
    "snippet": ("Trích đoạn", "đoạn quanh từ tìm được"),
    "article_id": ("Mã bài", "mã bài viết (16 ký tự)"),
    "extractor_version": ("Phiên bản trích xuất", "phiên bản bộ trích xuất số liệu"),
    "period_start": ("Từ năm", "năm đầu của kỳ"),
    "period_end": ("Đến năm", "năm cuối của kỳ"),
    "fact_id": ("Mã sự kiện", "mã của sự kiện (số liệu đã loại trùng)"),
    "sources": ("Số nguồn", "số nguồn tin khác nhau nêu sự kiện"),
    "first_reported": ("Lần đầu được nêu", "giờ Việt Nam (+07:00)"),
    "last_reported": ("Lần cuối được nêu", "giờ Việt Nam (+07:00)"),
    "indicator": ("Chỉ số", "chỉ số so sánh (pipeline/indicators.toml)"),
    "period_span": ("Phần của năm", "H1: 6 tháng đầu năm, 9M: 9 tháng, Q1: quý I…; trống: cả năm"),
    "agree": ("Các nguồn thống nhất", "mọi nguồn nêu cùng một tổng số"),
    "derived": ("Tính từ các phần", "không có tổng số được nêu: cộng từ các phần"),
    "note": ("Ghi chú", "điều cần biết về ô này"),
    "role": ("Vai trò", "total: tổng số; part: một phần; change: mức tăng/giảm; cumulative: lũy kế; "
                        "comparison: số của kỳ trước"),
    "value_normalized": ("Giá trị quy đổi", "giá trị đã nhân đơn vị (tỷ, triệu, nghìn): tiền tính bằng đồng"),
    "chosen": ("Là giá trị của ô", "có: số liệu này là giá trị được chọn cho tỉnh × năm (hoặc một phần của nó)"),
    "authority": ("Cơ quan khen thưởng", "cơ quan, người trao khen thưởng như trong câu gốc"),
    "award_kind": ("Hình thức khen thưởng", "Bằng khen, Giấy khen, Cờ thi đua, …"),
    "counts_as": ("Tính vào giá trị", "giá trị của ô mà số liệu này được tính vào: khen thưởng của nhiều cơ quan "
                                      "trong một bài được cộng thành một tổng"),
    "part_of": ("Là phần của tổng", "tổng khen thưởng của nhiều cơ quan/hình thức trong cùng một bài mà số liệu "
                                    "này là một phần"),
}

# columns whose integers are identifiers or years: no thousands separator
_PLAIN_INTEGERS = {"year", "period_start", "period_end"}


@dataclass
class Sheet:
    """One worksheet: a title (at most 31 characters in Excel), column names and rows."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence]
    labels: dict[str, str] = field(default_factory=dict)   # column -> header, overriding LABELS


def label(column: str) -> str:
    return LABELS.get(column, (column, ""))[0]


def _local(value):
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VN_TZ).replace(tzinfo=None)
        return value
    return value


def _number_format(column: str, values: list) -> str | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    if all(isinstance(v, datetime) for v in present):
        return "dd/mm/yyyy hh:mm"
    if all(isinstance(v, date) for v in present):
        return "dd/mm/yyyy"
    if all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        if column in _PLAIN_INTEGERS:
            return "0"
        if all(float(v).is_integer() for v in present):
            return "#,##0"
        return "#,##0.00"
    return None


def _cell_value(value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, str):
        # openpyxl refuses control characters; a leading "=" would be a formula
        value = "".join(ch for ch in value if ch >= " " or ch in "\t\n")
        if value.startswith(("=", "+", "-", "@")) and not value[1:2].isdigit():
            value = "'" + value
        return value[:MAX_CELL]
    if isinstance(value, float) and value != value:   # NaN: an empty cell
        return None
    return _local(value)


def _fill_sheet(ws, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = list(sheet.columns)
    ws.append([sheet.labels.get(c) or label(c) for c in columns])
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F5F8B")
    for cell in ws[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    values = [[_cell_value(v) for v in r] for r in sheet.rows]
    for r in values:
        ws.append(r)
    url_col = columns.index("url") if "url" in columns else None
    link_font = Font(color="0563C1", underline="single")
    for j, c in enumerate(columns):
        letter = get_column_letter(j + 1)
        col_values = [r[j] for r in values]
        fmt = _number_format(c, col_values)
        long_text = c in ("sentence", "snippet", "title", "span")
        for i in range(len(values)):
            cell = ws.cell(row=i + 2, column=j + 1)
            if fmt:
                cell.number_format = fmt
            if long_text:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if j == url_col and isinstance(cell.value, str) and cell.value.startswith(("http://", "https://")):
                cell.hyperlink = cell.value
                cell.font = link_font
        widest = max([len(str(ws.cell(row=1, column=j + 1).value))]
                     + [len(str(v)) for v in col_values[:500] if v is not None] or [8])
        ws.column_dimensions[letter].width = min(MAX_WIDTH if long_text else 40, max(8, widest + 2))
    ws.freeze_panes = "A2"
    if values:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"


def write_workbook(out: str | Path, sheets: Sequence[Sheet], notes: Sequence[tuple[str, str]] = ()) -> Path:
    """Write the sheets to an .xlsx file, then a "Ghi chú" sheet: the notes given (key, text) and the meaning
    of every column used. Written to a temporary file and renamed, so a failure leaves no half file."""
    from openpyxl import Workbook

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"an Excel workbook needs an .xlsx file name, not {out.name!r}")
    wb = Workbook()
    wb.remove(wb.active)
    used: dict[str, None] = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        _fill_sheet(ws, sheet)
        used.update(dict.fromkeys(sheet.columns))
    rows = [(k, v, "") for k, v in notes]
    rows += [(label(c), LABELS.get(c, ("", ""))[1], c) for c in used]
    _fill_sheet(wb.create_sheet("Ghi chú"), Sheet("Ghi chú", ["note", "meaning", "column"], rows,
                                                  labels={"note": "Mục", "meaning": "Ý nghĩa",
                                                          "column": "Tên cột (CSV, SQL)"}))
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        wb.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


# -- evidence of a comparison -----------------------------------------------------------------------------

EVIDENCE_COLUMNS = ("province", "year", "category", "value", "entity", "span", "sentence", "title", "url",
                    "published", "source_id", "article_id", "role", "value_normalized", "unit", "authority",
                    "award_kind", "counts_as", "part_of")


def comparison_evidence(store, geography: str = "1963", category: str | None = None,
                        years: tuple[int, int] | None = None, extractor_version: str | None = None
                        ) -> tuple[list[str], list[tuple]]:
    """Every figure behind a comparison's values: province, year, category, value and the sentence and link of
    the article that reports it (one row per reporting figure, so a fact reported twice shows both sources).
    Award figures show their awarding body and kind of award; a figure that is a part of an article's sum of
    awards of several bodies (pipeline.indicators.award_parts) shows that sum in `counts_as` and its split in
    `part_of` (other figures count as their own normalised value)."""
    from extractors.authority import award_kind
    from pipeline.indicators import award_parts, locate
    from pipeline.versions import latest_extractor_version

    key = "a.province_2025" if geography == "2025" else "a.province"
    where = [f"{key} IS NOT NULL", "f.period_start IS NOT NULL", "f.period_start = f.period_end",
             "f.extractor_version = ?"]
    version = extractor_version or latest_extractor_version(store.con)
    params: list = [version]
    if category:
        where.append("f.category = ?")
        params.append(category)
    if years:
        where.append("f.period_start BETWEEN ? AND ?")
        params += list(years)
    rows = store.con.execute(
        f"""SELECT {key}, f.period_start, f.category, f.value, f.entity, f.span,
                   coalesce(nullif(f.sentence, ''), f.span), a.title, a.url, a.published, a.source_id, a.id,
                   f.role, f.value_normalized, f.unit, f.authority, f.id
            FROM figures f JOIN articles a ON a.id = f.article_id
            WHERE {' AND '.join(where)}
            ORDER BY 1, 2, 3, f.value DESC, a.id, f."start" """, params).fetchall()
    parts = award_parts(store, category, years, version) if version else {}
    out = []
    for r in rows:
        kind = None
        if r[2] in ("award_collective", "award_individual", "medal") and r[6]:
            kind = award_kind(r[6], locate(r[6], r[5]))
        total, split = parts.get(r[16], (r[13], None))
        out.append(tuple(r[:16]) + (kind, total, split))
    return list(EVIDENCE_COLUMNS), out


# -- facts export ----------------------------------------------------------------------------------------

class ExcelError(ValueError):
    """The workbook cannot be written as asked (unknown province); nothing was written."""


FACT_COLUMNS = ("fact_id", "province", "province_2025", "period_start", "period_end", "category", "value",
                "figures", "articles", "sources", "first_reported", "last_reported")
FACT_EVIDENCE_COLUMNS = ("fact_id", "province", "period_start", "period_end", "category", "value", "span",
                         "sentence", "title", "url", "published", "source_id", "article_id")


def export_facts(store, out: str | Path, province: str | None = None, since: date | None = None,
                 extractor_version: str | None = None) -> tuple[Path, int, int]:
    """Facts (a figure reported by several articles counts once) and their evidence, one row per reporting
    article with its sentence and link, as an Excel workbook. Returns (path, facts, evidence rows).

    province: a pre- or post-2025 name (matches either key); since: facts reported on or after that day.
    """
    from common.gazetteer import canonical_province, province_2025_of
    from pipeline.versions import latest_extractor_version

    version = extractor_version or latest_extractor_version(store.con)
    where, params = ["e.extractor_version = ?"], [version]
    if province:
        old, new = canonical_province(province), province_2025_of(province)
        if old is None and new is None:
            raise ExcelError(f"unknown province {province!r}: give one of the 63 or the 34 names")
        where.append("(e.province = ? OR e.province_2025 = ?)" if old else "e.province_2025 = ?")
        params += [old, new] if old else [new]
    if since:
        where.append("e.published >= ?")
        params.append(datetime.combine(since, datetime.min.time(), VN_TZ))
    evidence = store.con.execute(
        f"""SELECT e.fact_id, coalesce(e.province, e.province_2025), e.period_start, e.period_end, e.category,
                   e.value, e.span, coalesce(nullif(e.sentence, ''), e.span), a.title, e.url, e.published, e.source_id,
                   e.article_id
            FROM fact_evidence e JOIN articles a ON a.id = e.article_id
            WHERE {" AND ".join(where)}
            ORDER BY 2, 3, 5, 6 DESC, e.article_id""", params).fetchall()
    ids = sorted({r[0] for r in evidence})
    facts = store.con.execute(
        f"""SELECT {', '.join(FACT_COLUMNS)} FROM facts WHERE extractor_version = ? AND fact_id IN (SELECT unnest(?))
            ORDER BY coalesce(province, province_2025), period_start, category, value DESC""",
        [version, ids]).fetchall() if ids else []
    notes = [("Bảng", "Sự kiện: một số liệu (tỉnh, kỳ, nhóm, giá trị) nhiều bài cùng đưa chỉ tính một lần"),
             ("Bằng chứng", "mỗi bài nêu sự kiện, với câu gốc và đường dẫn"),
             ("Phiên bản trích xuất", version or ""), ("Tỉnh", province or "tất cả"),
             ("Từ ngày", since.strftime("%d/%m/%Y") if since else "tất cả")]
    path = write_workbook(out, [Sheet("Sự kiện", FACT_COLUMNS, facts),
                                Sheet("Bằng chứng", FACT_EVIDENCE_COLUMNS, evidence)], notes)
    return path, len(facts), len(evidence)
