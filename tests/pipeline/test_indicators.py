"""Indicators (pipeline/indicators.py, pipeline/indicators.toml), the table-level test set
(pipeline/indicator_eval.py, tests/fixtures/indicators*), and migration 009's backfill."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.records import Article
from extractors.records import Extraction, Figure
from pipeline.cli import app
from pipeline.compare import CompareOptions, compare
from pipeline.indicator_eval import EvalSetError, evaluate_test_set
from pipeline.indicators import (IndicatorError, IndicatorOptions, indicator_for_category, indicator_values,
                                 indicators, load_indicators)
from pipeline.store import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
VN = timezone(timedelta(hours=7))

# Cells the test sets get wrong because of a figure's period, which extractors/periods.py assigns (not roles):
# "Dịp này, … tặng Bằng khen cho 14 tập thể" takes the "từ năm 2016 đến nay" of the paragraph before, and
# "(tăng 19 mô hình so với năm trước)" moves the next sentences to the year before.
KNOWN_PERIOD_ERRORS = {
    "indicators": {"1963 Sơn La 2023 awards_collective", "1963 Sơn La 2023 awards_individual"},
    "indicators_unseen": {"1963 Quảng Bình 2024 money", "1963 Quảng Bình 2023 models", "1963 Quảng Bình 2023 money",
                          "2025 Quảng Trị 2024 money", "2025 Quảng Trị 2023 models", "2025 Quảng Trị 2023 money"},
    "indicators_awards": set(),
}


# -- definitions -------------------------------------------------------------------------------------------

def test_indicators_shipped_definitions():
    found = indicators()
    assert {"models", "receptions", "petitions", "money", "rates"} <= set(found)
    assert found["money"].kind == "money" and found["money"].unit == "đồng"
    assert found["rates"].kind == "rate" and found["rates"].unit == "%"
    assert indicator_for_category("model").name == "models"
    assert indicator_for_category("reception").name == "receptions"
    with pytest.raises(IndicatorError, match="no indicator"):
        indicator_for_category("other")


def test_indicators_units_match_whole_words():
    receptions, money = indicators()["receptions"], indicators()["money"]
    assert receptions.accepts_unit("lượt công dân") and receptions.accepts_unit("người")
    assert not receptions.accepts_unit("đoàn công dân") and not receptions.accepts_unit("lượtx")
    assert money.accepts_unit("đồng") and not money.accepts_unit("đồng/người")


@pytest.mark.parametrize("text, message", [
    ('[[indicator]]\nname = "a"\ncategory = "nonsense"\n', "known category"),
    ('[[indicator]]\nname = "a"\ncategory = "model"\n[[indicator]]\nname = "a"\ncategory = "model"\n', "twice"),
    ('[[indicator]]\nname = "a"\ncategory = "model"\ndefault = true\n'
     '[[indicator]]\nname = "b"\ncategory = "model"\ndefault = true\n', "two default"),
    ('[[indicator]\n', "not TOML"),
    ('[[indicator]]\nname = "a"\ncategory = "model"\nkind = "sum"\n', "kind"),
])
def test_indicators_bad_definitions(tmp_path, text, message):
    path = tmp_path / "ind.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(IndicatorError, match=message):
        load_indicators(path)


# -- values on a store built by hand ---------------------------------------------------------------------

def _article(slug, source, province, province_2025, day, text="x"):
    return Article(url=f"https://{source}.example.vn/{slug}", title=slug, text=text, source_id=source,
                   province=province, province_2025=province_2025, published=datetime(*day, 9, 0, tzinfo=VN))


def _fig(value, entity, category, role="total", period="2023", span=None, qualifier=None, unit=None):
    return Figure(value, entity, category, 0, 1, f"{value} {entity}", role=role, period=period, period_span=span,
                  qualifier=qualifier, unit=unit)


@pytest.fixture()
def hand_store():
    arts = {
        "a1": _article("a1", "bao-x", "Sóc Trăng", "Cần Thơ", (2024, 1, 5)),
        "a2": _article("a2", "dcs-x", "Sóc Trăng", "Cần Thơ", (2024, 1, 9)),
        "a3": _article("a3", "gov-x", "Sóc Trăng", "Cần Thơ", (2024, 2, 1)),
        "b1": _article("b1", "bao-y", "Hậu Giang", "Cần Thơ", (2024, 1, 7)),
        "c1": _article("c1", "bao-z", "Cần Thơ", "Cần Thơ", (2023, 7, 2)),
    }
    figures = {
        # Sóc Trăng: 300 in two sources, 310 in a third (later); a change and parts beside them
        "a1": [_fig(300, "mô hình", "model"), _fig(12, "mô hình", "model", role="change"),
               _fig(90, "mô hình", "model", role="part"), _fig(95, "%", "percent"), _fig(500, "triệu đồng", "money")],
        "a2": [_fig(300, "mô hình", "model"), _fig(92, "%", "percent"), _fig(2.5, "tỷ đồng", "money", span="H1")],
        "a3": [_fig(310, "mô hình", "model"), _fig(4000, "mô hình", "model", role="cumulative")],
        # Hậu Giang: only a breakdown of models; a rate
        "b1": [_fig(40, "mô hình", "model", role="part"), _fig(25, "mô hình", "model", role="part"),
               _fig(80, "%", "percent")],
        # Cần Thơ: only a first-half figure
        "c1": [_fig(150, "mô hình", "model", span="H1")],
    }
    s = Store(":memory:")
    s.upsert_articles(arts.values())
    s.replace_extractions([Extraction(id=arts[k].id, figures=v, extractor_version="t1") for k, v in figures.items()])
    yield s
    s.close()


def _cells(store, **kw):
    return {(v.province, v.indicator): v for v in indicator_values(store, IndicatorOptions(**kw))}


def test_indicators_most_sources_win_and_alternatives_stay(hand_store):
    v = _cells(hand_store, indicators=("models",))[("Sóc Trăng", "models")]
    assert (v.value, v.sources, v.articles, v.agree, v.derived) == (300, 2, 2, False, False)
    assert [(a.value, a.sources) for a in v.alternatives] == [(310, 1)]


def test_indicators_latest_publication_breaks_a_tie(hand_store):
    v = _cells(hand_store, indicators=("rates",))[("Sóc Trăng", "rates")]
    assert (v.value, v.unit, v.agree) == (92, "%", False)      # 92% (9 Jan) over 95% (5 Jan): never 187
    assert [a.value for a in v.alternatives] == [95]


def test_indicators_money_in_dong_and_part_year_not_mixed(hand_store):
    v = _cells(hand_store, indicators=("money",))[("Sóc Trăng", "money")]
    assert (v.value, v.unit, v.period_span) == (500_000_000, "đồng", None)
    assert "not mixed in" in v.note


def test_indicators_only_part_year_says_so(hand_store):
    v = _cells(hand_store, indicators=("models",))[("Cần Thơ", "models")]
    assert (v.value, v.period_span, v.note) == (150, "H1", "H1 only")


def test_indicators_derived_from_parts_is_flagged(hand_store):
    v = _cells(hand_store, indicators=("models",))[("Hậu Giang", "models")]
    assert (v.value, v.derived) == (65, True) and "sum of 2 parts" in v.note


def test_indicators_2025_adds_counts_but_not_rates(hand_store):
    cells = _cells(hand_store, geography="2025", indicators=("models", "rates"))
    models, rates = cells[("Cần Thơ", "models")], cells[("Cần Thơ", "rates")]
    # Sóc Trăng 300 + Hậu Giang 65 (derived); Cần Thơ's own H1 figure is not added to full years
    assert (models.value, models.derived) == (365, True) and "full-year" in models.note
    assert rates.value is None and "not combined" in rates.note


def test_indicators_unknown_name_and_geography(hand_store):
    with pytest.raises(IndicatorError, match="unknown indicator"):
        indicator_values(hand_store, IndicatorOptions(indicators=("nope",)))
    with pytest.raises(IndicatorError, match="geography"):
        indicator_values(hand_store, IndicatorOptions(geography="1975"))
    with Store(":memory:") as empty:
        assert indicator_values(empty) == []


def test_compare_show_alternatives(hand_store):
    cols, rows = compare(hand_store, CompareOptions(indicator="models", show_alternatives=True))
    row = dict(zip(cols, next(r for r in rows if r[0] == "Sóc Trăng")))
    assert row["value"] == 300 and row["agree"] is False and row["alternatives"].startswith("310 (1 source:")


# -- the table-level test sets ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["indicators", "indicators_unseen", "indicators_awards"])
def test_indicator_test_set(name):
    report = evaluate_test_set(FIXTURES / name)
    assert report.roles_total >= 17 and report.role_accuracy >= 0.95, report.role_errors
    errors = {e.split(":")[0] for e in report.cell_errors}
    assert errors <= KNOWN_PERIOD_ERRORS[name], report.cell_errors
    assert report.cells_expected >= 10


def test_indicator_test_set_before_and_after():
    report = evaluate_test_set(FIXTURES / "indicators")
    after = {(p, y, i): v for p, y, i, v, _, _ in report.after}
    # the old comparison added total, change and parts: 412 + 37 + 25 + 118 + 269
    assert report.before[("Sơn La", 2023, "model")] == 861 and after[("Sơn La", 2023, "models")] == 412
    assert report.before[("Sơn La", 2022, "percent")] == 164.5 and after[("Sơn La", 2022, "rates")] == 86.5


def test_indicator_test_set_missing_folder(tmp_path):
    with pytest.raises(EvalSetError, match="articles.jsonl"):
        evaluate_test_set(tmp_path)


# -- migration 009 -------------------------------------------------------------------------------------------

def test_migration_009_backfills_stored_figures(tmp_path, monkeypatch):
    import pipeline.store as store_module

    shipped = store_module.migrations()
    path = tmp_path / "old.duckdb"
    monkeypatch.setattr(store_module, "migrations", lambda: [m for m in shipped if m.version < 9])
    sentence = "Năm 2023 tỉnh có 120 mô hình, tăng 8 mô hình so với năm 2022; trong đó cấp xã 70 mô hình."
    art = _article("m1", "bao-m", "Đắk Nông", "Lâm Đồng", (2024, 1, 3), text=sentence)
    with Store(path) as old:
        assert "role" not in {r[0] for r in old.con.execute("DESCRIBE figures").fetchall()}
        old.upsert_articles([art])
        for i, (needle, value, entity, category, qualifier) in enumerate([
                ("120 mô hình", 120, "mô hình", "model", None), ("tăng 8 mô hình", 8, "mô hình", "model", "increase"),
                ("70 mô hình", 70, "mô hình", "model", None), ("1,5 tỷ đồng", 1.5, "tỷ đồng", "money", None)]):
            old.con.execute(
                'INSERT INTO figures (id, article_id, value, entity, category, qualifier, period, period_start, '
                'period_end, "start", "end", span, sentence, extractor_version) '
                "VALUES (?, ?, ?, ?, ?, ?, '2023', 2023, 2023, ?, ?, ?, ?, 'v0')",
                [f"f{i}", art.id, value, entity, category, qualifier, i, i + 1, needle,
                 sentence if category == "model" else "Kinh phí 1,5 tỷ đồng."])
    monkeypatch.setattr(store_module, "migrations", lambda: shipped)
    with Store(path) as s:
        rows = s.con.execute("SELECT value, role, value_normalized, unit, period_span FROM figures ORDER BY id").fetchall()
        assert rows == [(120, "total", 120, "mô hình", None), (8, "change", 8, "mô hình", None),
                        (70, "part", 70, "mô hình", None), (1.5, "total", 1_500_000_000, "đồng", None)]
        v = _cells(s, indicators=("models",))[("Đắk Nông", "models")]
        assert v.value == 120


# -- the command line ------------------------------------------------------------------------------------

def test_indicators_cli_list_and_evaluate():
    runner = CliRunner()
    result = runner.invoke(app, ["indicators", "--category", "reception"])
    assert result.exit_code == 0 and "receptions" in result.stdout and "dialogues" in result.stdout
    result = runner.invoke(app, ["indicators", "--evaluate", str(FIXTURES / "indicators")], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "role accuracy" in result.stdout and "Sơn La" in result.stdout
    result = runner.invoke(app, ["indicators", "--category", "other"])
    assert result.exit_code == 1 and "no indicator" in result.output


def test_compare_cli_unknown_indicator(tmp_path):
    Store(tmp_path / "db.duckdb").close()
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "db.duckdb"), "compare", "--indicator", "nope"])
    assert result.exit_code == 1 and "unknown indicator" in result.output


# -- the digest's "change vs previous weeks" -------------------------------------------------------------

def test_digest_changes_count_reported_totals_only(hand_store):
    from pipeline.digest.query import build_digest
    from pipeline.digest.records import DigestOptions
    from pipeline.digest.week import IsoWeek

    # a1 (5 Jan 2024, week 2024-W01) holds a total, a change and a part of models: one reported total
    digest = build_digest(hand_store, DigestOptions(IsoWeek.parse("2024-W01"), categories=("model",)))
    (section,) = [p for p in digest.provinces if p.name == "Sóc Trăng"]
    assert [(c.category, c.figures, c.articles) for c in section.changes] == [("model", 1, 1)]
    # the week after (a2, 9 Jan) against the previous weeks' mean (a1: one total over 4 weeks)
    digest = build_digest(hand_store, DigestOptions(IsoWeek.parse("2024-W02"), categories=("model",)))
    (section,) = [p for p in digest.provinces if p.name == "Sóc Trăng"]
    assert [(c.figures, c.previous_figures) for c in section.changes] == [(1, 0.25)]


@pytest.mark.parametrize("geography", ["1963", "2025"])
def test_compare_reads_the_indicator_summary_while_fresh(hand_store, geography):
    from pipeline.compare import analytics_is_fresh, refresh_analytics

    opts = CompareOptions(geography=geography, show_alternatives=True)
    live = compare(hand_store, opts)
    assert refresh_analytics(hand_store) and analytics_is_fresh(hand_store)
    assert hand_store.con.execute("SELECT count(*) FROM indicator_summary").fetchone()[0] > 0
    assert compare(hand_store, opts) == live
    assert compare(hand_store, CompareOptions(geography=geography, indicator="models", years=(2023, 2023))) == \
        compare(hand_store, CompareOptions(geography=geography, indicator="models", years=(2023, 2023),
                                           use_summary=False))
