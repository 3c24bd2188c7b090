"""Crawler throughput on local servers: what one page costs us once the politeness delay is set aside
(benchmark_crawl), and how throughput grows with the number of hosts crawled at once, each with its
per-host delay (benchmark_hosts).

The store is not ours to open (scrapers/ does not import pipeline/): the command hands down make_sink,
which gets the run's temporary folder and returns the sink the crawl delivers to."""
from __future__ import annotations

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from scrapers.crawl import CrawlOptions, Crawler, adhoc_source, crawl_sources
from scrapers.fetch import Fetcher, FetchOptions
from scrapers.state import CrawlState, Sink

# make_sink(folder): the sink of one benchmark run, e.g. a throw-away store in that folder.
SinkFactory = Callable[[Path], Sink]


class BenchError(Exception):
    """The benchmark could not run (no site folder, no listing page in it)."""


@dataclass
class CrawlRun:
    """One timed crawl run."""

    run: str
    pages: int
    new_articles: int
    failures: int
    not_modified: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


class _StaticHandler(SimpleHTTPRequestHandler):
    """Static files; /x answers with x.html when only that exists (NukeViet's page-N URLs)."""

    def translate_path(self, path: str) -> str:
        found = super().translate_path(path)
        if not Path(found).exists() and Path(found + ".html").is_file():
            return found + ".html"
        return found

    def log_message(self, *args) -> None:
        pass


def benchmark_crawl(site_dir: str | Path, listing_path: str = "/vi/news/dan-van/", cms: str = "nukeviet",
                    province: str = "Lai Châu", make_sink: SinkFactory | None = None) -> list[CrawlRun]:
    """Serve site_dir on 127.0.0.1, crawl it twice with no delay (a first crawl, then an incremental one),
    into a throw-away crawl state, WARC folder and sink (make_sink; none: articles stay in the state).
    Returns the two timed runs.
    """
    site_dir = Path(site_dir)
    if not (site_dir / listing_path.lstrip("/")).exists():
        raise BenchError(f"no listing page {listing_path} under {site_dir}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_StaticHandler, directory=str(site_dir)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    runs = []
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        source = adhoc_source(base + listing_path, province, cms=cms, crawl_delay=0.0)
        with tempfile.TemporaryDirectory(prefix="danvan-bench-crawl-") as tmp:
            sink = make_sink(Path(tmp)) if make_sink else None
            with CrawlState(Path(tmp) / "state.duckdb") as state:
                for name in ("first crawl", "incremental re-crawl"):
                    # our own site on loopback: its robots.txt Crawl-delay is what this bench sets aside
                    fetcher = Fetcher(FetchOptions(crawl_delay=0.0, max_retries=0, respect_robots=False))
                    t0 = time.perf_counter()
                    report = Crawler(state, source, fetcher, CrawlOptions(archive_dir=Path(tmp) / "warc"),
                                     sink=sink).run()
                    seconds = time.perf_counter() - t0
                    fetcher.close()
                    runs.append(CrawlRun(name, report.pages_fetched, report.new_articles, report.failed,
                                         report.not_modified, seconds))
    finally:
        server.shutdown()
        server.server_close()
    return runs


# -- many hosts ---------------------------------------------------------------------------------------

_ARTICLE_TEMPLATE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>{title} - Ban Dân vận</title></head><body>
<div class="news_detail"><h1 class="title">{title}</h1>
<div class="newsdetailmetatop"><span class="h5">Thứ hai - 0{day}/03/2024 08:30</span></div>
<div class="hometext">Tin số {n} của trang thử số {host}.</div>
<div id="news-bodyhtml" class="bodytext"><p>Ban Dân vận huyện tổ chức {n} buổi đối thoại với Nhân dân tại
các xã vùng cao; có {people} người dân tham dự và nêu ý kiến về đường giao thông nông thôn.</p></div>
</div></body></html>"""


def _host_site(host: int, articles: int) -> dict[str, bytes]:
    """One generated NukeViet-like site: a listing of `articles` links and the articles themselves."""
    pages, rows = {}, []
    for n in range(1, articles + 1):
        path = f"/vi/news/dan-van/tin-{host}-{n}.html"
        title = f"Đối thoại với Nhân dân lần {n} ở đơn vị {host}"
        rows.append(f'<div class="panel-body"><h3><a href="{path}" title="{title}">{title}</a></h3></div>')
        pages[path] = _ARTICLE_TEMPLATE.format(title=title, day=1 + n % 9, n=n, host=host,
                                               people=20 + n).encode("utf-8")
    pages["/vi/news/dan-van/"] = ("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
                                  "<meta name=\"generator\" content=\"NukeViet v4.5\"><title>Dân vận</title></head>"
                                  "<body><div class=\"news_list\">\n" + "\n".join(rows)
                                  + "\n</div></body></html>").encode("utf-8")
    return pages


class _PagesHandler(BaseHTTPRequestHandler):
    pages: dict[str, bytes] = {}

    def do_GET(self) -> None:
        body = self.pages.get(self.path.split("?", 1)[0])
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        body = body if body is not None else b"<html><body>404</body></html>"
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@dataclass
class HostsRun:
    """One timed crawl of `hosts` local sites, each with its own per-host delay."""

    hosts: int
    workers: int
    pages: int
    new_articles: int
    seconds: float

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def benchmark_hosts(host_counts=(1, 2, 4, 8), delay: float = 0.25, articles: int = 6,
                    workers: int | None = None, make_sink: SinkFactory | None = None) -> list[HostsRun]:
    """Crawl 1, 2, 4, 8 … local sites (one server and one source per host, `delay` seconds between two
    requests to one host), each count into a fresh crawl state and sink (make_sink).
    workers: the crawl pool (default: one per host; 1 is the sequential crawl)."""
    runs = []
    for count in host_counts:
        servers = []
        for h in range(count):
            handler = type("Handler", (_PagesHandler,), {"pages": _host_site(h, articles)})
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
            servers.append(server)
        try:
            with tempfile.TemporaryDirectory(prefix="danvan-bench-hosts-") as tmp:
                runs.append(_crawl_hosts(servers, delay, Path(tmp), workers or count, make_sink))
        finally:
            for server in servers:
                server.shutdown()
                server.server_close()
    return runs


def _crawl_hosts(servers, delay: float, tmp: Path, workers: int, make_sink: SinkFactory | None) -> HostsRun:
    sources = []
    for i, server in enumerate(servers):
        s = adhoc_source(f"http://127.0.0.1:{server.server_address[1]}/vi/news/dan-van/", "Lai Châu",
                         cms="nukeviet", crawl_delay=delay)
        s.id = f"bench-host-{i}"
        sources.append(s)
    sink = make_sink(tmp) if make_sink else None
    with CrawlState(tmp / "state.duckdb") as state:
        t0 = time.perf_counter()
        reports = crawl_sources(state, sources, CrawlOptions(archive_dir=tmp / "warc", workers=workers),
                                FetchOptions(max_retries=0), sink)
        seconds = time.perf_counter() - t0
    pages = sum(r.pages_fetched for r in reports.values())
    new = sum(r.new_articles for r in reports.values())
    return HostsRun(len(servers), workers, pages, new, seconds)
