"""The bundled sample: its pages, its registry, and the WARC built from them (corpus/sample_build.py)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from corpus import sample_build
from corpus.sample_build import (ARCHIVE, CRAWL_START, SITES_DIR, SOURCES_TOML, build_sample_archive, path_for,
                                 url_for)
from corpus.warc import iter_responses
from common.gazetteer import province_2025_of
from scrapers.adapters import NotAnArticle, Page, detect_cms, get_adapter
from scrapers.dates import VN_TZ
from scrapers.registry import load_registry

# Every article page of the sample and the publication time it prints (None: the page gives no date).
EXPECTED = {
    "https://laichau.dcs.test/news/cong-tac-dan-van/lai-chau-tong-ket-phong-trao-thi-dua-dan-van-kheo-giai-doan-2016-2020-1187.html": "2020-12-21T09:30",
    "https://laichau.dcs.test/news/cong-tac-dan-van/giao-ban-cong-tac-dan-van-6-thang-dau-nam-2021-1642.html": "2021-08-12T14:20",
    "https://laichau.dcs.test/news/cong-tac-dan-van/nam-2021-khoi-dan-van-tinh-hoan-thanh-tot-nhiem-vu-1893.html": "2022-01-14T08:45",
    "https://laichau.dcs.test/news/cong-tac-dan-van/hon-3-100-mo-hinh-dan-van-kheo-gop-phan-phat-trien-kinh-te-xa-hoi-2736.html": "2023-12-07T10:15",
    "https://laichau.dcs.test/news/cong-tac-dan-van/6-thang-dau-nam-2024-tiep-412-luot-cong-dan-3051.html": "2024-07-18T16:40",
    "https://bentre.dcs.test/news/dan-van/trien-khai-ke-hoach-thuc-hien-cong-tac-dan-van-chinh-quyen-nam-2021-5412.html": "2021-03-19T15:10",
    "https://bentre.dcs.test/news/dan-van/ben-tre-1-245-mo-hinh-dan-van-kheo-duoc-cong-nhan-trong-nam-2021-6027.html": "2022-01-10T09:00",
    "https://bentre.dcs.test/news/dan-van/nam-2022-tiep-nhan-1-026-don-thu-khieu-nai-to-cao-kien-nghi-phan-anh-6988.html": "2023-02-16T14:30",
    "https://bentre.dcs.test/news/dan-van/so-ket-phong-trao-thi-dua-dan-van-kheo-giai-doan-2021-2023-7715.html": "2024-05-23T10:00",
    "https://bentre.dcs.test/news/dan-van/tong-ket-cong-tac-dan-van-nam-2024-tang-bang-khen-cho-14-tap-the-19-ca-nhan-8340.html": "2025-01-08T08:15",
    "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/cong-tac-dan-van-gop-phan-phong-chong-dich-covid-19-va-phat-trien-kinh-te-2031.html": "2020-06-29T15:20",
    "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/dan-van-kheo-nam-2021-1-523-mo-hinh-duoc-cong-nhan-2950.html": "2021-12-20T09:10",
    "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/nam-2022-khoi-dan-van-tham-muu-ban-hanh-128-van-ban-3377.html": "2023-01-11T08:00",
    "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/quy-i-2024-bi-thu-cap-uy-cac-cap-tiep-215-luot-cong-dan-4102.html": "2024-03-28T14:00",
    "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/trao-ky-niem-chuong-vi-su-nghiep-dan-van-cho-32-ca-nhan-4569.html": "2025-05-15T10:30",
    "https://travinh.dcs.test/portal/Pages/2020-10-14/Ky-niem-90-nam-Ngay-truyen-thong-cong-tac-dan-van-cua-Dangq8w2mz.aspx": "2020-10-14T09:30",
    "https://travinh.dcs.test/portal/Pages/2022-11-25/Tiep-1438-luot-cong-dan-trong-10-thang-nam-2022xk3q9d.aspx": "2022-11-25T15:05",
    "https://travinh.dcs.test/portal/Pages/2023-3-30/Tuyen-duong-486-mo-hinh-Dan-van-kheo-nam-2022r4t7vn.aspx": "2023-03-30T14:45",
    "https://travinh.dcs.test/portal/Pages/2024-12-12/Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx": "2024-12-12T12:30",
    "https://travinh.dcs.test/portal/Pages/2025-4-10/Hon-2-5-ty-dong-ho-tro-dong-bao-Khmer-don-Tet-Chol-Chnam-Thmayw9c4hf.aspx": "2025-04-10T10:00",
    "https://quangnam.dcs.test/portal/Pages/2020-9-17/Quang-Nam-tong-ket-phong-trao-thi-dua-Dan-van-kheo-giai-doan-2016-2020p3zr8d.aspx": "2020-09-17T08:40",
    "https://quangnam.dcs.test/portal/Pages/2021-11-4/Doi-thoai-giua-nguoi-dung-dau-cap-uy-chinh-quyen-voi-nhan-danh6dk2t.aspx": "2021-11-04T15:30",
    "https://quangnam.dcs.test/portal/Pages/2022-6-21/Dan-van-kheo-o-vung-dong-bao-Co-Tut5yw3e.aspx": "2022-06-21T09:00",
    "https://quangnam.dcs.test/portal/Pages/2023-12-14/Tong-ket-cong-tac-dan-van-nam-2023n8vb6q.aspx": "2023-12-14T09:20",
    "https://quangnam.dcs.test/portal/Pages/2025-2-20/Nam-2024-toan-tinh-co-1412-mo-hinh-Dan-van-kheof2gk7x.aspx": "2025-02-20T14:10",
    "https://quangnam.dcs.test/portal/Pages/Gioi-thieu-Ban-Dan-van-Tinh-uy.aspx": None,
    "https://baodongkhoi.test/news/chinh-tri/ben-tre-1-302-mo-hinh-dan-van-kheo-duoc-cong-nhan-trong-nam-2024-10215.html": "2025-01-09T07:30",
    "https://baodongkhoi.test/news/chinh-tri/so-ket-cong-tac-dan-van-6-thang-dau-nam-2024-9876.html": "2024-07-12T15:40",
    "https://baodongkhoi.test/news/chinh-tri/nam-2022-ben-tre-tiep-2-384-luot-cong-dan-8120.html": "2023-01-06T09:00",
    "https://baodongkhoi.test/news/chinh-tri/mat-tran-ho-tro-nguoi-dan-vung-han-man-7034.html": "2021-03-25T10:00",
}
HEADER_DAY = CRAWL_START.date()  # the sites with a date in their header print the crawl day
BOILERPLATE = ("Thời gian chờ", "Bạn đã không sử dụng Site", "Sign In", "TIN ĐÃ ĐƯA", "TIN MỚI HƠN", "lượt truy cập",
               "LƯỢT TRUY CẬP", "Số lượt người xem", "Đã xem", "Tổng số điểm", "Xem theo ngày", "Tác giả")


@pytest.fixture(scope="module")
def sources():
    return {s.id: s for s in load_registry(SOURCES_TOML)}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "sample.warc.gz"
    written = build_sample_archive(SITES_DIR, SOURCES_TOML, out)
    return out, written


@pytest.fixture(scope="module")
def responses(built):
    return {r.url: r for r in iter_responses(built[0])}


@pytest.fixture(scope="module")
def articles(responses, sources):
    out = {}
    for url in EXPECTED:
        r = responses[url]
        page = Page.from_bytes(r.final_url, r.body, r.content_type, r.fetched_at)
        out[url] = get_adapter(sources[r.source_id].cms).parse_article(page)
    return out


# -- file names and URLs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rel, url", [
    ("bentre.dcs.test/news/dan-van/index.html", "https://bentre.dcs.test/news/dan-van/"),
    ("bentre.dcs.test/news/dan-van/page-2", "https://bentre.dcs.test/news/dan-van/page-2"),
    ("quangnam.dcs.test/portal/Pages/Dan-van.aspx@PageIndex=2",
     "https://quangnam.dcs.test/portal/Pages/Dan-van.aspx?PageIndex=2"),
    ("bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/index.html",
     "https://bacgiang.dcs.test/index.php/news/hoat-dong-dan-van/"),
])
def test_file_paths_map_to_urls_and_back(rel, url):
    assert url_for(rel) == url
    assert path_for(url) == rel


def test_every_file_maps_to_a_distinct_url():
    rels = [rel for _, rel in sample_build.iter_site_files(SITES_DIR)]
    urls = [url_for(rel) for rel in rels]
    assert len(set(urls)) == len(urls)
    assert all(path_for(u) == r for u, r in zip(urls, rels))
    assert not any(r.endswith(".headers") for r in rels)


# -- the archive ---------------------------------------------------------------------------------------------

def test_archive_round_trips(built, responses):
    out, written = built
    files = dict((url_for(rel), f) for f, rel in sample_build.iter_site_files(SITES_DIR))
    assert set(responses) == set(files) == {r.url for r in written}
    for url, r in responses.items():
        assert r.body == files[url].read_bytes()
        assert r.final_url == url and r.source_id
        assert r.fetched_at.date() == CRAWL_START.date() and r.fetched_at.tzinfo is not None
        assert int(r.headers["Content-Length"]) == len(r.body)
        assert r.warc_file == str(out) and r.warc_offset is not None
    by_url = {r.url: r for r in written}
    assert all(by_url[u].warc_offset == r.warc_offset for u, r in responses.items())


def test_archive_is_deterministic(built, tmp_path):
    again = tmp_path / "sample.warc.gz"
    build_sample_archive(SITES_DIR, SOURCES_TOML, again)
    build_sample_archive(SITES_DIR, SOURCES_TOML, again)  # replaced, not appended to
    assert again.read_bytes() == built[0].read_bytes()


def test_committed_archive_is_up_to_date(responses):
    """corpus/sample/sample.warc.gz must be regenerated (python -m corpus.sample_build) after editing the sites."""
    committed = {r.url: r for r in iter_responses(ARCHIVE)}
    assert set(committed) == set(responses)
    for url, r in committed.items():
        fresh = responses[url]
        assert (r.status, r.headers, r.body, r.fetched_at, r.source_id) == \
               (fresh.status, fresh.headers, fresh.body, fresh.fetched_at, fresh.source_id), url
    assert ARCHIVE.stat().st_size < 300_000


def test_headers_look_like_the_servers(responses, sources):
    for r in responses.values():
        cms = sources[r.source_id].cms
        assert r.headers["Server"] == {"nukeviet": "nginx", "sharepoint": "Microsoft-IIS/10.0"}[cms]
        assert r.headers["Date"].endswith(" GMT")
    no_charset = [u for u, r in responses.items() if "charset" not in r.content_type.lower()]
    assert len(no_charset) == 1
    assert len([r for r in responses.values() if "charset" in r.content_type.lower()]) == len(responses) - 1


def test_page_without_charset_still_decodes(responses, sources):
    (url,) = [u for u, r in responses.items() if "charset" not in r.content_type.lower()]
    r = responses[url]
    assert r.content_type == "text/html" and b"charset" not in r.body[:2000].lower()
    article = get_adapter(sources[r.source_id].cms).parse_article(Page.from_bytes(url, r.body, r.content_type))
    assert article.title == "Giao ban công tác dân vận 6 tháng đầu năm 2021"
    assert "\ufffd" not in article.text and "tiếp 326 lượt công dân" in article.text


def test_removed_article_answers_404(responses, sources):
    missing = [r for r in responses.values() if r.status != 200]
    assert [r.status for r in missing] == [404]
    r = missing[0]
    with pytest.raises(NotAnArticle):
        get_adapter(sources[r.source_id].cms).parse_article(Page.from_bytes(r.url, r.body, r.content_type))


def test_source_ids_match_hosts(responses, sources):
    for url, r in responses.items():
        assert urlsplit(sources[r.source_id].base_url).hostname == urlsplit(url).hostname


# -- the registry -----------------------------------------------------------------------------------------------

def test_registry_entries(sources):
    assert len(sources) == 6
    for s in sources.values():
        host = urlsplit(s.base_url).hostname
        assert host.endswith(".test") and (SITES_DIR / host).is_dir()
        assert s.cms in ("nukeviet", "sharepoint") and s.level == "province"
        assert s.province_2025 == province_2025_of(s.province)
        assert s.verified is False and "sample" in s.notes.lower() and "fictional" in s.notes.lower()
        assert s.listing_urls and all(urlsplit(u).hostname == host for u in s.listing_urls)
    assert {s.cms for s in sources.values()} == {"nukeviet", "sharepoint"}
    merged = Counter(s.province_2025 for s in sources.values())
    assert merged["Vĩnh Long"] == 3  # Bến Tre (its party site and its newspaper) and Trà Vinh


# -- the articles ----------------------------------------------------------------------------------------------

def test_every_article_parses_cleanly(articles, responses, sources):
    for url, a in articles.items():
        r = responses[url]
        assert a.title.strip(), url
        assert a.lead, url
        assert 3 <= len(a.text.split("\n")) <= 8, url
        for phrase in BOILERPLATE:
            assert phrase not in a.text, (url, phrase)
        assert a.title not in a.text and a.lead not in a.text
        assert "&acirc;" not in a.text and "\ufffd" not in a.text
        page = Page.from_bytes(url, r.body, r.content_type, r.fetched_at)
        assert detect_cms(page) == sources[r.source_id].cms


def test_published_dates(articles):
    for url, a in articles.items():
        expected = EXPECTED[url]
        if expected is None:
            assert a.published is None, url
        else:
            assert a.published == datetime.fromisoformat(expected).replace(tzinfo=VN_TZ), url
        assert a.published is None or a.published.date() != HEADER_DAY


def test_published_dates_of_each_format(articles):
    by_tail = {url.rsplit("/", 1)[1]: a.published for url, a in articles.items()}
    # NukeViet "Thứ năm - 07/12/2023 10:15" glued to "Đã xem: 78"
    assert by_tail["hon-3-100-mo-hinh-dan-van-kheo-gop-phan-phat-trien-kinh-te-xa-hoi-2736.html"] == \
        datetime(2023, 12, 7, 10, 15, tzinfo=VN_TZ)
    # .NET vi-VN "25 Tháng Mười Một 2022 03:05:00 CH" (Mười Một, not Mười; CH = afternoon)
    assert by_tail["Tiep-1438-luot-cong-dan-trong-10-thang-nam-2022xk3q9d.aspx"] == datetime(2022, 11, 25, 15, 5, tzinfo=VN_TZ)
    # "12 Tháng Mười Hai 2024 12:30:00 CH" is half past noon
    assert by_tail["Nam-2024-cong-nhan-538-mo-hinh-Dan-van-kheom2p8sj.aspx"] == datetime(2024, 12, 12, 12, 30, tzinfo=VN_TZ)
    # eGov theme under a header printing "Thứ Ba, 17/06/2025"
    assert by_tail["trao-ky-niem-chuong-vi-su-nghiep-dan-van-cho-32-ca-nhan-4569.html"] == \
        datetime(2025, 5, 15, 10, 30, tzinfo=VN_TZ)


def test_header_date_is_printed_but_never_taken(articles, responses):
    today = "Thứ Ba, 17/06/2025"
    with_header = [u for u in articles if today in responses[u].body.decode("utf-8")]
    hosts = {urlsplit(u).hostname for u in with_header}
    assert hosts == {"bacgiang.dcs.test", "quangnam.dcs.test"}
    for url in with_header:
        assert articles[url].published is None or articles[url].published.date() != HEADER_DAY
        assert today not in articles[url].text


def test_captions_are_kept_apart(articles):
    with_captions = {u: a for u, a in articles.items() if a.captions}
    assert len(with_captions) >= 3
    assert {urlsplit(u).hostname for u in with_captions} >= {"laichau.dcs.test", "bacgiang.dcs.test", "travinh.dcs.test"}
    for a in with_captions.values():
        for caption in a.captions:
            assert caption and caption not in a.text


def test_entity_encoded_bodies_are_decoded(articles, responses):
    url = next(u for u in articles if "2736" in u)
    assert b"D&acirc;n v" in responses[url].body
    assert "321 mô hình, điển hình" in articles[url].text


def test_listings_reach_every_dated_article(responses, sources):
    for source in sources.values():
        adapter = get_adapter(source.cms)
        found, pages = [], 0
        for start in source.listing_urls:
            url = start
            while url:
                r = responses[url]
                page = Page.from_bytes(url, r.body, r.content_type, r.fetched_at)
                with pytest.raises(NotAnArticle):
                    adapter.parse_article(page)
                found += adapter.article_links(page)
                url = adapter.next_page(page)
                pages += 1
        host = urlsplit(source.base_url).hostname
        dated = {u for u, d in EXPECTED.items() if d and urlsplit(u).hostname == host}
        assert pages == 2 and sorted(found) == sorted(dated), source.id


def test_coverage(articles, responses, sources):
    assert len(articles) >= 24
    per_source = Counter(responses[u].source_id for u in articles)
    assert len(per_source) == 6 and min(per_source.values()) >= 4
    assert len({sources[s].province for s in per_source}) >= 4
    years = {a.published.year for a in articles.values() if a.published}
    assert years == {2020, 2021, 2022, 2023, 2024, 2025}
    per_province_years = Counter((sources[responses[u].source_id].province, a.published.year)
                                 for u, a in articles.items() if a.published)
    assert len({p for p, _ in per_province_years}) == 5
    assert all(len({y for p2, y in per_province_years if p2 == p}) >= 4 for p, _ in per_province_years)


def test_same_categories_across_provinces(articles, responses, sources):
    """Model counts, award counts and citizen receptions appear in every province."""
    def provinces_with(phrase):
        return {sources[responses[u].source_id].province for u, a in articles.items() if phrase in a.full_text}
    assert len(provinces_with("mô hình")) == 5
    assert len(provinces_with("Bằng khen cho")) == 5
    assert len(provinces_with("lượt công dân") | provinces_with("cuộc đối thoại")) == 5


def test_sample_build_main(tmp_path, capsys):
    out = tmp_path / "x.warc.gz"
    assert sample_build.main(["--out", str(out)]) == 0
    assert out.exists() and "6 sites" in capsys.readouterr().out


def test_unknown_host_is_an_error(tmp_path):
    site = tmp_path / "sites" / "nowhere.dcs.test"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<html></html>", encoding="utf-8")
    with pytest.raises(sample_build.SampleError, match="nowhere.dcs.test"):
        build_sample_archive(tmp_path / "sites", SOURCES_TOML, tmp_path / "out.warc.gz")


def test_headers_file_overrides(tmp_path):
    page = tmp_path / "a.html"
    page.write_text("x", encoding="utf-8")
    (tmp_path / "a.html.headers").write_text("# comment\nStatus: 301 Moved Permanently\nLocation: /b\n"
                                             "content-type: text/html\n", encoding="utf-8")
    status, overrides = sample_build.read_overrides(page)
    assert status == 301
    headers = sample_build.response_headers("nukeviet", "https://h/a.html", "h/a.html", b"x", CRAWL_START, overrides)
    assert headers["Location"] == "/b" and headers["content-type"] == "text/html" and "Content-Type" not in headers
    assert Path(sample_build.__file__).parent / "sample" == sample_build.SAMPLE_DIR
