import pytest


def periods(extractor, text, published=None):
    return [(f.value, f.period) for f in extractor.extract(text, published=published).figures]


@pytest.mark.parametrize("text, published, expected", [
    ("Năm 2022, toàn tỉnh có 120 mô hình.", "2023-03-02", [(120, "2022")]),
    ("Toàn tỉnh có 120 mô hình.", "2023-03-02", [(120, "2023")]),
    ("Toàn tỉnh có 120 mô hình.", None, [(120, None)]),
    ("Giai đoạn 2017 - 2020, huyện xây dựng 86 mô hình.", "2021-01-05", [(86, "2017-2020")]),
    ("Trong 6 tháng đầu năm 2024, tiếp 310 lượt công dân.", "2024-07-10", [(310, "2024")]),
    ("Từ năm 2009 đến nay, tỉnh có 6.100 mô hình.", "2024-10-01", [(6100, "2009-2024")]),
    ("5 năm qua, Quỹ vận động được 12 tỷ đồng.", "2020-11-24", [(12, "2015-2020")]),
    ("Năm 2023 có 98 mô hình, tăng 14 mô hình so với năm 2022.", "2024-01-05", [(98, "2023"), (14, "2023")]),
    ("Từ đầu năm 2022 đến tháng 4/2023, tiếp 264 lượt công dân.", None, [(264, "2022-2023")]),
])
def test_periods_from_text_and_publication(extractor, text, published, expected):
    assert periods(extractor, text, published) == expected


def test_periods_carry_within_paragraph_and_article(extractor):
    text = ("Năm 2021, công tác dân vận có nhiều chuyển biến. Toàn huyện có 45 mô hình.\n\n"
            "Các xã đã tổ chức 30 hội nghị.")
    assert periods(extractor, text, "2022-02-01") == [(45, "2021"), (30, "2021")]


def test_periods_next_year_tasks_point_to_year_before(extractor):
    text = "Hội nghị triển khai nhiệm vụ năm 2024. Các đơn vị đã tổ chức 40 buổi tuyên truyền."
    assert periods(extractor, text) == [(40, "2023")]


def test_periods_document_dates_are_not_periods(extractor):
    text = "Thực hiện Kế hoạch số 12-KH/TU ngày 3/4/2019, huyện có 15 mô hình."
    assert periods(extractor, text, "2022-05-01") == [(15, "2022")]
