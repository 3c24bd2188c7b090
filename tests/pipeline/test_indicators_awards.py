"""Awards of several bodies or kinds in one article (pipeline/indicators.py, add_by_authority): their sum is the
article's fact; the same (body, value) in two articles counts once; headline totals; the split shown to
analysts (note, --show-alternatives, the xlsx evidence sheet). Sentences written for these tests."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from corpus.records import Article
from extractors.records import Extraction, Figure
from pipeline.compare import CompareOptions, compare, refresh_analytics
from pipeline.indicators import IndicatorOptions, indicator_values
from pipeline.store import Store

VN = timezone(timedelta(hours=7))


def _article(slug, source, day, province="Trà Vinh", province_2025="Vĩnh Long"):
    return Article(url=f"https://{source}.example.vn/{slug}", title=slug, text="x", source_id=source,
                   province=province, province_2025=province_2025, published=datetime(2025, 1, day, 9, tzinfo=VN))


def _awards(sentence: str, *found: tuple[str, str | None], category="award_collective", period="2024"):
    """Figures of `sentence`: (span, authority) each, in text order."""
    out = []
    for span, who in found:
        at = sentence.index(span)
        value = float(span.split()[0].replace(".", ""))
        out.append(Figure(value, span.split(" ", 1)[1], category, at, at + len(span), span, period=period,
                          sentence=sentence, authority=who, unit=span.split(" ", 1)[1]))
    return out


TWO_BODIES = "Dịp này, Chủ tịch UBND tỉnh tặng Bằng khen cho 16 tập thể; Ban Thường vụ Tỉnh ủy tặng Bằng khen cho 9 tập thể."


def _store(figures_by_article: dict[str, tuple[Article, list[Figure]]]) -> Store:
    s = Store(":memory:")
    s.upsert_articles([a for a, _ in figures_by_article.values()])
    s.replace_extractions([Extraction(id=a.id, figures=f, extractor_version="t1")
                           for a, f in figures_by_article.values()])
    return s


def _cell(store, indicator="awards_collective", **kw):
    (v,) = [v for v in indicator_values(store, IndicatorOptions(indicators=(indicator,), **kw))]
    return v


def test_two_bodies_in_one_article_add_up():
    with _store({"a": (_article("a", "bao-tv", 10),
                       _awards(TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy")))}) as s:
        v = _cell(s)
        assert (v.value, v.agree, v.derived, v.sources, v.alternatives) == (25, True, True, 1, [])
        assert v.note.startswith("sum of 2 awards by authority: Chủ tịch UBND tỉnh 16, Ban Thường vụ Tỉnh ủy 9")


def test_same_body_and_value_in_two_articles_counts_once():
    other = "Chủ tịch UBND tỉnh đã tặng Bằng khen cho 16 tập thể có thành tích tiêu biểu."
    with _store({"a": (_article("a", "bao-tv", 10),
                       _awards(TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy"))),
                 # a later article of another source gives the UBND's part alone: not a disagreeing 16, not 41
                 "b": (_article("b", "travinh-dcs", 20), _awards(other, ("16 tập thể", "UBND tỉnh")))}) as s:
        v = _cell(s)
        assert (v.value, v.agree, v.sources, v.articles) == (25, True, 2, 2)
        assert "1 more article(s) report part of it" in v.note


def test_the_same_sum_from_two_sources_is_one_fact():
    again = "Ban Thường vụ Tỉnh ủy trao Bằng khen cho 9 tập thể; Chủ tịch UBND tỉnh trao Bằng khen cho 16 tập thể."
    with _store({"a": (_article("a", "bao-tv", 10),
                       _awards(TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy"))),
                 "b": (_article("b", "travinh-dcs", 11),
                       _awards(again, ("9 tập thể", "Ban Thường vụ Tỉnh ủy"), ("16 tập thể", "Chủ tịch UBND tỉnh")))}) as s:
        v = _cell(s)
        assert (v.value, v.sources, v.agree, v.derived) == (25, 2, True, True)


def test_headline_total_equal_to_the_sum_agrees_and_is_not_derived():
    headline = "Trà Vinh khen thưởng 25 tập thể điển hình năm 2024"
    figures = _awards(headline, ("25 tập thể", None)) + _awards(
        TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy"))
    figures[0].start = figures[0].end = 500     # the headline's own offset
    with _store({"a": (_article("a", "bao-tv", 10), figures)}) as s:
        v = _cell(s)
        assert (v.value, v.agree, v.derived, v.alternatives) == (25, True, False, [])
        assert "a report gives the total itself" in v.note


def test_larger_unattributed_total_wins_and_the_bodies_are_its_breakdown():
    lead = "Năm 2024 có 40 tập thể được khen thưởng về công tác dân vận."
    figures = _awards(lead, ("40 tập thể", None)) + _awards(
        TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy"))
    figures[0].start, figures[0].end = 600, 610
    with _store({"a": (_article("a", "bao-tv", 10), figures)}) as s:
        v = _cell(s)
        assert (v.value, v.agree, v.derived, v.alternatives) == (40, True, False, [])
        assert "itemised 25 of it by authority" in v.note


def test_award_kinds_without_bodies_add_up():
    sentence = "Trong năm, 7 tập thể được nhận Bằng khen và 11 tập thể được nhận Giấy khen."
    with _store({"a": (_article("a", "bao-tv", 10), _awards(sentence, ("7 tập thể", None), ("11 tập thể", None)))}) as s:
        v = _cell(s)
        assert (v.value, v.derived) == (18, True) and "by award: Bằng khen 7, Giấy khen 11" in v.note


def test_one_body_giving_several_lists_is_not_split():
    sentence = ("Chủ tịch UBND tỉnh tặng Bằng khen cho 13 tập thể trong phong trào thi đua; tặng Bằng khen cho 6 tập "
                "thể thực hiện tốt quy chế dân chủ.")
    with _store({"a": (_article("a", "bao-tv", 10), _awards(sentence, ("13 tập thể", "Chủ tịch UBND tỉnh"),
                                                            ("6 tập thể", "Chủ tịch UBND tỉnh")))}) as s:
        v = _cell(s)
        assert (v.value, v.agree, v.derived) == (13, False, False) and [a.value for a in v.alternatives] == [6]


def test_bodies_in_different_articles_are_not_added():
    # two ceremonies may be reported by two articles: only one article's bodies add up
    a = "Chủ tịch UBND tỉnh tặng Bằng khen cho 16 tập thể."
    b = "Ban Thường vụ Tỉnh ủy tặng Bằng khen cho 9 tập thể."
    with _store({"a": (_article("a", "bao-tv", 10), _awards(a, ("16 tập thể", "Chủ tịch UBND tỉnh"))),
                 "b": (_article("b", "travinh-dcs", 12), _awards(b, ("9 tập thể", "Ban Thường vụ Tỉnh ủy")))}) as s:
        v = _cell(s)
        assert v.value in (16, 9) and v.agree is False and not v.derived


def test_medals_and_other_counts_are_not_added():
    sentence = "Chủ tịch UBND tỉnh tặng Bằng khen cho 16 đơn vị; Ban Thường vụ Tỉnh ủy tặng Bằng khen cho 9 đơn vị."
    with _store({"a": (_article("a", "bao-tv", 10),
                       _awards(sentence, ("16 đơn vị", "Chủ tịch UBND tỉnh"), ("9 đơn vị", "Ban Thường vụ Tỉnh ủy"),
                               category="medal"))}) as s:
        v = _cell(s, "medals")
        assert v.value == 16 and v.agree is False


@pytest.mark.parametrize("geography", ["1963", "2025"])
def test_split_shown_in_alternatives_and_summary_matches_live(geography):
    lone = "Năm 2024, Ban Dân vận Tỉnh ủy tặng Giấy khen cho 30 tập thể."
    with _store({"a": (_article("a", "bao-tv", 10),
                       _awards(TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy"))),
                 "b": (_article("b", "travinh-dcs", 12), _awards(lone, ("30 tập thể", "Ban Dân vận Tỉnh ủy")))}) as s:
        opts = CompareOptions(indicator="awards_collective", show_alternatives=True, geography=geography)
        live = compare(s, opts)
        cols, rows = live
        row = dict(zip(cols, rows[0]))
        # 30 (1 source, later) wins the tie; the sum 25 stays visible with its parts
        assert row["value"] == 30 and row["agree"] is False
        assert row["alternatives"].startswith("25 (sum of 2 awards by authority: Chủ tịch UBND tỉnh 16, "
                                              "Ban Thường vụ Tỉnh ủy 9; 1 source:")
        assert refresh_analytics(s)
        assert compare(s, opts) == live


def test_xlsx_evidence_shows_the_parts_of_a_sum(tmp_path):
    import openpyxl
    from typer.testing import CliRunner

    from pipeline.cli import app

    db = tmp_path / "awards.duckdb"
    with Store(db) as s:
        a = _article("a", "bao-tv", 10)
        s.upsert_articles([a])
        s.replace_extractions([Extraction(id=a.id, extractor_version="t1", figures=_awards(
            TWO_BODIES, ("16 tập thể", "Chủ tịch UBND tỉnh"), ("9 tập thể", "Ban Thường vụ Tỉnh ủy")))])
    out = tmp_path / "awards.xlsx"
    result = CliRunner().invoke(app, ["--db", str(db), "compare", "--indicator", "awards_collective", "--out", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    header = [c.value for c in wb["Bằng chứng"][1]]
    rows = [dict(zip(header, r)) for r in wb["Bằng chứng"].iter_rows(min_row=2, values_only=True)]
    assert [(r["Giá trị"], r["Cơ quan khen thưởng"], r["Hình thức khen thưởng"], r["Tính vào giá trị"],
             r["Là giá trị của ô"]) for r in rows] == [
        (16, "Chủ tịch UBND tỉnh", "Bằng khen", 25, "có"), (9, "Ban Thường vụ Tỉnh ủy", "Bằng khen", 25, "có")]
    assert all(r["Là phần của tổng"].startswith("sum of 2 awards by authority") for r in rows)
    (row,) = wb["So sánh"].iter_rows(min_row=2, values_only=True)
    assert 25 in row and any(isinstance(c, str) and "Ban Thường vụ Tỉnh ủy 9" in c for c in row)


def test_a_span_is_not_found_inside_a_longer_number():
    from pipeline.indicators import locate

    sentence = "UBND tỉnh tặng Bằng khen cho 19 tập thể; Ban Dân vận tặng Giấy khen cho 9 tập thể."
    assert locate(sentence, "9 tập thể") == sentence.index("cho 9") + 4
    assert locate(sentence, "19 tập thể") == sentence.index("19")
    assert locate(sentence, None) == 0
