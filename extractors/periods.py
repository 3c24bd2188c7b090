"""Reporting periods: the year or range a figure refers to.

A figure's period is often not the publication year ("Năm 2022 …" in an article of March 2023). Year
mentions are read from the text ("năm 2022", "trong năm 2013", "giai đoạn 2017 - 2020", "6 tháng đầu năm
2024", "từ năm 2009 đến nay", "nhiệm kỳ 2020-2025"); comparison years ("so với năm 2020") and targets
("đến năm 2025") are not periods. A figure takes the nearest mention before it in its sentence, else the
first after it in its sentence, else the nearest before it in its paragraph, else the publication year.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_Y = r"((?:19|20)\d{2})"
RANGE = re.compile(
    rf"(?<![\d/.-]){_Y}\s?(?:-|đến|tới|–)\s?(?:năm\s+)?{_Y}(?![\d/])", re.IGNORECASE
)
SINCE = re.compile(rf"(?:từ|kể từ)\s+(?:năm\s+)?{_Y}\s+(?:đến|tới)\s+(?:nay|hiện nay|năm nay)", re.IGNORECASE)
# a year after "năm" or a bare year; "/2024" in "quý I/2024", "tháng 5/2021" counts too
YEAR = re.compile(rf"(?<![\d.,-])(?<!\d/){_Y}(?![\d]|/\d|-\d{{1,2}}[-/])")
_NOT_PERIOD_BEFORE = re.compile(
    r"(?:so với(?: cùng kỳ)?(?: năm)?|so cùng kỳ(?: năm)?|đến năm|tới năm|đến|tới|trước năm|sau năm|"
    r"từ năm|khóa|khoá|nhiệm kỳ \d{4}\s?-\s?|kể từ năm|thành lập năm|ra đời năm|sinh năm|vào năm \d{4} -)\s*$",
    re.IGNORECASE,
)


@dataclass
class YearMention:
    start: int
    end: int
    period: str


def year_mentions(text: str, blocked: list[tuple[int, int]], published_year: int | None) -> list[YearMention]:
    """Year and range mentions usable as periods, in text order (dates inside `blocked` spans ignored)."""
    found: list[YearMention] = []
    taken: list[tuple[int, int]] = []

    def is_blocked(a: int, b: int) -> bool:
        return any(not (b <= x or a >= y) for x, y in blocked + taken)

    if published_year:
        for m in SINCE.finditer(text):
            if not is_blocked(m.start(1), m.end(1)):
                found.append(YearMention(m.start(), m.end(), f"{m.group(1)}-{published_year}"))
                taken.append((m.start(), m.end()))
    for m in RANGE.finditer(text):
        y0, y1 = int(m.group(1)), int(m.group(2))
        if y1 <= y0 or y1 - y0 > 30 or is_blocked(m.start(), m.end()):
            continue
        found.append(YearMention(m.start(), m.end(), f"{y0}-{y1}"))
        taken.append((m.start(), m.end()))
    for m in YEAR.finditer(text):
        if is_blocked(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if _NOT_PERIOD_BEFORE.search(before):
            continue
        # "năm 2022" or a bare year after a few context words; skip numbers glued to counted nouns
        found.append(YearMention(m.start(), m.end(), m.group(1)))
    found.sort(key=lambda y: y.start)
    return found


def assign_period(pos: int, sentence: tuple[int, int], paragraph: tuple[int, int],
                  mentions: list[YearMention], published_year: int | None) -> str | None:
    s0, s1 = sentence
    in_sentence = [y for y in mentions if s0 <= y.start < s1]
    before = [y for y in in_sentence if y.end <= pos]
    if before:
        return before[-1].period
    after = [y for y in in_sentence if y.start >= pos]
    if after:
        return after[0].period
    p0, _ = paragraph
    earlier = [y for y in mentions if p0 <= y.start < s0]
    if earlier:
        return earlier[-1].period
    return str(published_year) if published_year else None


def shift_period(period: str | None, years: int) -> str | None:
    """The single-year period `years` earlier ("từ 32 (2021) lên 37 (2022)")."""
    if period and re.fullmatch(r"\d{4}", period):
        return str(int(period) + years)
    return period
