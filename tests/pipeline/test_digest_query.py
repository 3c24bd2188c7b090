"""The digest's week query, on a store built by hand."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone

import pytest

from corpus.records import Article
from extractors.records import DocumentRef, Extraction, Figure
from pipeline.digest.query import DigestError, build_digest, check_options
from pipeline.digest.records import DigestOptions
from pipeline.digest.week import IsoWeek, WeekError
from pipeline.store import Store

VN = timezone(timedelta(hours=7))
VERSION = "test-1"
W13 = IsoWeek(2023, 13)   # Monday 27 March to Sunday 2 April 2023

NASTY_TITLE = 'Bến Tre: <script>alert("x")</script> & “dân vận khéo” \'quoted\''


class _Source:
    def __init__(self, id, name, province, province_2025=None):
        self.id, self.name, self.province, self.province_2025 = id, name, province, province_2025
        self.level, self.base_url, self.cms, self.verified = "province", f"https://{id}.example.vn", "generic", True


def _figure(sentence: str, span: str, value: float, entity: str, category: str) -> Figure:
    start = sentence.index(span)
    return Figure(value=value, entity=entity, category=category, start=start, end=start + len(span), span=span,
                  period="2023", sentence=sentence)


def build_store(path) -> Store:
    """A small store: Bến Tre and Vĩnh Long (both in 2025 Vĩnh Long), Hà Giang, one silent source."""
    store = Store(path)
    store.upsert_sources([
        _Source("dvbt", "Ban Dân vận Tỉnh ủy Bến Tre", "Bến Tre", "Vĩnh Long"),
        _Source("dvvl", "Ban Dân vận Tỉnh ủy Vĩnh Long", "Vĩnh Long", "Vĩnh Long"),
        _Source("dvhg", "Ban Dân vận Tỉnh ủy Hà Giang", "Hà Giang", "Tuyên Quang"),
        _Source("dvcb", "Ban Dân vận Tỉnh ủy Cao Bằng", "Cao Bằng", "Cao Bằng"),
    ])
    s1 = "Năm 2023, toàn tỉnh công nhận 25 mô hình “Dân vận khéo” tiêu biểu."
    s2 = "Tỉnh ủy tặng Bằng khen cho 12 tập thể có thành tích xuất sắc."
    s3 = "Các cấp đã tổ chức 40 hội nghị đối thoại với nhân dân."
    s_old = "Quý I, huyện xây dựng 5 mô hình dân vận khéo ở khu dân cư."
    s_static = "Ban có 9 phòng chuyên môn và 31 cán bộ, công chức."
    articles = [
        # this week: Bến Tre, published Monday 00:30 local (Sunday 17:30 UTC: still week 13 in Vietnam)
        Article(url="https://dvbt.example.vn/tin/1", title=NASTY_TITLE, text=s1 + " " + s2,
                published=datetime(2023, 3, 27, 0, 30, tzinfo=VN), source_id="dvbt",
                province="Bến Tre", province_2025="Vĩnh Long"),
        # this week: Vĩnh Long, published on Wednesday
        Article(url="https://dvvl.example.vn/tin/2", title="Vĩnh Long đối thoại với nhân dân", text=s3,
                published=datetime(2023, 3, 29, 9, 0, tzinfo=VN), source_id="dvvl",
                province="Vĩnh Long", province_2025="Vĩnh Long"),
        # previous week: Bến Tre, cites the document that reappears this week
        Article(url="https://dvbt.example.vn/tin/0", title="Bến Tre sơ kết quý I", text=s_old,
                published=datetime(2023, 3, 20, 8, 0, tzinfo=VN), source_id="dvbt",
                province="Bến Tre", province_2025="Vĩnh Long"),
        # next week (Monday 3 April 00:10 local): not in week 13
        Article(url="https://dvhg.example.vn/tin/9", title="Hà Giang tuần sau", text=s1,
                published=datetime(2023, 4, 3, 0, 10, tzinfo=VN), source_id="dvhg",
                province="Hà Giang", province_2025="Tuyên Quang"),
    ]
    # this week: an undated static page (about the committee), first fetched on Thursday: not news
    static = Article(url="https://dvvl.example.vn/gioi-thieu", title="Giới thiệu Ban Dân vận", text=s_static,
                     published=None, fetched_at=datetime(2023, 3, 30, 10, 0, tzinfo=VN), source_id="dvvl",
                     province="Vĩnh Long", province_2025="Vĩnh Long")
    store.upsert_articles(articles + [static])
    a1, a2, a0, a9 = articles
    store.replace_extractions([
        Extraction(id=a1.id, extractor_version=VERSION, figures=[
            _figure(s1, "25 mô hình", 25, "mô hình", "model"),
            _figure(s2, "12 tập thể", 12, "tập thể", "award_collective"),
        ], documents=[
            DocumentRef(number="150-CTr/TU", start=0, end=10, kind="CTr", kind_name="Chương trình"),
            DocumentRef(number="08-KH/BDVTU", start=20, end=31, kind="KH", kind_name="Kế hoạch"),
        ]),
        Extraction(id=a2.id, extractor_version=VERSION, figures=[
            _figure(s3, "40 hội nghị", 40, "hội nghị", "event"),
        ]),
        Extraction(id=a0.id, extractor_version=VERSION, figures=[
            _figure(s_old, "5 mô hình", 5, "mô hình", "model"),
        ], documents=[DocumentRef(number="08-KH/BDVTU", start=0, end=11, kind="KH", kind_name="Kế hoạch")]),
        Extraction(id=a9.id, extractor_version=VERSION, figures=[
            _figure(s1, "25 mô hình", 25, "mô hình", "model"),
        ], documents=[DocumentRef(number="99-NQ/TU", start=0, end=8, kind="NQ")]),
        Extraction(id=static.id, extractor_version=VERSION, figures=[
            _figure(s_static, "31 cán bộ", 31, "cán bộ", "other"),
        ]),
    ])
    return store


@pytest.fixture(scope="module")
def built_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("digest") / "t.duckdb"
    build_store(path).close()
    return path


@pytest.fixture
def store(built_db, tmp_path):
    """A private copy of the hand-built store (building it once per module keeps the tests fast)."""
    shutil.copy(built_db, tmp_path / "t.duckdb")
    with Store(tmp_path / "t.duckdb") as s:
        yield s


@pytest.mark.parametrize("text, expected", [
    ("2023-W13", IsoWeek(2023, 13)), ("2023W13", IsoWeek(2023, 13)), ("2020-w53", IsoWeek(2020, 53)),
    (" 2024-W01 ", IsoWeek(2024, 1)),
])
def test_digest_query_week_parses(text, expected):
    assert IsoWeek.parse(text) == expected


@pytest.mark.parametrize("text", ["2023-13", "2023-W54", "2023-W00", "2021-W53", "W13", "", "2023-W1x", "1800-W01"])
def test_digest_query_week_rejects(text):
    with pytest.raises(WeekError):
        IsoWeek.parse(text)


def test_digest_query_week_last_is_vietnam_time():
    # Sunday 2 April 2023 18:00 UTC is already Monday 3 April (week 14) in Vietnam
    now = datetime(2023, 4, 2, 18, 0, tzinfo=timezone.utc)
    assert IsoWeek.parse("last", now=now) == IsoWeek(2023, 13)
    assert IsoWeek.parse("this", now=now) == IsoWeek(2023, 14)


def test_digest_query_week_bounds_are_vietnam_time():
    start, end = W13.bounds()
    assert start.utcoffset() == timedelta(hours=7)
    assert (start.date().isoformat(), end.date().isoformat()) == ("2023-03-27", "2023-04-03")
    assert str(W13.shifted(-4)) == "2023-W09" and str(IsoWeek(2023, 1).shifted(-1)) == "2022-W52"


def test_digest_query_articles_by_province_and_week(store):
    digest = build_digest(store, DigestOptions(W13))
    names = [p.name for p in digest.provinces]
    assert names == ["Bến Tre", "Vĩnh Long"]
    bt, vl = digest.provinces
    assert [a.title for a in bt.articles] == [NASTY_TITLE]
    assert bt.articles[0].source_name == "Ban Dân vận Tỉnh ủy Bến Tre"
    assert bt.articles[0].day.isoformat() == "2023-03-27" and not bt.articles[0].day_from_fetch
    assert vl.articles[0].day.isoformat() == "2023-03-29"
    # the undated static page fetched this week is not news: counted, not listed
    assert [a.title for a in vl.articles] == ["Vĩnh Long đối thoại với nhân dân"] and digest.undated_pages == 1
    assert digest.article_count == 2 and digest.figure_count == 3 and not digest.is_empty
    # Hà Giang's article is next week; its source and Cao Bằng's were silent
    assert digest.silent_provinces == ["Cao Bằng", "Hà Giang"]


def test_digest_query_figures_grouped_by_category_with_evidence(store):
    bt = build_digest(store, DigestOptions(W13)).provinces[0]
    assert list(bt.figures) == ["model", "award_collective"]
    model = bt.figures["model"][0]
    assert (model.value, model.entity, model.value_text) == (25, "mô hình", "25")
    assert "25 mô hình “Dân vận khéo”" in model.sentence
    assert model.url == "https://dvbt.example.vn/tin/1"


def test_digest_query_changes_against_previous_four_weeks(store):
    bt = build_digest(store, DigestOptions(W13)).provinces[0]
    changes = {c.category: c for c in bt.changes}
    assert changes["model"].figures == 1 and changes["model"].previous_figures == pytest.approx(0.25)
    assert changes["model"].direction == "up" and changes["model"].percent == pytest.approx(300)
    assert changes["award_collective"].direction == "new"
    one_week = build_digest(store, DigestOptions(W13, compare_weeks=1)).provinces[0]
    assert {c.category: c for c in one_week.changes}["model"].previous_figures == 1


def test_digest_query_documents_cited_for_the_first_time(store):
    bt = build_digest(store, DigestOptions(W13)).provinces[0]
    # 08-KH/BDVTU was cited the week before; 99-NQ/TU only next week
    assert [d.number for d in bt.new_documents] == ["150-CTr/TU"]
    assert bt.new_documents[0].kind_name == "Chương trình"


def test_digest_query_filters_provinces_and_categories(store):
    digest = build_digest(store, DigestOptions(W13, provinces=("tỉnh bến tre", "Cao Bằng"), categories=("model",)))
    assert [p.name for p in digest.provinces] == ["Bến Tre", "Cao Bằng"]
    bt, cb = digest.provinces
    assert list(bt.figures) == ["model"] and [c.category for c in bt.changes] == ["model"]
    assert not cb.articles and [n.source_id for n in cb.coverage] == ["dvcb"]
    assert digest.silent_provinces == []


def test_digest_query_geography_2025_merges_provinces(store):
    digest = build_digest(store, DigestOptions(W13, geography="2025"))
    assert [p.name for p in digest.provinces] == ["Vĩnh Long"]
    assert len(digest.provinces[0].articles) == 2
    assert digest.silent_provinces == ["Cao Bằng", "Tuyên Quang"]
    # an old name under the 2025 geography maps to its new province
    assert check_options(DigestOptions(W13, provinces=("Bến Tre",), geography="2025")).provinces == ("Vĩnh Long",)


def test_digest_query_empty_week(store):
    digest = build_digest(store, DigestOptions(IsoWeek(2023, 30)))
    assert digest.is_empty and digest.provinces == [] and len(digest.silent_provinces) == 4


@pytest.mark.parametrize("options, message", [
    (DigestOptions(W13, provinces=("Atlantis",)), "unknown province 'Atlantis'"),
    (DigestOptions(W13, categories=("awards",)), "unknown category 'awards'"),
    (DigestOptions(W13, geography="1999"), "geography must be"),
])
def test_digest_query_rejects_bad_options(store, options, message):
    with pytest.raises(DigestError, match=message):
        build_digest(store, options)


def test_digest_query_coverage_without_failure_table(store):
    store.con.execute("DROP TABLE IF EXISTS crawl_failures")
    digest = build_digest(store, DigestOptions(W13, provinces=("Hà Giang",)))
    assert not digest.crawl_failures_known
    assert [(n.source_id, n.kind) for n in digest.provinces[0].coverage] == [("dvhg", "silent")]


def test_digest_query_coverage_reads_failures_under_other_column_names(store):
    store.con.execute("DROP TABLE IF EXISTS crawl_failures")
    store.con.execute("CREATE TABLE crawl_failures (source_id VARCHAR, url VARCHAR, error VARCHAR, failed_at TIMESTAMPTZ)")
    store.con.execute("INSERT INTO crawl_failures VALUES ('dvhg', 'https://dvhg.example.vn/', 'HTTP 503', ?), "
                      "('dvhg', 'https://dvhg.example.vn/old', 'timeout', ?)",
                      [datetime(2023, 3, 28, 10, tzinfo=VN), datetime(2023, 3, 1, tzinfo=VN)])
    digest = build_digest(store, DigestOptions(W13))
    assert digest.crawl_failures_known
    hg = next(p for p in digest.provinces if p.name == "Hà Giang")
    kinds = {n.kind: n for n in hg.coverage}
    assert "HTTP 503 https://dvhg.example.vn/" in kinds["failure"].detail and "timeout" not in kinds["failure"].detail
    assert "silent" in kinds


def test_digest_query_coverage_reads_the_crawl_state_table(store):
    columns = [r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'crawl_failures'").fetchall()]
    if not columns:
        pytest.skip("no crawl_failures table in this schema")
    values = {"url": "https://dvcb.example.vn/tin", "source_id": "dvcb", "reason": "http_404", "detail": "Not Found",
              "attempts": 1}
    time_column = next(c for c in ("at", "failed_at", "last_failed_at", "attempted_at") if c in columns)
    values[time_column] = datetime(2023, 3, 30, 12, tzinfo=VN)
    names = [c for c in values if c in columns]
    store.con.execute(f"INSERT INTO crawl_failures ({', '.join(chr(34) + n + chr(34) for n in names)}) "
                      f"VALUES ({', '.join('?' for _ in names)})", [values[n] for n in names])
    cb = build_digest(store, DigestOptions(W13, provinces=("Cao Bằng",))).provinces[0]
    failure = next(n for n in cb.coverage if n.kind == "failure")
    assert failure.source_name == "Ban Dân vận Tỉnh ủy Cao Bằng" and "http_404" in failure.detail
