"""Dates printed month first (US-style CMSes) read from evidence, never by guess; Vietnamese stays day first.

Each kind of evidence has its test: the date itself (a field above 12), an English label before it, another
date of the page with a field above 12, a day in the URL or JSON-LD that agrees with one reading, and the
dates of the listing that led to the article (through scrapers.crawl.Crawler, on a site served from
127.0.0.1). The pages are written here, in a blog-engine style the adapters were not written for.
"""
from __future__ import annotations

from datetime import datetime

import pytest
from fixture_server import serve

from scrapers.adapters import Page, get_adapter
from scrapers.dates import (DAY_FIRST, MONTH_FIRST, VN_TZ, DateEvidence, day_month, order_of_dates,
                            parse_vi_datetime)


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


BODY = ("<p>Ban Dân vận huyện phối hợp với Mặt trận tổ chức buổi gặp mặt các già làng, trưởng bản để bàn cách giữ "
        "gìn an ninh trật tự ở thôn bản trong mùa lễ hội.</p><p>Các đại biểu đề nghị tăng cường tuyên truyền để "
        "người dân không tin theo lời kích động trên mạng xã hội.</p><p>Kết thúc buổi gặp, huyện tặng quà cho "
        "những người có uy tín tiêu biểu.</p>")


def post(title: str, meta: str, extra: str = "", head: str = "") -> str:
    """An article page of the blog engine: title, a meta line under it, the body, then `extra`."""
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} | Dan Van News</title>{head}
</head><body><div id="wrap"><div id="masthead"><a href="/">Dan Van News</a></div>
<div id="primary"><h1 class="entry-title">{title}</h1><div class="postmeta">{meta}</div>
<div class="entry">{BODY}</div>{extra}</div></div></body></html>"""


TITLE = "Gặp mặt người có uy tín trước mùa lễ hội ở huyện vùng cao"


@pytest.mark.parametrize("text, expected", [
    ("07/12/2023", vn(2023, 12, 7)),                       # Vietnamese, day first: unchanged
    ("Thứ năm, 2/11/2023", vn(2023, 11, 2)),
    ("Thứ năm - 07/12/2023 10:15", vn(2023, 12, 7, 10, 15)),
    ("Cập nhật: 03/08/2011 10:00 AM", vn(2011, 8, 3, 10)),  # AM/PM alone is no evidence
    ("03/08/2011 10:00 AM", vn(2011, 8, 3, 10)),
    ("Published on 03-08-2011  01:00 AM", vn(2011, 3, 8, 1)),  # English label: month first
    ("Posted 04/05/2013 9:12 AM", vn(2013, 4, 5, 9, 12)),
    ("Posted by admin on 06/07/2013", vn(2013, 6, 7)),
    ("Last updated: 01.02.2014 16:40", vn(2014, 1, 2, 16, 40)),
    ("Posted 12/25/2012 3:04 PM", vn(2012, 12, 25, 15, 4)),  # a field above 12: the date says it itself
    ("12/25/2012", vn(2012, 12, 25)),
    ("25/12/2012", vn(2012, 12, 25)),
])
def test_month_first_from_the_line_itself(text, expected):
    assert parse_vi_datetime(text) == expected


def test_month_first_evidence_order():
    assert order_of_dates(["Tin ngày 25/12/2012, 03/01/2013"]) == {"/": DAY_FIRST, "*": DAY_FIRST}
    assert order_of_dates(["12/25/2012 và 03-01-2013"]) == {"/": MONTH_FIRST, "*": MONTH_FIRST}
    assert order_of_dates(["25/12/2012 và 12/25/2012"]) == {}  # they disagree: no evidence
    assert order_of_dates(["03/04/2013 và 2013-04-05"]) == {}   # nothing above 12
    refs = DateEvidence(references=frozenset({datetime(2013, 4, 5).date()}))
    assert day_month(4, 5, 2013, evidence=refs) == (5, 4, "reference")
    # a reference outranks the page's order, which outranks the listing's, which outranks an English label
    both = DateEvidence(references=refs.references, order={"/": DAY_FIRST}, listing_order=DAY_FIRST)
    assert day_month(4, 5, 2013, "/", "Posted ", evidence=both)[2] == "reference"
    page = DateEvidence(order={"/": DAY_FIRST}, listing_order=MONTH_FIRST)
    assert day_month(4, 5, 2013, "/", "Posted ", evidence=page) == (4, 5, "page")
    listing = DateEvidence(listing_order=DAY_FIRST)
    assert day_month(4, 5, 2013, "/", "Posted ", evidence=listing) == (4, 5, "listing")
    assert day_month(4, 5, 2013, "/", "", evidence=DateEvidence()) == (4, 5, "default")


def _published(html: str, url: str = "https://news.example.vn/bai-viet/gap-mat-nguoi-co-uy-tin", **page_args):
    return get_adapter("generic").parse_article(Page(url, html, **page_args)).published


def test_month_first_english_label_on_the_page():
    assert _published(post(TITLE, "Published on 03-08-2011 01:00 AM · 169 lượt xem")) == vn(2011, 3, 8, 1)
    # a Vietnamese label before the same date: day first
    assert _published(post(TITLE, "Ngày đăng: 03-08-2011 01:00 AM")) == vn(2011, 8, 3, 1)


def test_month_first_another_date_on_the_page():
    comments = ('<div class="responses"><h3>2 responses</h3><div class="reply"><span class="stamp">04/21/2013 '
                '8:30 PM</span><p>Rất thiết thực.</p></div></div>')
    assert _published(post(TITLE, "04/05/2013 09:12", comments)) == vn(2013, 4, 5, 9, 12)
    vietnamese = comments.replace("04/21/2013", "21/04/2013")
    assert _published(post(TITLE, "04/05/2013 09:12", vietnamese)) == vn(2013, 5, 4, 9, 12)


def test_month_first_from_the_url_or_json_ld():
    url = "https://news.example.vn/2013/04/05/gap-mat-nguoi-co-uy-tin.html"
    assert _published(post(TITLE, "04/05/2013 09:12"), url) == vn(2013, 4, 5, 9, 12)  # the time kept
    day_first_url = "https://news.example.vn/2013/05/04/gap-mat-nguoi-co-uy-tin.html"
    assert _published(post(TITLE, "04/05/2013 09:12"), day_first_url) == vn(2013, 5, 4, 9, 12)
    modified = '<script type="application/ld+json">{"@type": "NewsArticle", "dateModified": "2013-06-07"}</script>'
    assert _published(post(TITLE, "06/07/2013 10:00", head=modified)) == vn(2013, 6, 7, 10)
    assert _published(post(TITLE, "06/07/2013 10:00")) == vn(2013, 7, 6, 10)  # no evidence: day first


def test_month_first_from_the_listing_offline():
    html = post(TITLE, "09/10/2013 07:45")
    assert _published(html, listing_date_order=MONTH_FIRST) == vn(2013, 9, 10, 7, 45)
    assert _published(html, listing_date_order=DAY_FIRST) == vn(2013, 10, 9, 7, 45)
    assert _published(html) == vn(2013, 10, 9, 7, 45)


# -- through the crawler: the listing's dates fix the order of the articles' --------------------------------

ARTICLES = {  # path -> (title, meta line, published as the site means it)
    "/bai-viet/gap-mat-nguoi-co-uy-tin": (TITLE, "09/10/2013 07:45", vn(2013, 9, 10, 7, 45)),
    "/bai-viet/doi-thoai-voi-cong-nhan": ("Đối thoại với công nhân khu công nghiệp về nhà ở xã hội",
                                          "10/02/2013 14:05", vn(2013, 10, 2, 14, 5)),
    "/bai-viet/tuyen-duong-dan-van-kheo": ("Tuyên dương các mô hình dân vận khéo của huyện năm nay",
                                           "10/23/2013 08:00", vn(2013, 10, 23, 8)),
}


def listing(us: bool) -> str:
    rows = "".join(
        f'<li class="teaser"><h2><a href="{path}">{title}</a></h2><span class="when">'
        f'{meta if us else "/".join([meta[3:5], meta[:2], meta[6:]])}</span></li>'
        for path, (title, meta, _) in ARTICLES.items())
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Dân vận | Dan Van News</title></head><body>'
            f'<div id="masthead"><a href="/">Dan Van News</a></div><div id="primary"><h1>Dân vận</h1>'
            f'<ul class="teasers">{rows}</ul></div></body></html>')


@pytest.fixture()
def site(request):
    us = request.param
    pages = {"/dan-van/": listing(us)}
    for path, (title, meta, _) in ARTICLES.items():
        pages[path] = post(title, meta if us else "/".join([meta[3:5], meta[:2], meta[6:]]))

    with serve(lambda path: pages[path].encode("utf-8") if path in pages else None) as base:
        yield base, us


@pytest.mark.parametrize("site", [True, False], ids=["month-first-site", "day-first-site"], indirect=True)
def test_month_first_through_the_crawler(site, tmp_path):
    """A listing printing "10/23/2013" makes the site's "09/10/2013" 10 September; the same site printing
    its dates day first ("23/10/2013", "10/09/2013") gives the same days."""
    from pipeline.orchestrate import StoreSink
    from pipeline.store import Store
    from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
    from scrapers.fetch import Fetcher, FetchOptions
    from scrapers.state import CrawlState

    base, _ = site
    source = adhoc_source(base + "/dan-van/", "Lào Cai", cms="generic")
    store = Store(tmp_path / "store.duckdb")
    try:
        fetcher = Fetcher(FetchOptions(crawl_delay=0.0, read_timeout=10.0, max_retries=0))
        with CrawlState(tmp_path / "state.duckdb") as state:
            report = Crawler(state, source, fetcher, CrawlOptions(archive_dir=tmp_path / "warc"),
                             sink=StoreSink(store, extractor=False)).run()
        rows = dict(store.con.execute("SELECT url, published FROM articles").fetchall())
    finally:
        store.close()
    assert report.new_articles == 3 and not report.failures
    assert {url[len(base):]: published.astimezone(VN_TZ) for url, published in rows.items()} == \
        {path: expected for path, (_, _, expected) in ARTICLES.items()}
