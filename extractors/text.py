"""Sentence and paragraph boundaries, dates, times and years in normalised Vietnamese text."""
from __future__ import annotations

import re

from extractors.lexicon import UPPER

# Abbreviations whose dot does not end a sentence.
_ABBREV = {"tp", "ts", "ths", "pgs", "gs", "bs", "cn", "ks", "q", "p", "tt", "h", "x", "mr", "ms", "dr", "v.v",
           "tr", "đ/c", "th.s", "st", "kts", "ncs", "ubnd", "đ"}
_SENT_END = re.compile(rf"[.!?;…][\"')\]]*\s+(?=[\"'(\[]?[{UPPER}0-9])")
_LAST_WORD = re.compile(r"([\w./]+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = _LAST_WORD.search(text, max(0, dot - 12), dot)
    return bool(m) and m.group(1).lower() in _ABBREV


def paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in re.finditer(r"\n+", text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentences(text: str, para_spans: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence spans: paragraph breaks always end a sentence; ". X" ends one unless after an abbreviation."""
    out = []
    for p0, p1 in para_spans if para_spans is not None else paragraphs(text):
        start = p0
        for m in _SENT_END.finditer(text, p0, p1):
            if _is_abbreviation(text, m.start()):
                continue
            out.append((start, m.start() + 1))
            start = m.end()
        if start < p1:
            out.append((start, p1))
    return [(a, b) for a, b in out if text[a:b].strip()]


# -- dates and other non-figures ------------------------------------------------------------------

_D = r"(\d{1,2})"
_M = r"(\d{1,2})"
_Y = r"(\d{4})"
DATE_DMY = re.compile(rf"(?<![\d/.-]){_D}\s?[/.\-]\s?{_M}\s?[/.\-]\s?{_Y}(?!\d)")
DATE_TEXT = re.compile(rf"(?<!\d){_D}\s+tháng\s+{_M}\s*(?:năm|,)?\s*{_Y}(?!\d)", re.IGNORECASE)
# "ngày 7/12", "chiều 7-12", "từ 15/3 đến 20/3": day/month with a day word before it
DATE_DM = re.compile(
    r"(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|từ|đến|và)\s+(\d{1,2})[/-](\d{1,2})(?![\d/-])(?!\s*(?:%|[a-zà-ỹđ]))",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(r"(?<![\d/.-])(\d{1,2})\s?/\s?((?:19|20)\d{2})(?!\d)")
TIME = re.compile(r"(?<!\d)\d{1,2}\s?(?::|h|giờ)\s?\d{0,2}(?:\s?phút)?(?![\d\w])|(?<!\d)\d{1,2}:\d{2}(?::\d{2})?", re.IGNORECASE)
PHONE = re.compile(r"(?<!\d)(?:(?:\+84|0)\d{2,3}[\s.]?\d{3,4}[\s.]?\d{3,4}|1[89]00[\s.]?\d{3,4}(?:[\s.]?\d{2,4})?)(?!\d)")


def iso_date(d: str, m: str, y: str) -> str | None:
    di, mi, yi = int(d), int(m), int(y)
    if not (1 <= di <= 31 and 1 <= mi <= 12 and 1900 <= yi <= 2100):
        return None
    return f"{yi:04d}-{mi:02d}-{di:02d}"


def find_dates(text: str) -> list[tuple[int, int, str | None]]:
    """Full dates (start, end, ISO date) in the text."""
    found = []
    for rx in (DATE_DMY, DATE_TEXT):
        for m in rx.finditer(text):
            found.append((m.start(), m.end(), iso_date(*m.groups())))
    return sorted(found)


def non_figure_spans(text: str) -> list[tuple[int, int]]:
    """Spans that hold numbers which are never figures: dates, day/month, month/year, times, phones."""
    spans = [(a, b) for a, b, _ in find_dates(text)]
    for rx in (DATE_DM, MONTH_YEAR, TIME, PHONE):
        for m in rx.finditer(text):
            if rx is DATE_DM and not (1 <= int(m.group(1)) <= 31 and 1 <= int(m.group(2)) <= 12):
                continue
            a = m.start(1) if rx is DATE_DM else m.start()
            spans.append((a, m.end()))
    return spans
