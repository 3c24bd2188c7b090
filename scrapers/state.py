"""The crawl's own state, in a DuckDB file apart from the analysts' store.

A crawl holds this file open for its whole run; the store is opened only for a short write when a batch
of articles is handed over (the sink the command gives the crawler), so readers are never locked out
while the crawl waits on the network.

Tables: crawl_frontier (what is left, what was deferred), crawl_seen (what was fetched, with validators
for a conditional GET and the article's date for re-validation), crawl_failures (URL, reason, attempts)
crawl_host_pauses (hosts that asked for a long pause) and crawl_outbox (articles, failures, warnings and
sources not yet handed to the sink). A page's state
and its outbox rows are committed in one transaction, and an outbox row is deleted only after the sink
took it, so a crawl killed at any point loses nothing and a batch handed twice is upserted twice.

One CrawlState may serve several crawlers in threads (one per source): every statement runs under its lock.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import pyarrow as pa

from corpus.records import Article
from scrapers.fetch import TRANSIENT_REASONS, Validators
from scrapers.records import CrawlFailure, CrawlWarning, FetchResult, Handoff
from scrapers.registry import Source

log = logging.getLogger(__name__)

ARTICLE = "article"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS crawl_frontier (
    url           VARCHAR PRIMARY KEY,
    source_id     VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,     -- listing | feed | sitemap | article
    depth         INTEGER DEFAULT 1,    -- 1 for a registry URL, +1 per "next page" or child sitemap
    referrer      VARCHAR,              -- articles: the page they were found on; listings: the walk's first URL
    discovered_at TIMESTAMPTZ NOT NULL,
    state         VARCHAR NOT NULL,     -- pending | done | failed | deferred
    not_before    TIMESTAMPTZ,          -- deferred: not asked again before this time (Retry-After)
    revisit       BOOLEAN DEFAULT FALSE -- an article fetched before, queued again to see corrections
);
CREATE TABLE IF NOT EXISTS crawl_seen (
    url            VARCHAR PRIMARY KEY,
    source_id      VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    final_url      VARCHAR,
    status         INTEGER,
    etag           VARCHAR,             -- validators for the next conditional GET
    last_modified  VARCHAR,
    content_sha256 VARCHAR,             -- of the response body
    article_id     VARCHAR,
    warc_file      VARCHAR,
    warc_offset    BIGINT,
    fetched_at     TIMESTAMPTZ,         -- last answer (200 or 304)
    published      TIMESTAMPTZ          -- the article's date: recent articles are re-validated
);
CREATE TABLE IF NOT EXISTS crawl_failures (
    url       VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL,
    reason    VARCHAR NOT NULL,
    detail    VARCHAR,
    "at"      TIMESTAMPTZ NOT NULL,
    attempts  INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS crawl_host_pauses (
    host       VARCHAR PRIMARY KEY,     -- host[:port] as fetched
    not_before TIMESTAMPTZ NOT NULL     -- the host asked (Retry-After) not to be asked again before this
);
CREATE SEQUENCE IF NOT EXISTS crawl_outbox_seq;
CREATE TABLE IF NOT EXISTS crawl_outbox (
    seq     BIGINT PRIMARY KEY DEFAULT nextval('crawl_outbox_seq'),
    kind    VARCHAR NOT NULL,           -- source | article | failure | resolved | warning
    payload VARCHAR NOT NULL            -- JSON of the record
);
"""

# sink(handoff): take one batch (upsert articles and extract them, store failures and warnings).
Sink = Callable[[Handoff], None]


class SinkBusy(Exception):
    """The sink cannot take a batch now (the store is locked by another writer); it stays in the outbox."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def default_state_path(db_path: str | Path) -> Path:
    """The crawl-state file that goes with a store file: data/danvan.duckdb -> data/danvan.crawl.duckdb."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.stem + ".crawl.duckdb")


class CrawlState:
    """The frontier, seen URLs, failures and outbox of the crawls, in their own DuckDB file.

    path: the state file (created with its folder), or ":memory:".
    now: the clock for deferral and re-validation times (injectable for tests).
    """

    def __init__(self, path: str | Path = ":memory:", now: Callable[[], datetime] | None = None):
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(path))
        self.con.execute(_SCHEMA)
        self.now = now or _now
        self.lock = threading.RLock()
        self._deliver_lock = threading.Lock()
        self._undelivered_articles = 0
        self._last_delivery = time.monotonic()

    def close(self) -> None:
        with self.lock:
            self.con.close()

    def __enter__(self) -> "CrawlState":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            else:
                self.con.execute("COMMIT")

    def _one(self, sql: str, params: list | None = None):
        with self.lock:
            return self.con.execute(sql, params or []).fetchone()

    # -- the queue ------------------------------------------------------------------------------

    def seed(self, source_id: str, urls: Iterable[tuple[str, str]]) -> None:
        """Queue a source's (url, kind) discovery pages, walked again on every run (unless deferred)."""
        now = self.now()
        with self.transaction():
            for url, kind in urls:
                self.con.execute(
                    "INSERT INTO crawl_frontier (url, source_id, kind, depth, referrer, discovered_at, state) "
                    "VALUES (?, ?, ?, 1, NULL, ?, 'pending') ON CONFLICT (url) DO UPDATE SET "
                    "state = CASE WHEN crawl_frontier.state = 'deferred' AND crawl_frontier.not_before > ? "
                    "THEN 'deferred' ELSE 'pending' END, depth = 1, kind = excluded.kind, referrer = NULL, "
                    "source_id = excluded.source_id, revisit = FALSE",
                    [url, source_id, kind, now, now],
                )

    def requeue_failed(self, source_id: str, max_attempts: int) -> int:
        """Put URLs back in the queue that failed for a transient reason fewer than max_attempts times."""
        reasons = sorted(TRANSIENT_REASONS)
        marks = ", ".join("?" for _ in reasons)
        with self.transaction():
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

    def requeue_deferred(self, source_id: str) -> int:
        """Put deferred URLs back in the queue once the time their host asked for has passed."""
        with self.transaction():
            n = self.con.execute(
                "SELECT count(*) FROM crawl_frontier WHERE source_id = ? AND state = 'deferred' AND not_before <= ?",
                [source_id, self.now()]).fetchone()[0]
            self.con.execute(
                "UPDATE crawl_frontier SET state = 'pending', not_before = NULL "
                "WHERE source_id = ? AND state = 'deferred' AND not_before <= ?", [source_id, self.now()])
        return n

    def requeue_recent(self, source_id: str, days: float, min_hours: float) -> int:
        """Queue again the source's articles published (or first fetched, when undated) in the last `days`
        and not checked for `min_hours`, to be re-asked with a conditional GET (corrections)."""
        if days <= 0:
            return 0
        now = self.now()
        since, checked = now - timedelta(days=days), now - timedelta(hours=min_hours)
        with self.transaction():
            urls = [r[0] for r in self.con.execute(
                "SELECT s.url FROM crawl_seen s JOIN crawl_frontier f USING (url) WHERE s.source_id = ? "
                "AND s.kind = 'article' AND s.article_id IS NOT NULL AND f.state = 'done' "
                "AND coalesce(s.published, s.fetched_at) >= ? AND s.fetched_at <= ?",
                [source_id, since, checked]).fetchall()]
            if urls:
                self.con.register("_crawl_recent", pa.table({"url": pa.array(urls, pa.string())}))
                try:
                    self.con.execute("UPDATE crawl_frontier SET state = 'pending', revisit = TRUE "
                                     "WHERE url IN (SELECT url FROM _crawl_recent)")
                finally:
                    self.con.unregister("_crawl_recent")
        return len(urls)

    def next_pending(self, source_id: str) -> tuple[str, str, int, str | None, bool] | None:
        """(url, kind, depth, referrer, revisit) of the next page: new articles first, then discovery pages,
        oldest first, then the re-validations."""
        return self._one(
            "SELECT url, kind, depth, referrer, coalesce(revisit, FALSE) FROM crawl_frontier "
            "WHERE source_id = ? AND state = 'pending' "
            "ORDER BY coalesce(revisit, FALSE), kind <> 'article', discovered_at, depth, url LIMIT 1",
            [source_id],
        )

    def pending_count(self, source_id: str) -> int:
        return self._one("SELECT count(*) FROM crawl_frontier WHERE source_id = ? AND state = 'pending'",
                         [source_id])[0]

    def known(self, urls: list[str]) -> set[str]:
        """The URLs already in the frontier (any state) or fetched before (also as a redirect target)."""
        if not urls:
            return set()
        with self.lock:  # an Arrow table joined in one query: a sitemap can list tens of thousands of URLs
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
        row = self._one("SELECT etag, last_modified FROM crawl_seen WHERE url = ?", [url])
        if not row or not (row[0] or row[1]):
            return None
        return Validators(etag=row[0], last_modified=row[1])

    def body_hash(self, url: str) -> str | None:
        row = self._one("SELECT content_sha256 FROM crawl_seen WHERE url = ?", [url])
        return row[0] if row else None

    # -- one page done --------------------------------------------------------------------------

    def _seen(self, url: str, source_id: str, kind: str, result: FetchResult, article: Article | None) -> None:
        v = Validators.of(result)
        self.con.execute(
            "INSERT OR REPLACE INTO crawl_seen (url, source_id, kind, final_url, status, etag, last_modified, "
            "content_sha256, article_id, warc_file, warc_offset, fetched_at, published) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [url, source_id, kind, result.final_url, result.status, v.etag, v.last_modified,
             hashlib.sha256(result.body).hexdigest(), article.id if article else None, result.warc_file,
             result.warc_offset, result.fetched_at, article.published if article else None],
        )

    def _resolve(self, url: str) -> None:
        if self.con.execute("SELECT count(*) FROM crawl_failures WHERE url = ?", [url]).fetchone()[0]:
            self.con.execute("DELETE FROM crawl_failures WHERE url = ?", [url])
            self._outbox("resolved", {"url": url})

    def _outbox(self, kind: str, payload: dict) -> None:
        self.con.execute("INSERT INTO crawl_outbox (kind, payload) VALUES (?, ?)",
                         [kind, json.dumps(payload, ensure_ascii=False, default=str)])
        if kind == ARTICLE:
            self._undelivered_articles += 1

    def listing_done(self, url: str, source_id: str, kind: str, result: FetchResult, new_links: list[str],
                     more: list[tuple[str, str]], depth: int, root: str) -> None:
        """One transaction: the page's new article URLs and its (url, kind) follow-ups queued (next listing page,
        child sitemaps), the page marked done. root: the registry URL the walk started from."""
        now = self.now()
        with self.transaction():
            if new_links:  # a microsecond apart: fetched in the listing's order
                found_at = [now + timedelta(microseconds=i) for i in range(len(new_links))]
                self.con.register("_crawl_new", pa.table({
                    "url": pa.array(new_links, pa.string()),
                    "found_at": pa.array(found_at, pa.timestamp("us", tz="UTC")),
                }))
                try:
                    self.con.execute(
                        "INSERT INTO crawl_frontier (url, source_id, kind, depth, referrer, discovered_at, state) "
                        "SELECT url, ?, 'article', ?, ?, found_at, 'pending' FROM _crawl_new "
                        "ON CONFLICT DO NOTHING", [source_id, depth, url],
                    )
                finally:
                    self.con.unregister("_crawl_new")
            for next_url, next_kind in more:
                self.con.execute(
                    "INSERT INTO crawl_frontier (url, source_id, kind, depth, referrer, discovered_at, state) "
                    "VALUES (?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (url) DO UPDATE SET state = 'pending', "
                    "depth = excluded.depth, referrer = excluded.referrer",
                    [next_url, source_id, next_kind, depth + 1, root, now],
                )
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])
            self._seen(url, source_id, kind, result, None)
            self._resolve(url)

    def article_done(self, url: str, source_id: str, result: FetchResult, article: Article | None) -> None:
        """One transaction: the URL done, its validators and hash kept, the article put in the outbox."""
        with self.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done', revisit = FALSE WHERE url = ?", [url])
            if result.status == 304 or (article is None and result.status == 200):
                self.con.execute("UPDATE crawl_seen SET fetched_at = ? WHERE url = ?", [result.fetched_at, url])
            else:
                self._seen(url, source_id, ARTICLE, result, article)
            if article is not None:
                self._outbox(ARTICLE, article.as_dict())
            self._resolve(url)

    def mark_done(self, url: str) -> None:
        with self.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done', revisit = FALSE WHERE url = ?", [url])

    def listing_unchanged(self, url: str, result: FetchResult) -> None:
        with self.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'done' WHERE url = ?", [url])
            self.con.execute("UPDATE crawl_seen SET fetched_at = ? WHERE url = ?", [result.fetched_at, url])

    def failed(self, url: str, source_id: str, reason: str, detail: str) -> CrawlFailure:
        now = self.now()
        with self.transaction():
            self.con.execute(
                "INSERT INTO crawl_failures VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (url) DO UPDATE SET "
                "reason = excluded.reason, detail = excluded.detail, \"at\" = excluded.\"at\", "
                "attempts = crawl_failures.attempts + 1",
                [url, source_id, reason, detail[:1000], now],
            )
            self.con.execute("UPDATE crawl_frontier SET state = 'failed', revisit = FALSE WHERE url = ?", [url])
            attempts = self.con.execute("SELECT attempts FROM crawl_failures WHERE url = ?", [url]).fetchone()[0]
            failure = CrawlFailure(url, source_id, reason, detail[:1000], now, attempts)
            self._outbox("failure", failure.as_dict())
        return failure

    def defer(self, url: str, seconds: float) -> datetime:
        """Leave a URL for a later run: its host asked (Retry-After) for a longer pause than a run waits."""
        until = self.now() + timedelta(seconds=max(seconds, 0.0))
        with self.transaction():
            self.con.execute("UPDATE crawl_frontier SET state = 'deferred', not_before = ? WHERE url = ?",
                             [until, url])
            self.con.execute(
                "INSERT INTO crawl_host_pauses VALUES (?, ?) ON CONFLICT (host) DO UPDATE SET "
                "not_before = greatest(crawl_host_pauses.not_before, excluded.not_before)",
                [urlsplit(url).netloc.lower(), until])
        return until

    def host_pauses(self) -> dict[str, float]:
        """Seconds each paused host still asked us to wait (hosts whose pause is over are left out)."""
        now = self.now()
        with self.lock:
            rows = self.con.execute("SELECT host, not_before FROM crawl_host_pauses WHERE not_before > ?",
                                    [now]).fetchall()
        return {host: (until - now).total_seconds() for host, until in rows}

    # -- handing over -----------------------------------------------------------------------------

    def queue_source(self, source: Source) -> None:
        with self.transaction():
            self._outbox("source", asdict(source))

    def queue_warning(self, warning: CrawlWarning) -> None:
        with self.transaction():
            self._outbox("warning", warning.as_dict())

    def undelivered(self) -> int:
        """Rows in the outbox: handed to the sink at the next delivery."""
        return self._one("SELECT count(*) FROM crawl_outbox")[0]

    def deliver(self, sink: Sink, batch: int = 500, wait: bool = True) -> int:
        """Hand the outbox to the sink in batches of `batch` rows, oldest first. Returns the rows handed.

        Raises SinkBusy (from the sink) with the rest left in the outbox; a batch is deleted only after the
        sink took it. Only one thread delivers at a time; the others keep crawling meanwhile.
        wait: False returns 0 at once when another thread is delivering.
        """
        handed = 0
        if not self._deliver_lock.acquire(blocking=wait):
            return 0
        try:
            while True:
                with self.lock:
                    rows = self.con.execute("SELECT seq, kind, payload FROM crawl_outbox ORDER BY seq LIMIT ?",
                                            [batch]).fetchall()
                if not rows:
                    break
                handoff = Handoff()
                for _, kind, payload in rows:
                    d = json.loads(payload)
                    if kind == ARTICLE:
                        handoff.articles.append(Article.from_dict(d))
                    elif kind == "failure":
                        handoff.failures.append(CrawlFailure.from_dict(d))
                    elif kind == "resolved":
                        handoff.resolved.append(d["url"])
                    elif kind == "warning":
                        handoff.warnings.append(CrawlWarning.from_dict(d))
                    elif kind == "source":
                        handoff.sources.append(Source(**d))
                sink(handoff)  # outside the lock: the crawlers of other sources go on meanwhile
                with self.transaction():
                    self.con.execute("DELETE FROM crawl_outbox WHERE seq <= ?", [rows[-1][0]])
                    # only the articles handed: another thread may have queued more meanwhile
                    self._undelivered_articles = max(0, self._undelivered_articles - len(handoff.articles))
                handed += len(rows)
            self._last_delivery = time.monotonic()
        finally:
            self._deliver_lock.release()
        return handed

    def maybe_deliver(self, sink: Sink, articles: int, seconds: float) -> None:
        """Deliver when `articles` articles wait in the outbox or `seconds` passed since the last delivery;
        a busy sink (or another thread delivering) leaves it for later."""
        due = (self._undelivered_articles >= articles
               or (time.monotonic() - self._last_delivery >= seconds and self._undelivered_articles))
        if not due:
            return
        try:
            self.deliver(sink, wait=False)
        except SinkBusy as exc:
            self._last_delivery = time.monotonic()  # try again after another interval
            log.info("store busy, %d rows kept for the next delivery: %s", self.undelivered(), exc)
