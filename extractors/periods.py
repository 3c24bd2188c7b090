"""Reporting periods: the year or range a figure refers to.

A figure's period is often not the publication year ("Năm 2022 …" in an article of March 2023). Year
mentions are read from the text: "năm 2022", "trong năm 2013", "giai đoạn 2017 - 2020", "6 tháng đầu năm
2024", "từ đầu năm 2022 đến tháng 4/2023", "từ năm 2009 đến nay", "5 năm qua", "nhiệm kỳ 2020-2025".
Comparison years ("so với năm 2020") and targets ("đến năm 2025") are not periods; "nhiệm vụ năm 2024"
(next year's tasks, announced at the summary of the year before) points at the year before it.

A figure takes the nearest mention before it in its sentence, else the first after it in its sentence,
else the nearest before it in the text (its paragraph's opening "Năm 2022, …", or the article's, frames
what follows), else the year after a comparison year ("so với cùng kỳ năm 2023" -> 2024), else the
publication year, else the first mention after it
(a headline figure explained further down). A year standing aside in a short line of its own below the headline,
without a closing stop and not opening it (a photo caption, a related article's headline glued in by the site),
dates nothing outside that line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.numbers import words_to_number
from extractors.spans import SpanSet

_Y = r"((?:19|20)\d{2})"
_DAYMONTH = r"(?:(?:ngày\s+)?\d{1,2}\s?[/.-]\s?)?(?:tháng\s+)?(?:\d{1,2}\s?[/.-]\s?)?"
RANGE = re.compile(rf"(?<![\d/.-]){_Y}\s?(?:-|đến|tới)\s?(?:năm\s+)?{_Y}(?![\d/])", re.IGNORECASE)
FROM_TO = re.compile(
    rf"(?<![\wÀ-ỹ])từ\s+(?:đầu\s+|cuối\s+)?(?:năm\s+)?{_DAYMONTH}(?:năm\s+)?{_Y}\s*(?:,\s*)?(?:đến|tới|-)\s*"
    rf"(?:hết\s+|cuối\s+|đầu\s+)?(?:năm\s+)?{_DAYMONTH}(?:năm\s+)?{_Y}(?!\d)",
    re.IGNORECASE,
)
SINCE = re.compile(rf"(?:từ|kể từ)\s+(?:đầu\s+|cuối\s+)?(?:năm\s+)?{_Y}\s+(?:đến|tới)\s+(?:nay|hiện nay|năm nay)", re.IGNORECASE)
YEARS_PAST = re.compile(
    r"(?:(?:qua|sau|trong)\s+(\d{1,2}|[a-zà-ỹ]+(?:\s+[a-zà-ỹ]+)?)\s+năm(?:\s+(?:qua|thực hiện|triển khai|phát động|gần đây))?"
    r"|(\d{1,2}|[a-zà-ỹ]+)\s+năm\s+(?:qua|gần đây))(?![\wÀ-ỹ])",
    re.IGNORECASE,
)
YEAR = re.compile(rf"(?<![\d.,-])(?<!\d/){_Y}(?![\d]|/\d|-\d{{1,2}}[-/])")
_NOT_PERIOD_BEFORE = re.compile(
    r"(?:so với(?: cùng kỳ)?(?: năm)?|so cùng kỳ(?: năm)?|đến năm|tới năm|đến|tới|trước năm|sau năm|"
    r"từ năm|khóa|khoá|kể từ năm|thành lập năm|ra đời năm|sinh năm|thành lập vào năm|(?<![\wÀ-ỹ])SN\.?)\s*$",
    re.IGNORECASE,
)
MONTH_OR_QUARTER = re.compile(r"(?<![\wÀ-ỹ])(?:tháng|quý)\s+(?:\d{1,2}|I{1,3}|IV)\s?/\s?((?:19|20)\d{2})(?!\d)", re.IGNORECASE)
_COMPARISON_BEFORE = re.compile(r"(?:so với(?: cùng kỳ)?|so cùng kỳ)(?: năm)?\s*$", re.IGNORECASE)
_NEXT_YEAR_TASKS = re.compile(
    r"(?:phương hướng|nhiệm vụ|kế hoạch|chương trình công tác|mục tiêu)(?:,?\s*(?:nhiệm vụ|giải pháp|công tác|trọng tâm))*\s+năm\s*$",
    re.IGNORECASE,
)


# relative to the publication date: "năm nay", "năm ngoái", and present-tense openings "Đến nay, …", "Hiện nay, …"
RELATIVE = re.compile(
    r"(?<![\wÀ-ỹ])(năm nay|năm ngoái|năm trước)(?![\wÀ-ỹ])"
    r"|(?:^|(?<=[.!?\n])\s*)((?:tính\s+)?đến nay|hiện nay)(?![\wÀ-ỹ])",   # only opening a sentence
    re.IGNORECASE | re.MULTILINE,
)
# a year in brackets right after a figure dates that figure: "3,28% (cuối năm 2022)"
_BRACKETED_AFTER = re.compile(r"\s*(?:\((?:[^()\d]{0,20}?)((?:19|20)\d{2})\)|(?:vào\s+)?(?:cuối\s+|đầu\s+)?năm\s+((?:19|20)\d{2})(?![\d\s]*-\s*\d))")
# a range ending this many years or more after the publication year is a phase still running, not a period
RUNNING_RANGE_YEARS = 2
_TERM = re.compile(r"nhiệm kỳ\s*(?:\(|:)?\s*$", re.IGNORECASE)


@dataclass
class YearMention:
    start: int
    end: int
    period: str
    frame: bool = False   # opens its sentence ("Năm 2022, …", "Trong giai đoạn 2016 - 2020, …")
    weak: bool = False    # inferred from a comparison ("so với cùng kỳ năm 2023" -> 2024): a last resort
    now: bool = False     # "Đến nay, …", "Hiện nay, …" opening a sentence: the paragraph's year if it names one
    aside: bool = False   # in a line of its own that is not the headline and does not frame: a caption, a related
                          # article's headline glued in by the CMS; it dates nothing outside its line


_FRAME_LEAD = re.compile(r"^[\s\-–•*]*(?:(?:trong|tính|qua|cả|riêng|sau|từ|đến)\s+)?(?:năm|giai đoạn|nhiệm kỳ|\d+\s+tháng(?:\s+đầu)?(?:\s+năm)?|quý\s+[IVX\d]+(?:\s*/\s*|\s+năm\s+)?|thời gian)?\s*$",
                         re.IGNORECASE)


ASIDE_CHARS = 200   # a line this short, without closing punctuation, is a caption or a glued-in headline
_LINE_END = re.compile(r"[.!?…:;]\W*$")


def mark_frames(text: str, mentions: list[YearMention], sentence_of) -> None:
    """Flag the mentions that open their sentence (they frame what follows) and those standing aside in a
    short line without closing punctuation below the headline (a caption, a related article's headline)."""
    breaks = [m.start() for m in re.finditer("\n", text)]
    first = len(text) - len(text.lstrip())   # where the headline starts
    aside: dict[int, bool] = {}   # line index -> whether it stands aside (each line read once)
    for y in mentions:
        s0, _ = sentence_of(y.start)
        y.frame = bool(_FRAME_LEAD.match(text[s0:y.start]))
        if not y.frame and not y.weak:
            i = bisect.bisect_left(breaks, y.start)
            if i not in aside:
                a = breaks[i - 1] + 1 if i else 0
                b = breaks[i] if i < len(breaks) else len(text)
                aside[i] = a > first and _aside_line(text[a:b])
            y.aside = aside[i]


def _aside_line(line: str) -> bool:
    """A line below the headline that is short and has no closing stop."""
    line = line.strip()
    return len(line) <= ASIDE_CHARS and not _LINE_END.search(line)


class _Taken:
    """Spans already used, checked by bisection; new spans are added as mentions are found."""

    def __init__(self, fixed: list[tuple[int, int]]):
        self.fixed = SpanSet(fixed)
        self._added: list[tuple[int, int]] = []   # sorted by start
        self._longest = 0

    def add(self, a: int, b: int) -> None:
        bisect.insort(self._added, (a, b))
        self._longest = max(self._longest, b - a)

    def overlaps(self, a: int, b: int, with_fixed: bool = True) -> bool:
        # an added span overlapping [a, b) starts in (a - longest, b)
        i = bisect.bisect_right(self._added, (a - self._longest, float("inf")))
        j = bisect.bisect_left(self._added, (b, -1))
        if any(e > a for _, e in self._added[i:j]):
            return True
        return with_fixed and self.fixed.overlaps(a, b)


def year_mentions(text: str, document_spans: list[tuple[int, int]], date_spans: list[tuple[int, int]],
                  published_year: int | None) -> list[YearMention]:
    """Year and range mentions usable as periods, in text order.

    document_spans: document numbers (never periods); date_spans: full dates, read only inside from–to
    ranges ("từ 01/9/2021 đến 31/8/2022").
    """
    found: list[YearMention] = []
    docs = SpanSet(document_spans)
    taken = _Taken(document_spans + date_spans)
    years_in_text = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
    # "đến nay" without a publication date: the latest year the text mentions, if later than the start
    now = published_year or (max(years_in_text) if years_in_text else None)
    range_matches = list(RANGE.finditer(text))   # read once: "N năm qua", terms and phases all consult them

    def add(a: int, b: int, period: str) -> None:
        found.append(YearMention(a, b, period))
        taken.add(a, b)

    for m in FROM_TO.finditer(text):
        y0, y1 = int(m.group(1)), int(m.group(2))
        if y0 <= y1 and y1 - y0 <= 30 and not docs.overlaps(m.start(), m.end()):
            add(m.start(), m.end(), f"{y0}-{y1}" if y1 > y0 else str(y0))
    for m in SINCE.finditer(text):
        y0 = int(m.group(1))
        if now and (now > y0 or (now == y0 and published_year)) and not taken.overlaps(m.start(), m.end(), with_fixed=False) and not docs.overlaps(m.start(), m.end()):
            add(m.start(), m.end(), f"{y0}-{now}" if now > y0 else str(y0))
    if published_year:
        ranges = [(int(r.group(1)), int(r.group(2)), r.start()) for r in range_matches
                  if not docs.overlaps(r.start(), r.end())]
        for m in YEARS_PAST.finditer(text):
            words = m.group(1) or m.group(2)
            n = int(words) if words.isdigit() else words_to_number(words)
            explicit = RANGE.search(text, m.end(), min(len(text), m.end() + 120))  # "Qua 5 năm … giai đoạn 2016-2020"
            if n and 1 <= n <= 30 and not explicit and not taken.overlaps(m.start(), m.end(), with_fixed=False):
                add(m.start(), m.end(), _years_past(n, published_year, ranges, m.start()))
    if published_year:
        for m in RELATIVE.finditer(text):
            group = 1 if m.group(1) else 2
            if not taken.overlaps(m.start(group), m.end(group), with_fixed=False):
                offset = -1 if group == 1 and m.group(1).lower() in ("năm ngoái", "năm trước") else 0
                add(m.start(group), m.end(group), str(published_year + offset))
                found[-1].now = group == 2
    range_ends = {int(r.group(2)) for r in range_matches}
    latest_told = max((y for y in years_in_text if y not in range_ends), default=0)
    for m in range_matches:
        y0, y1 = int(m.group(1)), int(m.group(2))
        if y1 <= y0 or y1 - y0 > 30 or taken.overlaps(m.start(), m.end()):
            continue
        if _TERM.search(text[max(0, m.start() - 15):m.start()]) and y1 > (published_year or latest_told):
            # an organisation's term still running: not a reporting period (undated: it ends after every other
            # year the text tells, as at the congress that opens it; there its first year, the congress's, is a
            # last resort like a comparison year)
            taken.add(m.start(), m.end())
            if not published_year:
                found.append(YearMention(m.start(), m.end(), str(y0), weak=True))
            continue
        if published_year and y1 >= published_year + RUNNING_RANGE_YEARS:
            # a plan's or programme's phase far from over ("giai đoạn 2024-2029" in 2025): what it has done so far
            # is counted in the publication year; a phase not yet begun is no period at all
            if y0 <= published_year:
                add(m.start(), m.end(), str(published_year))
            else:
                taken.add(m.start(), m.end())
            continue
        add(m.start(), m.end(), f"{y0}-{y1}")
    for m in MONTH_OR_QUARTER.finditer(text):   # "quý 1/2018", "tháng 4/2023": that year
        if not taken.overlaps(m.start(), m.end(), with_fixed=False) and not docs.overlaps(m.start(), m.end()) \
                and not _NOT_PERIOD_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            add(m.start(), m.end(), m.group(1))
    for m in YEAR.finditer(text):
        if taken.overlaps(m.start(), m.end()):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if _COMPARISON_BEFORE.search(before):
            found.append(YearMention(m.start(), m.end(), str(int(m.group(1)) + 1), weak=True))
            continue
        if _NOT_PERIOD_BEFORE.search(before):
            continue
        year = int(m.group(1))
        if _NEXT_YEAR_TASKS.search(before):
            year -= 1
        found.append(YearMention(m.start(), m.end(), str(year)))
    found.sort(key=lambda y: y.start)
    return found


def _years_past(n: int, published_year: int, ranges: list[tuple[int, int, int]], at: int) -> str:
    """The period of "N năm qua": the article's own range of N years ending about the publication year when it
    names one ("Qua 5 năm … (headline) giai đoạn 2016 - 2020"; "10 năm qua … Giai đoạn 2010 - 2020"), the
    nearest to the mention; else the N years before the publication year."""
    fits = [(abs(pos - at), y0, y1) for y0, y1, pos in ranges
            if y1 - y0 in (n - 1, n) and abs(y1 - published_year) <= 1]
    if fits:
        _, y0, y1 = min(fits)
        return f"{y0}-{y1}"
    return f"{published_year - n}-{published_year}"


def assign_period(pos: int, sentence: tuple[int, int], mentions: list[YearMention], published_year: int | None,
                  starts: list[int] | None = None, inferred: str | None = None, text: str = "",
                  paragraph_start: int | None = None) -> str | None:
    """The period of a figure at `pos` (see the module docstring). `starts`: the mentions' start offsets;
    `text`: the normalised text, to keep look-ahead inside the figure's clause (no ";" between);
    `paragraph_start`: where the figure's paragraph starts (a sentence opening "Đến nay, …" takes the year
    that opens a sentence earlier in its paragraph, the guide's "year the paragraph reports on")."""
    starts = starts if starts is not None else [y.start for y in mentions]
    s0, s1 = sentence
    i0, i1 = bisect.bisect_left(starts, s0), bisect.bisect_left(starts, s1)
    j = bisect.bisect_left(starts, pos, i0, i1)   # mentions[i0:j] start before the figure
    for k in range(j - 1, i0 - 1, -1):
        if mentions[k].end <= pos:
            if mentions[k].now and paragraph_start is not None:
                framed = _paragraph_frame(mentions, i0, paragraph_start)
                if framed:
                    return framed
            return mentions[k].period
    if j < i1 and ";" not in text[pos:mentions[j].start]:
        return mentions[j].period
    # carried from earlier sentences: the nearest framing mention, else the nearest mention (a mention standing
    # aside in a line of its own dates nothing outside that line)
    outside = paragraph_start if paragraph_start is not None else s0
    for y in reversed(mentions[:i0]):
        if y.frame:
            return y.period
    for y in reversed(mentions[:i0]):
        if not (y.aside and y.start < outside):
            return y.period
    if inferred:  # from a comparison in the text: stronger evidence than the publication date
        return inferred
    if published_year:
        return str(published_year)
    return next((y.period for y in mentions[i1:] if not y.aside), None)


def _paragraph_frame(mentions: list[YearMention], before: int, paragraph_start: int) -> str | None:
    """The nearest mention opening a sentence in the paragraph, among mentions[:before]."""
    for k in range(before - 1, -1, -1):
        y = mentions[k]
        if y.start < paragraph_start:
            return None
        if y.frame and not y.now:
            return y.period
    return None


def weak_period(pos: int, weak: list[YearMention], weak_starts: list[int]) -> str | None:
    """The period inferred from comparisons, when nothing else tells: the nearest before, else the first after."""
    i = bisect.bisect_left(weak_starts, pos)
    if i > 0:
        return weak[i - 1].period
    return weak[0].period if weak else None


def shift_period(period: str | None, years: int) -> str | None:
    """The single-year period `years` earlier ("từ 32 (2021) lên 37 (2022)")."""
    if period and re.fullmatch(r"\d{4}", period):
        return str(int(period) + years)
    return period


def from_to_periods(period: str | None) -> tuple[str | None, str | None]:
    """Periods of "từ X lên Y": the year before and the year, or a range's first and last year."""
    if period and re.fullmatch(r"\d{4}-\d{4}", period):
        first, last = period.split("-")
        return first, last
    return shift_period(period, -1), period


def bracketed_year(text: str, end: int) -> str | None:
    """The year right after a figure ending at `end`: "3,28% (cuối năm 2022)", "1.128 hộ năm 2019"."""
    m = _BRACKETED_AFTER.match(text, end)
    return (m.group(1) or m.group(2)) if m else None


HEADLINE_CHARS = 250   # a first paragraph this short is the headline


def headline_periods(figures, periods: list[str | None], paragraphs: list[tuple[int, int]]) -> list[str | None]:
    """A headline's figure told again in the body (same value and category) takes the body's period: the
    headline "Tiếp nhận 7.156 đơn" of an article published in 2024 counts what the body dates "Trong năm 2023".
    figures: objects with value, category, num_start and sentence; the first paragraph is the headline when it
    has at most HEADLINE_CHARS characters."""
    if not paragraphs or paragraphs[0][1] - paragraphs[0][0] > HEADLINE_CHARS:
        return periods
    end = paragraphs[0][1]
    out = list(periods)
    for i, f in enumerate(figures):
        if f.num_start >= end:
            break
        for j in range(i + 1, len(figures)):
            g = figures[j]
            if g.num_start >= end and round(g.value, 6) == round(f.value, 6) and g.category == f.category:
                out[i] = periods[j]
                break
    return out
