import hashlib
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from corpus.export import MANIFEST, ExportError, ExportOptions, export_corpus, relative_warc_path, size_category
from corpus.records import Article
from corpus.splits import split_of
from extractors.records import DocumentRef, Extraction, Figure

VN = timezone(timedelta(hours=7))
BODY = ("Ban Dân vận Huyện ủy Ba Tri tổ chức hội nghị tổng kết công tác dân vận năm 2023. Toàn huyện có "
        "86 mô hình dân vận khéo được công nhận; các đoàn thể vận động hội viên đóng góp hơn hai tỷ đồng xây "
        "nhà đại đoàn kết. Dịp này, 7 tập thể được tặng giấy khen theo Kế hoạch số 12-KH/HU.")


def _articles():
    return [
        Article(url="https://bentre.example.vn/tin/1.html", title="Tổng kết công tác dân vận", text=BODY,
                published=datetime(2023, 12, 12, 9, 30, tzinfo=VN), source_id="bentre", province="Bến Tre",
                province_2025="Vĩnh Long", warc_file="data/warc/bentre.warc.gz", warc_offset=1234),
        Article(url="https://baodongkhoi.example.vn/copy.html", title="Tổng kết công tác dân vận",
                text="Nguồn: Báo Đồng Khởi\n" + BODY, published=datetime(2023, 12, 13, 7, tzinfo=VN),
                source_id="dongkhoi", province="Bến Tre", province_2025="Vĩnh Long"),
        Article(url="https://travinh.example.vn/mua.html", title="Mưa lớn gây ngập", published=None,
                text="Mưa lớn kéo dài khiến nhiều tuyến đường nội ô ngập sâu, xe cộ đi lại khó khăn.",
                source_id="travinh", province="Trà Vinh", province_2025="Vĩnh Long"),
        Article(url="https://hanoi.example.vn/a.html", title="Tiếp xúc cử tri", text="Cử tri kiến nghị nhiều việc.",
                published=datetime(2022, 5, 1, 8, tzinfo=VN), source_id="hanoi", province="Hà Nội",
                province_2025="Hà Nội"),
    ]


@pytest.fixture
def filled(store):
    arts = _articles()
    store.upsert_articles(arts)
    ex = Extraction(id=arts[0].id, extractor_version="1.0", figures=[
        Figure(value=86, entity="mô hình", category="model", start=40, end=50, span="86 mô hình"),
        Figure(value=7, entity="tập thể", category="award_collective", start=60, end=70, span="7 tập thể")],
        documents=[DocumentRef(number="12-KH/HU", start=80, end=88, kind="KH", issuer_codes=["HU"])])
    store.replace_extractions([ex])
    return store, arts


def _digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_export_parquet_has_every_article_and_field(filled, tmp_path):
    store, arts = filled
    report = export_corpus(store, ExportOptions(out=tmp_path / "out"))
    assert report.counts == {"articles": 4, "figures": 2, "documents": 1, "document_mentions": 1}
    rows = {r["id"]: r for r in pq.read_table(tmp_path / "out" / "articles.parquet").to_pylist()}
    first = rows[arts[0].id]
    assert first["province"] == "Bến Tre" and first["province_2025"] == "Vĩnh Long"
    assert first["warc_file"] == "bentre.warc.gz" and first["warc_offset"] == 1234  # relative to data/warc
    assert first["content_sha256"] == arts[0].content_sha256
    assert first["word_count"] == len(BODY.split())
    assert first["published"].isoformat() == "2023-12-12T09:30:00+07:00"
    assert first["split"] == split_of(arts[0].id)
    # The syndicated copy stays, linked to the original's cluster.
    copy = rows[arts[1].id]
    assert copy["duplicate_kind"] == "near" and copy["canonical_id"] == arts[0].id
    assert copy["cluster_id"] == first["cluster_id"]
    assert copy["cluster_split"] == first["cluster_split"] == split_of(first["cluster_id"])
    assert rows[arts[2].id]["cluster_id"] == arts[2].id and rows[arts[2].id]["duplicate_kind"] is None
    assert first["relevance"] > 0.5 and first["relevance_model"].startswith("relevance-")
    figures = pq.read_table(tmp_path / "out" / "figures.parquet").to_pylist()
    assert [(f["value"], f["category"], f["extractor_version"]) for f in figures] == [
        (86.0, "model", "1.0"), (7.0, "award_collective", "1.0")]


def test_export_is_deterministic(filled, tmp_path):
    store, _ = filled
    for fmt in ("parquet", "jsonl"):
        export_corpus(store, ExportOptions(out=tmp_path / f"{fmt}1", fmt=fmt))
        export_corpus(store, ExportOptions(out=tmp_path / f"{fmt}2", fmt=fmt))
        assert _digest(tmp_path / f"{fmt}1") == _digest(tmp_path / f"{fmt}2")


def test_export_jsonl_lines_and_filters(filled, tmp_path):
    store, arts = filled
    export_corpus(store, ExportOptions(out=tmp_path / "j", fmt="jsonl", since=date(2023, 1, 1),
                                       province="Bến Tre"))
    lines = [json.loads(x) for x in (tmp_path / "j" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(x["id"] for x in lines) == sorted([arts[0].id, arts[1].id])
    assert lines[0]["published"].endswith("+07:00")
    # A post-2025 name takes every old province merged into it; undated articles fail --since.
    export_corpus(store, ExportOptions(out=tmp_path / "v", fmt="jsonl", province="Vĩnh Long"))
    ids = {json.loads(x)["id"] for x in (tmp_path / "v" / "articles.jsonl").read_text().splitlines()}
    assert ids == {arts[0].id, arts[1].id, arts[2].id}
    mentions = (tmp_path / "j" / "document_mentions.jsonl").read_text().splitlines()
    assert json.loads(mentions[0])["number"] == "12-KH/HU"


def test_export_dataset_card(filled, tmp_path):
    store, _ = filled
    export_corpus(store, ExportOptions(out=tmp_path / "c"))
    card = (tmp_path / "c" / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["language"] == ["vi"]
    assert meta["size_categories"] == ["n<1K"]
    assert "GPL-3.0-or-later" in meta["license_details"] and "publishers" in meta["license_details"]
    assert {c["config_name"] for c in meta["configs"]} == {"articles", "figures", "documents", "document_mentions"}
    assert "| Bến Tre | 2 |" in card and "| Vĩnh Long | 3 |" in card
    assert "| 1.0 | model | 1 |" in card
    assert "from 2022-05-01 to 2023-12-13 (undated articles: 1)" in card
    assert "## Collection method" in card


def test_export_errors_leave_nothing_half_written(filled, tmp_path):
    store, _ = filled
    with pytest.raises(ExportError, match="unknown province"):
        export_corpus(store, ExportOptions(out=tmp_path / "x", province="Atlantis"))
    with pytest.raises(ExportError, match="unknown format"):
        export_corpus(store, ExportOptions(out=tmp_path / "x", fmt="xlsx"))
    assert not (tmp_path / "x").exists()


def test_export_empty_store_writes_schemas(store, tmp_path):
    report = export_corpus(store, ExportOptions(out=tmp_path / "e"))
    assert report.counts["articles"] == 0
    assert "split" in pq.read_schema(tmp_path / "e" / "articles.parquet").names


def test_export_size_categories():
    assert [size_category(n) for n in (0, 999, 1000, 99_999, 100_000)] == [
        "n<1K", "n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M"]


def test_export_cli(filled, tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    store, _ = filled
    db = store.path
    store.close()
    result = CliRunner().invoke(app, ["--db", str(db), "export", "--format", "jsonl", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli" / "articles.jsonl").exists()
    bad = CliRunner().invoke(app, ["--db", str(db), "export", "--out", str(tmp_path / "b"), "--since", "2024-13-01"])
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output


def test_export_in_sorted_parts_gives_the_same_rows(filled, tmp_path):
    store, _ = filled
    export_corpus(store, ExportOptions(out=tmp_path / "whole", fmt="jsonl"))
    export_corpus(store, ExportOptions(out=tmp_path / "parts", fmt="jsonl", sort_rows=1, batch=1))
    for name in ("articles.jsonl", "figures.jsonl", "documents.jsonl", "document_mentions.jsonl"):
        assert (tmp_path / "whole" / name).read_bytes() == (tmp_path / "parts" / name).read_bytes()


# -- where an export may write ---------------------------------------------------------------------

def test_export_refuses_a_project_folder_and_keeps_its_readme(filled, tmp_path, monkeypatch):
    store, _ = filled
    project = tmp_path / "project"
    project.mkdir()
    (project / "README.md").write_text("# My project\n", encoding="utf-8")
    (project / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    monkeypatch.chdir(project)
    with pytest.raises(ExportError, match="not empty and holds no earlier danvan export"):
        export_corpus(store, ExportOptions(out=Path(".")))
    assert (project / "README.md").read_text(encoding="utf-8") == "# My project\n"
    assert sorted(p.name for p in project.iterdir()) == ["README.md", "pyproject.toml"]


def test_export_refuses_any_folder_with_its_own_readme(filled, tmp_path):
    store, _ = filled
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "README.md").write_text("ghi chép\n", encoding="utf-8")
    with pytest.raises(ExportError, match="no earlier danvan export"):
        export_corpus(store, ExportOptions(out=notes))
    assert (notes / "README.md").read_text(encoding="utf-8") == "ghi chép\n"


@pytest.mark.parametrize("inside", [".git/hooks", ".git", "repo/.git/objects/new"])
def test_export_never_writes_inside_git(filled, tmp_path, inside):
    store, _ = filled
    with pytest.raises(ExportError, match=r"inside a \.git folder"):
        export_corpus(store, ExportOptions(out=tmp_path / inside))
    assert not (tmp_path / ".git").exists() and not (tmp_path / "repo").exists()


def test_export_replaces_its_earlier_export_whole(filled, tmp_path):
    store, _ = filled
    out = tmp_path / "corpus"
    export_corpus(store, ExportOptions(out=out, fmt="jsonl"))
    assert json.loads((out / MANIFEST).read_text())["files"] == sorted(
        ["README.md", "articles.jsonl", "figures.jsonl", "documents.jsonl", "document_mentions.jsonl"])
    report = export_corpus(store, ExportOptions(out=out, fmt="parquet"))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST, "README.md", "articles.parquet", "figures.parquet", "documents.parquet",
         "document_mentions.parquet"])
    assert sorted(p.name for p in report.files) == json.loads((out / MANIFEST).read_text())["files"]


def test_export_refuses_an_export_folder_holding_other_files(filled, tmp_path):
    store, _ = filled
    out = tmp_path / "corpus"
    export_corpus(store, ExportOptions(out=out, fmt="jsonl"))
    (out / "my-analysis.ipynb").write_text("{}", encoding="utf-8")
    before = _digest(out)
    with pytest.raises(ExportError, match="my-analysis.ipynb"):
        export_corpus(store, ExportOptions(out=out))
    assert _digest(out) == before


def test_export_failure_leaves_the_earlier_export_as_it_was(filled, tmp_path, monkeypatch):
    import corpus.export as export_module

    store, _ = filled
    out = tmp_path / "corpus"
    export_corpus(store, ExportOptions(out=out, fmt="jsonl"))
    before = _digest(out)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "render_card", broken)
    with pytest.raises(OSError):
        export_corpus(store, ExportOptions(out=out, fmt="parquet"))
    assert _digest(out) == before


def test_export_refuses_a_file_as_folder(filled, tmp_path):
    store, _ = filled
    (tmp_path / "f").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export_corpus(store, ExportOptions(out=tmp_path / "f"))


def test_export_warc_paths_are_relative_to_the_archive_root(tmp_path):
    root = tmp_path / "warc"
    assert relative_warc_path(str(root / "2024" / "a.warc.gz"), root) == "2024/a.warc.gz"
    assert relative_warc_path("/home/someone/private/b.warc.gz", root) == "b.warc.gz"
    assert relative_warc_path(None, root) is None


def test_export_cli_refuses_dot_in_a_project(filled, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from pipeline.cli import app

    store, _ = filled
    db = store.path
    store.close()
    project = tmp_path / "p"
    project.mkdir()
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    monkeypatch.chdir(project)
    r = CliRunner().invoke(app, ["--db", str(db), "export", "--out", "."])
    assert r.exit_code == 1 and "noearlierdanvanexport" in "".join(r.output.split())
    assert (project / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_export_one_extractor_version(filled, tmp_path):
    """--extractor-version keeps the figures and mentions of that version only; articles are all exported."""
    store, arts = filled
    store.replace_extractions([Extraction(id=arts[0].id, extractor_version="2.0", figures=[
        Figure(value=90, entity="mô hình", category="model", start=40, end=50, span="90 mô hình")])])
    export_corpus(store, ExportOptions(out=tmp_path / "v2", fmt="jsonl", refresh=False, extractor_version="2.0"))
    figures = [json.loads(line) for line in (tmp_path / "v2" / "figures.jsonl").read_text().splitlines()]
    assert [(f["value"], f["extractor_version"]) for f in figures] == [(90, "2.0")]
    assert (tmp_path / "v2" / "document_mentions.jsonl").read_text().strip() == ""   # version 2.0 cited none
    everything = export_corpus(store, ExportOptions(out=tmp_path / "all", fmt="jsonl", refresh=False))
    assert everything.counts["figures"] == 3
