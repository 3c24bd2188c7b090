"""Incremental, resumable crawling of one source: listings -> new article URLs -> WARC + store.

The crawl state lives in the store (migration 002): crawl_frontier (what is left), crawl_seen (what was
fetched, with validators for a conditional GET) and crawl_failures (URL, reason, attempts).

Order of work for one page: fetch -> write the response (and its request) to the WARC file -> parse ->
load the article into the store -> commit the page's state in one transaction. A crawl killed at any
point therefore resumes from the frontier: a page is either marked done with its WARC record written,
or still pending and fetched again. Articles are upserted by id, so a page fetched twice is stored once.
"""
from __future__ import annotations

import hashlib
import logging
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pyarrow as pa

from corpus.records import Article
from corpus.warc import WarcArchive
from common import settings
from common.gazetteer import canonical_province, province_2025_of
from pipeline.store import Store
from scrapers.adapters import CmsAdapter, NotAnArticle, Page, ParseError, detect_cms, get_adapter
from scrapers.adapters.feeds import parse_feed, parse_sitemap
from scrapers.fetch import TRANSIENT_REASONS, FetchError, Fetcher, FetchOptions, Validators
from scrapers.records import FetchResult
from scrapers.registry import Source

log = logging.getLogger(__name__)

LISTING, ARTICLE, FEED, SITEMAP = "listing", "article", "feed", "sitemap"
DISCOVERY = (LISTING, FEED, SITEMAP)   # pages that yield article URLs; walked again on every run
PENDING, DONE, FAILED = "pending", "done", "failed"

# load(store, articles): upsert the articles and extract their figures (pipeline.orchestrate.load_articles).
ArticleLoader = Callable[[Store, list[Article]], object]
# progress(kind, url, report) after each page.
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
    """

    max_pages: int | None = None
    max_articles: int | None = None
    archive_dir: Path = settings.ARCHIVE_DIR
    stop_at_known: bool = True
    retry_runs: int = settings.RETRY_FAILED_RUNS


@dataclass
class CrawlReport:
    """What a run did: pages fetched (listing + article responses, 304s included), new articles, failures."""

    source_id: str
    pages_fetched: int = 0
    listing_pages: int = 0
    new_articles: int = 0
    not_modified: int = 0
    failures: Counter = field(default_factory=Counter)
    warc_files: list[str] = field(default_factory=list)
    pending: int = 0  # URLs still queued, as of the last progress call

    @property
    def failed(self) -> int:
        return sum(self.failures.values())

    def add(self, other: "CrawlReport") -> None:
        self.pages_fetched += other.pages_fetched
        self.listing_pages += other.listing_pages
        self.new_articles += other.new_articles
        self.not_modified += other.not_modified
        self.failures.update(other.failures)
        self.warc_files += other.warc_files


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clean(url: str) -> str:
    return urldefrag(url.strip())[0]


class CrawlState:
    """The frontier, seen URLs and failures of the crawl, in the store's DuckDB tables."""

    def __init__(self, store: Store):
        self.store = store
        self.con = store.con

    def seed(self, source_id: str, urls: Iterable[tuple[str, str]]) -> None:
        """Queue a source's (url, kind) discovery pages: listings, feeds, sitemaps, walked again on every run."""
        now = _now()
        with self.store.transaction():
            for url, kind in urls:
                self.con.execute(
                    "INSERT INTO crawl_frontier VALUES (?, ?, ?, 1, NULL, ?, 'pending') "
                    "ON CONFLICT (url) DO UPDATE SET state = 'pending', depth = 1, kind = excluded.kind, "
                    "referrer = NULL, source_id = excluded.source_id",
                    [_clean(url), source_id, kind, now],
                )

    def requeue_failed(self, source_id: str, max_attempts: int) -> int:
        """Put URLs back in the queue that failed for a transient reason fewer than max_attempts times."""
        reasons = sorted(TRANSIENT_REASONS)
        marks = ", ".join("?" for _ in reasons)
        with self.store.transaction():
            n = self.con.execute(
                "SELECT count(*) FROM crawl_frontier f JOIN crawl_failures x USING (url) "
                f"WHERE f.source_id = ? AND f.state = 'failed' AND x.reason IN ({marks}) AND x.attempts < ?",
                [source_id, *reasons, max_attempts],
            ).fetchone()[0]
            self.con.execute(
                "UPDATE crawl_frontier SET state = 'pending' WHERE source_id = ? AND state = 'failed' AND url IN "
                f"(SELECT url FROM crawl_failures WHERE reason IN ({marks}) AND attempts < ?)",
                [source_id, *reasons, max_attempts],
            )
        return n

    def next_pending(self, source_id: str) -> tuple[str, str, int, str | None] | None:
        """(url, kind, depth, referrer) of the next page to fetch: articles first, then the rest, oldest first."""
        return self.con.execute(
            "SELECT url, kind, depth, referrer FROM crawl_frontier WHERE source_id = ? AND state = 'pending' "
            "ORDER BY kind <> 'article', discovered_at, depth, url LIMIT 1",
            [source_id],
        ).fetchone()

    def pending_count(self, source_id: str) -> int:
        return self.con.execute(
            "SELECT count(*) FROM crawl_frontier WHERE source_id = ? AND state = 'pending'", [source_id]
        ).fetchone()[0]

    def known(self, urls: list[str]) -> set[str]:
        """The URLs already in the frontier (any state) or fetched before (also as a redirect target)."""
        if not urls:
            return set()
        # an Arrow table joined in one query: a sitemap can list tens of thousands of URLs
        self.con.register("_crawl_urls", pa.table({"url": pa.array(urls, pa.string())}))
        try:
            rows = self.con.execute(
                "SELECT url FROM _crawl_urls WHERE url IN (SELECT url FROM crawl_frontier) "
                "OR url IN (SELECT url FROM crawl_seen) OR url IN (SELECT final_url FROM crawl_seen)"
            ).fetchall()
        finally:
            self.con.unregister("_crawl_urls")
        return {r[0] for r in rows}

    def validators(self, url: str) -> Validators | None:
        row = self.con.execute("SELECT etag, last_modified FROM crawl_seen WHERE url = ?", [url]).fetchone()
        if not row or not (row[0] or row[1]):
            return None
        return Validators(etag=row[0], last_modified=row[1])

    def _seen(self, url: str, source_id: str, kind: str, result: FetchResult, article_id: str | None) -> None:
        v = Validators.of(result)
        self.con.execute(
            "INSERT OR REPLACE INTO crawl_seen VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [url, source_id, kind, result.final_url, result.status, v.etag, v.last_modified,
             hashlib.sha256(result.body).hexdigest(), article_id, result.warc_file, result.warc_offset,
             result.fetched_at],
        )

    def listing_done(self, url: str, source_id: str, kind: str, result: FetchResult, new_links: list[str],
                     more: list[tuple[str, str]], depth: int, root: str) -> None:
        """One transaction: the page's new article URLs and its (url, kind) follow-ups queued (next listing page,
        child sitemaps), the page marked done. root: the registry URL the walk started from."""
        now = _now()
        with self.store.transaction():
            if new_links:  # a microsecond apart: fetched in the listing's order
                found_at = [now + timedelta(microseconds=i) for i in range(len(new_links))]
                self.con.register("_crawl_new", pa.table({
                    "url": pa.array(new_links, pa.string()),
                    "found_at": pa.array(found_at, pa.timestamp("us", tz="UTC")),
                }))
                try:
                    self.con.execute(
                        "INSERT INTO crawl_frontier SELECT url, ?, 'article', ?, ?, found_at, 'pending' FROM _crawl_new "
                        "ON CONFLICT DO NOTHING", [source_id, depth, url],
                    )
                finally:
                    self.con.unregister("_crawl_new")
            for next_url, next_kind in more:
                self.con.execute(
                    "INSERT INTO crawl_frontier VALUES (?, ?, ?, ?, ?, ?, 'pending') "
                    "ON CONFLICT (url) DO UPDATE SET state = 'pending', depth = excluded.depth, "
                    "referrer = excluded.referrer",
                    [next_url, source_id, next_kind, depth + 1, root, now],
                )
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])
            self._seen(url, source_id, kind, result, None)
            self.con.execute("DELETE FROM crawl_failures WHERE url = ?", [url])

    def article_done(self, url: str, source_id: str, result: FetchResult, article_id: str | None) -> None:
        with self.store.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])
            if result.status == 304:
                self.con.execute("UPDATE crawl_seen SET fetched_at = ? WHERE url = ?", [result.fetched_at, url])
            else:
                self._seen(url, source_id, ARTICLE, result, article_id)
            self.con.execute("DELETE FROM crawl_failures WHERE url = ?", [url])

    def mark_done(self, url: str) -> None:
        with self.store.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])

    def listing_unchanged(self, url: str, result: FetchResult) -> None:
        with self.store.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])
            self.con.execute("UPDATE crawl_seen SET fetched_at = ? WHERE url = ?", [result.fetched_at, url])

    def failed(self, url: str, source_id: str, reason: str, detail: str) -> None:
        with self.store.transaction():
            self.con.execute(
                "INSERT INTO crawl_failures VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (url) DO UPDATE SET "
                "reason = excluded.reason, detail = excluded.detail, \"at\" = excluded.\"at\", "
                "attempts = crawl_failures.attempts + 1",
                [url, source_id, reason, detail[:1000], _now()],
            )
            self.con.execute("UPDATE crawl_frontier SET state = 'failed' WHERE url = ?", [url])


class _PageFailure(Exception):
    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


class Crawler:
    """Crawl one source incrementally.

    store: the DuckDB store (crawl state, sources, articles).
    source: the registry entry; cms "auto" detects the family from the first page read.
    fetcher: a Fetcher (one is made from the source's crawl delay and TLS switch otherwise).
    options: CrawlOptions. load: how articles reach the store (default: upsert + extract).
    progress: called after each page with (kind, url, report).
    """

    def __init__(self, store: Store, source: Source, fetcher: Fetcher | None = None,
                 options: CrawlOptions | None = None, load: ArticleLoader | None = None,
                 progress: ProgressHook | None = None):
        self.store = store
        self.source = source
        self.fetcher = fetcher or Fetcher(FetchOptions().for_source(source))
        self.options = options or CrawlOptions()
        self.state = CrawlState(store)
        self.progress = progress
        self._load = load
        self._adapter: CmsAdapter | None = None
        if source.cms != "auto":
            try:
                self._adapter = get_adapter(source.cms, source.selectors or None)
            except ValueError as exc:
                raise CrawlError(f"source {source.id!r}: {exc}") from None
        self._archive: WarcArchive | None = None
        self.report = CrawlReport(source.id)

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> CrawlReport:
        """Walk the source's listings and fetch the new articles. Safe to interrupt and run again."""
        s = self.source
        seeds = ([(u, LISTING) for u in s.listing_urls] + [(u, FEED) for u in s.rss_urls]
                 + [(u, SITEMAP) for u in s.sitemap_urls])
        if not seeds:
            raise CrawlError(f"source {s.id!r} has no listing_urls, rss_urls or sitemap_urls")
        self.store.upsert_sources([s])
        self.state.requeue_failed(s.id, self.options.retry_runs)
        self.state.seed(s.id, seeds)
        visited: set[str] = set()
        try:
            while (item := self.state.next_pending(s.id)) is not None:
                url, kind, depth, referrer = item
                if kind == ARTICLE:
                    if self.options.max_articles is not None and self.report.new_articles >= self.options.max_articles:
                        break  # the rest stays pending for the next run
                    self._article(url)
                else:
                    if url in visited:  # pagination that points back to a page already walked in this run
                        self.state.mark_done(url)
                        continue
                    visited.add(url)
                    self._discovery(url, kind, depth, referrer or url)
                if self.progress:
                    self.report.pending = self.state.pending_count(s.id)
                    self.progress(kind, url, self.report)
        finally:
            if self._archive is not None:
                self._archive.close()
                self._archive = None
        return self.report

    # -- one page -------------------------------------------------------------------------------

    def _fetch(self, url: str, past_the_end: bool = False) -> FetchResult | None:
        """Fetch and archive; on failure record it (archiving the error response) and return None.

        past_the_end: a 404/410 is the normal end of a walk (a page N beyond the last one), not a failure.
        """
        try:
            result = self.fetcher.fetch(url, self.state.validators(url), source_id=self.source.id)
        except FetchError as exc:
            if exc.result is not None:
                self.report.pages_fetched += 1
                self._archive_result(exc.result)
            if past_the_end and exc.reason in ("http_404", "http_410"):
                self.state.mark_done(url)
                return None
            self._fail(url, exc.reason, exc.detail)
            return None
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
        self._archive.write(result, getattr(self.fetcher, "last_request_headers", None))

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
            self.state.listing_unchanged(url, result)
            return
        more: list[tuple[str, str]] = []
        category = None  # a home page: the dân vận category its menus name, walked instead of its headlines
        try:
            if kind == LISTING:
                page = self._page(result)
                adapter = self._adapter_for(page)
                links = adapter.article_links(page)
                next_url = adapter.next_page(page)
                category = adapter.home_category(page) if depth == 1 else None
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

    def _article(self, url: str) -> None:
        result = self._fetch(url)
        if result is None:
            return
        if result.status == 304:
            self.state.article_done(url, self.source.id, result, None)
            return
        try:
            page = self._page(result)
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
        self._load_articles([article])
        self.state.article_done(url, self.source.id, result, article.id)
        self.report.new_articles += 1

    def _stamp(self, article: Article, result: FetchResult) -> None:
        s = self.source
        article.source_id = s.id
        article.province = s.province
        article.province_2025 = s.province_2025 or province_2025_of(s.province)
        article.district = s.district
        article.fetched_at = result.fetched_at
        article.warc_file, article.warc_offset = result.warc_file, result.warc_offset

    def _load_articles(self, articles: list[Article]) -> None:
        if self._load is None:
            from pipeline.orchestrate import load_articles

            from extractors.extract import Extractor

            extractor = Extractor()
            self._load = lambda store, batch: load_articles(store, batch, extractor)
        self._load(self.store, articles)

    def _on_site(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        if urlsplit(url).scheme not in ("http", "https"):
            return False
        hosts = {(urlsplit(u).hostname or "").lower().removeprefix("www.")
                 for u in [self.source.base_url, *self.source.listing_urls]}
        return host in hosts


def crawl_source(store: Store, source: Source, options: CrawlOptions | None = None,
                 fetch_options: FetchOptions | None = None, progress: ProgressHook | None = None) -> CrawlReport:
    """Crawl one registry source (see Crawler); fetch_options default to settings with the source's delay."""
    fetcher = Fetcher((fetch_options or FetchOptions()).for_source(source))
    try:
        return Crawler(store, source, fetcher, options, progress=progress).run()
    finally:
        fetcher.close()


def crawl_sources(store: Store, sources: list[Source], options: CrawlOptions | None = None,
                  fetch_options: FetchOptions | None = None,
                  progress: ProgressHook | None = None) -> dict[str, CrawlReport | CrawlError]:
    """Crawl several sources one after the other; a source that cannot start is reported, not fatal."""
    out: dict[str, CrawlReport | CrawlError] = {}
    for source in sources:
        try:
            out[source.id] = crawl_source(store, source, options, fetch_options, progress)
        except CrawlError as exc:
            out[source.id] = exc
    return out


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
