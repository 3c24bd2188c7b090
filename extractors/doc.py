"""TextDoc: the one object every extraction step reads and annotates (like spaCy's Doc)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from extractors.figures import RawFigure
from extractors.normalize import Normalized, normalize
from extractors.periods import YearMention
from extractors.records import DocumentRef


def published_year(published) -> int | None:
    """The year of a publication date given as date, datetime, "YYYY-MM-DD", "YYYY-MM" or "YYYY"."""
    if published is None:
        return None
    if isinstance(published, (date, datetime)):
        return published.year
    m = re.match(r"\s*((?:19|20)\d{2})", str(published))
    return int(m.group(1)) if m else None


@dataclass
class TextDoc:
    """A text being annotated. Offsets in the annotation lists are offsets into `text` (normalised),
    except DocumentRef offsets, which already point into `original`."""

    original: str
    published: object = None
    norm: Normalized = field(init=False)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    document_spans: list[tuple[int, int]] = field(default_factory=list)
    years: list[YearMention] = field(default_factory=list)
    figures: list[RawFigure] = field(default_factory=list)
    periods: list[str | None] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)                        # extractors/roles.py, per figure
    values: list[tuple[float, str]] = field(default_factory=list)         # extractors/units.py: (normalised, unit)
    period_spans: list[str | None] = field(default_factory=list)          # extractors/year_parts.py: H1, 9M, …
    persons: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    done: set[str] = field(default_factory=set)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.norm = normalize(self.original)

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def year(self) -> int | None:
        return published_year(self.published)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        if len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [s for s, _ in self.sentences]
        i = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))
