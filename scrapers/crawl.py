"""Incremental, resumable crawling: listings -> new article URLs -> WARC + crawl state -> the sink.

The crawl state lives in its own DuckDB file (scrapers/state.py), never in the analysts' store: the
crawler is handed a CrawlState and a sink (a callable taking a Handoff) by the command that builds it, as
Scrapy hands settings and item pipelines to its components. `danvan crawl` gives a sink that opens the
store for a short write per batch (pipeline.orchestrate.StoreSink), so readers are never locked out.

Order of work for one page: fetch -> write the response (and its request) to the WARC file -> parse ->
commit the page's state and its article (in the outbox) in one transaction -> every few articles, hand
the outbox to the sink. A crawl killed at any point resumes from the frontier and the outbox: a page is
either done, with its WARC record written and its article in the outbox or delivered, or still pending
and fetched again. The store upserts articles by id, so a batch handed twice is stored once.

Failures are loud: a run names what went wrong in CrawlReport.warnings (and the store's crawl_warnings):
listing_without_links, article_without_title, article_without_date, selectors_stopped_matching,
selectors_disagree, no_dan_van_category, all_fetches_failed, nothing_fetched, and source_yielded_nothing when the source gave nothing usable
(`danvan crawl` then exits non-zero, so cron notices).

Several sources run at once (crawl_sources, a bounded thread pool); their fetchers share one HostSlots,
so a host still sees one request at a time with its delay between two of them.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from corpus.records import Article
from corpus.warc import WarcArchive
from common import settings
from common.gazetteer import canonical_province, province_2025_of
from scrapers.adapters import CmsAdapter, NotAnArticle, Page, ParseError, detect_cms, get_adapter
from scrapers.adapters.feeds import parse_feed, parse_sitemap
from scrapers.dates import order_of_dates
from scrapers.fetch import DEFERRED, FetchError, Fetcher, FetchOptions, HostSlots
from scrapers.records import CrawlWarning, FetchResult
from scrapers.registry import Source
from scrapers.state import CrawlState, Sink, SinkBusy

log = logging.getLogger(__name__)

LISTING, ARTICLE, FEED, SITEMAP = "listing", "article", "feed", "sitemap"
DISCOVERY = (LISTING, FEED, SITEMAP)   # pages that yield article URLs; walked again on every run
PENDING, DONE, FAILED = "pending", "done", "failed"

# progress(kind, url, report) after each page (from the source's worker thread when several run at once).
ProgressHook = Callable[[str, str, "CrawlReport"], None]


class CrawlError(Exception):
    """A crawl could not start (unknown CMS family, bad ad-hoc source)."""


@dataclass
class CrawlOptions:
    """What one crawl run does.

    max_pages: listing pages walked from each listing URL (None: until a page holds only known articles);
        pagination follows the page's "next" link, else the family's page-N URL rule (adapter.page_url).
    max_articles: new article pages fetched in this run (None: no limit).
    archive_dir: where the WARC files go, one folder per source.
    stop_at_known: stop a listing walk at the first page whose article links are all known.
    retry_runs: a URL that failed for a transient reason (timeout, 5xx, 429) is retried on this many runs.
    revalidate_days / revalidate_hours: articles published (or first fetched) in the last revalidate_days
        are re-asked with a conditional GET, at most once in revalidate_hours, so corrections are seen.
    handoff_articles / handoff_seconds: the outbox goes to the sink every so many articles or seconds.
    workers: sources crawled at once by crawl_sources.
    """

    max_pages: int | None = None
    max_articles: int | None = None
    archive_dir: Path = settings.ARCHIVE_DIR
    stop_at_known: bool = True
    retry_runs: int = settings.RETRY_FAILED_RUNS
    revalidate_days: float = settings.REVALIDATE_DAYS
    revalidate_hours: float = settings.REVALIDATE_AFTER_HOURS
    handoff_articles: int = settings.HANDOFF_ARTICLES
    handoff_seconds: float = settings.HANDOFF_SECONDS
    workers: int = settings.CRAWL_WORKERS


@dataclass
class CrawlReport:
    """What a run did: pages fetched (listing + article responses, 304s included), new articles, failures,
    re-validated articles (revalidated: asked again; updated: changed since, and stored again), URLs deferred
    to a later run (their host asked for a long pause), and the warnings."""

    source_id: str
    pages_fetched: int = 0
    listing_pages: int = 0
    new_articles: int = 0
    not_modified: int = 0
    revalidated: int = 0
    updated: int = 0
    deferred: int = 0
    failures: Counter = field(default_factory=Counter)
    warnings: list[CrawlWarning] = field(default_factory=list)
    warc_files: list[str] = field(default_factory=list)
    pending: int = 0  # URLs still queued, as of the last progress call

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    @property
    def warning_counts(self) -> Counter:
        return Counter(w.code for w in self.warnings)

    @property
    def yielded_nothing(self) -> bool:
        """The source gave nothing usable in this run (see the source_yielded_nothing warning)."""
        return any(w.code == YIELDED_NOTHING for w in self.warnings)

    def add(self, other: "CrawlReport") -> None:
        self.pages_fetched += other.pages_fetched
        self.listing_pages += other.listing_pages
        self.new_articles += other.new_articles
        self.not_modified += other.not_modified
        self.revalidated += other.revalidated
        self.updated += other.updated
        self.deferred += other.deferred
        self.failures.update(other.failures)
        self.warnings += other.warnings
        self.warc_files += other.warc_files


# Warning names (CrawlWarning.code).
LISTING_WITHOUT_LINKS = "listing_without_links"          # a listing (or feed, sitemap) fetched, 0 article links
ARTICLE_WITHOUT_TITLE = "article_without_title"
ARTICLE_WITHOUT_DATE = "article_without_date"
SELECTORS_STOPPED = "selectors_stopped_matching"          # the family's selectors found nothing, a fallback did
SELECTORS_DISAGREE = "selectors_disagree"                 # the page structure holds many links the selectors miss
NO_DAN_VAN_CATEGORY = "no_dan_van_category"               # a home page whose menus name no dân vận category
ALL_FETCHES_FAILED = "all_fetches_failed"
NOTHING_FETCHED = "nothing_fetched"
YIELDED_NOTHING = "source_yielded_nothing"                # no article, no link, no 304: the run gave nothing
# How the adapter found a listing's links; anything else is a fallback (scrapers/discovery.py).
SELECTOR_METHODS = frozenset({"selectors", "family", "home-menu", "none", None})
_DISCOVERY_WARNINGS = (SELECTORS_DISAGREE, NO_DAN_VAN_CATEGORY)   # passed on from Discovery.warnings


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clean(url: str) -> str:
    return urldefrag(url.strip())[0]


def site_key(url: str) -> tuple[str, int | None]:
    """(host without www., explicit non-default port): what "the same site" means for links and redirects.
    http://x/ and https://www.x/ are one site; 127.0.0.1:8001 and 127.0.0.1:8002 are two."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, (None if port in (None, 80, 443) else port)


class _PageFailure(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


class Crawler:
    """Crawl one source incrementally.

    state: the crawl state (scrapers.state.CrawlState), shared by the crawlers of one run.
    source: the registry entry; cms "auto" detects the family from the first page read.
    fetcher: a Fetcher (one is made from the source's crawl delay and TLS switch otherwise).
    options: CrawlOptions.
    sink: takes the articles, failures and warnings in short batches (pipeline.orchestrate.StoreSink for
        the store); None keeps them in the state's outbox for a later delivery.
    progress: called after each page with (kind, url, report).
    """

    def __init__(self, state: CrawlState, source: Source, fetcher: Fetcher | None = None,
                 options: CrawlOptions | None = None, sink: Sink | None = None,
                 progress: ProgressHook | None = None):
        self.state = state
        self.source = source
        self.fetcher = fetcher or Fetcher(FetchOptions().for_source(source))
        self.options = options or CrawlOptions()
        self.sink = sink
        self.progress = progress
        self._sites = {site_key(u) for u in [source.base_url, *source.listing_urls, *source.rss_urls,
                                             *source.sitemap_urls]}
        self._attempts = 0        # pages asked for (fetched or failed), deferrals aside
        self._usable = False      # a listing gave links or a 304, or an article was read: the source works
        self._adapter: CmsAdapter | None = None
        if source.cms != "auto":
            try:
                self._adapter = get_adapter(source.cms, source.selectors or None)
            except ValueError as exc:
                raise CrawlError(f"source {source.id!r}: {exc}") from None
        self._archive: WarcArchive | None = None
        self._date_orders: set[str] = set()  # day/month orders the source's listings fix (scrapers.dates)
        self.report = CrawlReport(source.id)

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> CrawlReport:
        """Walk the source's listings and fetch the new articles. Safe to interrupt and run again."""
        s = self.source
        seeds = ([(u, LISTING) for u in s.listing_urls] + [(u, FEED) for u in s.rss_urls]
                 + [(u, SITEMAP) for u in s.sitemap_urls])
        if not seeds:
            raise CrawlError(f"source {s.id!r} has no listing_urls, rss_urls or sitemap_urls")
        self.state.queue_source(s)
        slots, clock = self.fetcher.slots, self.fetcher.clock
        for host, seconds in self.state.host_pauses().items():  # asked on an earlier run: still honoured
            slots.not_before[host] = max(slots.not_before.get(host, 0.0), clock() + seconds)
        self.state.requeue_failed(s.id, self.options.retry_runs)
        self.state.requeue_deferred(s.id)
        self.state.seed(s.id, [(_clean(u), k) for u, k in seeds])
        self.state.requeue_recent(s.id, self.options.revalidate_days, self.options.revalidate_hours)
        visited: set[str] = set()
        try:
            while (item := self.state.next_pending(s.id)) is not None:
                url, kind, depth, referrer, revisit = item
                if kind == ARTICLE:
                    if (not revisit and self.options.max_articles is not None
                            and self.report.new_articles >= self.options.max_articles):
                        break  # the rest stays pending for the next run
                    self._article(url, revisit)
                else:
                    if url in visited:  # pagination that points back to a page already walked in this run
                        self.state.mark_done(url)
                        continue
                    visited.add(url)
                    self._discovery(url, kind, depth, referrer or url)
                if self.progress:
                    self.report.pending = self.state.pending_count(s.id)
                    self.progress(kind, url, self.report)
                if self.sink is not None:
                    self.state.maybe_deliver(self.sink, self.options.handoff_articles, self.options.handoff_seconds)
            self._judge_run()
        finally:
            if self._archive is not None:
                self._archive.close()
                self._archive = None
        if self.sink is not None:
            try:
                self.state.deliver(self.sink)
            except SinkBusy as exc:
                log.warning("source %s: the store stayed busy; %d rows wait in the crawl state for the next run "
                            "(%s)", s.id, self.state.undelivered(), exc)
        return self.report

    # -- warnings -------------------------------------------------------------------------------

    def _warn(self, code: str, detail: str, url: str | None = None) -> None:
        warning = CrawlWarning(self.source.id, code, detail, url, _now())
        log.info("source %s: %s %s%s", self.source.id, code, detail, f" ({url})" if url else "")
        self.report.warnings.append(warning)
        self.state.queue_warning(warning)

    def selectors_stopped_matching(self, url: str, method: str | None, family: str | None = None) -> None:
        """Called with the method that found a listing's links (scrapers/discovery.py names it) and the family
        of the adapter that read it: when it is not the family's selectors, those selectors stopped matching."""
        family = family or self.source.cms
        if method in SELECTOR_METHODS or family in ("auto", "generic"):
            return
        self._warn(SELECTORS_STOPPED, f"the {family} selectors found no links; {method} did", url)

    def _discovery_warnings(self, url: str, warnings: list[str]) -> None:
        for text in warnings:
            code, _, detail = text.partition(": ")
            if code in _DISCOVERY_WARNINGS:
                self._warn(code, detail, url)

    def _judge_run(self) -> None:
        """Warnings about the run as a whole, once it is over."""
        r = self.report
        if self._attempts == 0:
            why = f"{r.deferred} URLs deferred by their host" if r.deferred else "no page was asked for"
            self._warn(NOTHING_FETCHED, why)
        elif r.failed >= self._attempts:
            self._warn(ALL_FETCHES_FAILED, f"{r.failed} of {self._attempts} pages failed: "
                       + ", ".join(f"{k} {n}" for k, n in sorted(r.failures.items())))
        if not self._usable:
            codes = sorted(set(r.warning_counts)) or sorted(r.failures)
            self._warn(YIELDED_NOTHING, "no article, no article link and no unchanged listing in this run"
                       + (f" ({', '.join(codes)})" if codes else ""))

    # -- one page -------------------------------------------------------------------------------

    def _fetch(self, url: str, past_the_end: bool = False) -> FetchResult | None:
        """Fetch and archive; on failure record it (archiving the error response) and return None.

        past_the_end: a 404/410 is the normal end of a walk (a page N beyond the last one), not a failure.
        Redirects are followed on the source's own site only (off_site_redirect otherwise). A URL whose host
        asked for a long pause is deferred to a later run, not counted as a failure.
        """
        try:
            result = self.fetcher.fetch(url, self.state.validators(url), source_id=self.source.id,
                                        follow=self._on_site)
        except FetchError as exc:
            if exc.reason == DEFERRED:
                until = self.state.defer(url, exc.retry_after or 0.0)
                self.report.deferred += 1
                log.info("deferred %s until %s", url, until.isoformat(timespec="minutes"))
                return None
            self._attempts += 1
            if exc.result is not None:
                self.report.pages_fetched += 1
                self._archive_result(exc.result)
            if past_the_end and exc.reason in ("http_404", "http_410"):
                self.state.mark_done(url)
                return None
            self._fail(url, exc.reason, exc.detail)
            return None
        self._attempts += 1
        self.report.pages_fetched += 1
        if result.status == 304:
            self.report.not_modified += 1
            return result
        self._archive_result(result)
        return result

    def _archive_result(self, result: FetchResult) -> None:
        if self._archive is None:
            self._archive = WarcArchive(self._warc_path())
            self.report.warc_files.append(str(self._archive.path))
        self._archive.write(result, self.fetcher.last_request_headers)

    def _warc_path(self) -> Path:
        folder = Path(self.options.archive_dir) / self.source.id
        stamp = _now().strftime("%Y%m%dT%H%M%S")
        n = 0
        while True:
            path = folder / f"{self.source.id}-{stamp}-{os.getpid()}{f'-{n}' if n else ''}.warc.gz"
            if not path.exists():
                return path
            n += 1

    def _fail(self, url: str, reason: str, detail: str) -> None:
        log.info("failed %s: %s %s", url, reason, detail)
        self.report.failures[reason] += 1
        self.state.failed(url, self.source.id, reason, detail)

    def _page(self, result: FetchResult) -> Page:
        if not result.body.strip():
            raise _PageFailure("empty_body", "the response has no body")
        try:
            return Page.from_bytes(result.final_url, result.body, result.content_type, result.fetched_at)
        except ParseError as exc:
            raise _PageFailure("not_html" if "Content-Type" in str(exc) else "parse_error", str(exc)) from None

    def _adapter_for(self, page: Page) -> CmsAdapter:
        if self._adapter is None:
            family = detect_cms(page)
            log.info("source %s: detected CMS family %s", self.source.id, family)
            self._adapter = get_adapter(family, self.source.selectors or None)
        return self._adapter

    def _discovery(self, url: str, kind: str, depth: int, root: str) -> None:
        """A listing page, feed or sitemap: queue its new article URLs and, while they are new, what follows."""
        result = self._fetch(url, past_the_end=kind == LISTING and depth > 1)
        if result is None:
            return
        self.report.listing_pages += 1
        if result.status == 304:
            self._usable = True  # unchanged since a run that read it
            self.state.listing_unchanged(url, result)
            return
        more: list[tuple[str, str]] = []
        category = None  # a home page: the dân vận category its menus name, walked instead of its headlines
        try:
            if kind == LISTING:
                page = self._page(result)
                adapter = self._adapter_for(page)
                found = adapter.discover(page)
                links = found.links
                self._note_date_order(page)
                self.selectors_stopped_matching(url, found.method)  # only a declared family can stop matching
                self._discovery_warnings(url, found.warnings)
                next_url = found.next_page
                category = found.category if depth == 1 else None
                if next_url is None:  # no "next" link: the family's URL rule for page N, if it has one
                    next_url = adapter.page_url(root, depth + 1)
                if next_url:
                    more.append((_clean(next_url), LISTING))
            elif kind == FEED:
                links = [item.url for item in parse_feed(result.body, result.final_url)]
            else:
                sitemap = parse_sitemap(result.body, result.final_url)
                links = [item.url for item in sitemap.items]
                more += [(_clean(child), SITEMAP) for child in sitemap.sitemaps]
        except _PageFailure as exc:
            self._fail(url, exc.reason, exc.detail)
            return
        except ParseError as exc:
            self._fail(url, "parse_error", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a page that breaks the adapter must not stop the crawl
            self._fail(url, "parse_error", f"{type(exc).__name__}: {exc}")
            return
        links = list(dict.fromkeys(_clean(link) for link in links))
        links = [link for link in links if self._on_site(link) and link != url]
        if links:
            self._usable = True
        elif depth == 1 and category is None:  # page 1 of a walk (a page N past the end may well be empty; a
            # home page hands over to its dân vận category instead of links of its own)
            self._warn(LISTING_WITHOUT_LINKS, f"the {kind} page was read but holds no article link on the site",
                       url)
        known = self.state.known(links)
        new = [link for link in links if link not in known]
        if kind == LISTING and (
            (not new and self.options.stop_at_known)
            or (self.options.max_pages is not None and depth >= self.options.max_pages)
        ):
            more = []  # the walk stops: the page held only known articles, or the page budget is spent
        if category:
            more.append((_clean(category), LISTING))
        self.state.listing_done(url, self.source.id, kind, result, new, more, depth, root)

    def _article(self, url: str, revisit: bool = False) -> None:
        """A new article page, or (revisit) one fetched before and asked again with its validators."""
        result = self._fetch(url)
        if result is None:
            return
        if revisit:
            self.report.revalidated += 1
        if result.status == 304 or (revisit and hashlib.sha256(result.body).hexdigest() == self.state.body_hash(url)):
            self._usable = True
            self.state.article_done(url, self.source.id, result, None)
            return
        try:
            page = self._page(result)
            if len(self._date_orders) == 1:  # the listings agree on how the site prints its dates
                page.listing_date_order = next(iter(self._date_orders))
            article = self._adapter_for(page).parse_article(page)
        except _PageFailure as exc:
            self._fail(url, exc.reason, exc.detail)
            return
        except NotAnArticle as exc:
            self._fail(url, "not_an_article", str(exc))
            return
        except ParseError as exc:
            self._fail(url, "parse_error", str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - malformed markup that breaks the adapter
            self._fail(url, "parse_error", f"{type(exc).__name__}: {exc}")
            return
        self._stamp(article, result)
        if not (article.title or "").strip():
            self._warn(ARTICLE_WITHOUT_TITLE, "the article page gave an empty title", url)
        if article.published is None:
            self._warn(ARTICLE_WITHOUT_DATE, "the article page gave no publication date", url)
        self.state.article_done(url, self.source.id, result, article)
        self._usable = True
        if revisit:
            self.report.updated += 1
        else:
            self.report.new_articles += 1

    def _note_date_order(self, page: Page) -> None:
        """Remember the order of day and month a listing's dates fix (one with a field above 12), so that an
        article's ambiguous "03/08/2011" is read the way the site prints its dates."""
        body = page.tree.find("body")
        order = order_of_dates([body.text_content()]).get("*") if body is not None else None
        if order:
            self._date_orders.add(order)

    def _stamp(self, article: Article, result: FetchResult) -> None:
        s = self.source
        article.source_id = s.id
        article.province = s.province
        article.province_2025 = s.province_2025 or province_2025_of(s.province)
        article.district = s.district
        article.fetched_at = result.fetched_at
        article.warc_file, article.warc_offset = result.warc_file, result.warc_offset

    def _on_site(self, url: str) -> bool:
        if urlsplit(url).scheme not in ("http", "https"):
            return False
        return site_key(url) in self._sites


def crawl_source(state: CrawlState, source: Source, options: CrawlOptions | None = None,
                 fetch_options: FetchOptions | None = None, sink: Sink | None = None,
                 progress: ProgressHook | None = None, slots: HostSlots | None = None) -> CrawlReport:
    """Crawl one registry source (see Crawler); fetch_options default to settings with the source's delay.
    slots: the per-host politeness shared with the other sources crawled at the same time."""
    fetcher = Fetcher((fetch_options or FetchOptions()).for_source(source), slots=slots)
    try:
        return Crawler(state, source, fetcher, options, sink=sink, progress=progress).run()
    finally:
        fetcher.close()


def crawl_sources(state: CrawlState, sources: list[Source], options: CrawlOptions | None = None,
                  fetch_options: FetchOptions | None = None, sink: Sink | None = None,
                  progress: ProgressHook | None = None) -> dict[str, CrawlReport | CrawlError]:
    """Crawl several sources, options.workers at a time (a bounded thread pool); their fetchers share one
    HostSlots, so two sources on one host still take turns with the host's delay. What an earlier run left
    in the outbox is handed to the sink first. A source that cannot start is reported, not fatal.
    """
    options = options or CrawlOptions()
    slots = HostSlots()
    if sink is not None:
        try:
            state.deliver(sink)
        except SinkBusy as exc:
            log.warning("the store is busy; the last run's rows stay in the crawl state for now (%s)", exc)

    def one(source: Source) -> CrawlReport | CrawlError:
        try:
            return crawl_source(state, source, options, fetch_options, sink, progress, slots)
        except CrawlError as exc:
            return exc

    workers = max(1, min(options.workers, len(sources)))
    if workers == 1:
        return {source.id: one(source) for source in sources}
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="crawl") as pool:
        results = list(pool.map(one, sources))
    return {source.id: result for source, result in zip(sources, results)}


def adhoc_source(url: str, province: str, cms: str = "auto", crawl_delay: float | None = None) -> Source:
    """A source for a site that is not in the registry: one listing URL and its province.

    Raises CrawlError when the URL is not http(s) or the province is not one of the 63 (any spelling).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CrawlError(f"not an http(s) URL: {url!r}")
    old = canonical_province(province)
    if old is None:
        raise CrawlError(f"unknown province {province!r}: give one of the 63 pre-2025 provinces")
    host = parts.hostname or parts.netloc
    return Source(
        id="adhoc-" + host.removeprefix("www.").replace(".", "-"), name=host,
        base_url=f"{parts.scheme}://{parts.netloc}/", cms=cms, level="province", province=old,
        province_2025=province_2025_of(old), listing_urls=[url],
        crawl_delay=settings.CRAWL_DELAY if crawl_delay is None else crawl_delay,
        notes="ad-hoc crawl from the command line",
    )
