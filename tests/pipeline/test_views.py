import pytest
from analytics_data import VERSION, articles, build_store

from pipeline.store import Store


@pytest.fixture(scope="module")
def store():
    s = build_store(":memory:")
    yield s
    s.close()


def _dicts(store, sql, params=None):
    cols, rows = store.query(sql, params)
    return [dict(zip(cols, r)) for r in rows]


def test_views_facts_dedup_keeps_every_evidence_article(store):
    ids = {a.url.rsplit("/", 1)[1]: a.id for a in articles()}
    facts = _dicts(store, "SELECT * FROM facts WHERE extractor_version = ? AND year = 2022 AND category = 'model' "
                          "ORDER BY province", [VERSION])
    assert [(f["province"], f["value"], f["figures"], f["articles"]) for f in facts] == [
        ("Bến Tre", 25.0, 2, 2), ("Trà Vinh", 25.0, 1, 1)]   # same value, other province: another fact
    assert facts[0]["evidence"] == sorted([ids["bt1"], ids["bt2"]])
    assert facts[0]["evidence_sources"] == ["baobentre", "bentre-dcs"]
    evidence = _dicts(store, "SELECT * FROM fact_evidence WHERE fact_id = ? ORDER BY article_id", [facts[0]["fact_id"]])
    assert [e["article_id"] for e in evidence] == facts[0]["evidence"]
    assert {e["span"] for e in evidence} == {"25 mô hình"}


def test_views_facts_leave_out_figures_without_province(store):
    assert store.query("SELECT count(*) FROM facts WHERE value = 1000")[1] == [(0,)]


def test_views_figures_by_province_both_geographies(store):
    old = _dicts(store, "SELECT * FROM figures_by_province WHERE extractor_version = ? AND year = 2022 "
                        "AND category = 'model' ORDER BY province", [VERSION])
    assert [(r["province"], r["facts"], r["figures"], r["total"], r["articles"]) for r in old] == [
        ("Bến Tre", 1, 2, 25.0, 2), ("Trà Vinh", 1, 1, 25.0, 1)]
    new = _dicts(store, "SELECT * FROM figures_by_province_2025 WHERE extractor_version = ? AND year = 2022 "
                        "AND category = 'model'", [VERSION])
    assert [(r["province"], r["facts"], r["figures"], r["total"], r["articles"]) for r in new] == [
        ("Vĩnh Long", 2, 3, 50.0, 3)]


def test_views_multi_year_periods_have_no_year(store):
    rows = _dicts(store, "SELECT * FROM figures_by_province WHERE extractor_version = ? AND period_start = 2016",
                  [VERSION])
    assert [(r["period_end"], r["year"], r["total"]) for r in rows] == [(2020, None, 90.0)]


def test_views_coverage_by_source_month_in_vietnam_time(tmp_path):
    from datetime import datetime, timedelta, timezone

    from corpus.records import Article

    with Store(":memory:") as store:
        vn = timezone(timedelta(hours=7))
        store.upsert_articles([
            Article(url="https://a.example.vn/1", title="t", text="x", source_id="a", province="Bến Tre",
                    province_2025="Vĩnh Long", published=datetime(2023, 1, 1, 5, 0, tzinfo=vn)),  # 2022-12-31 UTC
            Article(url="https://a.example.vn/2", title="t", text="x", source_id="a", province="Bến Tre",
                    province_2025="Vĩnh Long", published=datetime(2023, 1, 20, 9, 0, tzinfo=vn)),
            Article(url="https://a.example.vn/3", title="t", text="x", source_id="a", province="Bến Tre",
                    province_2025="Vĩnh Long"),
        ])
        rows = store.query("SELECT month, articles FROM coverage_by_source_month WHERE source_id = 'a' "
                           "ORDER BY month NULLS LAST")[1]
        assert [(str(m) if m else None, n) for m, n in rows] == [("2023-01-01", 2), (None, 1)]
        assert store.query("SELECT year, articles FROM coverage_by_province_2025")[1] == [(2023, 2)]


def test_views_documents_by_province_first_last_and_central(store):
    rows = _dicts(store, "SELECT * FROM documents_by_province WHERE extractor_version = ? ORDER BY province, number",
                  [VERSION])
    assert [(r["province"], r["number"], r["central"]) for r in rows] == [
        ("Bến Tre", "150-CTr/BCSĐUBND-BDVTU", False), ("Bến Tre", "18-CT/TW", True), ("Trà Vinh", "18-CT/TW", True)]
    by_2025 = store.query(
        "SELECT min(first_cited), max(last_cited), sum(articles) FROM documents_by_province "
        "WHERE number = '18-CT/TW' AND province_2025 = 'Vĩnh Long'")[1][0]
    assert (by_2025[0].date().isoformat(), by_2025[1].date().isoformat(), by_2025[2]) == (
        "2023-01-10", "2023-02-01", 2)


@pytest.mark.parametrize("issuer, central", [
    ("TW", True), ("BDVTW", True), ("UBTVQH15", True), ("CP", True), ("QĐ-TTg", True),
    ("BCSĐUBND-BDVTU", False), ("UBND", False), (None, False),
])
def test_views_document_issuers_central(tmp_path, issuer, central):
    with Store(":memory:") as store:
        store.con.execute("INSERT INTO documents VALUES ('1/X', 'X', NULL, ?, 2020)", [issuer])
        assert store.query("SELECT central FROM document_issuers")[1] == [(central,)]


def test_views_follow_reloads():
    store = build_store(":memory:")
    arts = articles()
    bt2 = next(a for a in arts if a.url.endswith("/bt2"))
    from extractors.records import Extraction

    store.replace_extractions([Extraction(id=bt2.id, extractor_version=VERSION)])   # bt2 now has no figures
    rows = store.query("SELECT figures, articles FROM facts WHERE extractor_version = ? AND province = 'Bến Tre' "
                       "AND year = 2022", [VERSION])[1]
    assert rows == [(1, 1)]
