"""ISO weeks ("2023-W13") and their boundaries in Vietnam time."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from pipeline.digest.defaults import TIMEZONE

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class WeekError(ValueError):
    """A week label that is not an ISO week."""


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday; week 1 holds the year's first Thursday."""

    year: int
    week: int

    def __post_init__(self) -> None:
        last = date(self.year, 12, 28).isocalendar().week  # 28 December is always in the last week
        if not 1 <= self.week <= last:
            raise WeekError(f"{self.year} has ISO weeks 1 to {last}, not {self.week}")

    @classmethod
    def parse(cls, text: str, now: datetime | None = None) -> "IsoWeek":
        """'2023-W13' (or '2023W13') -> IsoWeek(2023, 13); 'last' and 'this' are the previous and the current week
        in Vietnam time (for schedulers). Anything else raises WeekError."""
        word = (text or "").strip().lower()
        if word in ("last", "this"):
            today = (now or datetime.now(TIMEZONE)).astimezone(TIMEZONE).date()
            return cls.of(today - timedelta(days=7 if word == "last" else 0))
        m = _WEEK.match(text or "")
        if not m:
            raise WeekError(f"a week looks like 2023-W13 (ISO year, W, week number) or 'last', not {text!r}")
        year = int(m.group(1))
        if not 1900 <= year <= 2100:
            raise WeekError(f"year {year} is out of range in {text!r}")
        return cls(year, int(m.group(2)))

    @classmethod
    def of(cls, day: date) -> "IsoWeek":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end): Monday 00:00 to the next Monday 00:00, Asia/Ho_Chi_Minh, timezone-aware."""
        start = datetime.combine(self.monday, time(0), tzinfo=TIMEZONE)
        return start, start + timedelta(days=7)

    def shifted(self, weeks: int) -> "IsoWeek":
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def label(self) -> str:
        """'2023-W13 (27/03–02/04/2023)': the week with its dates, Vietnamese day/month order."""
        a, b = self.monday, self.sunday
        return f"{self} ({a:%d/%m}–{b:%d/%m/%Y})"
