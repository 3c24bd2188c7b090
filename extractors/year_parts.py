"""Figures that cover part of a year: "6 tháng đầu năm 2024" -> H1, "9 tháng năm 2023" -> 9M, "quý I/2024" -> Q1,
"10 tháng năm 2022" -> 10M. None means the figure's whole period (a full year, or a range of years).

A figure takes the phrase nearest before its number in its sentence, else the first after it in its sentence,
else the one in the opening sentence of its paragraph, else the one in the headline (the text's first line).
A phrase naming a year other than the figure's own period is skipped ("so với 6 tháng đầu năm 2023").
Words are data: extractors/data/roles.toml [spans].
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.lexicon import alternation
from extractors.roles import role_words

_W = r"(?<![\wÀ-ỹ\d])"
_E = r"(?![\wÀ-ỹ])"
_YEAR_AFTER = re.compile(r"^\s*(?:năm\s+|/\s*)?((?:19|20)\d{2})(?!\d)")


@lru_cache(maxsize=1)
def _spec() -> tuple[re.Pattern, dict[str, str], dict[int, str], dict[str, int]]:
    spans = role_words()["spans"]
    named = {phrase.lower(): code for phrase, code in spans["phrases"]}
    months = {int(k): v for k, v in spans["months"].items()}
    words = {k: int(v) for k, v in spans["month_words"].items()}
    n = rf"(?P<n>\d{{1,2}}|{alternation(words)})"
    pattern = re.compile(
        rf"{_W}(?:(?P<named>{alternation(named)})(?![\wÀ-ỹ])"
        rf"|{n}\s+tháng(?:\s+đầu)?(?=\s+năm{_E}|\s+qua{_E}|\s+vừa qua{_E}|\s*/\s*(?:19|20)\d\d|\s+(?:19|20)\d\d)"
        rf"|(?<=trong\s)(?P<n2>\d{{1,2}}|{alternation(words)})\s+tháng(?:\s+đầu\s+năm)?(?=\s*,))",   # "Trong 10 tháng, …"
        re.IGNORECASE,
    )
    return pattern, named, months, words


def _code(m: re.Match) -> str | None:
    pattern, named, months, words = _spec()
    if m.group("named"):
        return named[m.group("named").lower()]
    raw = (m.group("n") or m.group("n2")).lower()
    n = int(raw) if raw.isdigit() else words.get(raw)
    if n is None or not 2 <= n <= 11:
        return None
    return months.get(n, f"{n}M")


@lru_cache(maxsize=1024)
def spans_in(text: str) -> tuple[tuple[int, str, str | None], ...]:
    """(offset, span code, year written with it or None) for each part-of-year phrase in text."""
    pattern = _spec()[0]
    out = []
    for m in pattern.finditer(text):
        code = _code(m)
        if code:
            y = _YEAR_AFTER.match(text[m.end():m.end() + 12])
            out.append((m.start(), code, y.group(1) if y else None))
    return tuple(out)


def _fits(year: str | None, period: str | None) -> bool:
    return year is None or period is None or period == year


def period_span(sentence: str, num_start: int, period: str | None, frames: tuple[str, ...] = ()) -> str | None:
    """The part of a year a figure covers, from its sentence (num_start: the number's offset in it) and, when
    the sentence names none, from the frames (its paragraph's opening sentence, the headline) in that order."""
    if period is not None and not re.fullmatch(r"(?:19|20)\d{2}", period):
        return None     # a range of years, or no year: not a part of one
    found = [s for s in spans_in(sentence) if _fits(s[2], period)]
    before = [s for s in found if s[0] < num_start]
    if before:
        return before[-1][1]
    after = [s for s in found if s[0] > num_start]
    if after:
        return after[0][1]
    if _full_year_end(sentence) <= num_start:
        return None
    for frame in frames:
        spans = [s for s in spans_in(frame) if _fits(s[2], period)]
        if spans:
            return spans[0][1]
    return None


_FULL_YEAR = re.compile(r"(?:cả|trong|toàn)\s+năm(?:\s+(?:19|20)\d{2})?|(?:^|[,.;]\s*)năm\s+(?:19|20)\d{2}", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _full_year_end(sentence: str) -> float:
    """Where the first mention of the whole year ("Cả năm 2023, …", "Năm 2023, …") in a sentence ends (inf if
    none): a figure after it reports the whole year. Read once per sentence, not once per figure (a 95 KB
    sentence of figures was quadratic)."""
    m = _FULL_YEAR.search(sentence)
    return m.end() if m else float("inf")
