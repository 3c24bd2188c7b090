import json
from datetime import datetime, timezone

import pytest

from corpus.reextract import reextract_archive
from scrapers.registry import load_registry
from corpus.warc import ArchiveError, WarcArchive
from extractors.extract import Extractor
from scrapers.records import FetchResult

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="generator" content="NukeViet v4.5"><title>{title}</title></head><body>
<div id="news_detail"><h1 class="title" itemprop="headline">{title}</h1>
<span class="h5">Thứ năm, 14/12/2023 08:15</span>
<div class="hometext">Huyện ủy tổ chức hội nghị tổng kết công tác dân vận.</div>
<div id="news-bodyhtml"><p>{body}</p></div></div></body></html>"""

REGISTRY = """
[[source]]
id = "bentre-dv"
name = "Ban Dân vận Tỉnh ủy Bến Tre (thử)"
base_url = "http://dv.bentre.test/"
cms = "nukeviet"
province = "Bến Tre"
"""

BODIES = [
    "Năm 2023, huyện tặng giấy khen cho 12 tập thể và 15 cá nhân có thành tích trong phong trào dân vận khéo.",
    "Toàn huyện có 86 mô hình dân vận khéo được công nhận; nhân dân hiến 15.000 m2 đất làm đường.",
]


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "warc" / "crawl.warc.gz"
    with WarcArchive(path) as warc:
        for i, body in enumerate(BODIES):
            html = PAGE.format(title=f"Tổng kết công tác dân vận {i}", body=body)
            warc.write(FetchResult(
                url=f"http://dv.bentre.test/tin/{i}.html", final_url=f"http://dv.bentre.test/tin/{i}.html",
                status=200, headers={"Content-Type": "text/html; charset=utf-8"}, body=html.encode("utf-8"),
                fetched_at=datetime(2023, 12, 15, tzinfo=timezone.utc), source_id="bentre-dv"))
        warc.write(FetchResult(url="http://dv.bentre.test/missing", final_url="http://dv.bentre.test/missing",
                               status=404, headers={}, body=b"", fetched_at=datetime(2023, 12, 15, tzinfo=timezone.utc)))
    registry = tmp_path / "sources.toml"
    registry.write_text(REGISTRY, encoding="utf-8")
    return path, registry


def test_reextract_stores_results_per_version(store, archive, tmp_path):
    path, registry = archive
    out = tmp_path / "v1.jsonl"
    first = reextract_archive(store, path, load_registry(registry), version="v1", out=out)
    assert (first.articles, first.new_articles, first.version) == (2, 2, "v1")
    assert first.skipped == {"HTTP 404": 1}
    assert first.figures > 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {x["extractor_version"] for x in lines} == {"v1"}
    _, rows = store.query("SELECT province, province_2025, warc_offset IS NOT NULL FROM articles")
    assert set(rows) == {("Bến Tre", "Vĩnh Long", True)}

    second = reextract_archive(store, path, load_registry(registry), version="v2")
    assert (second.articles, second.new_articles) == (2, 0)
    _, rows = store.query("SELECT extractor_version, count(*) FROM figures GROUP BY 1 ORDER BY 1")
    assert [r[0] for r in rows] == ["v1", "v2"] and rows[0][1] == rows[1][1] == first.figures
    _, rows = store.query("SELECT extractor_version, count(*), sum(figures) FROM extraction_versions GROUP BY 1 "
                          "ORDER BY 1")
    assert rows == [("v1", 2, first.figures), ("v2", 2, first.figures)]

    again = reextract_archive(store, path, load_registry(registry), version="v1")     # idempotent: same rows, not doubled
    assert again.figures == first.figures
    assert store.query("SELECT count(*) FROM figures WHERE extractor_version = 'v1'")[1][0][0] == first.figures
    assert store.query("SELECT count(*) FROM extraction_runs")[1][0][0] == 4


def test_reextract_default_version_is_the_extractors(store, archive):
    path, registry = archive
    report = reextract_archive(store, path, load_registry(registry))
    assert report.version == Extractor().version
    _, rows = store.query("SELECT DISTINCT extractor_version FROM extraction_runs")
    assert rows == [(Extractor().version,)]


def test_reextract_bad_archive_stores_nothing(store, tmp_path):
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"not a warc")
    with pytest.raises(ArchiveError):
        reextract_archive(store, junk, [], version="v1")
    assert store.query("SELECT count(*) FROM articles")[1][0][0] == 0


def test_reextract_cli_keeps_jsonl_mode(store, archive, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    path, registry = archive
    db = store.path
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "extract", "--from-archive", str(path), "--registry",
                                 str(registry), "--extractor-version", "cli-1"])
    assert result.exit_code == 0, result.output
    assert "2 articles re-extracted as version cli-1" in result.output
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "x", "text": BODIES[0]}, ensure_ascii=False) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--jsonl", str(inp), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))["id"] == "x"
    missing = runner.invoke(app, ["extract", "--jsonl", str(inp)])
    assert missing.exit_code == 1 and "--out" in missing.output
