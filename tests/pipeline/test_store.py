from datetime import datetime, timedelta, timezone

import pytest

from corpus.records import Article
from extractors.records import DocumentRef, Extraction, Figure
from pipeline.store import Store, StoreError, migrations

VN = timezone(timedelta(hours=7))


def _article(url="https://x.dcs.test/a-1.html", text="Năm 2022 có 12 mô hình."):
    return Article(url=url, title="T", text=text, published=datetime(2023, 3, 1, 9, 0, tzinfo=VN),
                   province="Bến Tre", province_2025="Vĩnh Long", source_id="s1")


def _extraction(article_id, version="1", value=12.0):
    return Extraction(
        id=article_id, extractor_version=version,
        figures=[Figure(value=value, entity="mô hình", category="model", start=10, end=20, span="12 mô hình",
                        period="2022", sentence="Năm 2022 có 12 mô hình.")],
        documents=[DocumentRef(number="5-KH/TU", start=0, end=7, kind="KH", issuer_codes=["TU"], date="2021-04-03",
                               year=2021)],
    )


def test_store_migrations_recorded_in_order(store):
    versions = [m.version for m in migrations()]
    assert versions == sorted(versions) and versions[0] == 1
    assert store.schema_version() == versions[-1]
    assert store.migrate() == []  # nothing left to apply


def test_store_upserts_are_idempotent(store):
    a = _article()
    for _ in range(2):
        store.upsert_articles([a])
        store.replace_extractions([_extraction(a.id)])
    counts = store.counts()
    assert counts["articles"] == 1 and counts["figures"] == 1 and counts["documents"] == 1
    assert counts["document_mentions"] == 1


def test_store_keeps_other_extractor_versions(store):
    a = _article()
    store.upsert_articles([a])
    store.replace_extractions([_extraction(a.id, "1")])
    store.replace_extractions([_extraction(a.id, "2", value=13.0)])
    _, rows = store.query("SELECT extractor_version, value FROM figures ORDER BY 1")
    assert rows == [("1", 12.0), ("2", 13.0)]


def test_store_failed_load_changes_nothing(store):
    a = _article()
    store.upsert_articles([a])
    store.replace_extractions([_extraction(a.id)])
    bad = _extraction(a.id)
    bad.figures[0].category = None  # violates NOT NULL: the whole batch is rolled back
    with pytest.raises(Exception):
        store.replace_extractions([bad])
    assert store.counts()["figures"] == 1
    with pytest.raises(StoreError):
        store.replace_extractions([Extraction(id=a.id)])  # no version


def test_store_read_only_and_missing(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    Store(tmp_path / "db.duckdb").close()
    ro = Store(tmp_path / "db.duckdb", read_only=True)
    with pytest.raises(StoreError):
        ro.query("CREATE TABLE x (a INT)")
    ro.close()


def test_store_iter_articles_round_trip(store):
    a = _article()
    store.upsert_articles([a])
    (back,) = list(store.iter_articles())
    assert (back.id, back.url, back.province_2025, back.text) == (a.id, a.url, "Vĩnh Long", a.text)
    assert back.published == a.published


def test_store_applies_missing_lower_migrations(tmp_path, monkeypatch):
    import pipeline.store as store_module

    shipped = store_module.migrations()
    path = tmp_path / "gap.duckdb"
    # a database made by a branch that had every migration but 004
    monkeypatch.setattr(store_module, "migrations", lambda: [m for m in shipped if m.version != 4])
    Store(path).close()
    monkeypatch.setattr(store_module, "migrations", lambda: shipped)
    with Store(path) as s:
        versions = {r[0] for r in s.con.execute("SELECT version FROM schema_version").fetchall()}
    assert versions == {m.version for m in shipped}


def test_store_bulk_load_of_many_rows(store):
    arts = [_article(url=f"https://x.dcs.test/{i}") for i in range(300)]
    store.upsert_articles(arts)
    store.replace_extractions([_extraction(a.id) for a in arts])
    counts = store.counts()
    assert counts["articles"] == 300 and counts["figures"] == 300 and counts["document_mentions"] == 300
    _, rows = store.query("SELECT DISTINCT date, period_start, period_end FROM document_mentions, figures")
    assert rows == [(__import__("datetime").date(2021, 4, 3), 2022, 2022)]


def test_store_same_article_twice_in_one_batch_later_wins(store):
    first, second = _article(text="Có 12 mô hình."), _article(text="Có 13 mô hình.")
    store.upsert_articles([first, second])
    store.replace_extractions([_extraction(first.id, value=12.0), _extraction(first.id, value=13.0)])
    _, rows = store.query("SELECT a.text, f.value FROM articles a JOIN figures f ON f.article_id = a.id")
    assert rows == [("Có 13 mô hình.", 13.0)]
