import pytest
from analytics_data import build_store
from typer.testing import CliRunner

from corpus.records import Article
from pipeline.cli import app
from pipeline.search import (SearchError, SearchOptions, fts_extension_path, index_is_fresh, refresh_search_index,
                             search)
from pipeline.store import Store


@pytest.fixture(scope="module")
def store():
    s = build_store(":memory:")
    refresh_search_index(s)
    yield s
    s.close()


def _slugs(result):
    return [h.url.rsplit("/", 1)[1] for h in result.hits]


def test_search_extension_ships_with_the_wheel():
    assert fts_extension_path().name == "fts.duckdb_extension"


def test_search_exact_phrase_ranks_first(store):
    result = search(store, SearchOptions("tiếp công dân"))
    assert result.method == "fts"
    # tv1 has every word ("công tác tiếp dân") but not the phrase: it comes last
    assert _slugs(result)[-1] == "tv1"
    assert set(_slugs(result)[:-1]) == {"ct1", "bt1", "nw1"}
    assert all(h.phrase for h in result.hits[:-1]) and not result.hits[-1].phrase
    assert "tiếp công dân" in result.hits[0].snippet


def test_search_phrase_only_and_scan_agree(store):
    fts = search(store, SearchOptions("tiếp công dân", phrase=True))
    scan = search(store, SearchOptions("tiếp công dân", method="scan"))
    assert scan.method == "scan"
    assert set(_slugs(fts)) == set(_slugs(scan)) == {"ct1", "bt1", "nw1"}


@pytest.mark.parametrize("province, geography, expected", [
    ("TP Cần Thơ", "1963", ["ct1", "ct2"]),
    ("tỉnh Bến Tre", "1963", ["bt1", "bt2", "bt3"]),
    ("Vĩnh Long", "2025", ["bt1", "bt2", "bt3", "tv1"]),
])
def test_search_province_filter(store, province, geography, expected):
    result = search(store, SearchOptions("dân", province=province, geography=geography))
    assert sorted(_slugs(result)) == expected


def test_search_numbers_and_case(store):
    assert set(_slugs(search(store, SearchOptions("NĂM 2023")))) == {"ct2"}


def test_search_limit(store):
    assert len(search(store, SearchOptions("dân", limit=2)).hits) == 2


@pytest.mark.parametrize("options, message", [
    (SearchOptions("   "), "empty query"),
    (SearchOptions("dân", limit=0), "limit"),
    (SearchOptions("dân", province="Narnia"), "unknown province"),
    (SearchOptions("dân", province="Bến Tre", geography="1975"), "geography"),
    (SearchOptions("dân", method="grep"), "method"),
])
def test_search_rejects_bad_options(store, options, message):
    with pytest.raises(SearchError, match=message):
        search(store, options)


def test_search_index_refresh_is_idempotent_and_follows_loads():
    s = build_store(":memory:")
    assert refresh_search_index(s) is True
    assert refresh_search_index(s) is False
    assert index_is_fresh(s)
    s.upsert_articles([Article(url="https://baolongan.example.vn/tin/la1", title="Long An",
                               text="Huyện Đức Hòa tổ chức tiếp xúc cử tri.", province="Long An",
                               province_2025="Tây Ninh")])
    assert not index_is_fresh(s)
    result = search(s, SearchOptions("tiếp xúc cử tri"))
    assert result.refreshed and result.method == "fts" and _slugs(result) == ["la1"]
    assert refresh_search_index(s) is False


def test_search_read_only_stale_index_falls_back_to_scan(tmp_path):
    path = tmp_path / "s.duckdb"
    build_store(path).close()          # never indexed
    with Store(path, read_only=True) as ro:
        result = search(ro, SearchOptions("mô hình dân vận khéo"))
        assert result.method == "scan" and not result.refreshed
        assert len(result.hits) == 6
        with pytest.raises(SearchError, match="read-only"):
            search(ro, SearchOptions("dân", method="fts"))


def test_search_cli_builds_index_then_api_sees_it(tmp_path):
    path = tmp_path / "cli.duckdb"
    build_store(path).close()
    result = CliRunner().invoke(app, ["--db", str(path), "search", "tiếp công dân", "--province", "Cần Thơ",
                                      "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert "1 article for" in result.stdout and "index rebuilt" in result.stdout
    with Store(path) as s:
        assert index_is_fresh(s)


def test_search_cli_unknown_province(tmp_path):
    path = tmp_path / "cli.duckdb"
    build_store(path).close()
    result = CliRunner().invoke(app, ["--db", str(path), "search", "dân", "--province", "Atlantis"])
    assert result.exit_code == 1 and "unknown province" in result.output


@pytest.mark.parametrize("query", ["!!!", "'; DROP TABLE articles; --", "%_%", "tiếp\u0301 công", "😀 dân"])
def test_search_naughty_queries_are_harmless(store, query):
    for method in ("fts", "scan"):
        search(store, SearchOptions(query, method=method))
    assert store.query("SELECT count(*) FROM articles")[1] == [(7,)]


def test_search_query_in_decomposed_unicode_finds_composed_text(store):
    import unicodedata

    nfd = unicodedata.normalize("NFD", "tiếp công dân")
    assert set(_slugs(search(store, SearchOptions(nfd, phrase=True)))) == {"ct1", "bt1", "nw1"}


# -- Vietnamese spelling: tone placement, accents ---------------------------------------------------------

def _tone_store():
    s = build_store(":memory:")
    s.upsert_articles([
        Article(url="https://baohaugiang.example.vn/tin/hg1", title="Tổ hòa giải ấp Tân Phú",
                text="Tổ hòa giải ở ấp đã giúp bà con khỏe mạnh tinh thần, ông Thúy nói.",
                province="Hậu Giang", province_2025="Cần Thơ"),
        Article(url="https://baosoctrang.example.vn/tin/st1", title="Hoa giấy nở rộ",
                text="Vườn hoa giấy ở xã được giải nhất hội thi.", province="Sóc Trăng", province_2025="Cần Thơ"),
    ])
    return s


@pytest.mark.parametrize("query", ["Hoà giải", "hòa giải", "HOÀ GIẢI", "hoà  giải"])
def test_search_folds_tone_placement(query):
    s = _tone_store()
    for method in ("fts", "scan"):
        result = search(s, SearchOptions(query, method=method))
        assert _slugs(result) == ["hg1"], (method, query)
        assert not result.accent_insensitive and result.note == ""
        assert result.hits[0].phrase


@pytest.mark.parametrize("new, old", [("thuý", "thúy"), ("khoẻ", "khỏe"), ("oà", "òa"), ("uỳ", "ùy")])
def test_search_fold_tones_pairs(new, old):
    from pipeline.search import fold_tones

    assert fold_tones(new) == fold_tones(old) == old


def test_search_without_accents_says_so():
    s = _tone_store()
    # without accents both articles hold the words "hoa" and "giai"; only hg1 holds them as a phrase
    fts = search(s, SearchOptions("hoa giai", method="fts"))
    assert _slugs(fts) == ["hg1", "st1"] and [h.phrase for h in fts.hits] == [True, False]
    scan = search(s, SearchOptions("hoa giai", method="scan"))
    assert _slugs(scan) == ["hg1"]
    for result in (fts, scan):
        assert result.accent_insensitive and "without accents" in result.note


def test_search_accents_exact_and_fallback():
    s = _tone_store()
    assert search(s, SearchOptions("hoa giai", accents="exact")).hits == []
    # accented query that matches nothing with its accents: falls back, and says so
    result = search(s, SearchOptions("hóa giải"))
    assert result.accent_insensitive and "with these accents" in result.note and _slugs(result)[0] == "hg1"
    assert search(s, SearchOptions("hóa giải", accents="exact")).hits == []


def test_search_accents_do_not_mix_when_exact_hits_exist():
    s = _tone_store()
    assert _slugs(search(s, SearchOptions("hoa giấy"))) == ["st1"]


def test_search_cli_marks_phrase_and_writes_formats(tmp_path):
    import csv
    import json

    import openpyxl

    path = tmp_path / "cli.duckdb"
    build_store(path).close()
    runner = CliRunner()
    table = runner.invoke(app, ["--db", str(path), "search", "tiếp công dân"])
    assert table.exit_code == 0, table.output
    assert "4 articles for 'tiếp công dân', 3 with the exact phrase (✓)" in " ".join(table.stdout.split())
    as_csv = runner.invoke(app, ["--db", str(path), "search", "tiếp công dân", "--format", "csv"])
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    assert [r["phrase"] for r in rows] == ["True", "True", "True", "False"]
    assert rows[0]["published"].endswith("+07:00")
    as_json = runner.invoke(app, ["--db", str(path), "search", "tiếp công dân", "--format", "json"])
    assert len([json.loads(line) for line in as_json.stdout.splitlines()]) == 4
    out = tmp_path / "hits.xlsx"
    written = runner.invoke(app, ["--db", str(path), "search", "tiếp công dân", "--out", str(out)])
    assert written.exit_code == 0, written.output
    ws = openpyxl.load_workbook(out)["Kết quả tìm kiếm"]
    assert [c.value for c in ws[1]][:4] == ["Ngày đăng", "Tỉnh, thành phố", "Điểm", "Có đúng cụm từ"]
    assert ws.max_row == 5 and ws["G2"].hyperlink is not None


def test_search_cli_unaccented_query_prints_a_note(tmp_path):
    path = tmp_path / "cli.duckdb"
    build_store(path).close()
    result = CliRunner().invoke(app, ["--db", str(path), "search", "tiep cong dan"])
    assert result.exit_code == 0 and "matched without accents" in result.output


def test_search_cli_read_only_store_scans(tmp_path, monkeypatch):
    import pipeline.commands.analytics as analytics

    path = tmp_path / "ro.duckdb"
    build_store(path).close()          # never indexed: a read-only store cannot build the index
    monkeypatch.setattr(analytics, "store_writable", lambda p: False)
    result = CliRunner().invoke(app, ["--db", str(path), "search", "mô hình dân vận khéo"])
    assert result.exit_code == 0, result.output
    assert "method: scan" in result.stdout
    with Store(path, read_only=True) as s:
        assert not index_is_fresh(s)


def test_search_cli_unknown_out_suffix(tmp_path):
    path = tmp_path / "cli.duckdb"
    build_store(path).close()
    result = CliRunner().invoke(app, ["--db", str(path), "search", "dân", "--out", str(tmp_path / "a.docx")])
    assert result.exit_code == 1 and "unknown file type" in result.output
