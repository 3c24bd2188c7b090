"""`danvan load` stores a whole file or nothing, and refuses records that would corrupt the store."""
import json

import pytest
from typer.testing import CliRunner

from corpus.records import Article, article_id_for
from pipeline.cli import app
from pipeline.orchestrate import load_articles
from pipeline.store import Store, StoreError

runner = CliRunner()


def _flat(text: str) -> str:
    """The output without whitespace: rich wraps long lines (and paths) at the console width."""
    return "".join(text.split())


def _record(n: int, **changes) -> dict:
    d = {"url": f"https://bdvtinh.test/tin-{n}", "title": f"Bản tin {n}",
         "text": f"Năm 2023, huyện tặng giấy khen cho {n % 9 + 2} tập thể.", "province": "Bạc Liêu",
         "published": "2023-05-02T09:00:00+07:00"}
    d.update(changes)
    return d


def _write(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def _load(db, path, *extra):
    return runner.invoke(app, ["--db", str(db), "load", str(path), *extra])


def _rows(db, sql):
    with Store(db, read_only=True) as s:
        return s.query(sql)[1]


@pytest.fixture
def loaded(tmp_path):
    db = tmp_path / "d.duckdb"
    r = _load(db, _write(tmp_path / "first.jsonl", [_record(1), _record(2)]))
    assert r.exit_code == 0, r.output
    return db


def test_load_wrong_types_late_in_the_file_store_nothing(loaded, tmp_path):
    before = _rows(loaded, "SELECT count(*) FROM articles UNION ALL SELECT count(*) FROM figures")
    records = [_record(i) for i in range(10, 410)]
    records[250] = _record(260, text=12345)
    records[300] = _record(310, warc_offset="17")
    path = _write(tmp_path / "big.jsonl", records)
    r = _load(loaded, path)
    assert r.exit_code == 1 and "Traceback" not in r.output
    out = _flat(r.output)
    assert _flat("big.jsonl:251: 'text' must be a string") in out and _flat("big.jsonl:301: 'warc_offset'") in out
    assert _flat("2 bad lines") in out and _flat("nothing stored") in out
    assert _rows(loaded, "SELECT count(*) FROM articles UNION ALL SELECT count(*) FROM figures") == before


def test_load_id_of_another_url_does_not_replace_that_article(loaded, tmp_path):
    victim = article_id_for(_record(1)["url"])
    figures = _rows(loaded, f"SELECT count(*) FROM figures WHERE article_id = '{victim}'")
    assert figures[0][0] > 0
    path = _write(tmp_path / "clash.jsonl", [_record(99, id=victim, text="Không có số liệu.")])
    r = _load(loaded, path)
    assert r.exit_code == 1 and _flat("does not belong to its URL") in _flat(r.output)
    assert _rows(loaded, f"SELECT url FROM articles WHERE id = '{victim}'") == [(_record(1)["url"],)]
    assert _rows(loaded, f"SELECT count(*) FROM figures WHERE article_id = '{victim}'") == figures


def test_load_number_as_date_is_refused(loaded, tmp_path):
    r = _load(loaded, _write(tmp_path / "epoch.jsonl", [_record(5, published=1680000000)]))
    assert r.exit_code == 1 and _flat("'published' is a number") in _flat(r.output)
    assert _rows(loaded, "SELECT count(*) FROM articles WHERE year(published) = 1970") == [(0,)]


def test_load_naive_time_is_vietnam_time(tmp_path):
    db = tmp_path / "d.duckdb"
    # Sunday 22:30 in Vietnam is 15:30 UTC the same Sunday: the article belongs to ISO week 2024-W10
    r = _load(db, _write(tmp_path / "naive.jsonl", [_record(1, published="2024-03-10T22:30:00")]))
    assert r.exit_code == 0, r.output
    assert _rows(db, "SELECT epoch(published) FROM articles") == [(1710084600.0,)]


def test_load_unknown_province_is_refused_with_the_closest_names(loaded, tmp_path):
    path = _write(tmp_path / "typo.jsonl", [_record(7, province="Hà Nom")])
    r = _load(loaded, path)
    out = _flat(r.output)
    assert r.exit_code == 1 and _flat("unknown province 'Hà Nom'") in out and _flat("'Hà Nam'") in out
    assert _rows(loaded, "SELECT count(*) FROM articles WHERE province = 'Hà Nom'") == [(0,)]
    r = _load(loaded, path, "--allow-unknown-province")
    assert r.exit_code == 0, r.output
    assert _rows(loaded, "SELECT province, province_2025 FROM articles WHERE province = 'Hà Nom'") == [("Hà Nom", None)]


def test_load_unknown_default_province_is_refused(tmp_path):
    db = tmp_path / "d.duckdb"
    r = _load(db, _write(tmp_path / "a.jsonl", [_record(1, province=None)]), "--province", "Ben Tra")
    assert r.exit_code == 1 and _flat("--province: unknown province 'Ben Tra'") in _flat(r.output)


def test_load_is_one_transaction(tmp_path, monkeypatch):
    """A failure while storing the second batch leaves nothing of the first."""
    store = Store(tmp_path / "d.duckdb")
    articles = [Article(url=f"https://bdvtinh.test/{i}", title="T", text=f"Có {i} mô hình.") for i in range(30)]
    calls = []
    real = Store.replace_extractions

    def flaky(self, extractions):
        calls.append(1)
        if len(calls) == 2:
            raise StoreError("disk full")
        return real(self, extractions)

    monkeypatch.setattr(Store, "replace_extractions", flaky)
    with pytest.raises(StoreError):
        load_articles(store, articles, batch=10, atomic=True)
    assert store.counts()["articles"] == 0 and store.counts()["figures"] == 0
    monkeypatch.setattr(Store, "replace_extractions", real)
    load_articles(store, articles, batch=10, atomic=True)
    assert store.counts()["articles"] == 30
    store.close()
