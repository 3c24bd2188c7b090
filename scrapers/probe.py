"""What the crawler sees on one page, for a person adding a source (like `scrapy shell`).

probe(url) fetches the page (or reads a saved copy), picks the CMS family with its detection scores, runs the
listing discovery (article links, how they were found, the next page, the dân vận category of a home page) and
parses the page as an article (title, date, lead, body preview) or says why it is not one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from corpus.records import Article
from scrapers.adapters import NotAnArticle, Page, ParseError, detect_scores, get_adapter
from scrapers.adapters.registry import DETECT_THRESHOLD
from scrapers.discovery import Discovery, HomeEvidence, home_evidence


class ProbeError(Exception):
    """The page could not be fetched or decoded; the message says why in one line."""


@dataclass
class Probe:
    """One page as the crawler sees it.

    family: the adapter used (chosen by detection unless forced); scores: every family's detection score.
    discovery: links, method, next page, home-page category (discovery.home: "url" or "structure"), warnings;
    home: the layout evidence of a home page (sections, categories, menus, own text). article: the page read as an article,
    or None with article_error saying why (a listing, a home page, no body). warnings: discovery's warnings
    plus those about the article (no title, no date).
    """

    url: str
    final_url: str
    status: int | None
    family: str
    scores: dict[str, float]
    discovery: Discovery
    article: Article | None
    article_error: str | None = None
    warnings: list[str] = field(default_factory=list)
    home: HomeEvidence | None = None  # what the layout says about the page being a home page (every field)

    @property
    def kind(self) -> str:
        """"home", "listing", "article" or "unknown", as the page reads."""
        if self.discovery.category or self.discovery.method == "home-menu" or self.discovery.home:
            return "home"
        if self.article is not None:
            return "article"
        return "listing" if self.discovery.links else "unknown"


def probe_page(page: Page, cms: str = "auto", status: int | None = None, requested: str | None = None) -> Probe:
    """Probe an already fetched page. cms: a family name to force, or "auto" to detect it."""
    scores = detect_scores(page)
    if cms == "auto":
        best = max(scores, key=scores.get)
        family = best if scores[best] >= DETECT_THRESHOLD else "generic"
    else:
        family = cms
    try:
        adapter = get_adapter(family)
    except ValueError as exc:
        raise ProbeError(str(exc)) from None
    found = adapter.discover(page)
    article, error = None, None
    try:
        article = adapter.parse_article(page)
    except NotAnArticle as exc:
        error = str(exc)
    warnings = [] if article is not None else list(found.warnings)  # link warnings concern listings only
    if article is not None:
        if not article.title:
            warnings.append("no_title: the article has no title")
        if article.published is None:
            warnings.append("no_date: the article has no publication date")
    return Probe(url=requested or page.url, final_url=page.url, status=status, family=family, scores=scores,
                 discovery=found, article=article, article_error=error, warnings=warnings,
                 home=home_evidence(page, thorough=True))


def probe(url: str, cms: str = "auto", fetcher=None, body: bytes | None = None, content_type: str = "") -> Probe:
    """Fetch url (or read `body`, a saved copy of it) and probe it.

    fetcher: a scrapers.fetch.Fetcher (one with default options when None); it honours robots.txt.
    """
    status = None
    final_url = url
    if body is None:
        from scrapers.fetch import FetchError, Fetcher, FetchOptions

        fetcher = fetcher or Fetcher(FetchOptions(crawl_delay=0.0))
        try:
            result = fetcher.fetch(url)
        except FetchError as exc:
            raise ProbeError(f"cannot fetch {url}: {getattr(exc, 'reason', '') or exc}") from None
        body, content_type, final_url, status = result.body, result.content_type, result.final_url, result.status
    try:
        page = Page.from_bytes(final_url, body, content_type, fetched_at=datetime.now().astimezone())
    except ParseError as exc:
        raise ProbeError(f"{url}: {exc}") from None
    return probe_page(page, cms=cms, status=status, requested=url)
