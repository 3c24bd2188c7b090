"""Polite HTTP fetching on requests: robots.txt, per-host delay, retries, caps, conditional GET.

One Fetcher serves one crawl. Every request goes through `Fetcher.fetch`, which returns a FetchResult
(status 200, or 304 for an unchanged page fetched with validators) or raises FetchError with a short
reason: timeout, connection_error, dns_error, tls_error, http_404, http_500, too_large, redirect_loop,
too_many_redirects, not_html, robots_disallowed, bad_url, bad_redirect (to file://, ftp://, …),
off_site_redirect (to a host the caller does not accept), deferred (the host asked us to come back much later).

Several fetchers (one per source) may run in threads at once; they share one HostSlots, which lets one
request at a time reach a host and keeps the host's delay between two of them, whichever fetcher asks.
"""
from __future__ import annotations

import email.utils
import logging
import socket
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import requests

from common import settings
from scrapers.records import FetchResult
from scrapers.robots import RobotsCache

log = logging.getLogger(__name__)

# Statuses worth another try: the server is busy or failing, not refusing.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# Reasons the crawler may retry on a later run; the others are final.
TRANSIENT_REASONS = frozenset({"timeout", "connection_error", "dns_error", "http_429", "http_500", "http_502",
                               "http_503", "http_504"})
# Not failures: the host asked us (Retry-After) to come back later than we wait within one run.
DEFERRED = "deferred"
# Transient on a later run, but not worth an immediate retry: the host name does not resolve.
_NO_QUICK_RETRY = frozenset({"dns_error"})
_DNS_MARKERS = ("NameResolutionError", "Name or service not known", "Failed to resolve", "nodename nor servname",
                "Temporary failure in name resolution")
# Content types read as pages; anything else is not_html (an empty Content-Type is read and sniffed later).
PAGE_TYPES = ("html", "xml", "text/plain")
# Response headers that no longer describe the body once requests has decoded it.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class FetchError(Exception):
    """A fetch that gave no usable page.

    reason: a short machine-readable name (see the module docstring); detail: a human sentence.
    result: the HTTP exchange when a complete response came back (a 404 page, a final 500), so it can
    still be archived; None otherwise.
    """

    def __init__(self, url: str, reason: str, detail: str = "", result: FetchResult | None = None,
                 retry_after: float | None = None):
        super().__init__(f"{reason}: {url}" + (f" ({detail})" if detail else ""))
        self.url = url
        self.reason = reason
        self.detail = detail
        self.result = result
        self.retry_after = retry_after  # deferred: seconds the host asked us to wait

    @property
    def transient(self) -> bool:
        return self.reason in TRANSIENT_REASONS


@dataclass(frozen=True)
class Validators:
    """What a previous fetch of the same URL returned, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None

    @classmethod
    def of(cls, result: FetchResult) -> "Validators":
        h = {k.lower(): v for k, v in result.headers.items()}
        return cls(etag=h.get("etag"), last_modified=h.get("last-modified"))

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch. Defaults come from common/settings.py.

    crawl_delay: seconds between two requests to one host (robots.txt Crawl-delay wins when longer).
    max_total_seconds: a cap on one response, for servers that send a byte now and then.
    backoff: first retry wait in seconds, doubled at each retry; max_backoff caps it and Retry-After, and a
        Retry-After longer than max_backoff defers the URL (reason "deferred") to a later run instead of waiting.
    insecure_tls: skip certificate checks (some .gov.vn certificates are broken); logged when used.
    """

    user_agent: str = settings.USER_AGENT
    crawl_delay: float = settings.CRAWL_DELAY
    connect_timeout: float = settings.CONNECT_TIMEOUT
    read_timeout: float = settings.READ_TIMEOUT
    max_total_seconds: float = settings.MAX_FETCH_SECONDS
    max_body_bytes: int = settings.MAX_BODY_BYTES
    max_redirects: int = settings.MAX_REDIRECTS
    max_retries: int = settings.MAX_RETRIES
    backoff: float = settings.RETRY_BACKOFF
    max_backoff: float = settings.MAX_RETRY_WAIT
    respect_robots: bool = True
    insecure_tls: bool = False

    def for_source(self, source) -> "FetchOptions":
        """These options with a registry source's own crawl delay and TLS switch."""
        return replace(self, crawl_delay=source.crawl_delay, insecure_tls=self.insecure_tls or source.insecure_tls)


class HostSlots:
    """Per-host politeness shared by the fetchers of one crawl: one request at a time per host (a lock held
    from the wait through the last byte of the body), the time of the host's last request, and the time
    before which a host that asked for a long pause (Retry-After) is not asked again."""

    def __init__(self):
        self._guard = threading.Lock()
        self._locks: dict[str, threading.RLock] = {}
        self.last: dict[str, float] = {}
        self.not_before: dict[str, float] = {}

    def lock(self, host: str) -> threading.RLock:
        with self._guard:
            lock = self._locks.get(host)
            if lock is None:
                lock = self._locks[host] = threading.RLock()
            return lock


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


class Fetcher:
    """Fetch pages politely.

    options: FetchOptions (defaults from settings).
    session: a requests.Session to use (one is made otherwise).
    sleep / clock: injectable so tests neither wait nor depend on time.
    slots: the HostSlots shared with the other fetchers of a crawl (one is made otherwise).
    """

    def __init__(self, options: FetchOptions | None = None, session: requests.Session | None = None,
                 sleep: Callable[[float], None] | None = None, clock: Callable[[], float] | None = None,
                 slots: HostSlots | None = None):
        self.options = options or FetchOptions()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.options.user_agent
        self.session.headers.setdefault("Accept-Encoding", "gzip, deflate")
        self.sleep = sleep or _sleep
        self.clock = clock or time.monotonic
        self.slots = slots or HostSlots()
        self._insecure_logged: set[str] = set()
        self._unresolved: set[str] = set()  # hosts whose name did not resolve: not asked again in this run
        self.robots = RobotsCache(self._fetch_robots, self.options.user_agent)
        self.requests_made = 0
        self.last_request_headers: dict[str, str] = {}  # of the last response returned or raised

    # -- public ---------------------------------------------------------------------------------

    def fetch(self, url: str, validators: Validators | None = None, source_id: str | None = None,
              follow: Callable[[str], bool] | None = None) -> FetchResult:
        """GET one page, following redirects, retrying transient failures.

        validators: from an earlier fetch; a 304 answer comes back as a FetchResult with status 304.
        follow: which redirect targets to follow (a crawler keeps to its source's site); a target it refuses
            is an "off_site_redirect" failure, and is not requested.
        Raises FetchError; its `result` holds the response when one came back in full.
        """
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(url, "bad_url", "not an http(s) URL")
        chain = [url]
        current = url
        while True:
            with self.slots.lock(_host(current)):  # one request at a time per host, body included
                if self.options.respect_robots and not self.robots.allowed(current):
                    raise FetchError(current, "robots_disallowed", "robots.txt disallows this path")
                cond = validators.headers() if validators and current == url else {}
                resp = self._get_with_retries(current, cond)
                if not (resp.is_redirect or (300 <= resp.status_code < 400 and resp.status_code != 304)):
                    return self._finish(url, current, chain, resp, source_id)
                location = resp.headers.get("Location")
                resp.close()
            if not location:
                raise FetchError(current, f"http_{resp.status_code}", "redirect without a Location header")
            target = urljoin(current, location.strip())
            scheme = urlsplit(target).scheme.lower()
            if scheme not in ("http", "https") or not urlsplit(target).netloc:
                # file://, ftp://, javascript:, … : never fetched, and no later run will change that
                raise FetchError(url, "bad_redirect", f"redirect to {target[:200]}")
            if follow is not None and not follow(target):
                raise FetchError(url, "off_site_redirect", f"redirect to {target[:200]}")
            if target in chain:
                raise FetchError(url, "redirect_loop", " -> ".join(chain + [target]))
            if len(chain) - 1 >= self.options.max_redirects:
                raise FetchError(url, "too_many_redirects", f"more than {self.options.max_redirects}")
            chain.append(target)
            current = target

    def close(self) -> None:
        self.session.close()

    # -- internals ------------------------------------------------------------------------------

    def _finish(self, url: str, final: str, chain: list[str], resp: requests.Response,
                source_id: str | None) -> FetchResult:
        status = resp.status_code
        self.last_request_headers = dict(resp.request.headers) if resp.request is not None else {}
        headers = {k: v for k, v in resp.headers.items() if k.lower() not in _TRANSPORT_HEADERS}
        fetched_at = datetime.now(timezone.utc)
        if status == 304:
            resp.close()
            return FetchResult(url, final, 304, headers, b"", fetched_at, source_id, redirects=chain[1:])
        ctype = resp.headers.get("Content-Type", "")
        ok = 200 <= status < 300
        if ok and ctype and not any(t in ctype.lower() for t in PAGE_TYPES):
            resp.close()
            raise FetchError(url, "not_html", f"Content-Type {ctype!r}")
        body = self._read_body(url, resp)
        headers["Content-Length"] = str(len(body))
        result = FetchResult(url, final, status, headers, body, fetched_at, source_id, redirects=chain[1:])
        if not ok:
            raise FetchError(url, f"http_{status}", resp.reason or "", result=result)
        return result

    def _read_body(self, url: str, resp: requests.Response) -> bytes:
        cap = self.options.max_body_bytes
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and "Content-Encoding" not in resp.headers and int(declared) > cap:
            resp.close()
            raise FetchError(url, "too_large", f"Content-Length {declared} > {cap} bytes")
        limit = self.options.max_total_seconds
        deadline = self.clock() + limit
        late = f"body took more than {limit} s"
        # A server that sends a byte every few seconds never trips the read timeout, and a 64 KiB read waits
        # for the whole chunk: a watchdog on the wall clock shuts the socket down when the deadline passes.
        watchdog = _Watchdog(resp, limit)
        chunks, size = [], 0
        try:
            for chunk in resp.iter_content(chunk_size=64 * 1024):
                size += len(chunk)
                if size > cap:
                    raise FetchError(url, "too_large", f"more than {cap} bytes")
                if watchdog.fired or self.clock() > deadline:
                    raise FetchError(url, "timeout", late)
                chunks.append(chunk)
            if watchdog.fired:  # the cut may read as a clean end of a body sent without a length
                raise FetchError(url, "timeout", late)
        except requests.exceptions.ConnectionError as exc:  # includes read timeouts while streaming
            raise FetchError(url, "timeout" if watchdog.fired else _connection_reason(exc),
                             late if watchdog.fired else _short(exc)) from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, "timeout" if watchdog.fired else "connection_error",
                             late if watchdog.fired else _short(exc)) from None
        finally:
            watchdog.cancel()
            resp.close()
        return b"".join(chunks)

    def _get_with_retries(self, url: str, extra_headers: dict[str, str]) -> requests.Response:
        attempt = 0
        host = _host(url)
        while True:
            until = self.slots.not_before.get(host)
            if until is not None and until > self.clock():
                raise FetchError(url, DEFERRED, f"{host} asked for a pause; not asked again in this run",
                                 retry_after=until - self.clock())
            try:
                resp = self._get(url, extra_headers)
            except FetchError as exc:
                if not exc.transient or exc.reason in _NO_QUICK_RETRY or attempt >= self.options.max_retries:
                    raise
                wait = self._backoff(attempt, None)
                log.info("retry %s in %.1f s after %s", url, wait, exc.reason)
            else:
                if resp.status_code not in RETRY_STATUSES:
                    return resp
                asked = parse_retry_after(resp.headers.get("Retry-After") or "")
                if asked is not None and asked > self.options.max_backoff:
                    # "come back tomorrow": waiting here would stall the crawl; a later run asks again
                    resp.close()
                    self.slots.not_before[host] = self.clock() + asked
                    log.info("deferred %s: HTTP %s, Retry-After %.0f s", url, resp.status_code, asked)
                    raise FetchError(url, DEFERRED, f"HTTP {resp.status_code} with Retry-After {asked:.0f} s",
                                     retry_after=asked)
                if attempt >= self.options.max_retries:
                    return resp
                wait = self._backoff(attempt, resp.headers.get("Retry-After"))
                log.info("retry %s in %.1f s after HTTP %s", url, wait, resp.status_code)
                resp.close()
            attempt += 1
            self.sleep(wait)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.options.backoff * (2 ** attempt)
        asked = parse_retry_after(retry_after) if retry_after else None
        if asked is not None:
            wait = max(wait, asked)
        return min(wait, self.options.max_backoff)

    def _get(self, url: str, extra_headers: dict[str, str]) -> requests.Response:
        host = urlsplit(url).netloc.lower()
        if host in self._unresolved:
            raise FetchError(url, "dns_error", f"{host} did not resolve earlier in this run")
        try:
            return self._request(url, extra_headers)
        except FetchError as exc:
            if exc.reason == "dns_error":
                self._unresolved.add(host)
            raise

    def _request(self, url: str, extra_headers: dict[str, str]) -> requests.Response:
        self._wait_for_host(url)
        verify = True
        if self.options.insecure_tls:
            verify = False
            host = urlsplit(url).netloc
            if host not in self._insecure_logged:
                self._insecure_logged.add(host)
                log.warning("TLS certificate checks are OFF for %s (insecure_tls)", host)
        try:
            with warnings.catch_warnings():
                if not verify:
                    warnings.simplefilter("ignore")  # urllib3's InsecureRequestWarning: logged once above
                self.requests_made += 1
                return self.session.get(
                    url, headers=extra_headers, stream=True, allow_redirects=False, verify=verify,
                    timeout=(self.options.connect_timeout, self.options.read_timeout),
                )
        except requests.exceptions.SSLError as exc:
            raise FetchError(url, "tls_error", _short(exc)) from None
        except (requests.exceptions.Timeout, requests.exceptions.ReadTimeout) as exc:
            raise FetchError(url, "timeout", _short(exc)) from None
        except requests.exceptions.ConnectionError as exc:
            raise FetchError(url, _connection_reason(exc), _short(exc)) from None
        except requests.exceptions.RequestException as exc:
            raise FetchError(url, "bad_url" if isinstance(exc, (requests.exceptions.InvalidURL,
                                                                requests.exceptions.MissingSchema))
                             else "connection_error", _short(exc)) from None

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        delay = self.options.crawl_delay
        if self.options.respect_robots:
            asked = self.robots.cached_crawl_delay(url)
            if asked is not None:
                delay = max(delay, min(asked, self.options.max_backoff))
        last = self.slots.last.get(host)
        if last is not None:
            wait = delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self.slots.last[host] = self.clock()

    def _fetch_robots(self, url: str) -> tuple[int, str]:
        resp = self._get_with_retries(url, {})
        try:
            if 300 <= resp.status_code < 400:
                # one redirect hop (http -> https is common); robotparser treats the rest as "no rules"
                location = resp.headers.get("Location")
                resp.close()
                if not location:
                    return resp.status_code, ""
                resp = self._get_with_retries(urljoin(url, location), {})
            body = b""
            for chunk in resp.iter_content(64 * 1024):
                body += chunk
                if len(body) > 512 * 1024:  # Google reads the first 500 KiB
                    break
            return resp.status_code, body.decode("utf-8", errors="replace")
        finally:
            resp.close()


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


class _Watchdog:
    """Shuts a response's socket down after `seconds` of wall-clock time (a blocked read then returns)."""

    def __init__(self, resp: requests.Response, seconds: float):
        self.fired = False
        self._resp = resp
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = _socket_of(self._resp)
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


def _socket_of(resp: requests.Response) -> socket.socket | None:
    raw = getattr(resp, "raw", None)
    conn = getattr(raw, "connection", None) or getattr(raw, "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is None:  # urllib3 released the connection: reach the socket through the file object
        fp = getattr(getattr(getattr(raw, "_fp", None), "fp", None), "raw", None)
        sock = getattr(fp, "_sock", None)
    return sock


def parse_retry_after(value: str) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _connection_reason(exc: Exception) -> str:
    text = str(exc)
    if "timed out" in text.lower():
        return "timeout"
    if any(marker in text for marker in _DNS_MARKERS):
        return "dns_error"
    return "connection_error"


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:197] + "..."
