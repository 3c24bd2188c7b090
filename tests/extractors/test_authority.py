"""extractors/authority.py: who gave an award, the body behind it and the kind of award (sentences written
for these tests)."""
from __future__ import annotations

import pytest

from extractors.authority import authority_key, award_kind, find_authority


def _at(sentence: str, needle: str) -> int:
    return sentence.index(needle)


@pytest.mark.parametrize("sentence, needle, who", [
    # a passive with the verb alone ("được X khen thưởng"), each clause its own body
    ("Có 3 tập thể được Ban Chỉ đạo huyện khen thưởng; 2 tập thể được Ban Chỉ đạo tỉnh biểu dương.", "3 tập",
     "Ban Chỉ đạo huyện"),
    ("Có 3 tập thể được Ban Chỉ đạo huyện khen thưởng; 2 tập thể được Ban Chỉ đạo tỉnh biểu dương.", "2 tập",
     "Ban Chỉ đạo tỉnh"),
    # a clause with no body does not borrow the one of a later clause
    ("Huyện có 40 tập thể tiêu biểu; 6 tập thể được UBND tỉnh tặng Bằng khen.", "40 tập", None),
    # "được … tặng" without an award word is not an award by that body
    ("Có 30 hộ nghèo được Hội Chữ thập đỏ tặng quà.", "30 hộ", None),
    ("Ngoài ra, Ban Dân vận Huyện ủy trao Giấy khen cho 5 tập thể.", "5 tập", "Ban Dân vận Huyện ủy"),
])
def test_authority_in_its_clause(sentence, needle, who):
    assert find_authority(sentence, _at(sentence, needle)) == who


@pytest.mark.parametrize("written, key", [
    ("Chủ tịch UBND tỉnh", "ubnd tỉnh"),
    ("Ủy ban nhân dân tỉnh Trà Vinh", "ubnd tỉnh"),
    ("UBND tỉnh", "ubnd tỉnh"),
    ("Ban Thường vụ Tỉnh uỷ", "tỉnh ủy"),
    ("Thường trực Tỉnh ủy", "tỉnh ủy"),
    ("Ban Dân vận Tỉnh ủy", "ban dân vận tỉnh ủy"),
    ("Phó Chủ tịch UBND huyện Cầu Kè", "ubnd huyện cầu kè"),
    ("Ủy ban MTTQ Việt Nam tỉnh", "mttq việt nam tỉnh"),
    (None, None),
])
def test_authority_key_names_the_body(written, key):
    assert authority_key(written) == key


def test_authority_key_tells_bodies_apart():
    assert authority_key("Chủ tịch UBND tỉnh") != authority_key("Ban Thường vụ Tỉnh ủy")
    assert authority_key("Ban Dân vận Tỉnh ủy") != authority_key("Ban Thường vụ Tỉnh ủy")
    assert authority_key("UBND huyện Châu Thành") != authority_key("UBND huyện Tiểu Cần")


@pytest.mark.parametrize("sentence, needle, kind", [
    ("Chủ tịch UBND huyện tặng Bằng khen cho 7 tập thể; Ban Dân vận tặng Giấy khen cho 9 tập thể.", "7 tập",
     "Bằng khen"),
    ("Chủ tịch UBND huyện tặng Bằng khen cho 7 tập thể; Ban Dân vận tặng Giấy khen cho 9 tập thể.", "9 tập",
     "Giấy khen"),
    ("Có 11 cá nhân được nhận giấy khen của Hội Nông dân.", "11 cá", "Giấy khen"),
    ("Tỉnh ủy tặng cờ thi đua cho 2 tập thể xuất sắc.", "2 tập", "Cờ thi đua"),
    ("Huyện biểu dương 15 tập thể.", "15 tập", None),
])
def test_award_kind(sentence, needle, kind):
    assert award_kind(sentence, _at(sentence, needle)) == kind


def test_a_body_right_after_the_figure_wins():
    s = "Có 4 tập thể được nhận Bằng khen của UBND tỉnh và 7 tập thể được nhận Giấy khen của Ban Dân vận Tỉnh ủy."
    assert find_authority(s, _at(s, "4 tập")) == "UBND tỉnh"
    assert find_authority(s, _at(s, "7 tập")) == "Ban Dân vận Tỉnh ủy"
    assert (award_kind(s, _at(s, "4 tập")), award_kind(s, _at(s, "7 tập"))) == ("Bằng khen", "Giấy khen")
