"""Failures are loud: named warnings in the crawl report, rows in the store's crawl_warnings, and a non-zero
exit code from `danvan crawl` when a source yields nothing."""
from __future__ import annotations

import pytest
from fault_server import FaultServer, article_html, listing_html
from typer.testing import CliRunner

from pipeline.orchestrate import StoreSink
from pipeline.store import Store
from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
from scrapers.fetch import Fetcher, FetchOptions
from scrapers.state import CrawlState

LIST = "/chuyen-muc/dan-van/"


@pytest.fixture
def server():
    with FaultServer() as s:
        yield s


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "store.duckdb") as s:
        yield s


def run(server, store, tmp_path, fake_time, cms="nukeviet"):
    source = adhoc_source(server.url(LIST), "Hà Giang", cms=cms, crawl_delay=0.0)
    fetcher = Fetcher(FetchOptions(crawl_delay=0.0, max_retries=0, respect_robots=False),
                      sleep=fake_time.sleep, clock=fake_time.clock)
    with CrawlState(tmp_path / "state.duckdb") as state:
        crawler = Crawler(state, source, fetcher, CrawlOptions(archive_dir=tmp_path / "warc", max_pages=1),
                          sink=StoreSink(store, extractor=False))
        return crawler.run()


def stored_warnings(store) -> dict[str, int]:
    return dict(store.con.execute("SELECT code, count(*) FROM crawl_warnings GROUP BY 1").fetchall())


def test_crawl_warnings_listing_without_links_yields_nothing(server, store, tmp_path, fake_time):
    # a portal page whose links the family's selectors cannot see: a table of rows, no news_list
    server.page(LIST, '<html><head><meta charset="utf-8"><title>Dân vận</title></head><body><table>'
                      '<tr><td><span onclick="go(12)">Tin hoạt động dân vận</span></td></tr></table></body></html>')
    report = run(server, store, tmp_path, fake_time)
    assert report.pages_fetched == 1 and report.new_articles == 0 and report.failed == 0
    assert report.warning_counts == {"listing_without_links": 1, "source_yielded_nothing": 1}
    assert report.yielded_nothing
    assert stored_warnings(store) == {"listing_without_links": 1, "source_yielded_nothing": 1}
    url = store.con.execute("SELECT url FROM crawl_warnings WHERE code = 'listing_without_links'").fetchone()[0]
    assert url == server.url(LIST)


def test_crawl_warnings_articles_without_title_or_date(server, store, tmp_path, fake_time):
    server.page(LIST, listing_html([(LIST + "a.html", "Tin một"), (LIST + "b.html", "Tin hai"),
                                    (LIST + "c.html", "Tin ba")]))
    server.page(LIST + "a.html", article_html("", body="Đoàn thanh niên xã giúp 5 hộ dân gặt lúa chạy lũ."))
    server.page(LIST + "b.html", article_html("Tổ dân vận thôn họp bàn việc làm đường", date=None))
    server.page(LIST + "c.html", article_html("Hội Cựu chiến binh trao 3 con bò giống"))
    report = run(server, store, tmp_path, fake_time)
    assert report.new_articles == 3
    assert report.warning_counts == {"article_without_title": 1, "article_without_date": 1}
    assert not report.yielded_nothing
    rows = dict(store.con.execute("SELECT url, code FROM crawl_warnings").fetchall())
    assert rows == {server.url(LIST + "a.html"): "article_without_title",
                    server.url(LIST + "b.html"): "article_without_date"}


def test_crawl_warnings_all_fetches_failed(server, store, tmp_path, fake_time):
    server.page(LIST, b"<html><body>Service Unavailable</body></html>", 503)
    report = run(server, store, tmp_path, fake_time)
    assert report.failures == {"http_503": 1}
    assert report.warning_counts == {"all_fetches_failed": 1, "source_yielded_nothing": 1}
    assert store.con.execute("SELECT reason FROM crawl_failures").fetchall() == [("http_503",)]


def test_crawl_warnings_nothing_fetched_when_the_host_defers_everything(server, store, tmp_path, fake_time):
    server.page(LIST, b"", 429, {"Retry-After": "86400"})
    report = run(server, store, tmp_path, fake_time)
    assert report.pages_fetched == 0 and report.deferred == 1 and report.failed == 0
    assert report.warning_counts == {"nothing_fetched": 1, "source_yielded_nothing": 1}


def test_crawl_warnings_unchanged_listing_is_not_a_silent_source(server, store, tmp_path, fake_time):
    server.page(LIST, listing_html([(LIST + "c.html", "Tin ba")]), headers={"ETag": '"v1"'})
    server.page(LIST + "c.html", article_html("Hội Cựu chiến binh trao 3 con bò giống"))
    assert run(server, store, tmp_path, fake_time).warnings == []
    again = run(server, store, tmp_path, fake_time)  # nothing new on the listing: a healthy, quiet run
    assert again.new_articles == 0 and again.warnings == []


def test_crawl_warnings_selectors_stopped_matching_is_named_by_method(tmp_path):
    source = adhoc_source("http://127.0.0.1:9/tin/", "Hà Giang", cms="sharepoint")
    with CrawlState(tmp_path / "state.duckdb") as state:
        crawler = Crawler(state, source, options=CrawlOptions(archive_dir=tmp_path / "warc"))
        crawler.selectors_stopped_matching("http://127.0.0.1:9/tin/", "selectors")
        assert crawler.report.warnings == []
        crawler.selectors_stopped_matching("http://127.0.0.1:9/tin/", "structure")
        assert [w.code for w in crawler.report.warnings] == ["selectors_stopped_matching"]
        assert "sharepoint" in crawler.report.warnings[0].detail and "structure" in crawler.report.warnings[0].detail


def test_crawl_warnings_cli_exits_non_zero_and_names_the_silent_source(server, tmp_path, monkeypatch, fake_time):
    import scrapers.fetch
    from pipeline.cli import app

    monkeypatch.setattr(scrapers.fetch, "_sleep", fake_time.sleep)
    server.page(LIST, "<html><body><div>Trang đang bảo trì</div></body></html>")
    db = tmp_path / "t.duckdb"
    result = CliRunner().invoke(app, ["--db", str(db), "crawl", "--url", server.url(LIST), "--province",
                                      "Hà Giang", "--cms", "nukeviet", "--delay", "0", "--archive-dir",
                                      str(tmp_path / "warc")])
    assert result.exit_code == 1
    assert "listing_without_links" in result.output and "yielded nothing" in result.output
    with Store(db, read_only=True) as s:
        codes = {r[0] for r in s.con.execute("SELECT code FROM crawl_warnings").fetchall()}
    assert codes == {"listing_without_links", "source_yielded_nothing"}
    assert (tmp_path / "t.crawl.duckdb").exists()  # the crawl state sits beside the store, apart from it
