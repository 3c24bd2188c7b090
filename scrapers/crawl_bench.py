"""Crawler throughput on a local static site: what one page costs us once the politeness delay is set aside."""
from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from pipeline.store import Store
from scrapers.crawl import CrawlOptions, Crawler, adhoc_source
from scrapers.fetch import Fetcher, FetchOptions


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
                    province: str = "Lai Châu") -> list[CrawlRun]:
    """Serve site_dir on 127.0.0.1, crawl it twice with no delay (a first crawl, then an incremental one),
    into a throw-away store and WARC folder. Returns the two timed runs.
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
            store = Store(Path(tmp) / "bench.duckdb")
            try:
                for name in ("first crawl", "incremental re-crawl"):
                    # our own site on loopback: its robots.txt Crawl-delay is what this bench sets aside
                    fetcher = Fetcher(FetchOptions(crawl_delay=0.0, max_retries=0, respect_robots=False))
                    t0 = time.perf_counter()
                    report = Crawler(store, source, fetcher, CrawlOptions(archive_dir=Path(tmp) / "warc")).run()
                    seconds = time.perf_counter() - t0
                    fetcher.close()
                    runs.append(CrawlRun(name, report.pages_fetched, report.new_articles, report.failed,
                                         report.not_modified, seconds))
            finally:
                store.close()
    finally:
        server.shutdown()
        server.server_close()
    return runs
