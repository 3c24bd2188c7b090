"""Provinces: the 63 before 1 July 2025, the 34 after, the crosswalk, and name variants."""
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


def fold(name: str) -> str:
    """A key for matching names: lower case, no diacritics, no punctuation, no "tỉnh/thành phố/TP" prefix."""
    s = unicodedata.normalize("NFD", name.strip().lower()).replace("đ", "d")
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^(tinh|thanh pho|tp)\s+", "", s)
    return s.replace(" ", "")


# Variants that folding alone does not reach.
_ALIASES = {"hcm": "TP. Hồ Chí Minh", "tphcm": "TP. Hồ Chí Minh", "hochiminh": "TP. Hồ Chí Minh",
            "saigon": "TP. Hồ Chí Minh", "hue": "Thừa Thiên Huế", "brvt": "Bà Rịa - Vũng Tàu"}


@lru_cache(maxsize=1)
def provinces_2025() -> tuple[Province2025, ...]:
    text = resources.files("pipeline").joinpath("data/provinces_34_from_63.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        name = re.sub(r"^(Tỉnh|Thành phố)\s+", "", row["new_name"])
        out.append(Province2025(row["new_code"], name, row["new_type"],
                                tuple(p.strip() for p in row["old_provinces"].split(";"))))
    return tuple(out)


@lru_cache(maxsize=1)
def _old_index() -> dict[str, tuple[str, str]]:
    """fold(old name) -> (old name as in the annotation guide, new name)."""
    index = {}
    for p in provinces_2025():
        for old in p.old:
            index[fold(old)] = (old, p.name)
    return index


def provinces_63() -> list[str]:
    return sorted(old for old, _ in _old_index().values())


def canonical_province(name: str | None) -> str | None:
    """The pre-2025 province for a name variant ("tỉnh Bà Rịa-Vũng Tàu" -> "Bà Rịa - Vũng Tàu"), or None."""
    if not name:
        return None
    key = fold(name)
    if key in _ALIASES:
        return _ALIASES[key]
    hit = _old_index().get(key)
    return hit[0] if hit else None


def province_2025_of(name: str | None) -> str | None:
    """The post-2025 province a pre-2025 province (any variant) belongs to."""
    old = canonical_province(name)
    if old is None:
        # already a 2025 name?
        if name and any(fold(p.name) == fold(name) for p in provinces_2025()):
            return next(p.name for p in provinces_2025() if fold(p.name) == fold(name))
        return None
    return _old_index()[fold(old)][1]
