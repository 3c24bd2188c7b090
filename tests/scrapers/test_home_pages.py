"""Home pages told by their layout, not only by their address (scrapers.discovery.home_evidence).

The sites of tests/fixtures/sites/homes (written by build_homes.py, in styles the adapters were not written
for) put their home page at /vi/trang-chu, /index.php?lang=vi and /home.html. Their article pages carry long
boxes of other news (three or more teaser sections of different categories), and their listings have boxes of
other categories beside the list: neither may be taken for a home page.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fixture_server import fetch, serve_index

from scrapers.adapters import NotAnArticle, Page, detect_cms, get_adapter
from scrapers.adapters.base import is_home_page
from scrapers.dates import parse_iso
from scrapers.discovery import home_evidence, home_page_kind

HOMES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "homes"
INDEX = [json.loads(line) for line in (HOMES / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
STYLES = sorted({e["style"] for e in INDEX})


@pytest.fixture(scope="module")
def sites():
    """One HTTP server per site on 127.0.0.1, each file served at its path and query."""
    with serve_index(HOMES, INDEX) as bases:
        yield bases


def entries(style: str, kind: str) -> list[dict]:
    return [e for e in INDEX if e["style"] == style and e["kind"] == kind]


def offline(entry: dict, url: str) -> Page:
    return Page.from_bytes(url, (HOMES / entry["file"]).read_bytes(), "text/html; charset=utf-8")


@pytest.mark.parametrize("style", STYLES)
def test_home_page_is_told_by_its_layout(sites, style):
    base = sites[style]
    (home,) = entries(style, "home")
    page = fetch(base + home["path"])
    evidence = home_evidence(page)
    assert evidence.is_home, evidence.describe()
    # the address alone no longer decides: two of the three are home pages is_home_page does not know
    assert home_page_kind(page) == ("url" if is_home_page(page.url) else "structure")
    adapter = get_adapter(detect_cms(page))
    found = adapter.discover(page)
    assert found.method == "home-menu" and found.links == [] and found.home == home_page_kind(page)
    assert found.category == base + entries(style, "listing")[0]["path"]
    with pytest.raises(NotAnArticle, match="home page"):
        adapter.parse_article(page)


def test_home_page_addresses_the_url_rule_misses():
    assert not is_home_page("https://x.vn/vi/trang-chu") and not is_home_page("https://x.vn/index.php?lang=vi")
    (home,) = entries("joomla", "home")
    for url in ("https://huyen.example.vn/vi/trang-chu", "https://huyen.example.vn/index.php?lang=vi",
                "https://huyen.example.vn/tinh-uy/trang-chinh.jsp?ngonngu=vi", "https://huyen.example.vn/home.html",
                "https://huyen.example.vn/portal/Pages/default.aspx"):
        page = offline(home, url)
        assert home_evidence(page).is_home and home_page_kind(page) in ("structure", "url"), url
        with pytest.raises(NotAnArticle):
            get_adapter("generic").parse_article(page)


@pytest.mark.parametrize("style", STYLES)
def test_article_with_long_news_boxes_is_not_a_home_page(sites, style):
    """Each article carries three or more teaser sections of other categories beside its body."""
    base = sites[style]
    for entry in entries(style, "article"):
        page = fetch(base + entry["path"])
        evidence = home_evidence(page, thorough=True)
        assert evidence.sections >= 3 and evidence.categories >= 3  # it does look a little like a home page
        assert not evidence.is_home and home_page_kind(page) is None, evidence.describe()
        assert home_evidence(page).own_headline == evidence.own_headline != ""  # the fast answer agrees
        article = get_adapter(detect_cms(page)).parse_article(page)
        assert article.title == entry["title"]
        assert article.published == parse_iso(entry["published"])
        assert article.text.startswith(entry["first"])
        assert "Xem tất cả" not in article.text and "Tin cùng loại" not in article.text


@pytest.mark.parametrize("style", STYLES)
def test_listing_with_side_boxes_is_not_a_home_page(sites, style):
    """The dân vận listing, with boxes of other categories beside it, gives its own article links."""
    base = sites[style]
    links: list[str] = []
    for entry in entries(style, "listing"):
        page = fetch(base + entry["path"])
        assert home_page_kind(page) is None, home_evidence(page).describe()
        found = get_adapter(detect_cms(page)).discover(page)
        assert found.method != "home-menu" and found.home is None
        links += [u for u in found.links if u not in links]
        with pytest.raises(NotAnArticle):
            get_adapter(detect_cms(page)).parse_article(page)
    assert sorted(links) == sorted(base + e["path"] for e in entries(style, "article"))


@pytest.mark.parametrize("style", ["joomla", "tables"])
def test_crawler_from_a_home_page_at_an_unknown_address(sites, style, tmp_path):
    """scrapers.crawl.Crawler started at the home page: the dân vận category is found and walked; every
    article of it is stored, none of the other categories' teasers, and the home page is not an article."""
    from pipeline.orchestrate import StoreSink
    from pipeline.store import Store
    from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
    from scrapers.fetch import Fetcher, FetchOptions
    from scrapers.state import CrawlState

    base = sites[style]
    source = adhoc_source(base + entries(style, "home")[0]["path"], "Kon Tum")
    store = Store(tmp_path / "crawl.duckdb")
    try:
        fetcher = Fetcher(FetchOptions(crawl_delay=0.0, read_timeout=10.0, max_retries=0))
        with CrawlState(tmp_path / "state.duckdb") as state:
            report = Crawler(state, source, fetcher, CrawlOptions(archive_dir=tmp_path / "warc"),
                             sink=StoreSink(store, extractor=False)).run()
        stored = store.con.execute("SELECT url, title FROM articles ORDER BY url").fetchall()
    finally:
        store.close()
    assert sorted(stored) == sorted((base + e["path"], e["title"]) for e in entries(style, "article"))
    assert not report.failures and not report.yielded_nothing
    assert report.warnings == []   # no "no_dan_van_category", no "listing_without_links" for the home page


def test_probe_names_a_home_page_by_layout(sites):
    from scrapers.probe import probe

    base = sites["tables"]
    result = probe(base + entries("tables", "home")[0]["path"])
    assert result.kind == "home" and result.discovery.home == "structure"
    assert result.discovery.category == base + "/index.php?lang=vi&cat=12"
    assert "by its layout" in (result.article_error or "")
    assert result.home.is_home and result.home.sections >= 3

    from typer.testing import CliRunner

    from pipeline.cli import app

    (home,) = entries("joomla", "home")
    out = CliRunner().invoke(app, ["probe", "https://huyen.example.vn/vi/trang-chu", "--file", str(HOMES / home["file"])])
    assert out.exit_code == 0, out.output
    assert "page: home" in out.output and "home page by its layout: 5 teaser sections" in out.output
    assert "https://huyen.example.vn/vi/tin-tuc/cong-tac-dan-van.html" in out.output


ROOT = Path(__file__).resolve().parents[2]
REAL = Path(os.environ.get("DANVAN_SHARED") or ROOT.parent / "shared") / "sites" / "real_pages"


@pytest.mark.skipif(not (REAL / "gold.json").is_file(),
                    reason=f"real pages not found at {REAL} (not shipped; put ../shared beside the repository "
                           "or set DANVAN_SHARED)")
def test_real_pages_by_layout_alone():
    """On the real pages, every address replaced by an article-like one: the one home page among them (filed
    with the listings) is told by its layout; no article page and no category listing is taken for one."""
    gold = json.loads((REAL / "gold.json").read_text(encoding="utf-8"))["pages"]
    homes = []
    for name, entry in sorted(gold.items()):
        host = urlsplit(entry.get("url", "https://x.vn/")).hostname or "x.vn"
        page = Page.from_bytes(f"https://{host}/chuyen-muc/bai-viet-123.html", (REAL / "pages" / name).read_bytes())
        if home_evidence(page).is_home:
            homes.append(name)
            assert entry["kind"] != "article", home_evidence(page).describe()
    assert homes == ["vnexpress.net__list1.html"]


def test_home_page_by_layout_without_a_dan_van_category_is_loud():
    """A home page told by its layout whose menus name no dân vận category: the warning of issue 12 is kept."""
    from scrapers.discovery import discover

    (home,) = entries("joomla", "home")
    html = (HOMES / home["file"]).read_text(encoding="utf-8").replace("Công tác dân vận", "Thông báo chung")
    page = Page("https://huyen.example.vn/vi/trang-chu", html)
    found = discover(page)
    assert found.home == "structure" and found.category is None
    assert any(w.startswith("no_dan_van_category") for w in found.warnings)
