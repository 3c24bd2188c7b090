"""A real HTTP server on 127.0.0.1 serving tests/fixtures/crawl_site/, plus the awkward answers real
sites give: a 404, redirects, a redirect loop, a 500 then 200, a 429 with Retry-After, an answer that
never comes (when a test asks for it), a 20 MB body, a PDF, ETag / If-None-Match.

Nothing here depends on how fast the machine is: the page that must time out never answers (it waits
until the client hangs up), so a test can give every other page a read timeout far above what a loaded
machine needs, and the hit counters are kept under a lock (a retry may reach the server while the
abandoned first request is still being handled)."""
from __future__ import annotations

import hashlib
import select
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "crawl_site"
CAT = "/vi/news/dan-van/"
SLOW = CAT + "cham-107.html"


@dataclass
class SiteServer:
    """The running fixture site: its base URL, what it was asked, and knobs tests turn."""

    base: str
    hits: dict[str, int] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    extra_links: list[tuple[str, str]] = field(default_factory=list)   # (path, title) added on top of page 1
    extra_pages: dict[str, bytes] = field(default_factory=dict)        # path -> HTML body
    # SLOW never answers (the client must time out) when set; otherwise it answers at once with a page that
    # is not an article. Off by default, so that tests which do not look at timeouts do not wait for one.
    slow: bool = False
    stopped: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return self.hits.get(path, 0)


def _listing_with_extras(body: bytes, extras: list[tuple[str, str]]) -> bytes:
    rows = "".join(
        f'<div class="panel-body"><h3><a href="{href}" title="{title}">{title}</a></h3></div>\n'
        for href, title in extras
    )
    return body.replace(b'<div class="news_list">\n', b'<div class="news_list">\n' + rows.encode("utf-8"), 1)


def _handler(state: SiteServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes = b"", ctype: str | None = "text/html; charset=utf-8",
                  headers: dict | None = None) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: C901 - one branch per awkward case, on purpose
            path = self.path.split("?", 1)[0]
            with state.lock:
                state.hits[path] = state.hits.get(path, 0) + 1
                state.requests.append((path, dict(self.headers)))
                n = state.hits[path]
            try:
                if path == SLOW:
                    if state.slow:
                        return _wait_for_hangup(self.connection, state.stopped)
                    return self._send(200, b"<html><body>late</body></html>")
                if path == CAT + "khong-ton-tai-108.html":
                    return self._send(404, "<html><body><h1>Không tìm thấy trang</h1></body></html>".encode())
                if path == CAT + "tin-cu-104.html":
                    return self._send(301, b"", None, {"Location": CAT + "tin-moi-104.html"})
                if path == CAT + "vong-lap-111.html":
                    return self._send(302, b"", None, {"Location": CAT + "vong-lap-111b.html"})
                if path == CAT + "vong-lap-111b.html":
                    return self._send(302, b"", None, {"Location": state.base + CAT + "vong-lap-111.html"})
                if path == CAT + "may-chu-loi-105.html" and n == 1:
                    return self._send(500, b"<html><body>Server Error</body></html>")
                if path == CAT + "qua-tai-106.html" and n == 1:
                    return self._send(429, b"", "text/plain", {"Retry-After": "2"})
                if path == CAT + "trang-rat-lon-110.html":
                    return self._huge(20 * 1024 * 1024)
                if path == "/lon-co-do-dai.html":  # a size declared up front: refused before reading
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(30 * 1024 * 1024))
                    self.end_headers()
                    self.wfile.write(b"<html>")
                    return None
                if path in state.extra_pages:
                    return self._static(state.extra_pages[path], "text/html; charset=utf-8")
                file = _file_for(path)
                if file is None:
                    return self._send(404, b"<html><body>404</body></html>")
                body = file.read_bytes()
                if path == CAT and state.extra_links:
                    body = _listing_with_extras(body, state.extra_links)
                return self._static(body, _ctype(file))
            except (BrokenPipeError, ConnectionResetError):
                return None

        def _static(self, body: bytes, ctype: str | None) -> None:
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self._send(304, b"", None, {"ETag": etag})
            return self._send(200, body, ctype, {"ETag": etag})

        def _huge(self, size: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            chunk = b"<p>" + "dân vận ".encode() * 8000 + b"</p>\n"
            sent = 0
            while sent < size:
                self.wfile.write(chunk)
                sent += len(chunk)

    return Handler


def _wait_for_hangup(conn: socket.socket, stopped: threading.Event) -> None:
    """Send nothing until the client closes the connection (its read timed out) or the server stops."""
    while not stopped.is_set():
        readable, _, _ = select.select([conn], [], [], 0.05)
        if readable:
            try:
                if not conn.recv(4096):  # b"": the client hung up
                    return
            except OSError:
                return


def _file_for(path: str) -> Path | None:
    rel = path.lstrip("/")
    candidates = [SITE / rel / "index.html"] if path.endswith("/") else [SITE / rel, SITE / (rel + ".html")]
    for c in candidates:
        if c.is_file() and SITE in c.resolve().parents:
            return c
    return None


def _ctype(file: Path) -> str | None:
    if file.suffix == ".pdf":
        return "application/pdf"
    if file.suffix == ".rss":
        return "application/rss+xml; charset=utf-8"
    if file.suffix == ".xml":
        return "application/xml"
    if file.name == "robots.txt":
        return "text/plain"
    if file.name in ("khong-charset-103.html", "windows-1258-113.html"):
        return "text/html"  # no charset: the page itself must tell (or not)
    if file.name == "sai-charset-120.html":
        return "text/html; charset=iso-8859-1"  # wrong: the bytes are UTF-8
    return "text/html; charset=utf-8"


@contextmanager
def serve_site() -> Iterator[SiteServer]:
    """The fixture site on a free port of 127.0.0.1 for the duration of the block."""
    state = SiteServer(base="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    server.block_on_close = False
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.stopped.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def site() -> Iterator[SiteServer]:
    """The fixture site, fresh for each test (its hit counters start at zero)."""
    with serve_site() as state:
        yield state


@pytest.fixture(scope="module")
def module_site() -> Iterator[SiteServer]:
    """The fixture site shared by a module's tests (for a crawl done once and read by several tests)."""
    with serve_site() as state:
        yield state


class FakeTime:
    """A clock and a sleep that only record: tests never wait for delays or backoff."""

    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture(scope="module")
def module_fake_time() -> FakeTime:
    return FakeTime()
