"""Article files are checked whole before a load: types, dates, ids, provinces; each bad line is named."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from corpus.records import Article, article_id_for
from corpus.validate import (MAX_REPORTED, ArticleFileError, ProvincePolicy, article_from_record, closest_provinces,
                             read_articles)


def _record(n: int, **changes) -> dict:
    d = {"url": f"https://dvtinh.test/bai-{n}", "title": f"Tin số {n}", "text": f"Xã có {n} mô hình dân vận khéo.",
         "province": "Sóc Trăng"}
    d.update(changes)
    return d


def _write(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")
    return path


def test_validate_reads_a_good_file_with_both_province_keys(tmp_path):
    (a,) = read_articles(_write(tmp_path / "a.jsonl", [_record(1)]))
    assert (a.province, a.province_2025, a.id) == ("Sóc Trăng", "Cần Thơ", article_id_for(a.url))


def test_validate_roundtrips_as_dict(tmp_path):
    original = Article(url="https://dvtinh.test/x", title="T", text="B", published=datetime(2024, 3, 1, 8, tzinfo=
                       timezone(timedelta(hours=7))), province="Bến Tre", province_2025="Vĩnh Long", warc_offset=12)
    (a,) = read_articles(_write(tmp_path / "a.jsonl", [original.as_dict()]))
    assert a.as_dict() == original.as_dict()


@pytest.mark.parametrize("changes, why", [
    ({"text": 12345}, "'text' must be a string"),
    ({"title": None}, "'title' must be a string"),
    ({"warc_offset": "12"}, "'warc_offset' must be a whole number"),
    ({"warc_offset": True}, "'warc_offset' must be a whole number"),
    ({"lead": ["a"]}, "'lead' must be a string or null"),
    ({"captions": "one caption"}, "'captions' must be a list of strings"),
    ({"url": "ftp://dvtinh.test/1"}, "'url' must be an http(s) URL"),
    ({"url": 7}, "'url' must be an http(s) URL"),
    ({"published": 1680000000}, "'published' is a number"),
    ({"published": 2024.5}, "'published' is a number"),
    ({"published": "hôm qua"}, "not an ISO 8601 date"),
    ({"fetched_at": {"y": 2024}}, "'fetched_at' must be an ISO 8601 string"),
    ({"id": "0123456789abcdef"}, "does not belong to its URL"),
    ({"province": "Hà Nom"}, "'Hà Nam'"),
    ({"province_2025": "Mekong"}, "unknown province 'Mekong'"),
    ({"text": "ab\ud800cd"}, "lone surrogate"),
])
def test_validate_refuses_a_bad_field(changes, why):
    with pytest.raises(ValueError) as exc:
        article_from_record(_record(1, **changes))
    assert why in str(exc.value)
    assert "\n" not in str(exc.value)


def test_validate_naive_time_is_vietnam_time():
    a = article_from_record(_record(1, published="2024-03-10T22:30:00"))
    assert a.published.utcoffset() == timedelta(hours=7)
    assert a.published.isoformat() == "2024-03-10T22:30:00+07:00"  # still Sunday, still ISO week 10
    z = article_from_record(_record(1, published="2024-03-10T15:30:00+00:00"))
    assert z.published == a.published


def test_validate_unknown_province_can_be_allowed_explicitly():
    a = article_from_record(_record(1, province="Hà Nom"), ProvincePolicy(allow_unknown=True))
    assert a.province == "Hà Nom" and a.province_2025 is None


def test_validate_default_province_fills_only_missing_ones(tmp_path):
    path = _write(tmp_path / "a.jsonl", [_record(1, province=None), _record(2)])
    a, b = read_articles(path, ProvincePolicy(default="Trà Vinh"))
    assert (a.province, a.province_2025) == ("Trà Vinh", "Vĩnh Long")
    assert b.province == "Sóc Trăng"
    with pytest.raises(ArticleFileError, match="--province: unknown province 'Tra Vihn'"):
        read_articles(path, ProvincePolicy(default="Tra Vihn"))


def test_validate_names_every_bad_line_up_to_a_limit(tmp_path):
    records = [_record(i) for i in range(1, 401)]
    for i in range(200, 400, 5):          # 40 bad lines in the second half
        records[i] = _record(i + 1, text=i)
    records[399] = "{not json"
    path = _write(tmp_path / "many.jsonl", records)
    with pytest.raises(ArticleFileError) as exc:
        read_articles(path)
    assert "41 bad lines" in str(exc.value) and "nothing stored" in str(exc.value)
    assert len(exc.value.problems) == MAX_REPORTED
    assert exc.value.problems[0] == f"{path}:201: 'text' must be a string, not int"


def test_validate_deep_nesting_and_bad_bytes_are_named(tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_bytes(json.dumps(_record(1)).encode() + b"\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n"
                     + b'{"url": "https://dvtinh.test/\xff"}\n')
    with pytest.raises(ArticleFileError) as exc:
        read_articles(path)
    assert [p.split(": ", 1)[0] for p in exc.value.problems] == [f"{path}:2", f"{path}:3"]


def test_validate_closest_provinces_fold_diacritics():
    assert closest_provinces("ben tre")[0] == "Bến Tre"
    assert "Hà Nam" in closest_provinces("Hà Nom")
