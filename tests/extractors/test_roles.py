"""Roles (extractors/roles.py), normalised values (extractors/units.py) and parts of a year
(extractors/year_parts.py), through the extractor and on their own. Sentences written for these tests."""
from __future__ import annotations

import pytest

from extractors.extract import Extractor
from extractors.records import ROLES, Figure
from extractors.roles import FigureView, figure_views, sentence_roles
from extractors.units import normalize_value
from extractors.year_parts import period_span


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def _roles(extractor, text, published="2024-06-01"):
    return [(f.value, f.role) for f in extractor.extract(text, published=published).figures]


@pytest.mark.parametrize("text, expected", [
    # headline total, a change, a breakdown, a running total
    ("Năm 2023, huyện công nhận 57 mô hình “Dân vận khéo”, tăng 9 mô hình so với năm 2022; trong đó cấp huyện "
     "21 mô hình, cấp xã 36 mô hình. Từ năm 2015 đến nay, huyện đã có 410 mô hình.",
     [(57, "total"), (9, "change"), (21, "part"), (36, "part"), (410, "cumulative")]),
    # a decrease and "riêng"
    ("Trong năm 2023, lãnh đạo thị xã tiếp 830 lượt công dân, giảm 45 lượt so với cùng kỳ; riêng Chủ tịch UBND "
     "thị xã tiếp 96 lượt.", [(830, "total"), (45, "change"), (96, "part")]),
    # a value cited for comparison, and "từ … lên …"
    ("Năm 2023 có 61 đơn thư, so với năm 2022 là 74 đơn.", [(61, "total"), (74, "comparison")]),
    ("Số khu dân cư kiểu mẫu tăng từ 18 lên 26 khu dân cư.", [(18, "comparison"), (26, "total")]),
    # "tăng lên" reports the new level
    ("Năm 2024, số mô hình tăng lên 95 mô hình.", [(95, "total")]),
    # a breakdown in the next sentence
    ("Năm 2023, toàn tỉnh tiếp nhận 140 đơn thư. Trong đó, cấp tỉnh 52 đơn thư.", [(140, "total"), (52, "part")]),
    # awards to collectives and individuals are two totals, not a breakdown
    ("Năm 2023, UBND tỉnh tặng Bằng khen cho 12 tập thể, 19 cá nhân.", [(12, "total"), (19, "total")]),
    # "sau 5 năm" makes a running total
    ("Sau 5 năm triển khai, các xã đã xây dựng 230 mô hình dân vận khéo.", [(230, "cumulative")]),
    # percentages: a rate and its change
    ("Năm 2023, tỷ lệ hộ tham gia bảo hiểm y tế đạt 93,4%, tăng 1,2% so với năm 2022.",
     [(93.4, "total"), (1.2, "change")]),
])
def test_roles_in_sentences(extractor, text, expected):
    assert _roles(extractor, text) == expected


def test_roles_are_known_and_in_every_figure(extractor):
    ex = extractor.extract("Năm 2022 có 40 mô hình; trong đó cấp xã 31 mô hình. Kinh phí 300 triệu đồng.")
    assert ex.figures and all(f.role in ROLES for f in ex.figures)


def test_roles_sibling_parts_without_a_total():
    sentence = "Năm 2022 công nhận: cấp huyện 14 mô hình, cấp xã 33 mô hình."
    views = [FigureView(s, s, s + 2, s + 11, "model") for s in (sentence.index("14"), sentence.index("33"))]
    assert sentence_roles(sentence, views) == ["part", "part"]


def test_roles_from_stored_spans():
    sentence = "Năm 2023 có 61 đơn thư, tăng 5 đơn so với năm 2022."
    spans = [(sentence.index("61"), sentence.index("61") + 10, "petition", None, "61 đơn thư"),
             (sentence.index("tăng"), sentence.index("tăng") + 10, "petition", "increase", "tăng 5 đơn")]
    views = figure_views(sentence, spans)
    assert [v.num_start for v in views] == [sentence.index("61"), sentence.index("5 đơn")]
    assert sentence_roles(sentence, views) == ["total", "change"]


@pytest.mark.parametrize("value, entity, category, expected", [
    (2.5, "tỷ đồng", "money", (2_500_000_000, "đồng")),
    (500, "triệu đồng", "money", (500_000_000, "đồng")),
    (1.2, "tỉ đồng", "money", (1_200_000_000, "đồng")),
    (300, "nghìn đồng", "money", (300_000, "đồng")),
    (4, "tỷ", "money", (4_000_000_000, "đồng")),
    (15, "triệu đồng/hộ", "money", (15_000_000, "đồng/hộ")),
    (95, "%", "percent", (95, "%")),
    (640, "mô hình", "model", (640, "mô hình")),
    (1.5, "nghìn lượt người", "participants", (1500, "lượt người")),
    (2, "vạn người", "participants", (20_000, "người")),
])
def test_units_normalize_value(value, entity, category, expected):
    assert normalize_value(value, entity, category) == expected


def test_units_through_the_extractor(extractor):
    ex = extractor.extract("Năm 2023, huyện A vận động 850 triệu đồng, huyện B vận động 2,5 tỷ đồng.")
    assert [(f.value_normalized, f.unit) for f in ex.figures] == [(850_000_000, "đồng"), (2_500_000_000, "đồng")]


@pytest.mark.parametrize("text, needle, period, expected", [
    ("6 tháng đầu năm 2024, các cấp tiếp 210 lượt công dân.", "210", "2024", "H1"),
    ("Quý I/2024, các xã tiếp nhận 12 đơn.", "12 đơn", "2024", "Q1"),
    ("Trong quý III năm 2023 có 8 cuộc đối thoại.", "8 cuộc", "2023", "Q3"),
    ("9 tháng năm 2023, Mặt trận vận động 3 tỷ đồng.", "3 tỷ", "2023", "9M"),
    ("Sau 10 tháng năm 2022, toàn tỉnh tiếp 900 lượt.", "900", "2022", "10M"),
    ("Các cấp tiếp 75 lượt công dân trong quý II/2024.", "75", "2024", "Q2"),
    ("Năm 2023, toàn tỉnh tiếp 1.900 lượt công dân.", "1.900", "2023", None),
    ("So với 6 tháng đầu năm 2023, năm 2024 tiếp 1.900 lượt công dân.", "1.900", "2024", None),
    ("Sau 6 tháng triển khai, năm 2024 có 40 mô hình.", "40", "2024", None),
])
def test_year_parts_in_the_sentence(text, needle, period, expected):
    assert period_span(text, text.index(needle), period) == expected


def test_year_parts_from_the_headline(extractor):
    text = "Sơ kết công tác dân vận 6 tháng đầu năm 2024\nCác cấp đã tiếp 215 lượt công dân và nhận 30 đơn."
    ex = extractor.extract(text, published="2024-07-05")
    assert [(f.value, f.period, f.period_span) for f in ex.figures] == [(215, "2024", "H1"), (30, "2024", "H1")]


def test_year_parts_never_for_ranges():
    assert period_span("6 tháng đầu năm, có 40 mô hình giai đoạn 2021-2023", 25, "2021-2023") is None


def test_figure_records_load_without_the_new_fields():
    old = {"value": 10, "entity": "tập thể", "category": "award_collective", "start": 0, "end": 10, "span": "10 tập thể"}
    f = Figure.from_dict(old)
    assert (f.role, f.value_normalized, f.unit, f.period_span) == ("total", None, None, None)
    d = Figure(2.5, "tỷ đồng", "money", 0, 10, "2,5 tỷ đồng", value_normalized=2.5e9, unit="đồng").as_dict()
    assert d["value_normalized"] == 2_500_000_000 and isinstance(d["value_normalized"], int)
