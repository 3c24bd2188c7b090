"""Vietnamese numbers: "2.071" = 2071, "1,5" = 1.5, "08" = 8, "hai mươi mốt" = 21.

Vietnamese writes thousands with "." and decimals with ",". A dot followed by exactly three digits (in every
group) is a thousands separator; otherwise a dot is a decimal point ("1.5"). A comma is always a decimal mark.
Scale words (nghìn, triệu, tỷ) are not multiplied in: they stay in the counted entity.
"""
from __future__ import annotations

import math
import re

from extractors.lexicon import lexicon

# Larger numbers are not figures an article reports (a province's yearly budget is ~1e13 đồng, and scale words
# like "tỷ" are never multiplied in): they are refused, and so is anything that overflows a float.
MAX_VALUE = 1e15

_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = re.compile(r"^\d+(?:[.,]\d+)?$")


def parse_number(token: str) -> float | None:
    """Parse a digit string as Vietnamese writes it; None if it is not a number or is beyond MAX_VALUE.

    >>> parse_number("2.526.670.000"), parse_number("85,71"), parse_number("08")
    (2526670000.0, 85.71, 8.0)
    """
    token = token.strip().replace(" ", "")
    if _THOUSANDS.match(token):
        whole, _, frac = token.partition(",")
        value = float(whole.replace(".", ""))
        return in_range(value + float("0." + frac) if frac else value)
    if _PLAIN.match(token):
        return in_range(float(token.replace(",", ".")))
    return None


def in_range(value: float | None) -> float | None:
    """value when it is a finite number no larger than MAX_VALUE, else None (not a figure)."""
    if value is None or not math.isfinite(value) or abs(value) > MAX_VALUE:
        return None
    return value


def _word_table() -> dict[str, int]:
    return {k: int(v) for k, v in lexicon()["numbers"]["units"].items()}


# A run of number words: "hai mươi lăm", "một trăm linh năm", "mười lăm", "ba nghìn".
_NUMBER_WORD = r"(?:không|một|mốt|hai|ba|bốn|tư|năm|lăm|nhăm|sáu|bảy|bẩy|tám|chín|mười|mươi|trăm|nghìn|ngàn|linh|lẻ)"
NUMBER_WORDS_RE = re.compile(
    rf"(?<![\wÀ-ỹ])(?:{_NUMBER_WORD})(?:\s+{_NUMBER_WORD})*(?![\wÀ-ỹ])", re.IGNORECASE
)


def words_to_number(phrase: str) -> int | None:
    """Vietnamese number words to an integer ("mười lăm" -> 15); None when the words are not a number.

    Uses the vietnam-number library, which reads spoken and written forms; single words that are
    also ordinary words ("một" = "a", "năm" = "year", "tư" = "private") are refused here.
    """
    words = phrase.lower().split()
    if not words:
        return None
    if len(words) == 1 and words[0] not in {"hai", "ba", "bốn", "sáu", "bảy", "bẩy", "tám", "chín", "mười"}:
        return None
    if words[0] in {"mươi", "trăm", "nghìn", "ngàn", "linh", "lẻ", "lăm", "mốt"}:
        return None
    from vietnam_number import w2n

    try:
        value = w2n(" ".join(words))
    except Exception:  # the library raises bare ValueError/KeyError/IndexError on odd input
        return None
    if not isinstance(value, (int, float)) or value <= 0 or in_range(float(value)) is None:
        return None
    return int(value)

