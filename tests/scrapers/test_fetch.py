"""scrapers/fetch.py against the fixture site on 127.0.0.1 (tests/scrapers/conftest.py)."""
from __future__ import annotations

import gzip
import io
import logging
import socket

import pytest
import requests
import urllib3

from scrapers.fetch import FetchError, Fetcher, FetchOptions, Validators, parse_retry_after

CAT = "/vi/news/dan-van/"


def make_fetcher(fake_time, **kw) -> Fetcher:
    # far above what a fixture page needs on a loaded machine: only the page that never answers times out
    opts = dict(crawl_delay=0.0, connect_timeout=10.0, read_timeout=10.0, max_retries=2, backoff=0.5,
                max_body_bytes=1024 * 1024)
    opts.update(kw)
    return Fetcher(FetchOptions(**opts), sleep=fake_time.sleep, clock=fake_time.clock)


def test_fetch_returns_page_with_user_agent_and_etag(site, fake_time):
    f = make_fetcher(fake_time)
    result = f.fetch(site.url(CAT + "dan-van-kheo-xa-ban-hon-101.html"), source_id="fixture")
    assert result.status == 200
    assert result.source_id == "fixture"
    assert "Bản Hon" in result.body.decode("utf-8")
    assert result.headers["ETag"].startswith('"')
    assert result.headers["Content-Length"] == str(len(result.body))
    ua = [h for p, h in site.requests if p.endswith("-101.html")][0]["User-Agent"]
    assert ua.startswith("danvan/") and "github.com" in ua
    assert f.last_request_headers["User-Agent"] == ua


def test_fetch_reads_robots_once_per_host(site, fake_time):
    f = make_fetcher(fake_time)
    f.fetch(site.url(CAT))
    f.fetch(site.url(CAT + "page-2"))
    assert site.count("/robots.txt") == 1


def test_fetch_robots_disallowed_is_not_requested(site, fake_time):
    f = make_fetcher(fake_time)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url("/admin/noi-bo-112.html"))
    assert exc.value.reason == "robots_disallowed"
    assert site.count("/admin/noi-bo-112.html") == 0


def test_fetch_honours_robots_crawl_delay_per_host(site, fake_time):
    f = make_fetcher(fake_time, crawl_delay=0.25)
    f.fetch(site.url(CAT))
    f.fetch(site.url(CAT + "page-2"))
    # robots.txt asks Crawl-delay: 1, longer than the source's 0.25 s: waits of about 1 s were asked for
    assert fake_time.sleeps and max(fake_time.sleeps) == pytest.approx(1.0)


def test_fetch_per_host_delay_from_options(site, fake_time):
    f = make_fetcher(fake_time, crawl_delay=3.0, respect_robots=False)
    f.fetch(site.url(CAT))
    f.fetch(site.url(CAT + "page-2"))
    f.fetch(site.url(CAT + "dan-van-kheo-xa-ban-hon-101.html"))
    assert fake_time.sleeps == [pytest.approx(3.0), pytest.approx(3.0)]


def test_fetch_conditional_get_gives_304(site, fake_time):
    f = make_fetcher(fake_time)
    first = f.fetch(site.url(CAT))
    again = f.fetch(site.url(CAT), validators=Validators.of(first))
    assert again.status == 304 and again.body == b""
    assert site.requests[-1][1]["If-None-Match"] == first.headers["ETag"]


def test_fetch_follows_redirect_and_records_chain(site, fake_time):
    f = make_fetcher(fake_time)
    result = f.fetch(site.url(CAT + "tin-cu-104.html"))
    assert result.status == 200
    assert result.url.endswith("tin-cu-104.html")
    assert result.final_url == site.url(CAT + "tin-moi-104.html")
    assert result.redirects == [site.url(CAT + "tin-moi-104.html")]


def test_fetch_redirect_loop_is_a_failure(site, fake_time):
    f = make_fetcher(fake_time)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "vong-lap-111.html"))
    assert exc.value.reason == "redirect_loop"
    assert site.count(CAT + "vong-lap-111.html") == 1


def test_fetch_too_many_redirects(site, fake_time):
    f = make_fetcher(fake_time, max_redirects=0)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "tin-cu-104.html"))
    assert exc.value.reason == "too_many_redirects"


def test_fetch_404_carries_the_response(site, fake_time):
    f = make_fetcher(fake_time)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "khong-ton-tai-108.html"))
    assert exc.value.reason == "http_404"
    assert not exc.value.transient
    assert exc.value.result is not None and exc.value.result.status == 404
    assert "Không tìm thấy".encode() in exc.value.result.body
    assert site.count(CAT + "khong-ton-tai-108.html") == 1  # a 404 is not retried


def test_fetch_retries_500_with_exponential_backoff(site, fake_time):
    f = make_fetcher(fake_time, respect_robots=False)  # no robots Crawl-delay among the waits
    result = f.fetch(site.url(CAT + "may-chu-loi-105.html"))
    assert result.status == 200
    assert site.count(CAT + "may-chu-loi-105.html") == 2
    assert fake_time.sleeps == [pytest.approx(0.5)]


def test_fetch_gives_up_after_max_retries(site, fake_time):
    f = make_fetcher(fake_time, max_retries=0)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "may-chu-loi-105.html"))
    assert exc.value.reason == "http_500" and exc.value.transient
    assert exc.value.result.status == 500


def test_fetch_429_honours_retry_after(site, fake_time):
    f = make_fetcher(fake_time, respect_robots=False)
    result = f.fetch(site.url(CAT + "qua-tai-106.html"))
    assert result.status == 200
    assert fake_time.sleeps == [pytest.approx(2.0)]  # Retry-After: 2 beats the 0.5 s backoff


def test_fetch_slow_response_times_out_after_retries(site, fake_time):
    site.slow = True  # cham-107 never answers
    f = make_fetcher(fake_time, read_timeout=0.1, max_retries=1, backoff=0.1, respect_robots=False)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "cham-107.html"))
    assert exc.value.reason == "timeout" and exc.value.transient
    assert site.count(CAT + "cham-107.html") == 2
    assert fake_time.sleeps == [pytest.approx(0.1)]


def test_fetch_streamed_oversized_body_is_cut(site, fake_time):
    f = make_fetcher(fake_time, max_body_bytes=256 * 1024)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "trang-rat-lon-110.html"))
    assert exc.value.reason == "too_large"


def test_fetch_declared_oversized_body_is_refused(site, fake_time):
    f = make_fetcher(fake_time)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url("/lon-co-do-dai.html"))
    assert exc.value.reason == "too_large"
    assert "Content-Length" in exc.value.detail


def test_fetch_non_html_content_type(site, fake_time):
    f = make_fetcher(fake_time)
    with pytest.raises(FetchError) as exc:
        f.fetch(site.url(CAT + "bao-cao-109.pdf"))
    assert exc.value.reason == "not_html"
    assert "application/pdf" in exc.value.detail


def test_fetch_connection_refused(fake_time):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    f = make_fetcher(fake_time, max_retries=1, respect_robots=False)
    with pytest.raises(FetchError) as exc:
        f.fetch(f"http://127.0.0.1:{port}/")
    assert exc.value.reason == "connection_error"
    assert len(fake_time.sleeps) == 1


@pytest.mark.parametrize("url", ["ftp://example.org/", "not a url", "mailto:a@b.vn"])
def test_fetch_bad_url(url, fake_time):
    with pytest.raises(FetchError) as exc:
        make_fetcher(fake_time).fetch(url)
    assert exc.value.reason == "bad_url"


def test_fetch_decodes_gzip(site, fake_time):
    page = "<html><body><p>Công tác dân vận năm 2024</p></body></html>".encode()
    site.extra_pages["/gzip.html"] = page
    f = make_fetcher(fake_time)
    # the fixture server does not compress; check the header we send and that a gzip body is decoded
    f.fetch(site.url("/gzip.html"))
    assert "gzip" in site.requests[-1][1]["Accept-Encoding"]
    resp = requests.models.Response()
    resp.status_code = 200
    resp.headers["Content-Encoding"] = "gzip"
    resp.raw = urllib3.response.HTTPResponse(body=io.BytesIO(gzip.compress(page)), headers=resp.headers,
                                             preload_content=False, decode_content=True)
    assert f._read_body("http://x/", resp) == page


def test_fetch_insecure_tls_is_logged(site, fake_time, caplog):
    f = make_fetcher(fake_time, insecure_tls=True)
    with caplog.at_level(logging.WARNING, logger="scrapers.fetch"):
        f.fetch(site.url(CAT))
        f.fetch(site.url(CAT + "page-2"))
    warnings = [r for r in caplog.records if "TLS certificate checks are OFF" in r.getMessage()]
    assert len(warnings) == 1


def test_fetch_options_default_to_secure_tls_and_settings():
    from common import settings

    opts = FetchOptions()
    assert opts.insecure_tls is False
    assert opts.user_agent == settings.USER_AGENT
    assert opts.crawl_delay == settings.CRAWL_DELAY


@pytest.mark.parametrize("value,expected", [("5", 5.0), ("0", 0.0), ("soon", None)])
def test_fetch_parse_retry_after(value, expected):
    assert parse_retry_after(value) == expected


def test_fetch_parse_retry_after_http_date():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait


def test_fetch_dns_failure_is_not_retried_at_once(fake_time):
    f = make_fetcher(fake_time, respect_robots=False, max_retries=3)
    calls = []

    def unresolvable(url, **kw):
        calls.append(url)
        raise requests.exceptions.ConnectionError(
            "HTTPSConnectionPool(host='tinh.dcs.vn', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'tinh.dcs.vn'\"))")

    f.session.get = unresolvable
    with pytest.raises(FetchError) as exc:
        f.fetch("https://tinh.dcs.vn/news/")
    assert exc.value.reason == "dns_error" and exc.value.transient  # retried on the next run, not now
    assert len(calls) == 1 and fake_time.sleeps == []
    with pytest.raises(FetchError, match="did not resolve earlier"):
        f.fetch("https://tinh.dcs.vn/news/page-2")
    assert len(calls) == 1  # the host is not asked again in this run


def test_fetch_validators_from_etag_and_last_modified():
    from datetime import datetime, timezone

    from scrapers.records import FetchResult

    r = FetchResult("http://x/", "http://x/", 200, {"ETag": '"abc"', "Last-Modified": "Wed, 06 Dec 2023 03:15:00 GMT"},
                    b"", datetime.now(timezone.utc))
    v = Validators.of(r)
    assert v.headers() == {"If-None-Match": '"abc"', "If-Modified-Since": "Wed, 06 Dec 2023 03:15:00 GMT"}
    assert Validators().headers() == {}


def test_fetch_options_for_source_take_its_delay_and_tls_switch():
    from scrapers.registry import Source

    s = Source(id="x", name="X", base_url="https://x.gov.vn/", cms="generic", crawl_delay=12.0, insecure_tls=True)
    opts = FetchOptions(crawl_delay=1.0).for_source(s)
    assert (opts.crawl_delay, opts.insecure_tls) == (12.0, True)
