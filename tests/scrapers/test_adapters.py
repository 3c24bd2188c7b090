"""CMS adapters on the fixture sites (tests/fixtures/sites, gold.jsonl), read from disk and over HTTP."""
from __future__ import annotations

import json
import threading
from functools import lru_cache
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest

from scrapers.adapters import NotAnArticle, Page, ParseError, get_adapter, parse_feed, parse_sitemap
from scrapers.adapters.nukeviet import NukeVietAdapter
from scrapers.dates import VN_TZ, parse_iso

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
GOLD = [json.loads(line) for line in (SITES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
INDEX = [json.loads(line) for line in (SITES / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]

# Boilerplate that must never reach a body (REPORT.md §0): counters, sign-in, session timeout, ratings,
# share bars, related-news lists, tags, attachments labels.
BOILERPLATE = ["Sign In", "Bạn đã không sử dụng Site", "Thời gian chờ", "lượt xem", "Lượt xem", "Đánh giá cho bài viết",
               "Tổng số điểm", "TIN MỚI HƠN", "TIN ĐÃ ĐƯA", "Những tin mới hơn", "Những tin cũ hơn", "Số lượt truy cập",
               "Số lượt người xem", "Trực tuyến:", "Hôm nay:", "Chia sẻ", "Tag:", "File đính kèm", "In bài này",
               "Xem tiếp", "Xem theo ngày", "Tác giả bài viết", "Tin khác", "Các tin khác", "BÌNH LUẬN", "Facebook"]


def page_of(entry: dict, fetched_at: datetime | None = None) -> Page:
    return Page.from_bytes(entry["url"], (SITES / entry["path"]).read_bytes(), "", fetched_at)


def gold(fragment: str) -> dict:
    (entry,) = [g for g in GOLD if fragment in g["path"]]
    return entry


def parse(fragment: str, fetched_at: datetime | None = None):
    entry = gold(fragment)
    return get_adapter(entry["family"]).parse_article(page_of(entry, fetched_at))


@lru_cache(maxsize=None)
def parsed_gold(path: str):
    entry = gold(path)
    return get_adapter(entry["family"]).parse_article(page_of(entry))


@pytest.mark.parametrize("entry", GOLD, ids=[g["path"] for g in GOLD])
def test_adapters_gold_page(entry):
    article = parsed_gold(entry["path"])
    assert article.title == entry["title"]
    expected = parse_iso(entry["published"]) if entry["published"] else None
    assert article.published == expected
    assert article.published is None or article.published.utcoffset() == VN_TZ.utcoffset(None)
    assert article.text == entry["body"]
    assert article.cms == entry["family"]


@pytest.mark.parametrize("entry", GOLD, ids=[g["path"] for g in GOLD])
def test_adapters_no_boilerplate_in_body(entry):
    article = parsed_gold(entry["path"])
    leaked = [b for b in BOILERPLATE if b in article.text]
    assert not leaked
    for caption in article.captions:
        assert caption not in article.text
    if article.lead:
        assert not article.text.startswith(article.lead)


def test_adapters_gold_covers_every_family_and_awkward_case():
    families = {g["family"] for g in GOLD}
    assert families == {"nukeviet", "sharepoint", "liferay", "newspaper", "portal", "generic"}
    for family in families:
        assert sum(g["family"] == family for g in GOLD) >= 3
        assert any(i["family"] == family and i["kind"] == "listing" for i in INDEX)
    notes = " ".join(g["note"] for g in GOLD)
    for case in ("no charset", "Windows-1258", "entity-encoded", "print view", "today's date", "no publication date"):
        assert case in notes
    assert any(g["published"] is None for g in GOLD)


def test_adapters_header_today_is_never_the_date():
    # the header says "Thứ Ba, 18/06/2024" (today, for the page); the article has no date of its own
    assert parse("dan-van-kheo-trong-xay-dung-do-thi-van-minh-2305").published is None
    assert parse("generic/thong-bao.html").published is None
    # with a date of its own, the article's date wins over the header's
    assert parse("huong-dan-trien-khai-nghi-quyet-2297").published == datetime(2023, 11, 24, tzinfo=VN_TZ)
    assert parse("dan-van-khe-o-xa-ban-hon-102").published == datetime(2023, 11, 21, 8, 5, tzinfo=VN_TZ)


def test_adapters_date_after_fetch_time_is_rejected():
    fetched = datetime(2023, 12, 1, tzinfo=VN_TZ)  # before the printed 07/12/2023
    assert parse("tiep-xuc-doi-thoai-voi-cong-nhan-2311", fetched_at=fetched).published is None


def test_adapters_nukeviet_fields():
    a = parse("hoi-nghi-so-ket-cong-tac-dan-van-6-thang-101")
    assert a.author == "Minh Hà"
    assert a.lead.startswith("Sáng 7/12, Ban Dân vận Tỉnh ủy")
    assert a.captions == ["Quang cảnh hội nghị sơ kết công tác dân vận."]
    assert a.attachments == ["https://laichau.dcs.vn/uploads/news/2023_12/ke-hoach-101.pdf"]
    # NukeViet 3.x markup and the print view
    assert parse("giam-sat-thuc-hien-quy-che-dan-chu-105").author == "Văn Long"
    assert parse("news/print/").lead.startswith("Nhiều hộ đồng bào")


def test_adapters_sharepoint_net_dates_and_windows_1258():
    a = parse("nid=8533")
    assert a.title == "Nắm bắt tình hình tư tưởng nhân dân trước kỳ họp Hội đồng nhân dân"  # composed (NFC) letters
    assert a.published == datetime(2018, 12, 14, 9, 0, tzinfo=VN_TZ)
    assert parse("nid=8412").published == datetime(2018, 11, 3, 14, 30, tzinfo=VN_TZ)


def test_adapters_liferay_and_newspaper_fields():
    a = parse("tong-ket-phong-trao-thi-dua-dan-van-kheo")
    assert a.attachments[0].startswith("https://dongthap.gov.vn/documents/34223/0/ke-hoach-7742453.pdf")
    assert a.captions == ["Các điển hình dân vận khéo nhận bằng khen."]
    n = parse("940766")
    assert n.author == "ĐĂNG KHOA"
    assert n.lead.startswith("Chức sắc, chức việc")


def test_adapters_listing_is_not_an_article():
    for path in ("nukeviet/news/dan-van/index.html", "sharepoint/portal/Pages/Hoat-dong-dan-van.aspx",
                 "portal/tin-tuc-su-kien.html"):
        (entry,) = [i for i in INDEX if i["path"] == path]
        with pytest.raises(NotAnArticle):
            get_adapter(entry["family"]).parse_article(page_of(entry))


def test_adapters_bad_pages():
    with pytest.raises(ParseError):
        Page.from_bytes("http://x/a.pdf", b"%PDF-1.4 ...", "application/pdf")
    with pytest.raises(ParseError):
        Page.from_bytes("http://x/", b"   \n ", "text/html")
    broken = Page.from_bytes("http://x/", "<html><body><div id='news-bodyhtml'><p>Đoạn văn <b>chưa đóng".encode())
    assert get_adapter("nukeviet").parse_article(broken).text == "Đoạn văn chưa đóng"
    with pytest.raises(NotAnArticle):
        get_adapter("nukeviet").parse_article(Page("http://x/", "<html><body><div id='news-bodyhtml'> </div>"))


def test_adapters_selector_overrides_come_first():
    page = Page("http://x/", "<html><body><div id='news-bodyhtml'><p>Thân bài mặc định.</p></div>"
                             "<div class='noi-dung-rieng'><p>Thân bài của nguồn này.</p></div></body></html>")
    assert get_adapter("nukeviet").parse_article(page).text == "Thân bài mặc định."
    adapter = get_adapter("nukeviet", {"body": [".noi-dung-rieng"], "unknown_key": ["x"]})
    assert adapter.parse_article(page).text == "Thân bài của nguồn này."
    with pytest.raises(ValueError):
        get_adapter("wordpress")


@pytest.mark.parametrize("family, url, n, expected", [
    ("nukeviet", "https://laichau.dcs.vn/news/dan-van/", 3, "https://laichau.dcs.vn/news/dan-van/page-3"),
    ("nukeviet", "https://laichau.dcs.vn/news/dan-van/page-2", 1, "https://laichau.dcs.vn/news/dan-van/"),
    ("nukeviet", "https://laichau.dcs.vn/vi/news/dan-van", 2, "https://laichau.dcs.vn/vi/news/dan-van/page-2"),
    ("sharepoint", "https://dienbien.gov.vn/portal/Pages/Tin-tuc.aspx", 2,
     "https://dienbien.gov.vn/portal/Pages/Tin-tuc.aspx?PageIndex=2"),
    ("sharepoint", "https://quangninh.gov.vn/Trang/tin-tuc-su-kien.aspx?Cat=82&page=4", 5,
     "https://quangninh.gov.vn/Trang/tin-tuc-su-kien.aspx?Cat=82&page=5"),
    ("liferay", "https://x.gov.vn/web/guest/tin-tuc?_abc_INSTANCE_x_cur=1", 2, "https://x.gov.vn/web/guest/tin-tuc?_abc_INSTANCE_x_cur=2"),
    ("liferay", "https://x.gov.vn/web/guest/tin-tuc", 2, None),
    ("newspaper", "https://baohagiang.vn/chinh-tri/", 2, "https://baohagiang.vn/chinh-tri/?page=2"),
])
def test_adapters_page_url(family, url, n, expected):
    assert get_adapter(family).page_url(url, n) == expected


def test_adapters_feed_urls_derived_from_listing():
    assert NukeVietAdapter.rss_url("https://laichau.dcs.vn/news/dan-van/page-2") == "https://laichau.dcs.vn/news/rss/dan-van/"
    assert NukeVietAdapter.rss_url("https://laichau.dcs.vn/index.php/news/dan-van/") == \
        "https://laichau.dcs.vn/index.php/news/rss/dan-van/"
    assert NukeVietAdapter.rss_url("https://laichau.dcs.vn/news/rss/dan-van/") is None
    assert get_adapter("newspaper").feed_for("https://www.baobariavungtau.com.vn/chinh-tri/") == \
        "https://www.baobariavungtau.com.vn/rss/chinh-tri.rss"


def test_adapters_parse_feed_rss_and_atom():
    items = parse_feed((SITES / "nukeviet/news/rss/dan-van/index.xml").read_bytes(), "https://laichau.dcs.vn/")
    assert len(items) == 5
    assert items[0].url.endswith("/news/dan-van/hoi-nghi-so-ket-cong-tac-dan-van-6-thang-101.html")
    assert items[0].guid == "news_101"
    assert items[0].published == datetime(2023, 12, 7, 10, 15, 32, tzinfo=VN_TZ)
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title>
<entry><title>Bài một</title><link rel="alternate" href="/tin/1"/><id>tag:x,2023:1</id>
<published>2023-05-01T08:00:00Z</published></entry></feed>"""
    (entry,) = parse_feed(atom, "https://x.vn/")
    assert entry.url == "https://x.vn/tin/1"
    assert entry.published == datetime(2023, 5, 1, 15, 0, tzinfo=VN_TZ)
    with pytest.raises(ParseError):
        parse_feed(b"", "https://x.vn/")
    assert parse_feed(b"<html><body>not a feed</body></html>") == []


def test_adapters_parse_sitemap_and_index():
    sm = parse_sitemap((SITES / "generic/sitemap.xml").read_bytes())
    assert [i.url for i in sm.items] == ["https://bandanvan.bacgiang.gov.vn/2023/09/cong-tac-dan-van-voi-doanh-nghiep/",
                                         "https://bandanvan.bacgiang.gov.vn/2023/08/tin-lien-quan/"]
    assert sm.items[1].published == datetime(2023, 8, 2, tzinfo=VN_TZ)
    index = parse_sitemap((SITES / "generic/sitemap_index.xml").read_bytes(), "https://bandanvan.bacgiang.gov.vn/")
    assert index.items == []
    assert index.sitemaps[1] == "https://bandanvan.bacgiang.gov.vn/post-sitemap2.xml"


# -- the fixture sites over HTTP ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_sites():
    """One HTTP server per family on 127.0.0.1, serving each fixture file at its URL's path and query."""
    routes: dict[str, dict[str, dict]] = {}
    for entry in INDEX:
        parts = urlsplit(entry["url"])
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        routes.setdefault(entry["family"], {})[key] = entry

    def handler(site: dict[str, dict]):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                entry = site.get(self.path)
                if entry is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = (SITES / entry["path"]).read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", entry["content_type"])
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    servers, bases = [], {}
    for family, site in routes.items():
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler(site))
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        bases[family] = f"http://127.0.0.1:{server.server_address[1]}"
    yield bases
    for server in servers:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[bytes, str]:
    with urlopen(url, timeout=5) as response:
        return response.read(), response.headers.get("Content-Type", "")


LISTINGS = {
    "nukeviet": "/news/dan-van/", "sharepoint": "/portal/Pages/Hoat-dong-dan-van.aspx", "liferay": "/web/guest/tin-tuc",
    "newspaper": "/chinh-tri/", "portal": "/tin-tuc-su-kien", "generic": "/category/tin-tuc/",
}


@pytest.mark.parametrize("family", sorted(LISTINGS))
def test_adapters_walk_listing_over_http(fixture_sites, family):
    """Listing -> next page until the last -> every article parses, with its gold title."""
    adapter = get_adapter(family)
    base = fixture_sites[family]
    url, seen_pages, links = base + LISTINGS[family], [], []
    while url and len(seen_pages) < 5:
        body, ctype = _get(url)
        page = Page.from_bytes(url, body, ctype)
        seen_pages.append(url)
        links += adapter.article_links(page)
        url = adapter.next_page(page)
    assert len(seen_pages) == 2  # every fixture listing has two pages
    assert len(links) == len(set(links)) >= 3
    titles = {g["url"].split("://", 1)[1].partition("/")[2]: g["title"] for g in GOLD if g["family"] == family}
    parsed = 0
    for link in links:
        path = link[len(base) + 1:]  # links are root-relative, so they stay on the test server
        if path not in titles:
            continue  # listed but not a gold page (generic listing shows other posts)
        body, ctype = _get(link)
        assert adapter.parse_article(Page.from_bytes(link, body, ctype)).title == titles[path]
        parsed += 1
    assert parsed >= (1 if family == "generic" else 3)


@pytest.mark.parametrize("family, listing", [("nukeviet", "/news/dan-van/"), ("newspaper", "/chinh-tri/")])
def test_adapters_feeds_over_http(fixture_sites, family, listing):
    adapter = get_adapter(family)
    base = fixture_sites[family]
    body, ctype = _get(base + listing)
    feeds = [u for u in adapter.rss_urls(Page.from_bytes(base + listing, body, ctype)) if "dan-van" in u or "chinh-tri" in u]
    assert feeds
    feed_body, _ = _get(feeds[0])
    items = parse_feed(feed_body, feeds[0])
    assert len(items) >= 3
    assert all(i.published is not None for i in items)


@pytest.mark.parametrize("family, html, expected", [
    # the session-timeout sentence glued to the last paragraph (as in text scraped from laichau.dcs.vn)
    ("nukeviet", "<div id='news-bodyhtml'><p>Hội nghị đã thống nhất các chỉ tiêu năm 2024. Bạn đã không sử dụng Site, "
                 "Bấm vào đây để duy trì trạng thái đăng nhập. Thời gian chờ: 60 giây</p></div>",
     "Hội nghị đã thống nhất các chỉ tiêu năm 2024."),
    ("portal", "<div class='news-content'><p>Có 12 mô hình được công nhận. 78 lượt xem</p>"
               "<p>Đánh giá cho bài viết: 0 điểm ( 0 đánh giá )</p></div>",
     "Có 12 mô hình được công nhận."),
    ("sharepoint", "<div class='chitiet-noidung'><p>Đoạn một.</p><p>Số lượt người xem: 2275</p><p>TIN MỚI HƠN</p>"
                   "<p>Tin sau không thuộc bài.</p></div>",
     "Đoạn một."),
    ("liferay", "<div class='journal-content-article'><p>Nội dung bài.</p><p>Tag: dân vận</p><p>Đoạn sau thẻ.</p></div>",
     "Nội dung bài."),
])
def test_adapters_glued_boilerplate_is_cut(family, html, expected):
    page = Page("http://x.vn/", f"<html><body>{html}</body></html>")
    assert get_adapter(family).parse_article(page).text == expected


@pytest.mark.parametrize("entry", [g for g in GOLD if g["family"] == "generic"], ids=lambda g: g["path"])
def test_adapters_generic_parses_a_page_the_same_twice(entry):
    """No process-wide state: the same page parsed twice in one process gives the same article."""
    adapter = get_adapter("generic")
    first, second = adapter.parse_article(page_of(entry)), adapter.parse_article(page_of(entry))
    assert first.text and first == second
