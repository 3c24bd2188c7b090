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


from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.normalize import normalize_by_character

_PIECES = st.sampled_from([
    "Năm 2023, tỉnh có 12 mô hình", "“Dân vận khéo”", "\u00a0", "\u200b", "\ufeff", "\u00ad", "\n", "\r\n", "–",
    "e\u0301", "\u0301", "ự", "Đ", "\u00d0", "\t", "6\nđội", "\u202e", "\u200f", "a", " ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12))
def test_normalize_fast_path_output_is_identical(pieces):
    text = "".join(pieces)
    fast, walked = normalize(text), normalize_by_character(text)
    assert (fast.text, fast.offsets, fast.original_length) == (walked.text, walked.offsets, walked.original_length)


def test_normalize_nfc_text_takes_identity_offsets():
    n = normalize("Có 25 tập thể được khen\u00a0thưởng")
    assert n.offsets == list(range(len(n.text))) and n.text.endswith("khen thưởng")
