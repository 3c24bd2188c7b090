"""The digest record: what changed in one week, by province. query.py builds it; render.py and chart.py read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.digest.week import IsoWeek


@dataclass(frozen=True)
class DigestOptions:
    """What one digest covers.

    provinces: names in the chosen geography (None: every province with news or crawl failures this week).
    categories: figure categories to list (None: all).
    geography: "1963" (the 63 pre-2025 provinces) or "2025" (the 34 after the merger).
    compare_weeks: length of the previous period, in weeks before this one (its weekly mean is compared).
    extractor_version: figures of this version (None: the latest in the store).
    """

    week: IsoWeek
    provinces: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    geography: str = "1963"
    compare_weeks: int = 4
    extractor_version: str | None = None


@dataclass
class ArticleItem:
    id: str
    title: str
    url: str
    source_id: str | None
    source_name: str | None
    day: date | None
    day_from_fetch: bool = False      # kept for older callers; undated pages are left out of the digest


@dataclass
class FigureItem:
    value: float
    entity: str | None
    category: str
    qualifier: str | None
    period: str | None
    span: str
    sentence: str
    article_title: str
    url: str
    qualifier_word: str | None = None   # the qualifier as the article wrote it: "hơn", "gần", "trên", "tăng"

    @property
    def value_text(self) -> str:
        v = self.value
        text = f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")
        return text.replace(",", ".")  # Vietnamese thousands separator


@dataclass
class CategoryChange:
    """This week against the weekly mean of the previous period, for one category.

    Counts, not sums: one category mixes units ("tỷ đồng", "triệu đồng"), so summed values would mislead.
    """

    category: str
    figures: int                     # figures this week
    articles: int                    # articles reporting the category this week
    previous_figures: float          # mean figures per week in the previous period
    previous_articles: float         # mean articles per week in the previous period

    @property
    def direction(self) -> str:
        """"new" (nothing before), "gone" (nothing now), "up", "down" or "same"."""
        if self.previous_figures == 0:
            return "new"
        if self.figures == 0:
            return "gone"
        if self.figures > self.previous_figures:
            return "up"
        return "down" if self.figures < self.previous_figures else "same"

    @property
    def percent(self) -> float | None:
        if self.previous_figures == 0:
            return None
        return 100.0 * (self.figures - self.previous_figures) / self.previous_figures


@dataclass
class DocumentItem:
    number: str
    kind_name: str | None
    date: date | None
    issuer: str | None
    article_title: str
    url: str


@dataclass
class CoverageNote:
    source_id: str
    source_name: str | None
    kind: str                         # "silent" (no articles this week) | "failure" (a recorded crawl failure)
    detail: str = ""


@dataclass
class ProvinceDigest:
    name: str
    articles: list[ArticleItem] = field(default_factory=list)
    figures: dict[str, list[FigureItem]] = field(default_factory=dict)   # category -> figures, category order
    figures_hidden: dict[str, int] = field(default_factory=dict)         # category -> figures not listed
    changes: list[CategoryChange] = field(default_factory=list)
    new_documents: list[DocumentItem] = field(default_factory=list)
    coverage: list[CoverageNote] = field(default_factory=list)

    @property
    def figure_count(self) -> int:
        return sum(len(v) for v in self.figures.values()) + sum(self.figures_hidden.values())

    def evidence(self, category: str) -> list[list[FigureItem]]:
        """The category's figures grouped by the sentence that proves them (same article), in text order:
        one sentence often holds several figures, and the digest quotes it once."""
        groups: dict[tuple[str, str], list[FigureItem]] = {}
        for f in self.figures.get(category, []):
            groups.setdefault((f.url, f.sentence), []).append(f)
        return list(groups.values())


@dataclass
class Digest:
    """One week's digest. provinces hold those with news, failures or an explicit request; silent_provinces
    the others whose sources published nothing."""

    week: IsoWeek
    options: DigestOptions
    extractor_version: str | None
    provinces: list[ProvinceDigest] = field(default_factory=list)
    silent_provinces: list[str] = field(default_factory=list)
    crawl_failures_known: bool = False  # False when the store has no crawl failure table
    undated_pages: int = 0              # pages crawled this week without a publication date: left out
    targets_left_out: int = 0           # figures that are targets or plans ("đến năm 2025 có 100% xã"), not results

    @property
    def is_empty(self) -> bool:
        return not any(p.articles for p in self.provinces)

    @property
    def article_count(self) -> int:
        return sum(len(p.articles) for p in self.provinces)

    @property
    def figure_count(self) -> int:
        return sum(p.figure_count for p in self.provinces)
