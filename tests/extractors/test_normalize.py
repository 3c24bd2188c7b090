import unicodedata

from extractors.normalize import normalize


def test_normalize_nfc_and_offsets_point_into_original():
    decomposed = unicodedata.normalize("NFD", "Tổng kết “Dân vận khéo”")
    n = normalize(decomposed)
    assert n.text == 'Tổng kết "Dân vận khéo"'
    start = n.text.index("Dân")
    o0, o1 = n.to_original(start, start + 3)
    assert unicodedata.normalize("NFC", decomposed[o0:o1]) == "Dân"


def test_normalize_dashes_spaces_and_lone_line_breaks():
    n = normalize("giai đoạn 2017 – 2020\u00a0có 6\nđội thi\u200b.\n\nĐoạn mới")
    assert n.text == "giai đoạn 2017 - 2020 có 6 đội thi.\n\nĐoạn mới"
    assert len(n.offsets) == len(n.text)


def test_normalize_empty_text():
    n = normalize("")
    assert n.text == "" and n.to_original(0, 0) == (0, 0)
