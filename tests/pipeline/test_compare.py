import csv
import io

import pyarrow.parquet as pq
import pytest
from analytics_data import build_store
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare import (CompareError, CompareOptions, analytics_is_fresh, compare, parse_years,
                              refresh_analytics, write_comparison)
from pipeline.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "demo.duckdb"
    build_store(path).close()
    return path


@pytest.fixture(scope="module")
def store(db):
    s = Store(db, read_only=True)
    yield s
    s.close()


def _rows(cols, rows):
    return [dict(zip(cols, r)) for r in rows]


@pytest.mark.parametrize("spec, years", [("2020-2024", (2020, 2024)), ("2022", (2022, 2022)),
                                          ("2024–2020", (2020, 2024)), (" 2021 - 2023 ", (2021, 2023))])
def test_compare_parse_years(spec, years):
    assert parse_years(spec) == years


@pytest.mark.parametrize("spec", ["", "abc", "20-24", "2020-2021-2022", "1800"])
def test_compare_parse_years_rejects(spec):
    with pytest.raises(ValueError):
        parse_years(spec)


def test_compare_counts_a_fact_once_on_63_provinces(store):
    rows = _rows(*compare(store, CompareOptions(category="model", years=(2022, 2022))))
    assert [(r["province"], r["indicator"], r["value"], r["unit"], r["articles"], r["sources"], r["agree"])
            for r in rows] == [("Bến Tre", "models", 25.0, "mô hình", 2, 2, True),
                               ("Trà Vinh", "models", 25.0, "mô hình", 1, 1, True)]


def test_compare_on_34_provinces_adds_old_provinces(store):
    rows = _rows(*compare(store, CompareOptions(category="model", geography="2025")))
    assert [(r["province"], r["year"], r["value"]) for r in rows] == [
        ("Cần Thơ", 2021, 12.0), ("Cần Thơ", 2023, 15.0), ("Vĩnh Long", 2021, 18.0), ("Vĩnh Long", 2022, 50.0)]
    assert "sum of 2 old provinces" in rows[-1]["note"]


def test_compare_uses_latest_extractor_version_unless_named(store):
    latest = _rows(*compare(store, CompareOptions(category="model", years=(2022, 2022))))
    assert {r["value"] for r in latest} == {25.0}
    old = _rows(*compare(store, CompareOptions(category="model", years=(2022, 2022), extractor_version="test-1")))
    assert [(r["province"], r["value"]) for r in old] == [("Bến Tre", 7.0)]


def test_compare_per_coverage_uses_reporting_window(store):
    rows = _rows(*compare(store, CompareOptions(category="model", years=(2022, 2022), geography="2025",
                                                per_coverage=True)))
    # three Vĩnh Long articles were published in 2022-2023 (all in 2023)
    assert [(r["province"], r["crawled_articles"], r["value_per_100_articles"]) for r in rows] == [
        ("Vĩnh Long", 3, 1666.67)]


def test_compare_rejects_unknown_geography(store):
    with pytest.raises(CompareError):
        compare(store, CompareOptions(geography="1975"))


def test_compare_empty_store(tmp_path):
    with Store(tmp_path / "empty.duckdb") as empty:
        cols, rows = compare(empty, CompareOptions(category="model"))
    assert cols[:4] == ["province", "year", "indicator", "value"] and rows == []


def test_compare_write_csv_parquet_png(store, tmp_path):
    cols, rows = compare(store, CompareOptions(category="model"))
    write_comparison(cols, rows, "csv", tmp_path / "c.csv")
    with open(tmp_path / "c.csv", encoding="utf-8") as fh:
        assert next(csv.reader(fh)) == cols
    write_comparison(cols, rows, "parquet", tmp_path / "c.parquet")
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.column_names == cols and table.num_rows == len(rows)
    write_comparison(cols, rows, "png", tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_compare_write_needs_out_for_binary_formats():
    with pytest.raises(CompareError):
        write_comparison(["province"], [], "png", None)
    with pytest.raises(CompareError):
        write_comparison(["province"], [], "xlsx", "x.xlsx")


def test_compare_cli_csv(db):
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--category", "model", "--years", "2022",
                                      "--geography", "2025", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["province"], r["value"], r["unit"], r["agree"]) for r in rows] == [("Vĩnh Long", "50.0", "mô hình", "True")]


def test_compare_cli_png_then_check_via_api(db, tmp_path):
    out = tmp_path / "models.png"
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--category", "model", "--years", "2020-2024",
                                      "--per-coverage", "--format", "png", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    with Store(db, read_only=True) as s:
        assert len(compare(s, CompareOptions(category="model", years=(2020, 2024)))[1]) == 5


def test_compare_cli_table(db):
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--category", "reception"])
    assert result.exit_code == 0, result.output
    assert "Cần Thơ" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--category", "nonsense"], "unknown category"),
    (["--years", "twenty"], "years must look like"),
    (["--format", "docx"], "unknown format"),
    (["--out", "c.docx"], "unknown file type"),
    (["--format", "csv", "--out", "c.png"], "does not match"),
    (["--format", "png"], "needs --out"),
    (["--geography", "1975"], "geography must be"),
])
def test_compare_cli_errors(db, args, message):
    result = CliRunner().invoke(app, ["--db", str(db), "compare", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_compare_cli_missing_db(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb"), "compare"])
    assert result.exit_code == 1 and "no database" in result.output


@pytest.mark.parametrize("geography, per_coverage", [("1963", False), ("2025", False), ("2025", True)])
def test_compare_summary_gives_the_same_rows_as_the_views(geography, per_coverage):
    s = build_store(":memory:")
    opts = CompareOptions(geography=geography, per_coverage=per_coverage)
    live = compare(s, opts)
    assert not analytics_is_fresh(s)
    assert refresh_analytics(s) is True
    assert analytics_is_fresh(s)
    assert compare(s, opts) == live
    assert refresh_analytics(s) is False                                 # idempotent


def test_compare_stale_summary_is_not_used():
    from analytics_data import articles
    from extractors.records import Extraction, Figure

    s = build_store(":memory:")
    refresh_analytics(s)
    ct2 = next(a for a in articles() if a.url.endswith("/ct2"))
    s.replace_extractions([Extraction(id=ct2.id, extractor_version="test-2",
                                      figures=[Figure(16, "mô hình", "model", 0, 2, "16", period="2023")])])
    assert not analytics_is_fresh(s)
    rows = _rows(*compare(s, CompareOptions(category="model", years=(2023, 2023))))
    assert [(r["province"], r["value"]) for r in rows] == [("Cần Thơ", 16.0)]
    refresh_analytics(s)
    assert compare(s, CompareOptions(category="model", years=(2023, 2023)))[1] == \
        compare(s, CompareOptions(category="model", years=(2023, 2023), use_summary=False))[1]


def test_compare_png_of_one_indicator_whose_articles_word_its_unit_differently(tmp_path, monkeypatch):
    """Rows of one indicator counted with different nouns ("mô hình", "mô hình điển hình") make one chart,
    its axis named by the indicator; rows of another indicator are left out of it."""
    import pipeline.charts as charts
    from pipeline.compare import write_comparison
    from pipeline.indicators import indicators

    seen = {}
    real = charts.chart_comparison
    monkeypatch.setattr(charts, "chart_comparison",
                        lambda cols, rows, out, title: seen.update(cols=cols, rows=rows) or real(cols, rows, out, title))
    cols = ["province", "year", "indicator", "value", "unit", "period_span"]
    rows = [("Sơn La", 2022, "models", 120, "mô hình", None), ("Sơn La", 2023, "models", 140, "mô hình điển hình", None),
            ("Hà Tĩnh", 2023, "models", 90, "mô hình", None), ("Hà Tĩnh", 2023, "models", 45, "mô hình", "H1"),
            ("Hà Tĩnh", 2023, "rates", 95, "%", None)]
    write_comparison(cols, rows, "png", tmp_path / "m.png")
    assert (tmp_path / "m.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    units = {r[seen["cols"].index("unit")] for r in seen["rows"]}
    assert units == {indicators()["models"].label}
    assert sorted(r[seen["cols"].index("value")] for r in seen["rows"]) == [90, 120, 140]   # no H1, no rate
