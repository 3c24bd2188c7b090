import importlib.util
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from common import gazetteer as gz

ROOT = Path(__file__).resolve().parents[2]


def _vau_data() -> Path:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None:
        pytest.skip("vietnamadminunits is not installed")
    return Path(spec.submodule_search_locations[0]) / "data"


def _guide(name: str) -> str:
    # vietnamadminunits names Thừa Thiên Huế by its name since 1/1/2025 (Thành phố Huế)
    return "Thừa Thiên Huế" if gz.fold(name) == "hue" else name


def test_gazetteer_counts():
    assert len(gz.provinces_63()) == 63
    assert len(gz.provinces_34()) == 34
    assert len(gz.old_provinces()) == 63
    assert len(gz.districts()) == 696
    assert set(gz.crosswalk()) == set(gz.provinces_63())
    assert set(gz.crosswalk().values()) == set(gz.provinces_34())


def test_gazetteer_crosswalk_matches_vietnamadminunits():
    data = _vau_data()
    con = sqlite3.connect(f"file:{data / 'dataset.db'}?mode=ro", uri=True)
    old_names = dict(con.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units_legacy"))
    new_names = dict(con.execute("SELECT DISTINCT provinceKey, provinceShort FROM admin_units"))
    mapping = json.loads((data / "converter_2025.json").read_text(encoding="utf-8"))["DICT_PROVINCE"]
    assert len(mapping) == 34
    theirs = {gz.fold(_guide(old_names[o])): gz.fold(new_names[n]) for n, olds in mapping.items() for o in olds}
    ours = {gz.fold(old): gz.fold(new) for old, new in gz.crosswalk().items()}
    assert theirs == ours


def test_gazetteer_province_codes_match_vietnamadminunits():
    con = sqlite3.connect(f"file:{_vau_data() / 'dataset.db'}?mode=ro", uri=True)
    theirs = {code: gz.fold(_guide(short)) for code, short in
              con.execute("SELECT DISTINCT provinceCode, provinceShort FROM admin_units_legacy")}
    assert theirs == {p.code: gz.fold(p.name) for p in gz.old_provinces()}


def test_gazetteer_data_files_are_up_to_date():
    _vau_data()
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer_data.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("variant, old, new", [
    ("TP. HCM", "TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("TP.HCM", "TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Hồ Chí Minh"),
    ("Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"),
    ("Thành phố Huế", "Thừa Thiên Huế", "Huế"),
    ("tỉnh Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("BR-VT", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
    ("TP Cần Thơ", "Cần Thơ", "Cần Thơ"),
    ("tỉnh Hậu Giang", "Hậu Giang", "Cần Thơ"),
    ("Hoà Bình", "Hòa Bình", "Phú Thọ"),           # old-style tone mark placement
    ("THANH HOÁ", "Thanh Hóa", "Thanh Hóa"),
    ("Đắc Lắc", "Đắk Lắk", "Đắk Lắk"),
    ("Bến Tre", "Bến Tre", "Vĩnh Long"),
    ("Thủ đô Hà Nội", "Hà Nội", "Hà Nội"),
])
def test_gazetteer_name_variants(variant, old, new):
    assert gz.canonical_province(variant) == old
    assert gz.province_2025_of(variant) == new


@pytest.mark.parametrize("name", [None, "", "Gotham", "huyện Chợ Lách", "'; DROP TABLE articles; --"])
def test_gazetteer_unknown_names(name):
    assert gz.canonical_province(name) is None
    assert gz.province_2025_of(name) is None


def test_gazetteer_old_provinces_of_2025_province():
    assert gz.old_provinces_of("Vĩnh Long") == ("Bến Tre", "Trà Vinh", "Vĩnh Long")
    assert gz.old_provinces_of("Thành phố Hồ Chí Minh") == ("Bà Rịa - Vũng Tàu", "Bình Dương", "TP. Hồ Chí Minh")


def test_gazetteer_districts_resolve_and_ambiguity():
    assert gz.province_of_district("huyện Chợ Lách") == "Bến Tre"
    assert gz.province_of_district("Châu Thành") is None                    # ten provinces have one
    assert len(gz.districts_named("huyện Châu Thành")) == 10
    assert gz.province_of_district("huyện Châu Thành", "Trà Vinh") == "Trà Vinh"
    assert gz.province_of_district("Q.9") == "TP. Hồ Chí Minh"               # merged into Thủ Đức (alias)


@pytest.mark.parametrize("name, province, province_2025, district", [
    ("tỉnh Bến Tre", "Bến Tre", "Vĩnh Long", None),
    ("thành phố Bến Tre", "Bến Tre", "Vĩnh Long", "Thành phố Bến Tre"),   # a provincial city, not the province
    ("thành phố Cần Thơ", "Cần Thơ", "Cần Thơ", None),                     # a centrally-run city
    ("TP Thủ Đức", "TP. Hồ Chí Minh", "Hồ Chí Minh", "Thành phố Thủ Đức"),
    ("thị xã Ba Đồn", "Quảng Bình", "Quảng Trị", "Thị xã Ba Đồn"),
    ("Quận 1", "TP. Hồ Chí Minh", "Hồ Chí Minh", "Quận 1"),
])
def test_gazetteer_resolve_place(name, province, province_2025, district):
    place = gz.resolve_place(name)
    assert (place.province, place.province_2025, place.district) == (province, province_2025, district)


def test_gazetteer_resolve_place_unknown_or_ambiguous():
    assert gz.resolve_place("tỉnh Chợ Lách") is None
    assert gz.resolve_place("huyện Châu Thành") is None
    assert gz.resolve_place("huyện Châu Thành", "Long An").province == "Long An"


def test_gazetteer_places_in_text_with_offsets():
    text = ("Sáng 5/3, tại huyện Chợ Lách, tỉnh Bến Tre, Ban Dân vận Tỉnh ủy phối hợp với đoàn công tác của "
            "TP.HCM và thị xã Ba Đồn (Quảng Bình); đại biểu tỉnh Bà Rịa - Vũng Tàu cùng dự.")
    places = gz.places_in_text(text)
    assert [text[p.start:p.end] for p in places] == [
        "huyện Chợ Lách", "tỉnh Bến Tre", "TP.HCM", "thị xã Ba Đồn", "tỉnh Bà Rịa - Vũng Tàu"]
    assert [p.province_2025 for p in places] == ["Vĩnh Long", "Vĩnh Long", "Hồ Chí Minh", "Quảng Trị", "Hồ Chí Minh"]


def test_gazetteer_places_in_text_ignores_lowercase_and_unknown():
    assert gz.places_in_text("Tỉnh ủy chỉ đạo các huyện, thị xã thực hiện tốt; tỉnh Narnia không có.") == []
