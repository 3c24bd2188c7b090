"""Normalised values and units: scale words applied, money in đồng, rates kept as rates.

"2,5 tỷ đồng" -> (2 500 000 000, "đồng"); "500 triệu đồng" -> (500 000 000, "đồng"); "95%" -> (95, "%");
"640 mô hình" -> (640, "mô hình"); "1,2 nghìn lượt người" -> (1200, "lượt người").
The scale words are the lexicon's (extractors/data/lexicon.toml, [numbers] scales).
"""
from __future__ import annotations

import re

from extractors.lexicon import lexicon

# what each scale word multiplies by (the words themselves are data: lexicon.toml [numbers] scales)
_FACTORS = {"nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9}
SCALES = {w: _FACTORS[w] for w in lexicon()["numbers"]["scales"] if w in _FACTORS}
_SCALE_RE = re.compile(r"^(" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")(?![\wÀ-ỹ])\s*", re.IGNORECASE)
# money written without "đồng": "2,5 tỷ" in a money sentence, "VNĐ", "đ"
_MONEY_UNITS = {"đồng": "đồng", "vnđ": "đồng", "vnd": "đồng", "đ": "đồng", "": "đồng", "usd": "USD",
                "đô la": "USD", "đô la mỹ": "USD"}
PERCENT = "%"


def normalize_value(value: float, entity: str, category: str) -> tuple[float, str]:
    """(value with scale words applied, unit) for a figure's value, counted entity and category.

    Money is in đồng (or USD when written in dollars); a percentage keeps its value and unit "%";
    anything else is counted in its entity without the scale word ("nghìn lượt người" -> "lượt người").
    """
    e = " ".join((entity or "").split())
    if e == PERCENT or category == "percent":
        return value, PERCENT
    factor = 1.0
    m = _SCALE_RE.match(e)
    if m:
        factor = SCALES[m.group(1).lower()]
        e = e[m.end():]
    unit = e.lower().strip(" ,")
    if category == "money":
        # "triệu đồng/người": an amount per person stays "đồng/người" (a rate, not a total)
        unit, slash, per = unit.partition("/")
        unit = _MONEY_UNITS.get(unit.strip(), _money_unit(unit.strip())) + (slash + per.strip() if slash else "")
    return _clean(value * factor), unit


def _money_unit(unit: str) -> str:
    if unit.endswith("usd") or unit.endswith("đô la"):
        return "USD"
    return "đồng"


def _clean(x: float) -> float:
    # 2,5 * 1e9 is 2500000000.0000005 in binary floating point: keep whole numbers whole
    r = round(x, 6)
    return float(round(r)) if abs(r - round(r)) < 1e-6 else r
