"""scrapers/crawl.py: crawl the fixture site (tests/scrapers/conftest.py), then check the store, the crawl
state and the WARC."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import shutil

import pytest
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from corpus.warc import iter_responses, read_response
from pipeline.orchestrate import StoreSink
from pipeline.store import Store
from scrapers.crawl import CrawlError, Crawler, CrawlOptions, adhoc_source
from scrapers.fetch import Fetcher, FetchOptions
from scrapers.state import CrawlState

CAT = "/vi/news/dan-van/"
GOOD = ["dan-van-kheo-xa-ban-hon-101.html", "hoi-nghi-ban-dan-van-102.html", "khong-charset-103.html",
        "tin-moi-104.html", "may-chu-loi-105.html", "qua-tai-106.html", "windows-1258-113.html",
        "html-hong-114.html", "khong-ngay-117.html", "sai-charset-120.html"]
FAILED = {
    "cham-107.html": "timeout", "khong-ton-tai-108.html": "http_404", "bao-cao-109.pdf": "not_html",
    "trang-rat-lon-110.html": "too_large", "vong-lap-111.html": "redirect_loop",
    "/admin/noi-bo-112.html": "robots_disallowed", "rac-115.html": "not_an_article",
    "trang-trong-116.html": "empty_body",
}


class Interrupted(Exception):
    """Stands for kill -9: raised in the middle of a crawl, nothing after it runs."""


def full(site, name: str) -> str:
    return site.url(name if name.startswith("/") else CAT + name)


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory) -> Path:
    """An empty store with every migration applied, made once and copied by each test (fast)."""
    path = tmp_path_factory.mktemp("db") / "template.duckdb"
    Store(path).close()
    return path


@pytest.fixture
def store(migrated_db, tmp_path):
    path = tmp_path / "crawl.duckdb"
    shutil.copy(migrated_db, path)
    s = Store(path)
    yield s
    s.close()


_STATES: dict[str, CrawlState] = {}


def state_for(folder: Path) -> CrawlState:
    """The crawl state of a test (one file per test folder, kept open across the test's runs)."""
    key = str(folder)
    if key not in _STATES:
        _STATES[key] = CrawlState(folder / "state.duckdb")
    return _STATES[key]


@pytest.fixture(autouse=True)
def _close_states():
    yield
    for key in [k for k in _STATES if "crawled" not in k]:
        _STATES.pop(key).close()


def pending(folder: Path) -> int:
    return state_for(folder).con.execute("SELECT count(*) FROM crawl_frontier WHERE state = 'pending'").fetchone()[0]


# A fixture page answers in milliseconds, but a loaded machine can stall a thread for a good part of a
# second: every page that must be read gets a read timeout far above that. Only the tests that want the
# slow page to time out (site.slow: it never answers) use SLOW_TIMEOUT, which is what each of its fetches costs.
READ_TIMEOUT = 10.0
SLOW_TIMEOUT = 2.0


def make_fetcher(fake_time, **kw) -> Fetcher:
    opts = dict(crawl_delay=0.0, read_timeout=READ_TIMEOUT, max_retries=1, backoff=0.1, max_body_bytes=1024 * 1024)
    opts.update(kw)
    return Fetcher(FetchOptions(**opts), sleep=fake_time.sleep, clock=fake_time.clock)


def crawler(store, site, fake_time, tmp_path, fetcher=None, cms="nukeviet", extract=False, sink=None,
            **opts) -> Crawler:
    """A crawler of the fixture site whose sink writes to `store` (without extraction unless asked: these
    tests check crawling, not figures)."""
    source = adhoc_source(site.url(CAT), "Lai Châu", cms=cms)
    return Crawler(state_for(tmp_path), source, fetcher or make_fetcher(fake_time),
                   CrawlOptions(archive_dir=tmp_path / "warc", **opts),
                   sink=sink or StoreSink(store, extractor=None if extract else False))


def article_urls(store) -> list[str]:
    return [r[0] for r in store.con.execute("SELECT url FROM articles ORDER BY url").fetchall()]


def warc_records(folder: Path) -> list[tuple[str, str, int]]:
    """(record type, target URL, HTTP status) of every record under a folder."""
    out = []
    for file in sorted(folder.rglob("*.warc.gz")):
        with open(file, "rb") as fh:
            for rec in ArchiveIterator(fh):
                if rec.rec_type in ("response", "request"):
                    status = int(rec.http_headers.get_statuscode()) if rec.rec_type == "response" else 0
                    out.append((rec.rec_type, rec.rec_headers.get_header("WARC-Target-URI"), status))
    return out


@pytest.fixture(scope="module")
def crawled(migrated_db, tmp_path_factory, module_site, module_fake_time):
    """The fixture site crawled once with the default loader (upsert + extract), for the tests that only read."""
    tmp = tmp_path_factory.mktemp("crawled")
    shutil.copy(migrated_db, tmp / "crawl.duckdb")
    st = Store(tmp / "crawl.duckdb")
    module_site.slow = True  # cham-107 never answers: a timeout
    report = crawler(st, module_site, module_fake_time, tmp, extract=True,
                     fetcher=make_fetcher(module_fake_time, read_timeout=SLOW_TIMEOUT)).run()
    yield st, module_site, report, tmp / "warc", tmp
    st.close()


def test_crawl_fixture_site_stores_articles_and_failures(crawled):
    store, site, report, _, tmp = crawled
    assert sorted(article_urls(store)) == sorted(full(site, g) for g in GOOD)
    assert report.new_articles == len(GOOD)
    assert report.listing_pages == 2
    failures = dict(store.con.execute("SELECT url, reason FROM crawl_failures").fetchall())
    assert failures == {full(site, k): v for k, v in FAILED.items()}
    assert report.failures == Counter(FAILED.values())
    rows = store.con.execute("SELECT DISTINCT province, province_2025, source_id, cms FROM articles").fetchall()
    assert rows == [("Lai Châu", "Lai Châu", "adhoc-127-0-0-1", "nukeviet")]
    assert pending(tmp) == 0
    assert state_for(tmp).undelivered() == 0  # everything was handed to the store
    assert store.con.execute("SELECT count(*) FROM sources WHERE id = 'adhoc-127-0-0-1'").fetchone()[0] == 1
    assert store.con.execute("SELECT count(*) FROM figures").fetchone()[0] > 0  # extraction ran
    # no "next" link on page 2: the NukeViet page-N rule tried page-3, whose 404 ends the walk quietly
    assert site.count(CAT + "page-3") == 1


def test_crawl_articles_point_at_their_warc_records(crawled):
    store, _, _, _, _ = crawled
    for url, warc_file, offset in store.con.execute("SELECT url, warc_file, warc_offset FROM articles").fetchall():
        result = read_response(warc_file, offset)
        assert result.final_url == url
        assert result.status == 200
        assert result.source_id == "adhoc-127-0-0-1"


def test_crawl_warc_holds_every_response_and_its_request(crawled):
    _, site, _, warc, _ = crawled
    records = warc_records(warc)
    responses = Counter(url for kind, url, _ in records if kind == "response")
    requests = Counter(url for kind, url, _ in records if kind == "request")
    assert responses == requests
    for g in GOOD:
        assert responses[full(site, g)] == 1
    assert responses[site.url(CAT)] == 1 and responses[site.url(CAT + "page-2")] == 1
    statuses = {url: status for kind, url, status in records if kind == "response"}
    assert statuses[full(site, "khong-ton-tai-108.html")] == 404  # error pages are archived too
    assert full(site, "trang-rat-lon-110.html") not in responses  # a cut body is not archived


def test_crawl_decodes_charsets_and_entities(crawled):
    store, site, _, _, _ = crawled
    texts = dict(store.con.execute("SELECT url, text FROM articles").fetchall())
    assert "Ủy ban Mặt trận Tổ quốc tỉnh" in texts[full(site, "windows-1258-113.html")]
    assert "các cấp ủy đã ban hành 25 văn bản" in texts[full(site, "hoi-nghi-ban-dan-van-102.html")]
    assert "Huyện ủy Tam Đường" in texts[full(site, "khong-charset-103.html")]
    assert "38 hộ dân ở thôn Nà Ban đã hiến" in texts[full(site, "sai-charset-120.html")]  # declared Latin-1


@pytest.mark.slow
def test_crawl_second_run_fetches_nothing_new(store, site, fake_time, tmp_path):
    crawler(store, site, fake_time, tmp_path).run()
    before = site.hits.copy()
    report = crawler(store, site, fake_time, tmp_path).run()
    assert report.new_articles == 0
    assert report.not_modified == 1  # the listing answered 304 to its ETag
    assert "If-None-Match" in [h for p, h in site.requests if p == CAT][-1]
    assert site.count(CAT + "page-2") == before[CAT + "page-2"]
    for g in GOOD[:3]:
        assert site.count(CAT + g) == before[CAT + g]
    assert len(article_urls(store)) == len(GOOD)


@pytest.mark.slow
def test_crawl_retries_transient_failures_only(store, site, fake_time, tmp_path):
    site.slow = True  # cham-107 never answers: a timeout on every run (no retry within a run: each costs a wait)
    crawler(store, site, fake_time, tmp_path, fetcher=make_fetcher(fake_time, read_timeout=SLOW_TIMEOUT,
                                                                   max_retries=0)).run()
    before = site.hits.copy()
    crawler(store, site, fake_time, tmp_path, fetcher=make_fetcher(fake_time, read_timeout=SLOW_TIMEOUT,
                                                                   max_retries=0)).run()
    assert site.count(CAT + "cham-107.html") > before[CAT + "cham-107.html"]          # timeout: tried again
    assert site.count(CAT + "khong-ton-tai-108.html") == before[CAT + "khong-ton-tai-108.html"]  # 404: final
    attempts = store.con.execute("SELECT attempts FROM crawl_failures WHERE url = ?",
                                 [full(site, "cham-107.html")]).fetchone()[0]
    assert attempts == 2


@pytest.mark.slow
def test_crawl_new_article_stops_at_known_page(store, site, fake_time, tmp_path):
    crawler(store, site, fake_time, tmp_path).run()
    page2_before = site.count(CAT + "page-2")
    new = CAT + "bai-moi-118.html"
    site.extra_pages[new] = (Path(__file__).parents[1] / "fixtures/crawl_site/vi/news/dan-van/khong-ngay-117.html"
                             ).read_bytes().replace("lịch tiếp công dân".encode(), "lịch họp dân".encode())
    site.extra_links.append((new, "Bài mới"))
    report = crawler(store, site, fake_time, tmp_path).run()
    assert report.new_articles == 1
    assert full(site, new) in article_urls(store)
    # page 1 had a new link, so page 2 was asked for again; it was unchanged (304) and the walk stopped there
    assert site.count(CAT + "page-2") == page2_before + 1
    assert report.not_modified == 1


def test_crawl_max_pages_limits_the_walk(store, site, fake_time, tmp_path):
    c = crawler(store, site, fake_time, tmp_path, max_pages=1)
    seen = []
    c.progress = lambda kind, url, report: seen.append((kind, report.pending))
    report = c.run()
    assert seen[0] == ("listing", 12)  # page 1 queued its 12 links
    assert seen[-1][1] == 0 and [k for k, _ in seen].count("article") == 12
    assert report.listing_pages == 1
    assert site.count(CAT + "page-2") == 0
    assert full(site, "windows-1258-113.html") not in article_urls(store)


@pytest.mark.slow
def test_crawl_max_articles_leaves_the_rest_pending(store, site, fake_time, tmp_path):
    report = crawler(store, site, fake_time, tmp_path, max_articles=2).run()
    assert report.new_articles == 2
    assert sorted(article_urls(store)) == sorted(full(site, g) for g in GOOD[:2])  # in the listing's order
    assert pending(tmp_path) > 0
    crawler(store, site, fake_time, tmp_path).run()
    assert sorted(article_urls(store)) == sorted(full(site, g) for g in GOOD)


class InterruptingFetcher(Fetcher):
    """Raises Interrupted on the n-th fetch of an article page, before anything is written."""

    def __init__(self, *args, after: int, **kw):
        super().__init__(*args, **kw)
        self.after, self.article_fetches = after, 0

    def fetch(self, url, validators=None, source_id=None, follow=None):
        if url.rstrip("/") != url and url.endswith(CAT) or url.endswith("page-2"):
            return super().fetch(url, validators, source_id, follow)
        self.article_fetches += 1
        if self.article_fetches == self.after:
            raise Interrupted(url)
        return super().fetch(url, validators, source_id, follow)


@pytest.mark.slow
@pytest.mark.parametrize("after", [1, 4, 12])
def test_crawl_resumes_after_interruption_without_loss_or_duplicates(store, site, fake_time, tmp_path, after):
    opts = dict(crawl_delay=0.0, read_timeout=READ_TIMEOUT, max_retries=1, backoff=0.1, max_body_bytes=1024 * 1024)
    fetcher = InterruptingFetcher(FetchOptions(**opts), sleep=fake_time.sleep, clock=fake_time.clock, after=after)
    with pytest.raises(Interrupted):
        crawler(store, site, fake_time, tmp_path, fetcher=fetcher).run()
    crawler(store, site, fake_time, tmp_path).run()

    assert sorted(article_urls(store)) == sorted(full(site, g) for g in GOOD)
    assert pending(tmp_path) == 0
    responses = Counter(url for kind, url, _ in warc_records(tmp_path / "warc") if kind == "response")
    for g in GOOD:
        assert responses[full(site, g)] == 1, g   # each article archived exactly once across both runs
    assert len({r.final_url for r in iter_responses(tmp_path / "warc")}) >= len(GOOD)


@pytest.mark.slow
def test_crawl_interrupted_after_archiving_stores_once(store, site, fake_time, tmp_path):
    calls = []
    to_store = StoreSink(store, extractor=False)

    def sink_then_die(handoff):
        calls.append(len(handoff.articles))
        if sum(calls) >= 3:
            raise Interrupted("the third article")
        to_store(handoff)

    with pytest.raises(Interrupted):
        crawler(store, site, fake_time, tmp_path, sink=sink_then_die, handoff_articles=1).run()
    assert state_for(tmp_path).undelivered() > 0  # the batch that was not taken waits in the outbox
    crawler(store, site, fake_time, tmp_path).run()
    urls = article_urls(store)
    assert sorted(urls) == sorted(full(site, g) for g in GOOD)
    assert len(urls) == len(set(urls))
    assert store.con.execute("SELECT count(*) FROM articles").fetchone()[0] == len(GOOD)


def test_crawl_discovers_articles_in_feeds_and_sitemaps(store, site, fake_time, tmp_path):
    source = adhoc_source(site.url(CAT), "Lai Châu", cms="nukeviet")
    source.listing_urls = []
    source.rss_urls = [site.url("/feeds/dan-van.rss")]
    source.sitemap_urls = [site.url("/sitemap.xml")]
    report = Crawler(state_for(tmp_path), source, make_fetcher(fake_time), CrawlOptions(archive_dir=tmp_path / "warc"),
                     sink=StoreSink(store, extractor=False)).run()
    assert sorted(article_urls(store)) == sorted(full(site, n) for n in (
        "chi-trong-rss-118.html", "dan-van-kheo-xa-ban-hon-101.html",
        "chi-trong-sitemap-119.html", "hoi-nghi-ban-dan-van-102.html"))
    assert report.listing_pages == 3  # the feed, the sitemap index, its child sitemap
    assert site.count("/sitemap-news-2023.xml") == 1
    kinds = dict(state_for(tmp_path).con.execute("SELECT url, kind FROM crawl_seen").fetchall())
    assert kinds[site.url("/feeds/dan-van.rss")] == "feed"
    assert kinds[site.url("/sitemap-news-2023.xml")] == "sitemap"
    again = Crawler(state_for(tmp_path), source, make_fetcher(fake_time), CrawlOptions(archive_dir=tmp_path / "warc"),
                    sink=StoreSink(store, extractor=False)).run()
    assert again.new_articles == 0 and again.not_modified == 2  # feed and sitemap index answer 304


def test_crawl_auto_detects_the_cms(store, site, fake_time, tmp_path):
    crawler(store, site, fake_time, tmp_path, cms="auto", max_pages=1, max_articles=2).run()
    assert store.con.execute("SELECT DISTINCT cms FROM articles").fetchall() == [("nukeviet",)]


def test_crawl_unknown_cms_is_refused(store, site, fake_time, tmp_path):
    with pytest.raises(CrawlError, match="unknown CMS family"):
        crawler(store, site, fake_time, tmp_path, cms="wordpress-9")


@pytest.mark.parametrize("url,province,message", [
    ("http://127.0.0.1/x/", "Xứ Đoài", "unknown province"),
    ("ftp://example.org/", "Lai Châu", "not an http"),
])
def test_crawl_adhoc_source_checks_its_input(url, province, message):
    with pytest.raises(CrawlError, match=message):
        adhoc_source(url, province)


def test_crawl_adhoc_source_keys_provinces():
    s = adhoc_source("https://www.bentre.dcs.vn/tin-tuc/", "tỉnh Bến Tre")
    assert (s.id, s.province, s.province_2025, s.listing_urls) == (
        "adhoc-bentre-dcs-vn", "Bến Tre", "Vĩnh Long", ["https://www.bentre.dcs.vn/tin-tuc/"])


@pytest.mark.slow
def test_crawl_cli_adhoc_prints_summary(site, tmp_path, monkeypatch, fake_time):
    import scrapers.fetch
    from pipeline.cli import app

    monkeypatch.setattr(scrapers.fetch, "_sleep", fake_time.sleep)  # no real waits for delays and backoff

    db = tmp_path / "t.duckdb"
    result = CliRunner().invoke(app, [
        "--db", str(db), "crawl", "--url", site.url(CAT), "--province", "Lai Châu", "--cms", "nukeviet",
        "--max-pages", "1", "--delay", "0", "--archive-dir", str(tmp_path / "warc"),
    ])
    assert result.exit_code == 0, result.output
    assert "new articles" in result.output
    with Store(db, read_only=True) as s:
        n = s.con.execute("SELECT count(*) FROM articles").fetchone()[0]
        reasons = {r[0] for r in s.con.execute("SELECT reason FROM crawl_failures").fetchall()}
    assert n == 6  # the page-1 articles
    assert {"http_404", "redirect_loop", "robots_disallowed"} <= reasons


def test_crawl_cli_needs_one_target(tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.duckdb"), "crawl"])
    assert result.exit_code == 1
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.duckdb"), "crawl", "--url", "http://x.vn/"])
    assert result.exit_code == 1
    assert "--province" in result.output


def test_crawl_cli_unknown_source(tmp_path):
    from pipeline.cli import app

    result = CliRunner().invoke(app, ["--db", str(tmp_path / "t.duckdb"), "crawl", "--source", "no-such-site"])
    assert result.exit_code == 1
    assert "no-such-site" in result.output


KILL_SCRIPT = """
import sys
from pipeline.orchestrate import StoreSink
from pipeline.store import Store
from scrapers.crawl import Crawler, CrawlOptions, adhoc_source
from scrapers.fetch import Fetcher, FetchOptions
from scrapers.state import CrawlState

base, db, warc, state = sys.argv[1:5]
Store(db).close()
source = adhoc_source(base + "/vi/news/dan-van/", "Lai Châu", cms="nukeviet")
fetcher = Fetcher(FetchOptions(crawl_delay=0.15, read_timeout=10.0, max_retries=0, max_body_bytes=1 << 20,
                               respect_robots=False))
Crawler(CrawlState(state), source, fetcher, CrawlOptions(archive_dir=warc, handoff_articles=1),
        sink=StoreSink(db)).run()
"""


@pytest.mark.slow
def test_crawl_survives_kill_9(site, fake_time, tmp_path):
    """A real crawl process killed with SIGKILL mid-crawl, then run again: nothing lost, nothing twice."""
    import os
    import signal
    import subprocess
    import sys
    import time

    db, warc = tmp_path / "kill.duckdb", tmp_path / "warc"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, site.base, str(db), str(warc),
                             str(tmp_path / "state.duckdb")],
                            cwd=Path(__file__).parents[2])
    articles_served = lambda: sum(site.count(CAT + g) for g in GOOD)  # noqa: E731
    deadline = time.monotonic() + 60
    while articles_served() < 4 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert proc.poll() is None, "the crawl ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    st = Store(db)  # DuckDB replays its WAL: the pages committed before the kill are there
    try:
        done_before = state_for(tmp_path).con.execute(
            "SELECT count(*) FROM crawl_seen WHERE article_id IS NOT NULL").fetchone()[0]
        assert 0 < done_before < len(GOOD)
        crawler(st, site, fake_time, tmp_path).run()
        urls = article_urls(st)
        assert sorted(urls) == sorted(full(site, g) for g in GOOD)
        assert pending(tmp_path) == 0
        for url, warc_file, offset in st.con.execute("SELECT url, warc_file, warc_offset FROM articles").fetchall():
            assert read_response(warc_file, offset).final_url == url
    finally:
        st.close()
    responses = Counter(url for kind, url, _ in warc_records(warc) if kind == "response")
    # an article is archived twice only if the kill fell between its WARC write and its commit
    assert sum(responses[full(site, g)] for g in GOOD) <= len(GOOD) + 1


@pytest.mark.slow
def test_crawl_cli_all_from_a_registry_file(site, tmp_path, monkeypatch, fake_time):
    import scrapers.fetch
    from pipeline.cli import app

    monkeypatch.setattr(scrapers.fetch, "_sleep", fake_time.sleep)
    registry = tmp_path / "sources.toml"
    registry.write_text(f"""
[[source]]
id = "fixture-page2"
name = "Tỉnh ủy (trang thử)"
province = "Lai Châu"
base_url = "{site.base}/"
cms = "nukeviet"
listing_urls = ["{site.url(CAT + 'page-2')}"]
crawl_delay = 0

[[source]]
id = "fixture-feed"
name = "Tỉnh ủy (RSS thử)"
province = "Lai Châu"
base_url = "{site.base}/"
cms = "nukeviet"
rss_urls = ["{site.url('/feeds/dan-van.rss')}"]
crawl_delay = 0
""", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    result = CliRunner().invoke(app, ["--db", str(db), "crawl", "--all", "--registry", str(registry),
                                      "--archive-dir", str(tmp_path / "warc")])
    assert result.exit_code == 0, result.output
    assert "fixture-page2" in result.output and "fixture-feed" in result.output
    with Store(db, read_only=True) as s:
        by_source = dict(s.con.execute("SELECT source_id, count(*) FROM articles GROUP BY 1").fetchall())
    assert by_source == {"fixture-page2": 4, "fixture-feed": 2}
