"""Places: the 63 provinces before 1 July 2025, the 34 after, the crosswalk, districts and name variants.

Data files (common/data/): provinces_34_from_63.csv (the crosswalk), provinces_63.csv and districts.csv
(regenerated offline by scripts/build_gazetteer_data.py from the `vietnamadminunits` package) and
province_aliases.csv (name variants that folding alone does not reach).
Old province names use the annotation guide's spelling: "TP. Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Thừa Thiên Huế".
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Province2025:
    code: str
    name: str          # "Vĩnh Long" (without "Tỉnh"/"Thành phố")
    kind: str          # "tỉnh" | "thành phố"
    old: tuple[str, ...]


@dataclass(frozen=True)
class Province63:
    code: str
    name: str           # annotation-guide spelling: "TP. Hồ Chí Minh"
    official_name: str  # "Thành phố Hồ Chí Minh"
    kind: str           # "tỉnh" | "thành phố"
    province_2025: str


@dataclass(frozen=True)
class District:
    """A district-level unit (huyện, quận, thị xã, thành phố thuộc tỉnh) as of 30 June 2025."""

    code: str
    name: str             # "Huyện Chợ Lách"
    short_name: str       # "Chợ Lách"
    kind: str             # huyện | quận | thị xã | thành phố
    province: str
    province_2025: str
    ambiguous: bool       # the short name is used in more than one province ("Châu Thành")
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    """A place name resolved to its provinces; start/end are offsets when it was found in a text."""

    name: str
    province: str
    province_2025: str
    district: str | None = None
    start: int | None = None
    end: int | None = None


_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp|thu do)\s+")
_DISTRICT_PREFIX = re.compile(r"^(huyen|quan|thi xa|tx|thanh pho|tp)\s+")


def _ascii(name: str) -> str:
    s = unicodedata.normalize("NFD", name.strip().lower()).replace("đ", "d")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def fold(name: str) -> str:
    """A key for matching names: lower case, no diacritics, no punctuation, no "tỉnh/thành phố/TP" prefix."""
    return _PROVINCE_PREFIX.sub("", _ascii(name)).replace(" ", "")


def _district_key(name: str) -> str:
    return _DISTRICT_PREFIX.sub("", _ascii(name)).replace(" ", "")


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("common").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


# -- provinces --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def provinces_2025() -> tuple[Province2025, ...]:
    """The 34 provinces since 1 July 2025, each with the old provinces it was formed from."""
    out = []
    for row in _read_csv("provinces_34_from_63.csv"):
        name = re.sub(r"^(Tỉnh|Thành phố)\s+", "", row["new_name"])
        out.append(Province2025(row["new_code"], name, row["new_type"],
                                tuple(p.strip() for p in row["old_provinces"].split(";"))))
    return tuple(out)


@lru_cache(maxsize=1)
def old_provinces() -> tuple[Province63, ...]:
    """The 63 provinces before 1 July 2025, with their codes and the 2025 province each went into."""
    return tuple(Province63(r["code"], r["name"], r["official_name"], r["kind"], r["province_2025"])
                 for r in _read_csv("provinces_63.csv"))


@lru_cache(maxsize=1)
def _old_index() -> dict[str, tuple[str, str]]:
    """fold(old name) -> (old name as in the annotation guide, new name)."""
    index = {}
    for p in provinces_2025():
        for old in p.old:
            index[fold(old)] = (old, p.name)
    return index


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {fold(r["variant"]): r["province"] for r in _read_csv("province_aliases.csv")}


def provinces_63() -> list[str]:
    """The 63 old province names, sorted."""
    return sorted(old for old, _ in _old_index().values())


def provinces_34() -> list[str]:
    """The 34 current province names (without "Tỉnh"/"Thành phố"), sorted."""
    return sorted(p.name for p in provinces_2025())


def crosswalk() -> dict[str, str]:
    """Old province (63) -> the 2025 province (34) it belongs to."""
    return {old: new for old, new in _old_index().values()}


def canonical_province(name: str | None) -> str | None:
    """The pre-2025 province for a name variant ("tỉnh Bà Rịa-Vũng Tàu" -> "Bà Rịa - Vũng Tàu"), or None."""
    if not name:
        return None
    key = fold(name)
    if key in _aliases():
        return _aliases()[key]
    hit = _old_index().get(key)
    return hit[0] if hit else None


def province_2025_of(name: str | None) -> str | None:
    """The post-2025 province a province name (pre- or post-2025, any variant) belongs to, or None."""
    old = canonical_province(name)
    if old is None:
        if name:
            for p in provinces_2025():
                if fold(p.name) == fold(name):
                    return p.name
        return None
    return _old_index()[fold(old)][1]


def old_provinces_of(name_2025: str) -> tuple[str, ...]:
    """The old provinces a 2025 province was formed from ("Vĩnh Long" -> Bến Tre, Trà Vinh, Vĩnh Long)."""
    new = province_2025_of(name_2025)
    for p in provinces_2025():
        if p.name == new:
            return p.old
    return ()


# -- districts --------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    """The 696 district-level units of the 63 provinces."""
    return tuple(
        District(r["code"], r["name"], r["short_name"], r["kind"], r["province"], r["province_2025"],
                 r["ambiguous"] == "1", tuple(a for a in r["aliases"].split(";") if a))
        for r in _read_csv("districts.csv")
    )


@lru_cache(maxsize=1)
def _district_index() -> dict[str, tuple[District, ...]]:
    index: dict[str, list[District]] = {}
    for d in districts():
        keys = {_district_key(d.name), _district_key(d.short_name)} | {_ascii(a).replace(" ", "") for a in d.aliases}
        for key in keys:
            index.setdefault(key, []).append(d)
    return {k: tuple(v) for k, v in index.items()}


def districts_named(name: str, province_hint: str | None = None) -> list[District]:
    """Districts a name can mean ("huyện Châu Thành" -> eight of them), optionally within one province.

    province_hint: an old or 2025 province name (any variant) that narrows the candidates.
    """
    found = list(_district_index().get(_district_key(name), ()))
    if province_hint and found:
        old, new = canonical_province(province_hint), province_2025_of(province_hint)
        found = [d for d in found if d.province == old] or [d for d in found if d.province_2025 == new]
    return found


def province_of_district(name: str, province_hint: str | None = None) -> str | None:
    """The old province of a district name, or None when unknown or ambiguous."""
    provinces = {d.province for d in districts_named(name, province_hint)}
    return provinces.pop() if len(provinces) == 1 else None


# -- places named in text ---------------------------------------------------------------------------

_PLACE_PREFIX = re.compile(r"\b(tỉnh|thành phố|tp\.?|thủ đô|huyện|quận|thị xã|tx\.?)\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\s,.;:()!?\"“”]+|-")


def _province_place(name: str, old: str) -> Place:
    return Place(name=name, province=old, province_2025=_old_index()[fold(old)][1])


def resolve_place(name: str, province_hint: str | None = None) -> Place | None:
    """Resolve a place name ("tỉnh Bến Tre", "huyện Chợ Lách", "TP. HCM", "thành phố Bến Tre") to its provinces.

    A "tỉnh …" is a province; a "huyện/quận/thị xã …" a district; a "thành phố …" is the province when that
    province is a city (Cần Thơ), else the provincial city of that name (thành phố Bến Tre, a district).
    Ambiguous district names resolve only with a province_hint. Returns None when nothing matches.
    """
    plain = _ascii(name)
    prefix = m.group(1) if (m := re.match(r"^(tinh|thanh pho|tp|thu do|huyen|quan|thi xa|tx)\b", plain)) else ""
    old = None if prefix in ("huyen", "quan", "thi xa", "tx") else canonical_province(name)
    if old is not None and prefix in ("thanh pho", "tp"):
        kind = next(p.kind for p in old_provinces() if p.name == old)
        if kind != "thành phố":
            cities = [d for d in districts_named(name, old) if d.kind == "thành phố"]
            if cities:
                d = cities[0]
                return Place(name=name, province=d.province, province_2025=d.province_2025, district=d.name)
    if old is not None:
        return _province_place(name, old)
    if prefix == "tinh":
        return None
    candidates = districts_named(name, province_hint)
    if prefix in ("thanh pho", "tp"):
        candidates = [d for d in candidates if d.kind == "thành phố"] or candidates
    if len({d.province for d in candidates}) != 1:
        return None
    d = candidates[0] if len(candidates) == 1 else None
    return Place(name=name, province=candidates[0].province, province_2025=candidates[0].province_2025,
                 district=d.name if d else None)


def places_in_text(text: str, province_hint: str | None = None, max_words: int = 5) -> list[Place]:
    """Places named with an administrative prefix in a text ("… tại huyện Chợ Lách, tỉnh Bến Tre …").

    The longest run of capitalised words after each prefix that resolves wins. Offsets refer to text.
    """
    found = []
    for m in _PLACE_PREFIX.finditer(text):
        words = []
        for w in _WORD.finditer(text, m.end(), min(len(text), m.end() + 80)):
            gap = text[(words[-1].end() if words else m.end()):w.start()]
            if words and (gap.strip() or "\n" in gap):
                break
            if not (w.group()[0].isupper() or w.group()[0].isdigit() or (w.group() == "-" and words)):
                break
            words.append(w)
            if len(words) >= max_words:
                break
        while words and words[-1].group() == "-":
            words.pop()
        for n in range(len(words), 0, -1):
            if words[n - 1].group() == "-":
                continue
            span = text[m.start():words[n - 1].end()]
            place = resolve_place(span, province_hint)
            if place is not None:
                found.append(Place(place.name, place.province, place.province_2025, place.district,
                                   m.start(), words[n - 1].end()))
                break
    return found
