import pytest


def docs(extractor, text):
    return [(d.number, d.kind, d.date, d.issuer) for d in extractor.extract(text).documents]


@pytest.mark.parametrize("text, expected", [
    ("Thực hiện Chương trình số 87-CTr/BDVTU-UBND, ngày 5-6-2018 của Ban Dân vận Tỉnh ủy và UBND tỉnh về phối hợp.",
     [("87-CTr/BDVTU-UBND", "CTr", "2018-06-05", "Ban Dân vận Tỉnh ủy và UBND tỉnh")]),
    ("Theo Kế hoạch số 2345/KHPH-MTTQ-BDV ngày 14/2/2022, các đơn vị triển khai.",
     [("2345/KHPH-MTTQ-BDV", "KHPH", "2022-02-14", None)]),
    ("Nghị định 59/2023/NĐ-CP quy định chi tiết Luật Thực hiện dân chủ ở cơ sở.",
     [("59/2023/NĐ-CP", "NĐ", None, None)]),
    ("Tiếp tục thực hiện Kết luận số 114-KL/TW của Ban Bí thư.", [("114-KL/TW", "KL", None, "Ban Bí thư")]),
    ("Thực hiện Công văn số 518 của Huyện ủy về việc tổ chức hội nghị.", [("518", None, None, "Huyện ủy")]),
    ("Quán triệt Nghị quyết Trung ương 4 và Chỉ thị 08 của tỉnh.", [("08", None, None, None)]),
    ("Ngày 9/8/2020, Tỉnh ủy đã ban hành Quy định số 25-QĐi/TU về tiếp xúc, đối thoại.",
     [("25-QĐi/TU", "QĐi", "2020-08-09", "Tỉnh ủy")]),
    ("Theo Quyết định số 76-QÐ/TU (viết với chữ Ð) về quy chế.", [("76-QÐ/TU", "QÐ", None, None)]),
])
def test_documents_numbers_kinds_dates_issuers(extractor, text, expected):
    assert docs(extractor, text) == expected


def test_documents_cited_twice_listed_once(extractor):
    text = "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị. Việc học tập Chỉ thị số 05 được đẩy mạnh; Chỉ thị số 05-CT/TW tiếp tục."
    assert [d.number for d in extractor.extract(text).documents] == ["05-CT/TW"]


def test_documents_issuer_codes_and_kind_name(extractor):
    (d,) = extractor.extract("Kế hoạch số 91-KH/BDVTU-CAT").documents
    assert d.issuer_codes == ["BDVTU", "CAT"] and d.kind_name == "Kế hoạch"


def test_documents_issuer_stops_before_what_it_issues(extractor):
    text = "Quán triệt Quyết định 1234/QĐ-UBND của UBND tỉnh ban hành Quy chế phối hợp với Mặt trận."
    (d,) = extractor.extract(text).documents
    assert d.issuer == "UBND tỉnh"
