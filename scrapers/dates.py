"""Publication dates as Vietnamese sites print them, read as +07:00 datetimes.

Order of trust: a machine-readable date in the markup, then the CMS's own date element read with the
patterns below, then dateparser (languages=["vi"], day first). A date later than the fetch time
(a header printing today's date is earlier than that but still wrong) is rejected by the adapters, which
only read the date element of the article itself.

Numeric dates are day first ("07/12/2023" = 7 December) unless evidence says otherwise (DateEvidence,
`day_month`): a field above 12 in the date itself ("12/25/2012"), then a day given by the URL, JSON-LD or
meta that agrees with only one reading, then the other dates of the page or of its listing (one with a field
above 12 fixes the site's order), then an English label before the date on a line with no Vietnamese
("Published on 03-08-2011 01:00 AM", "Posted 12/25/2012 3:04 PM"). AM/PM alone is no evidence: Vietnamese
PHP and .NET sites print "07/12/2023 10:15 AM" day first.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))

# .NET vi-VN month names (Datejs vi-VN CultureInfo). "Tháng Mười Một/Hai" must match before "Tháng Mười".
_DOTNET_MONTHS = {
    "tháng giêng": 1, "tháng hai": 2, "tháng ba": 3, "tháng tư": 4, "tháng năm": 5, "tháng sáu": 6,
    "tháng bảy": 7, "tháng tám": 8, "tháng chín": 9, "tháng mười một": 11, "tháng mười hai": 12,
    "tháng mười": 10,
}
_DOTNET_RE = re.compile(
    r"(\d{1,2})\s+(" + "|".join(sorted(_DOTNET_MONTHS, key=len, reverse=True)) + r")\s+(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(SA|CH|AM|PM)?)?",
    re.IGNORECASE,
)
# "07/12/2023", "7-12-2023", "07.12.2023", optionally with a time before or after.
_DMY = r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})"
# a time, with its AM/PM mark: SA/CH (.NET vi-VN), AM/PM, or a part of the day ("04:00 chiều", "11:05 tối")
_HM = r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?\s*(SA|CH|AM|PM|sáng|trưa|chiều|tối|đêm)?"
_DMY_THEN_TIME = re.compile(_DMY + r"(?:\s*(?:[-,|]|lúc)?\s*" + _HM + r")?", re.IGNORECASE)
# A weekday may sit between a time and the date: "Cập nhật lúc 22:18, Thứ Tư, 03/08/2016".
_WEEKDAY = r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s+nhật)\s*[,\-]?\s*)?"
_TIME_THEN_DMY = re.compile(_HM + r"\s*(?:[-,|]\s*)?" + _WEEKDAY + r"(?:ngày\s+)?" + _DMY, re.IGNORECASE)
# "ngày 31 tháng 12 năm 2014", "25 Tháng 1 2022 16:22", "Ngày 15 Tháng 5, 2015 | 07:49 PM"
_TEXT_NUMERIC = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+(?:năm\s+)?(\d{4})"
                           r"(?:\s*(?:[-,|]|lúc)?\s*" + _HM + r")?", re.IGNORECASE)
# Abbreviated months: "22 Th6 2017", "8 Th5, 2017".
_ABBREVIATED = re.compile(r"(\d{1,2})\s+th(\d{1,2})\s*,?\s+(\d{4})(?:\s*(?:[-,|])?\s*" + _HM + r")?",
                          re.IGNORECASE)
# a two-digit year only after "ngày": "Cập nhật thứ sáu, ngày 30/11/12 04:00 chiều"
_DAY_SHORT_YEAR = re.compile(r"ngày\s+(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/])(?:\s*(?:[-,|]|lúc)?\s*" + _HM + r")?",
                             re.IGNORECASE)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")

DAY_FIRST, MONTH_FIRST = "day-first", "month-first"
# any numeric date, with its separator: the evidence for the order of the fields
_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,2})([/\-.])(\d{1,2})\2((?:19|20)\d\d)(?!\d)")
# an English label just before a date: "Published on", "Posted", "Last updated:", "Date:" (US-style CMSes)
_ENGLISH_LABEL = re.compile(r"(?i)\b(published|posted|updated|modified|created|submitted|date|written)\b"
                            r"(?:\s+(?:on|at|by\s+\S+\s+on))?\s*:?\s*$")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]")


@dataclass
class DateEvidence:
    """What a page (or its listing) says about the order of day and month in its numeric dates.

    references: days the URL, JSON-LD or meta give (one reading agreeing with one of them wins);
    order: DAY_FIRST / MONTH_FIRST from the page's other numeric dates (one with a field above 12), per
    separator ("/", "-", ".") and "*" for all of them; listing_order: the same, read on the listing that led
    to the page (the crawler passes it on).
    """

    references: frozenset = frozenset()
    order: dict = field(default_factory=dict)
    listing_order: str | None = None


def order_of_dates(texts: Iterable[str]) -> dict[str, str]:
    """{separator or "*": DAY_FIRST | MONTH_FIRST} from numeric dates with a field above 12 ("25/12/2012" is
    day first, "12/25/2012" month first); a separator whose dates disagree gets no entry."""
    seen: dict[str, set[str]] = {}
    for text in texts:
        for m in _NUMERIC.finditer(text):
            a, sep, b = int(m.group(1)), m.group(2), int(m.group(3))
            kind = DAY_FIRST if 12 < a <= 31 and 1 <= b <= 12 else MONTH_FIRST if 12 < b <= 31 and 1 <= a <= 12 \
                else None
            if kind:
                seen.setdefault(sep, set()).add(kind)
                seen.setdefault("*", set()).add(kind)
    return {sep: kinds.pop() for sep, kinds in seen.items() if len(kinds) == 1}


def day_month(a: int, b: int, year: int, sep: str = "/", before: str = "",
              evidence: DateEvidence | None = None) -> tuple[int, int, str]:
    """(day, month, why) of a numeric date printed "a<sep>b<sep>year": day first unless evidence says otherwise.

    before: the text before the date (an English label right before it, with no Vietnamese word in it,
    reads month first).
    why names the evidence: "unambiguous", "reference", "page", "listing", "english-label" or "default".
    """
    if a == b or a > 12 or b > 12:
        return ((a, b, "unambiguous") if a > 12 or a == b or b > 31 else (b, a, "unambiguous"))
    if evidence is not None:
        day_first, month_first = _day(year, b, a), _day(year, a, b)
        refs = evidence.references
        if (day_first in refs) != (month_first in refs):
            return (a, b, "reference") if day_first in refs else (b, a, "reference")
        order = evidence.order.get(sep) or evidence.order.get("*")
        if order:
            return (a, b, "page") if order == DAY_FIRST else (b, a, "page")
        if evidence.listing_order:
            return (a, b, "listing") if evidence.listing_order == DAY_FIRST else (b, a, "listing")
    label = before.rsplit("\n", 1)[-1]
    if _ENGLISH_LABEL.search(label) and not _VIETNAMESE.search(label):
        return b, a, "english-label"
    return a, b, "default"


def _day(y: int, mo: int, d: int) -> date | None:
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _hour(h: int, ampm: str | None) -> int:
    if not ampm:
        return h
    part = ampm.lower()
    if part in ("sáng", "trưa", "đêm"):  # morning; noon ("1 giờ trưa" = 13:00); night ("11 giờ đêm", "2 giờ đêm")
        return h + 12 if (part == "trưa" and h < 11) or (part == "đêm" and 6 <= h < 12) else h
    pm = ampm.upper() in ("CH", "PM") or part in ("chiều", "tối")
    if pm and h < 12:
        return h + 12
    if not pm and h == 12:
        return 0
    return h


def _make(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime | None:
    try:
        return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)
    except ValueError:
        return None


def parse_iso(value: str) -> datetime | None:
    """An ISO 8601 date as found in meta tags; naive values are taken as +07:00."""
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        m = _ISO.search(value)
        if not m:
            return None
        g = [int(x) if x else 0 for x in m.groups()]
        return _make(*g)
    return dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)


def parse_vi_datetime(text: str, evidence: DateEvidence | None = None) -> datetime | None:
    """The first date (with its time, if printed next to it) in a Vietnamese date line.

    evidence: what the page says about the order of day and month (see day_month); without it a numeric date
    is day first unless the date itself or an English label before it says otherwise.

    >>> parse_vi_datetime("Thứ năm - 07/12/2023 10:15").isoformat()
    '2023-12-07T10:15:00+07:00'
    """
    if not text:
        return None
    # entities ("Th&#7913; Hai") and decomposed diacritics (Windows-1258 pages) first
    text = " ".join(unicodedata.normalize("NFC", html.unescape(text)).split())
    m = _DOTNET_RE.search(text)
    if m:
        d, month, y, h, mi, s, ampm = m.groups()
        return _make(int(y), _DOTNET_MONTHS[month.lower()], int(d),
                     _hour(int(h or 0), ampm), int(mi or 0), int(s or 0))
    m_time_first = _TIME_THEN_DMY.search(text)
    m_date_first = _DMY_THEN_TIME.search(text)
    if m_time_first and (not m_date_first or m_time_first.start() < m_date_first.start()):
        h, mi, s, ampm, d, mo, y = m_time_first.groups()
        d, mo = _ordered(text, m_time_first.start(5), int(d), int(mo), int(y), evidence)
        return _make(int(y), mo, d, _hour(int(h), ampm), int(mi), int(s or 0))
    if m_date_first:
        d, mo, y, h, mi, s, ampm = m_date_first.groups()
        d, mo = _ordered(text, m_date_first.start(), int(d), int(mo), int(y), evidence)
        return _make(int(y), mo, d, _hour(int(h or 0), ampm), int(mi or 0), int(s or 0))
    for pattern in (_TEXT_NUMERIC, _ABBREVIATED):
        m = pattern.search(text)
        if m:
            d, mo, y, h, mi, s, ampm = m.groups()
            return _make(int(y), int(mo), int(d), _hour(int(h or 0), ampm), int(mi or 0), int(s or 0))
    m = _ISO.search(text)
    if m:
        return parse_iso(m.group(0))
    m = _DAY_SHORT_YEAR.search(text)
    if m:
        d, mo, y, h, mi, s, ampm = m.groups()
        return _make(2000 + int(y), int(mo), int(d), _hour(int(h or 0), ampm), int(mi or 0), int(s or 0))
    return _dateparser(text)


def _ordered(text: str, at: int, a: int, b: int, year: int, evidence: DateEvidence | None) -> tuple[int, int]:
    """(day, month) of the numeric date starting at `at` in text (see day_month)."""
    m = _NUMERIC.match(text, at)
    sep = m.group(2) if m else "/"
    day, month, _ = day_month(a, b, year, sep, text[:at], evidence)
    return day, month


def _dateparser(text: str) -> datetime | None:
    if not re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text) or len(text) > 200:
        return None  # a publication date has a four-digit year; long lines are text, not date lines
    import dateparser  # slow import: only when the patterns above found nothing

    dt = dateparser.parse(
        text, languages=["vi"],
        settings={"DATE_ORDER": "DMY", "TIMEZONE": "+0700", "RETURN_AS_TIMEZONE_AWARE": True,
                  "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return dt.astimezone(VN_TZ) if dt else None
