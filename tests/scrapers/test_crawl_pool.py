"""Many hosts at once, polite to each: crawl_sources runs sources in a bounded pool; their fetchers share
HostSlots, so one host never sees two requests at once and its delay (and robots.txt) still hold."""
from __future__ import annotations

import threading
import time

from fault_server import FaultServer, article_html, listing_html, send

from scrapers.crawl import CrawlOptions, adhoc_source, crawl_sources
from scrapers.fetch import Fetcher, FetchOptions, HostSlots
from scrapers.state import CrawlState

LIST = "/dan-van/"


def site(server: FaultServer, tag: str, n: int = 3, answer=None) -> None:
    links = [(f"{LIST}{tag}-{i}.html", f"Tin {tag} số {i}") for i in range(n)]
    server.page(LIST, listing_html(links))
    for i, (href, _) in enumerate(links):
        body = article_html(f"Tin {tag} số {i}: Mặt trận xã thăm hỏi {i + 2} gia đình chính sách").encode()
        server.route(href, answer(body) if answer else (lambda h, b=body: send(h, 200, b)))


def source_for(server: FaultServer, sid: str, path: str = LIST):
    s = adhoc_source(server.url(path), "Cao Bằng", cms="nukeviet", crawl_delay=0.0)
    s.id = sid
    return s


def test_crawl_pool_fetches_from_different_hosts_at_once(tmp_path):
    both_in_flight = threading.Barrier(2, timeout=20)

    def meet(body):
        def answer(h):
            try:
                both_in_flight.wait()  # returns only while the other host is being asked too
                send(h, 200, body)
            except threading.BrokenBarrierError:
                send(h, 500, b"<html><body>alone</body></html>")
        return answer

    with FaultServer() as a, FaultServer() as b, CrawlState(tmp_path / "state.duckdb") as state:
        site(a, "a", n=1, answer=meet)
        site(b, "b", n=1, answer=meet)
        reports = crawl_sources(state, [source_for(a, "host-a"), source_for(b, "host-b")],
                                CrawlOptions(archive_dir=tmp_path / "warc", max_pages=1, workers=2),
                                FetchOptions(max_retries=0, respect_robots=False))
    assert {sid: (r.new_articles, r.failed) for sid, r in reports.items()} == {"host-a": (1, 0), "host-b": (1, 0)}


def test_crawl_pool_one_request_at_a_time_per_host(tmp_path):
    active, most = [0], [0]
    guard = threading.Lock()

    def counted(body):
        def answer(h):
            with guard:
                active[0] += 1
                most[0] = max(most[0], active[0])
            time.sleep(0.05)  # widens the window in which a second request could overlap
            with guard:
                active[0] -= 1
            send(h, 200, body)
        return answer

    with FaultServer() as host, CrawlState(tmp_path / "state.duckdb") as state:
        site(host, "x", n=4, answer=counted)
        # a second section of the same host, listed by a second source; robots.txt forbids one of its pages
        host.page("/dan-van-2/", listing_html([("/dan-van-2/y-0.html", "Tin y"), ("/cam/z.html", "Tin cấm")]))
        host.route("/dan-van-2/y-0.html", counted(article_html("Tin y: Hội Phụ nữ vận động 40 hội viên").encode()))
        host.page("/cam/z.html", article_html("Không được tải"))
        host.page("/robots.txt", "User-agent: *\nDisallow: /cam/\n", headers={"Content-Type": "text/plain"})
        reports = crawl_sources(state, [source_for(host, "muc-1"), source_for(host, "muc-2", "/dan-van-2/")],
                                CrawlOptions(archive_dir=tmp_path / "warc", max_pages=1, workers=2),
                                FetchOptions(max_retries=0))
    assert reports["muc-1"].new_articles == 4 and reports["muc-2"].new_articles == 1
    assert reports["muc-2"].failures == {"robots_disallowed": 1} and host.hits["/cam/z.html"] == 0
    assert most[0] == 1


def test_crawl_pool_host_delay_holds_across_fetchers(fake_time):
    with FaultServer() as host:
        host.page("/a.html", article_html("Tin a"))
        host.page("/b.html", article_html("Tin b"))
        slots = HostSlots()
        options = FetchOptions(crawl_delay=5.0, respect_robots=False)
        first = Fetcher(options, sleep=fake_time.sleep, clock=fake_time.clock, slots=slots)
        second = Fetcher(options, sleep=fake_time.sleep, clock=fake_time.clock, slots=slots)
        first.fetch(host.url("/a.html"))
        second.fetch(host.url("/b.html"))  # another source's fetcher, the same host: it waits its turn
        assert fake_time.sleeps == [5.0]
        alone = Fetcher(options, sleep=fake_time.sleep, clock=fake_time.clock)  # its own slots: no wait
        alone.fetch(host.url("/a.html"))
        assert fake_time.sleeps == [5.0]
