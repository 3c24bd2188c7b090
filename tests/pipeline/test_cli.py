"""CLI commands are invoked, then checked through the Python API."""
import json

from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store

runner = CliRunner()


def test_cli_run_on_sample_twice_keeps_counts(tmp_path):
    db = tmp_path / "d.duckdb"
    r1 = runner.invoke(app, ["--db", str(db), "run"])
    assert r1.exit_code == 0, r1.output
    with Store(db, read_only=True) as s:
        counts = s.counts()
    r2 = runner.invoke(app, ["--db", str(db), "run"])
    assert r2.exit_code == 0 and "(unchanged)" in r2.output
    with Store(db, read_only=True) as s:
        assert s.counts() == counts


def test_cli_extract_fixed_interface(tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text(json.dumps({"id": "p1", "text": "Năm 2021, tặng Bằng khen cho 8 tập thể.", "published": "2022-01-05"},
                              ensure_ascii=False) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", "--jsonl", str(inp), "--out", str(out)])
    assert r.exit_code == 0, r.output
    (line,) = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["id"] == "p1" and set(line) >= {"figures", "documents"}
    (f,) = line["figures"]
    assert (f["value"], f["category"], f["period"], f["start"], f["end"]) == (8, "award_collective", "2021", 29, 38)


def test_cli_extract_bad_input_is_a_clear_error(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text("not json\n", encoding="utf-8")
    r = runner.invoke(app, ["extract", "--jsonl", str(inp), "--out", str(tmp_path / "o.jsonl")])
    assert r.exit_code == 1 and "in.jsonl:1" in r.output


def test_cli_load_articles_and_bad_line_stores_nothing(tmp_path):
    db = tmp_path / "d.duckdb"
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"url": "https://x.test/1", "title": "T", "text": "Có 5 mô hình dân vận khéo."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    r = runner.invoke(app, ["--db", str(db), "load", str(good), "--province", "Trà Vinh"])
    assert r.exit_code == 0, r.output
    bad = tmp_path / "b.jsonl"
    bad.write_text(good.read_text(encoding="utf-8").replace("x.test/1", "x.test/2") + "{oops\n", encoding="utf-8")
    r = runner.invoke(app, ["--db", str(db), "load", str(bad)])
    assert r.exit_code == 1 and "b.jsonl:2" in r.output
    with Store(db, read_only=True) as s:
        _, rows = s.query("SELECT url, province, province_2025 FROM articles")
    assert rows == [("https://x.test/1", "Trà Vinh", "Vĩnh Long")]


def test_cli_query_is_read_only(tmp_path):
    db = tmp_path / "d.duckdb"
    runner.invoke(app, ["--db", str(db), "run"])
    r = runner.invoke(app, ["--db", str(db), "query", "SELECT count(*) AS n FROM articles", "--format", "json"])
    assert r.exit_code == 0 and json.loads(r.output.strip())["n"] >= 20
    r = runner.invoke(app, ["--db", str(db), "query", "DROP TABLE articles"])
    assert r.exit_code == 1
    with Store(db, read_only=True) as s:
        assert s.counts()["articles"] >= 20


def test_cli_missing_database_is_a_clear_error(tmp_path):
    r = runner.invoke(app, ["--db", str(tmp_path / "none.duckdb"), "query", "SELECT 1"])
    assert r.exit_code == 1 and "no database" in r.output


def test_cli_evaluate_floors(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "Có 5 mô hình.", "published": "2020-01-01",
                                "figures": [{"value": 5, "category": "model", "period": "2020"}], "documents": []},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    floors = tmp_path / "f.json"
    floors.write_text('{"figures_f1": 1.0}', encoding="utf-8")
    assert runner.invoke(app, ["evaluate", str(gold), "--floors", str(floors)]).exit_code == 0
    floors.write_text('{"figures_f1": 1.01}', encoding="utf-8")
    r = runner.invoke(app, ["evaluate", str(gold), "--floors", str(floors)])
    assert r.exit_code == 1 and "below floor" in r.output


def test_cli_evaluate_errors_prints_confusion_and_period_error_kinds(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "a", "text": "Năm 2019, xã có 5 mô hình và 8 hộ.", "published": "2020-01-01",
                                "figures": [{"value": 5, "category": "model", "period": "2020"},
                                            {"value": 8, "category": "reception", "period": "2019"}],
                                "documents": []}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "errors.jsonl"
    r = runner.invoke(app, ["evaluate", str(gold), "--errors", "--errors-file", str(out)])
    assert r.exit_code == 0, r.output
    assert "Category confusion" in r.output and "reception" in r.output
    assert "Period errors" in r.output and "another year, the publication year is meant" in r.output
    kinds = [json.loads(line)["kind"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert "period" in kinds and "missed" in kinds


def test_cli_extract_failure_keeps_previous_output(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    inp = tmp_path / "in.jsonl"
    inp.write_text('{"id": "a", "text": "có 5 mô hình"}\n{"id": "b"}\n', encoding="utf-8")
    r = runner.invoke(app, ["extract", "--jsonl", str(inp), "--out", str(out)])
    assert r.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous\n" and not list(tmp_path.glob("*.partial"))
