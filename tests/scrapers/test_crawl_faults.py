"""Faults found on a fault server (tests/scrapers/fault_server.py), each against scrapers/fetch.py and the crawl:
a body dripped one byte at a time, redirects off the site or to file:// / ftp://, a 429 that asks for a day,
and articles corrected after they were first fetched."""
from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from fault_server import Drip, FaultServer, article_html, listing_html, send

from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
from scrapers.fetch import FetchError, Fetcher, FetchOptions
from scrapers.records import Handoff
from scrapers.state import CrawlState

LIST = "/tin-dan-van/"


def fetcher(fake_time, **kw) -> Fetcher:
    opts = dict(crawl_delay=0.0, read_timeout=5.0, max_retries=2, backoff=0.1, max_backoff=60.0,
                respect_robots=False)
    opts.update(kw)
    return Fetcher(FetchOptions(**opts), sleep=fake_time.sleep, clock=fake_time.clock)


class Collect:
    """A sink that keeps what it is handed."""

    def __init__(self):
        self.handoffs: list[Handoff] = []

    def __call__(self, handoff: Handoff) -> None:
        self.handoffs.append(handoff)

    @property
    def articles(self):
        return [a for h in self.handoffs for a in h.articles]

    @property
    def failures(self):
        return {f.url: f.reason for h in self.handoffs for f in h.failures}


def crawl(server, state, fake_time, sink, tmp_path, **opts):
    source = adhoc_source(server.url(LIST), "Điện Biên", cms="nukeviet", crawl_delay=0.0)
    options = CrawlOptions(archive_dir=tmp_path / "warc", max_pages=1, **opts)
    return Crawler(state, source, fetcher(fake_time), options, sink=sink).run()


@pytest.fixture
def server():
    with FaultServer() as s:
        yield s


@pytest.fixture
def state(tmp_path):
    with CrawlState(tmp_path / "state.duckdb") as s:
        yield s


# -- a body sent one byte at a time ---------------------------------------------------------------------

def test_crawl_faults_dripped_body_is_cut_at_the_wall_clock_deadline(server, fake_time):
    drip = Drip(size=200, every=0.2)  # 40 s for the whole body
    server.route("/nho-giot.html", drip)
    # the fake clock never moves: only a deadline on the wall clock can stop this read
    f = fetcher(fake_time, max_total_seconds=0.5, max_retries=0)
    with pytest.raises(FetchError) as err:
        f.fetch(server.url("/nho-giot.html"))
    assert err.value.reason == "timeout" and err.value.transient
    assert drip.done.wait(30)
    assert drip.cut and drip.sent < drip.size  # the server was hung up on before its last byte


def test_crawl_faults_dripped_article_becomes_a_timeout_failure(server, state, fake_time, tmp_path):
    drip = Drip(size=200, every=0.2)
    server.page(LIST, listing_html([("/tin-dan-van/nho-giot.html", "Tin gửi từng byte")]))
    server.route("/tin-dan-van/nho-giot.html", drip)
    source = adhoc_source(server.url(LIST), "Điện Biên", cms="nukeviet", crawl_delay=0.0)
    sink = Collect()
    report = Crawler(state, source, fetcher(fake_time, max_total_seconds=2.0, max_retries=0),
                     CrawlOptions(archive_dir=tmp_path / "warc", max_pages=1), sink=sink).run()
    assert report.failures == {"timeout": 1}
    assert sink.failures == {server.url("/tin-dan-van/nho-giot.html"): "timeout"}
    assert drip.done.wait(30) and drip.cut


# -- redirects ----------------------------------------------------------------------------------------

def test_crawl_faults_redirect_to_another_port_is_not_followed(server, fake_time):
    with FaultServer() as other:
        other.page("/bai.html", article_html("Bài của một trang khác"))
        server.page("/chuyen.html", b"", 302, {"Location": other.url("/bai.html")})
        f = fetcher(fake_time)
        same_port = lambda u: u.startswith(server.base + "/")  # noqa: E731
        with pytest.raises(FetchError) as err:
            f.fetch(server.url("/chuyen.html"), follow=same_port)
        assert err.value.reason == "off_site_redirect" and not err.value.transient
        assert other.hits["/bai.html"] == 0
        # without a rule the fetcher follows it, as before
        assert f.fetch(server.url("/chuyen.html")).final_url == other.url("/bai.html")


def test_crawl_faults_article_redirected_off_the_site_is_not_stored(server, state, fake_time, tmp_path):
    with FaultServer() as other:
        other.page("/bai.html", article_html("Bài của một trang khác"))
        server.page(LIST, listing_html([("/tin-dan-van/a.html", "Tin thật"),
                                        ("/tin-dan-van/doi-cho.html", "Tin đã dời đi")]))
        server.page("/tin-dan-van/a.html", article_html("Tin thật của Ban Dân vận"))
        server.page("/tin-dan-van/doi-cho.html", b"", 301, {"Location": other.url("/bai.html")})
        sink = Collect()
        report = crawl(server, state, fake_time, sink, tmp_path)
        assert [a.url for a in sink.articles] == [server.url("/tin-dan-van/a.html")]
        assert sink.failures == {server.url("/tin-dan-van/doi-cho.html"): "off_site_redirect"}
        assert report.new_articles == 1 and other.hits["/bai.html"] == 0


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/tin/bai.html", "javascript:void(0)"])
def test_crawl_faults_redirect_to_another_scheme_is_final(server, fake_time, target):
    server.page("/la.html", b"", 302, {"Location": target})
    f = fetcher(fake_time, max_retries=3)
    with pytest.raises(FetchError) as err:
        f.fetch(server.url("/la.html"))
    assert err.value.reason == "bad_redirect" and not err.value.transient
    assert server.hits["/la.html"] == 1 and fake_time.sleeps == []  # no retry, no wait


def test_crawl_faults_bad_redirect_is_not_retried_on_later_runs(server, state, fake_time, tmp_path):
    server.page(LIST, listing_html([("/tin-dan-van/tep.html", "Tin trỏ về một tệp")]))
    server.page("/tin-dan-van/tep.html", b"", 302, {"Location": "file:///etc/hostname"})
    sink = Collect()
    crawl(server, state, fake_time, sink, tmp_path)
    crawl(server, state, fake_time, sink, tmp_path)
    assert sink.failures == {server.url("/tin-dan-van/tep.html"): "bad_redirect"}
    assert server.hits["/tin-dan-van/tep.html"] == 1


# -- 429 with a day-long Retry-After --------------------------------------------------------------------

def test_crawl_faults_429_asking_for_a_day_defers_without_waiting(server, fake_time):
    server.page("/ban.html", b"", 429, {"Retry-After": "86400"})
    server.page("/khac.html", article_html("Một tin khác cùng máy chủ"))
    f = fetcher(fake_time, max_retries=3)
    with pytest.raises(FetchError) as err:
        f.fetch(server.url("/ban.html"))
    assert err.value.reason == "deferred" and err.value.retry_after == 86400
    assert fake_time.sleeps == [] and server.hits["/ban.html"] == 1
    with pytest.raises(FetchError) as again:  # the host asked for a day: not asked again in this run
        f.fetch(server.url("/khac.html"))
    assert again.value.reason == "deferred" and server.hits["/khac.html"] == 0


def test_crawl_faults_429_short_retry_after_is_still_waited_for(server, fake_time):
    answers = iter([(429, b"", {"Retry-After": "3"}), (200, article_html("Đã hết quá tải").encode(), {})])
    server.route("/ban.html", lambda h: send(h, *next(answers)))
    assert Fetcher(FetchOptions(crawl_delay=0.0, respect_robots=False, max_backoff=60.0),
                   sleep=fake_time.sleep, clock=fake_time.clock).fetch(server.url("/ban.html")).status == 200
    assert fake_time.sleeps == [3.0]


def test_crawl_faults_deferred_article_is_fetched_on_a_later_run(server, state, fake_time, tmp_path):
    busy = {"on": True}
    body = article_html("Hội nghị đối thoại với đoàn viên").encode()
    server.page(LIST, listing_html([("/tin-dan-van/hoi-nghi.html", "Hội nghị đối thoại"),
                                    ("/tin-dan-van/tap-huan.html", "Tập huấn")]))
    server.route("/tin-dan-van/hoi-nghi.html",
                 lambda h: send(h, 429, b"", {"Retry-After": "86400"}) if busy["on"] else send(h, 200, body))
    server.page("/tin-dan-van/tap-huan.html", article_html("Tập huấn cho tổ hòa giải ở cơ sở"))
    sink = Collect()
    first = crawl(server, state, fake_time, sink, tmp_path)
    assert first.deferred == 2 and first.failed == 0 and sink.articles == []
    assert server.hits["/tin-dan-van/tap-huan.html"] == 0  # the host asked for a day: its next URL waits too
    states = dict(state.con.execute("SELECT url, state FROM crawl_frontier WHERE kind = 'article'").fetchall())
    assert set(states.values()) == {"deferred"}
    second = crawl(server, state, fake_time, sink, tmp_path)  # too early: the host is not asked at all
    assert second.pages_fetched == 0 and "nothing_fetched" in second.warning_counts
    assert server.hits["/tin-dan-van/hoi-nghi.html"] == 1 and server.hits["/tin-dan-van/tap-huan.html"] == 0
    assert server.hits[LIST] == 1  # not even the listing, which answered before the 429
    busy["on"] = False
    later = state.now
    state.now = lambda: later() + timedelta(days=1, minutes=1)
    third = crawl(server, state, fake_time, sink, tmp_path)
    assert third.new_articles == 2
    assert sorted(a.title for a in sink.articles) == ["Hội nghị đối thoại với đoàn viên",
                                                      "Tập huấn cho tổ hòa giải ở cơ sở"]


# -- corrections: recent articles asked again with a conditional GET -------------------------------------

class Corrected:
    """An article page with an ETag that answers 304 to it, and whose text the test can correct."""

    def __init__(self, title: str):
        self.title = title

    def __call__(self, h) -> None:
        body = article_html(self.title, "Thứ hai - 02/12/2026 08:00").encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
        if h.headers.get("If-None-Match") == etag:
            return send(h, 304, b"", {"ETag": etag}, None)
        return send(h, 200, body, {"ETag": etag})


def test_crawl_faults_recent_articles_are_revalidated_and_corrections_stored(server, state, fake_time, tmp_path):
    page = Corrected("Xã Mường Phăng có 12 mô hình dân vận khéo")
    server.page(LIST, listing_html([("/tin-dan-van/mo-hinh.html", "Mô hình dân vận khéo")]))
    server.route("/tin-dan-van/mo-hinh.html", page)
    sink = Collect()
    recent = dict(revalidate_days=100000, revalidate_hours=0)
    assert crawl(server, state, fake_time, sink, tmp_path, **recent).new_articles == 1

    second = crawl(server, state, fake_time, sink, tmp_path, **recent)
    assert (second.revalidated, second.updated, second.new_articles) == (1, 0, 0)
    assert "If-None-Match" in server.headers["/tin-dan-van/mo-hinh.html"][-1]  # asked conditionally: 304

    page.title = "Xã Mường Phăng có 14 mô hình dân vận khéo"  # the site corrected its figure
    third = crawl(server, state, fake_time, sink, tmp_path, **recent)
    assert (third.revalidated, third.updated) == (1, 1)
    assert [a.title for a in sink.articles] == ["Xã Mường Phăng có 12 mô hình dân vận khéo",
                                                "Xã Mường Phăng có 14 mô hình dân vận khéo"]
    assert len({a.id for a in sink.articles}) == 1  # the same article, stored again


def test_crawl_faults_old_articles_are_not_revalidated(server, state, fake_time, tmp_path):
    server.page(LIST, listing_html([("/tin-dan-van/cu.html", "Tin cũ")]))
    server.route("/tin-dan-van/cu.html", Corrected("Tin cũ của năm trước"))
    sink = Collect()
    crawl(server, state, fake_time, sink, tmp_path, revalidate_days=100000, revalidate_hours=0)
    old = crawl(server, state, fake_time, sink, tmp_path, revalidate_days=0)
    assert old.revalidated == 0 and server.hits["/tin-dan-van/cu.html"] == 1
    # checked a moment ago: not asked again before revalidate_hours have passed
    soon = crawl(server, state, fake_time, sink, tmp_path, revalidate_days=100000, revalidate_hours=20)
    assert soon.revalidated == 0 and server.hits["/tin-dan-van/cu.html"] == 1


def test_crawl_faults_state_file_is_apart_from_the_store(tmp_path):
    from scrapers.state import default_state_path

    assert default_state_path(Path("data/danvan.duckdb")) == Path("data/danvan.crawl.duckdb")
