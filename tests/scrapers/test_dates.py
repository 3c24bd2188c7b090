from datetime import datetime

import pytest

from scrapers.dates import VN_TZ, parse_iso, parse_vi_datetime


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


@pytest.mark.parametrize("text, expected", [
    # NukeViet 4 detail, and 3.x with two spaces before the time
    ("Thứ năm - 07/12/2023 10:15", vn(2023, 12, 7, 10, 15)),
    ("Thứ hai - 16/10/2023  09:20", vn(2023, 10, 16, 9, 20)),
    # NukeViet lists
    ("07/12/2023 10:15:32", vn(2023, 12, 7, 10, 15, 32)),
    # Liferay (dongthap.gov.vn): time before the date
    ("17:10 30/03/2023", vn(2023, 3, 30, 17, 10)),
    ("Ngày đăng: 09:30 22/05/2023", vn(2023, 5, 22, 9, 30)),
    # provincial newspapers
    ("Thứ Bảy, 18/12/2021, 21:07 [GMT+7]", vn(2021, 12, 18, 21, 7)),
    ("Cập nhật lúc 22:18, Thứ Tư, 03/08/2016 (GMT+7)", vn(2016, 8, 3, 22, 18)),
    ("Thứ sáu, 26/04/2019 - 11:21'", vn(2019, 4, 26, 11, 21)),
    ("29/10/2021 - 14:57", vn(2021, 10, 29, 14, 57)),
    ("14/5/2019 8:43'", vn(2019, 5, 14, 8, 43)),
    ("Cập nhật ngày: 24/04/2015 05:21:36", vn(2015, 4, 24, 5, 21, 36)),
    # Tam Điệp: view counter glued after the date is not a time
    ("Thứ Năm, 07/12/2023 78 lượt xem", vn(2023, 12, 7)),
    # textual months
    ("ngày 31 tháng 12 năm 2014", vn(2014, 12, 31)),
    ("Thứ ba, 25 Tháng 1 2022 16:22", vn(2022, 1, 25, 16, 22)),
    ("Ngày 15 Tháng 5, 2015 | 07:49 PM", vn(2015, 5, 15, 19, 49)),
    ("NGÀY 12 THÁNG 3, 2020 | 10:20", vn(2020, 3, 12, 10, 20)),
    ("22 Th6 2017", vn(2017, 6, 22)),
    ("8 Th5, 2017", vn(2017, 5, 8)),
    # 12-hour clock
    ("Thứ Hai, 24/12/2012, 03:04 AM (GMT+7)", vn(2012, 12, 24, 3, 4)),
    ("24/12/2012 12:30 PM", vn(2012, 12, 24, 12, 30)),
    ("24/12/2012 12:30 AM", vn(2012, 12, 24, 0, 30)),
])
def test_dates_vietnamese_formats(text, expected):
    assert parse_vi_datetime(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("25 Tháng Mười 2018 11:05:00 SA", vn(2018, 10, 25, 11, 5)),
    ("Hoạt động Đảng - Đoàn thể 25 Tháng Mười 2018 11:05:00 SA", vn(2018, 10, 25, 11, 5)),
    # "Tháng Mười Một/Hai" must win over "Tháng Mười"
    ("3 Tháng Mười Một 2018 02:30:00 CH", vn(2018, 11, 3, 14, 30)),
    ("14 Tháng Mười Hai 2018 09:00:00 SA", vn(2018, 12, 14, 9)),
    ("1 Tháng Giêng 2019 12:00:00 SA", vn(2019, 1, 1, 0, 0)),
    ("1 Tháng Giêng 2019 12:00:00 CH", vn(2019, 1, 1, 12, 0)),
    ("25 THÁNG MƯỜI HAI 2018 11:05:00 CH", vn(2018, 12, 25, 23, 5)),
    ("5 Tháng Tư 2020", vn(2020, 4, 5)),
])
def test_dates_dotnet_vi_vn(text, expected):
    assert parse_vi_datetime(text) == expected


def test_dates_entities_and_decomposed_diacritics():
    assert parse_vi_datetime("Th&#7913; Hai, 24/12/2012, 03:04 AM (GMT+7)") == vn(2012, 12, 24, 3, 4)
    # Windows-1258 text decodes to a base letter plus a combining tone mark
    decomposed = "3 Tha\u0301ng Mươ\u0300i Mô\u0323t 2018 02:30:00 CH"
    assert parse_vi_datetime(decomposed) == vn(2018, 11, 3, 14, 30)


@pytest.mark.parametrize("text", ["", "78 lượt xem", "Đánh giá cho bài viết: 0 điểm", "31/02/2023", "Tin tức - Sự kiện"])
def test_dates_no_date(text):
    assert parse_vi_datetime(text) is None


def test_dates_iso_naive_is_vietnam_time():
    assert parse_iso("2023-12-07T10:15:00") == vn(2023, 12, 7, 10, 15)
    assert parse_iso("2023-11-02T19:20:45+07:00") == vn(2023, 11, 2, 19, 20, 45)
    assert parse_iso("2012-12-23T14:02+07:00") == vn(2012, 12, 23, 14, 2)
    assert parse_iso("not a date") is None


@pytest.mark.parametrize("text, expected", [
    ("Cập nhật thứ sáu, ngày 30/11/12 04:00 chiều", datetime(2012, 11, 30, 16, 0, tzinfo=VN_TZ)),
    ("Cập nhật thứ hai, ngày 24/12/12 11:05 tối", datetime(2012, 12, 24, 23, 5, tzinfo=VN_TZ)),
    ("Đăng lúc 09:30 sáng 05/06/2024", datetime(2024, 6, 5, 9, 30, tzinfo=VN_TZ)),
    ("1:15 trưa 05/06/2024", datetime(2024, 6, 5, 13, 15, tzinfo=VN_TZ)),
    ("Số 12/3/45 đường Láng", None),  # a two-digit year is read only after "ngày"
])
def test_dates_two_digit_years_and_parts_of_the_day(text, expected):
    assert parse_vi_datetime(text) == expected
