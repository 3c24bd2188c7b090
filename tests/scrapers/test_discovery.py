"""scrapers/discovery.py and the adapters on sites in styles they were not written for (tests/fixtures/sites/unseen).

Each site is served from 127.0.0.1; a walk starts at the dân vận category page, or at the home page (the
category is then found in the menus), follows the next pages to the last and parses every article found.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from fixture_server import fetch, serve_index

from scrapers.adapters import Page, detect_cms, get_adapter
from scrapers.dates import parse_iso
from scrapers.discovery import dan_van_categories, discover, find_next_page, page_number, structure_links, url_shape

UNSEEN = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "unseen"
INDEX = [json.loads(line) for line in (UNSEEN / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
STYLES = sorted({e["style"] for e in INDEX})
# text that sits beside the article on every unseen site and must never reach a body
NOT_BODY = ["Giải bóng đá thiếu niên", "Lễ hội", "Bản quyền", "Cơ quan chủ quản", "Ý kiến bạn đọc", "Bài viết rất hay",
            "Tin xem nhiều", "Đọc nhiều", "Tin liên quan", "Tin cùng chuyên mục", "Các tin khác", "Các tin đã đưa",
            "Giấy phép", "Điện thoại"]


@pytest.fixture(scope="module")
def sites():
    """One HTTP server per site on 127.0.0.1, each file served at its path and query."""
    with serve_index(UNSEEN, INDEX) as bases:
        yield bases


def entries(style: str, kind: str) -> list[dict]:
    return [e for e in INDEX if e["style"] == style and e["kind"] == kind]


def walk(start: str, max_pages: int = 10):
    """Listing -> next page until the last: (adapter, listing URLs walked, article links, discovery methods)."""
    page = fetch(start)
    adapter = get_adapter(detect_cms(page))
    walked, links, methods = [], [], set()
    url = start
    while url and len(walked) < max_pages:
        page = page if url == start else fetch(url)
        walked.append(url)
        found = adapter.discover(page)
        methods.add(found.method)
        links += [u for u in found.links if u not in links]
        url = found.next_page
    return adapter, walked, links, methods


@pytest.mark.parametrize("style", STYLES)
def test_discovery_crawls_an_unseen_site_from_its_category(sites, style):
    base = sites[style]
    listings = entries(style, "listing")
    adapter, walked, links, methods = walk(base + listings[0]["path"])
    assert [u[len(base):] for u in walked] == [e["path"] for e in listings]  # every page, in order, no more
    articles = {base + e["path"]: e for e in entries(style, "article")}
    assert sorted(links) == sorted(articles)  # every article, nothing from sidebars, menus or footers
    for url in links:
        gold = articles[url]
        article = adapter.parse_article(fetch(url))
        assert article.title == gold["title"]
        assert article.published == parse_iso(gold["published"])
        assert article.text.startswith(gold["first"]) and gold["second"] in article.text
        assert [b for b in NOT_BODY if b in article.text] == []


@pytest.mark.parametrize("style", STYLES)
def test_discovery_crawls_an_unseen_site_from_its_home_page(sites, style):
    base = sites[style]
    (home,) = entries(style, "home")
    page = fetch(base + home["path"])
    adapter = get_adapter(detect_cms(page))
    found = adapter.discover(page)
    assert found.method == "home-menu" and found.links == []
    assert found.category == base + entries(style, "listing")[0]["path"]
    _, walked, links, _ = walk(found.category)
    assert len(walked) == len(entries(style, "listing"))
    assert sorted(links) == sorted(base + e["path"] for e in entries(style, "article"))


def test_discovery_home_and_listing_pages_are_not_articles(sites):
    from scrapers.adapters import NotAnArticle

    for style in STYLES:
        for entry in entries(style, "home") + entries(style, "listing"):
            page = fetch(sites[style] + entry["path"])
            with pytest.raises(NotAnArticle):
                get_adapter(detect_cms(page)).parse_article(page)


def test_discovery_reports_selectors_that_stopped_matching():
    html = """<html><body><div class="news_list">
    <div class="row"><h3><a href="/news/dan-van/mot-bai-viet-ve-dan-van-11.html">Một bài viết về công tác dân vận ở xã</a></h3></div>
    <div class="row"><h3><a href="/news/dan-van/hai-bai-viet-ve-dan-van-12.html">Hai bài viết về công tác dân vận ở phường</a></h3></div>
    <div class="row"><h3><a href="/news/dan-van/ba-bai-viet-ve-dan-van-13.html">Ba bài viết về công tác dân vận ở thị trấn</a></h3></div>
    </div></body></html>"""
    page = Page("https://x.dcs.vn/news/dan-van/", html)
    found = discover(page, [], None, family="nukeviet")
    assert found.method == "structure" and len(found.links) == 3
    assert found.warnings and found.warnings[0].startswith("selectors_found_nothing")
    empty = discover(Page("https://x.dcs.vn/news/dan-van/", "<html><body><p>Trang đang bảo trì.</p></body></html>"))
    assert empty.method == "none" and empty.links == [] and empty.warnings[0].startswith("no_article_links")


@pytest.mark.parametrize("url, expected", [
    ("https://x.vn/news/dan-van/page-3", ("path:/page-", 3)),
    ("https://x.vn/chuyen-muc/dan-van/page/2/", ("path:/page/", 2)),
    ("https://x.vn/Pages/dan-van.aspx?PageIndex=4", ("?PageIndex", 4)),
    ("https://x.vn/web/guest/tin?_abc_INSTANCE_x_cur=2", ("?_abc_INSTANCE_x_cur", 2)),
    ("https://x.vn/dan-van/trang-5.html", ("path:/trang-", 5)),
    ("https://x.vn/Default.aspx?tabid=58&Page=2", ("?Page", 2)),
    ("https://x.vn/2024/03/12/dan-van-kheo.html", None),
])
def test_discovery_page_number(url, expected):
    assert page_number(url) == expected


@pytest.mark.parametrize("pager, expected", [
    ('<link rel="next" href="/tin?page=3">', "/tin?page=3"),
    ('<div class="paging"><a href="/tin?page=1">1</a> <b>2</b> <a href="/tin?page=3">3</a></div>', "/tin?page=3"),
    ('<div class="paging"><a href="/tin?page=3">Tiếp theo</a></div>', "/tin?page=3"),
    ('<div class="paging"><a href="/tin?page=3">›</a></div>', "/tin?page=3"),
    ('<div class="paging"><a href="/tin?page=1">1</a> <b>2</b></div>', None),
])
def test_discovery_next_page(pager, expected):
    page = Page("https://x.vn/tin?page=2", f"<html><head></head><body>{pager}</body></html>")
    url, _ = find_next_page(page)
    assert url == (f"https://x.vn{expected}" if expected else None)


def test_discovery_menu_names_and_url_shapes():
    page = Page("https://x.vn/", """<html><body><ul class="menu">
        <li><a href="/mat-tran">Mặt trận - Đoàn thể</a></li><li><a href="/cong-tac-dan-van">Công tác Dân vận</a></li>
        <li><a href="https://other.vn/dan-van">Dân vận</a></li></ul></body></html>""")
    assert dan_van_categories(page) == ["https://x.vn/cong-tac-dan-van", "https://x.vn/mat-tran"]
    assert url_shape("https://x.vn/2024/03/12/bai-mot.html") == url_shape("https://x.vn/2023/11/02/bai-hai-khac.html")
    assert url_shape("https://x.vn/tin/bai-mot-123.html") != url_shape("https://x.vn/chuyen-muc/the-thao/")


def test_discovery_structure_ignores_menus_and_footers():
    page = Page("https://x.vn/tin-dan-van/", """<html><body>
        <nav><a href="/tin-dan-van/menu-mot-hai-ba-bon.html">Menu một hai ba bốn năm</a>
             <a href="/tin-dan-van/menu-hai-ba-bon-nam.html">Menu hai ba bốn năm sáu</a></nav>
        <div class="list"><p><a href="/tin-dan-van/bai-mot-1.html">Bài thứ nhất về dân vận khéo</a></p>
        <p><a href="/tin-dan-van/bai-hai-2.html">Bài thứ hai về dân vận khéo</a></p></div>
        <footer><p><a href="/lien-he-voi-chung-toi-ngay.html">Liên hệ với chúng tôi ngay hôm nay</a></p></footer>
        </body></html>""")
    assert structure_links(page) == ["https://x.vn/tin-dan-van/bai-mot-1.html", "https://x.vn/tin-dan-van/bai-hai-2.html"]


def test_discovery_generic_article_fields_on_an_unseen_site(sites):
    """The wordpress-like site: JSON-LD date, logo h1 skipped, comments and related box cut."""
    (entry,) = [e for e in entries("wordpress", "article")][:1]
    article = get_adapter("generic").parse_article(fetch(sites["wordpress"] + entry["path"]))
    assert article.title == entry["title"]
    assert article.published == parse_iso(entry["published"]) and isinstance(article.published, datetime)
    assert "Bài liên quan" not in article.text and "Ý kiến bạn đọc" not in article.text


def _crawl(base: str, start_path: str, tmp_path, cms: str = "auto"):
    """scrapers.crawl.Crawler over a fixture site into a fresh store: (report, stored (url, title) rows)."""
    from pipeline.orchestrate import StoreSink
    from pipeline.store import Store
    from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
    from scrapers.fetch import Fetcher, FetchOptions
    from scrapers.state import CrawlState

    source = adhoc_source(base + start_path, "Lai Châu", cms=cms)
    store = Store(tmp_path / "crawl.duckdb")
    try:
        fetcher = Fetcher(FetchOptions(crawl_delay=0.0, read_timeout=10.0, max_retries=0))  # no page here is slow
        with CrawlState(tmp_path / "state.duckdb") as state:
            report = Crawler(state, source, fetcher, CrawlOptions(archive_dir=tmp_path / "warc"),
                             sink=StoreSink(store, extractor=False)).run()
        stored = store.con.execute("SELECT url, title FROM articles ORDER BY url").fetchall()
    finally:
        store.close()
    return report, stored


@pytest.mark.parametrize("style, start", [("wordpress", "home"), ("tandan", "listing")])
def test_discovery_crawler_stores_every_article_of_an_unseen_site(sites, style, start, tmp_path):
    """scrapers.crawl.Crawler, family auto-detected, from the home page (the category is found in the menus)
    or from the category page: every article of the category is stored, nothing else."""
    base = sites[style]
    report, stored = _crawl(base, entries(style, start)[0]["path"], tmp_path)
    expected = sorted((base + e["path"], e["title"]) for e in entries(style, "article"))
    assert sorted(stored) == expected
    assert "selectors_stopped_matching" not in {w.code for w in report.warnings}


def test_discovery_crawler_warns_when_a_declared_family_stops_matching(sites, tmp_path):
    """A source registered as NukeViet whose site now has other markup: the articles are still found from
    the page structure, and the run names the selectors that stopped matching."""
    base = sites["aspnet"]
    report, stored = _crawl(base, entries("aspnet", "listing")[0]["path"], tmp_path, cms="nukeviet")
    assert {url for url, _ in stored} == {base + e["path"] for e in entries("aspnet", "article")}
    stopped = [w for w in report.warnings if w.code == "selectors_stopped_matching"]
    assert stopped and "nukeviet" in stopped[0].detail and "structure" in stopped[0].detail
