"""Excel workbooks: Vietnamese headers, number formats, links, evidence; compare and export write them."""
from datetime import datetime, timedelta, timezone

import openpyxl
import pytest
from analytics_data import build_store
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.excel import Sheet, comparison_evidence, export_facts, write_workbook

VN = timezone(timedelta(hours=7))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("excel") / "demo.duckdb"
    build_store(path).close()
    return path


def test_excel_workbook_headers_formats_links_and_notes(tmp_path):
    rows = [("Bến Tre", 2022, 1234567, 0.25, datetime(2023, 1, 10, 1, 0, tzinfo=timezone.utc),
             "https://baobentre.example.vn/tin/1", "=HYPERLINK(\"x\")", "a\x07b")]
    cols = ["province", "year", "facts", "facts_per_100_articles", "published", "url", "title", "sentence"]
    out = write_workbook(tmp_path / "w.xlsx", [Sheet("So sánh", cols, rows)], [("Bảng", "thử")])
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["So sánh", "Ghi chú"]
    ws = wb["So sánh"]
    assert [c.value for c in ws[1]] == ["Tỉnh, thành phố", "Năm", "Số sự kiện (đã loại trùng)", "Sự kiện / 100 bài",
                                        "Ngày đăng", "Đường dẫn", "Tiêu đề", "Câu gốc"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:H2"
    assert ws["B2"].number_format == "0" and ws["C2"].number_format == "#,##0"
    assert ws["D2"].number_format == "#,##0.00"
    assert ws["E2"].value == datetime(2023, 1, 10, 8, 0) and ws["E2"].number_format == "dd/mm/yyyy hh:mm"  # +07:00
    assert ws["F2"].hyperlink.target == "https://baobentre.example.vn/tin/1"
    assert ws["G2"].value.startswith("'=") and ws["H2"].value == "ab"      # no formula, no control character
    notes = [[c.value for c in r] for r in wb["Ghi chú"].iter_rows(min_row=2)]
    assert ["Bảng", "thử", None] in notes and any(r[2] == "facts" for r in notes)


def test_excel_refuses_another_suffix(tmp_path):
    with pytest.raises(ValueError, match=".xlsx"):
        write_workbook(tmp_path / "w.xls", [Sheet("a", ["x"], [])])


def test_excel_comparison_evidence_has_sentence_and_link(db):
    from pipeline.store import Store

    with Store(db, read_only=True) as s:
        cols, rows = comparison_evidence(s, "1963", "model", (2022, 2022))
    got = [dict(zip(cols, r)) for r in rows]
    # Bến Tre's fact is reported by two articles: both are evidence; Trà Vinh's by one
    assert sorted((r["province"], r["value"]) for r in got) == [("Bến Tre", 25.0), ("Bến Tre", 25.0),
                                                                 ("Trà Vinh", 25.0)]
    assert all(r["sentence"] and r["url"].startswith("https://") for r in got)


def test_excel_compare_cli_writes_workbook(db, tmp_path):
    out = tmp_path / "models.xlsx"
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--category", "model", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "rows (" in result.output and "provinces) written to" in result.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["So sánh", "Bằng chứng", "Ghi chú"]
    assert wb["So sánh"]["A1"].value == "Tỉnh, thành phố"
    evidence = wb["Bằng chứng"]
    header = [c.value for c in evidence[1]]
    assert "Câu gốc" in header and "Đường dẫn" in header
    assert evidence.max_row > 1
    # the reported totals that are a cell's value are marked, and only totals are
    role, chosen = header.index("Vai trò"), header.index("Là giá trị của ô")
    marked = [row for row in evidence.iter_rows(min_row=2, values_only=True) if row[chosen] == "có"]
    assert marked and all(row[role] == "total" for row in marked)


def test_excel_export_facts(db, tmp_path):
    from pipeline.store import Store

    with Store(db, read_only=True) as s:
        path, facts, evidence = export_facts(s, tmp_path / "facts.xlsx", province="Bến Tre")
    assert facts >= 1 and evidence > facts       # the 2022 fact has two evidence articles
    ws = openpyxl.load_workbook(path)["Sự kiện"]
    assert ws["A1"].value == "Mã sự kiện" and ws.max_row == facts + 1


def test_excel_export_cli_and_read_only_store(db, tmp_path, monkeypatch):
    import pipeline.commands.corpus as corpus_cmd

    runner = CliRunner()
    ok = runner.invoke(app, ["--db", str(db), "export", "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert ok.exit_code == 0, ok.output
    assert (tmp_path / "x" / "facts.xlsx").exists()
    monkeypatch.setattr(corpus_cmd, "store_writable", lambda p: False)
    refused = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--out", str(tmp_path / "j")])
    assert refused.exit_code == 1 and "read-only: add --no-refresh" in refused.output
    plain = runner.invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--out", str(tmp_path / "j"),
                                "--no-refresh"])
    assert plain.exit_code == 0, plain.output
    assert (tmp_path / "j" / "articles.jsonl").exists()
    version = runner.invoke(app, ["--db", str(db), "export", "--out", str(tmp_path / "p"), "--no-refresh",
                                  "--extractor-version", "no-such-version"])
    assert version.exit_code == 1 and "no figures of extractor version 'no-such-version'" in version.output
