"""scrapers/robots.py: rules per host, read once, with the usual conventions for errors."""
from __future__ import annotations

import pytest

from scrapers.robots import RobotsCache, robots_url

UA = "danvan/0.1 (+https://github.com/danvan-project/danvan; research crawler)"


def cache(status: int, text: str = "", calls: list | None = None) -> RobotsCache:
    def fetch(url: str):
        if calls is not None:
            calls.append(url)
        return status, text

    return RobotsCache(fetch, UA)


def test_robots_rules_apply_to_our_agent():
    c = cache(200, "User-agent: danvan\nDisallow: /noi-bo/\nCrawl-delay: 7\n\nUser-agent: *\nDisallow: /\n")
    assert c.allowed("https://tinh.dcs.vn/news/dan-van/")
    assert not c.allowed("https://tinh.dcs.vn/noi-bo/tai-lieu.html")
    assert c.crawl_delay("https://tinh.dcs.vn/") == 7.0


def test_robots_read_once_per_host():
    calls = []
    c = cache(200, "User-agent: *\nDisallow:\n", calls)
    c.allowed("https://a.dcs.vn/x")
    c.allowed("https://a.dcs.vn/y")
    c.allowed("https://b.dcs.vn/x")
    assert calls == ["https://a.dcs.vn/robots.txt", "https://b.dcs.vn/robots.txt"]


@pytest.mark.parametrize("status,allowed", [(404, True), (410, True), (401, False), (403, False), (500, True)])
def test_robots_error_statuses(status, allowed):
    assert cache(status, "User-agent: *\nDisallow: /\n").allowed("https://tinh.dcs.vn/news/") is allowed


def test_robots_unreachable_means_no_rules():
    def fetch(url):
        raise OSError("connection refused")

    c = RobotsCache(fetch, UA)
    assert c.allowed("https://tinh.dcs.vn/news/")
    assert c.crawl_delay("https://tinh.dcs.vn/") is None


def test_robots_cached_delay_never_fetches():
    calls = []
    c = cache(200, "User-agent: *\nCrawl-delay: 3\n", calls)
    assert c.cached_crawl_delay("https://tinh.dcs.vn/") is None and calls == []
    c.allowed("https://tinh.dcs.vn/")
    assert c.cached_crawl_delay("https://tinh.dcs.vn/a") == 3.0


def test_robots_url():
    assert robots_url("https://tinh.dcs.vn:8443/news/a.html?x=1") == "https://tinh.dcs.vn:8443/robots.txt"
