"""The records a fetch and a crawl hand on: FetchResult to the corpus stage, Handoff to the crawl's sink."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class FetchResult:
    """One HTTP exchange, as archived: what was asked, what came back.

    url: the address requested; final_url: after redirects.
    body: the raw bytes (decoded later by the adapter, with the charset found in headers or markup).
    warc_file / warc_offset: where the response record lies in the archive, once written.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    source_id: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", self.headers.get("content-type", ""))

    def as_dict(self) -> dict:
        d = asdict(self)
        d["fetched_at"] = self.fetched_at.isoformat()
        d.pop("body")
        d["size"] = len(self.body)
        return d


@dataclass
class CrawlWarning:
    """Something a crawl run saw that a person should look at, under a short name (see scrapers/crawl.py):
    listing_without_links, article_without_title, article_without_date, selectors_stopped_matching,
    all_fetches_failed, nothing_fetched, source_yielded_nothing."""

    source_id: str
    code: str
    detail: str = ""
    url: str | None = None
    at: datetime | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["at"] = self.at.isoformat() if self.at else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CrawlWarning":
        at = d.get("at")
        return cls(d["source_id"], d["code"], d.get("detail") or "", d.get("url"),
                   datetime.fromisoformat(at) if isinstance(at, str) else at)


@dataclass
class CrawlFailure:
    """A URL that gave no page, with the fetch or parse reason and how many runs it failed on."""

    url: str
    source_id: str
    reason: str
    detail: str
    at: datetime
    attempts: int = 1

    def as_dict(self) -> dict:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "CrawlFailure":
        return cls(d["url"], d["source_id"], d["reason"], d.get("detail") or "",
                   datetime.fromisoformat(d["at"]), int(d.get("attempts") or 1))


@dataclass
class Handoff:
    """What a crawl hands to its sink in one short batch: the sources crawled (registry entries), the
    articles parsed, the failures recorded, the URLs whose earlier failure is resolved, the warnings."""

    sources: list = field(default_factory=list)          # scrapers.registry.Source
    articles: list = field(default_factory=list)         # corpus.records.Article
    failures: list[CrawlFailure] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    warnings: list[CrawlWarning] = field(default_factory=list)

    def __len__(self) -> int:
        return (len(self.sources) + len(self.articles) + len(self.failures) + len(self.resolved)
                + len(self.warnings))
