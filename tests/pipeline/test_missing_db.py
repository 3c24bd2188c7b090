"""A mistyped --db or DANVAN_DB is an error for every command that reads the store, never a new empty store."""
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from test_digest_mail import SUBSCRIPTIONS, smtp_server  # noqa: F401  (fixture)

runner = CliRunner()

READERS = [
    ["query", "SELECT 1"],
    ["compare"],
    ["search", "tiếp công dân"],
    ["export", "--out", "{tmp}/corpus"],
    ["dedup"],
    ["relevance"],
    ["digest", "--week", "2023-W13"],
    ["digest", "--week", "2023-W13", "--out", "{tmp}/d.html"],
    ["extract", "--from-archive", "{tmp}/none.warc.gz"],
    ["bench", "search", "--existing", "--articles", "10", "--runs", "1"],
]


def _expect_refused(result, missing):
    assert result.exit_code == 1, result.output
    text = "".join(result.output.split())  # rich wraps long lines, even inside a path
    assert "".join(f"no database at {missing} (run `danvan run` or `danvan crawl` first, or pass --db)".split()) in text
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_missing_db_is_refused_and_not_created(tmp_path, args):
    missing = tmp_path / "typo" / "danvan.duckdb"
    args = [a.format(tmp=tmp_path) for a in args]
    _expect_refused(runner.invoke(app, ["--db", str(missing), *args]), missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no database, no folder, no output


def test_missing_db_from_the_environment_is_refused(tmp_path):
    missing = tmp_path / "from-env.duckdb"
    _expect_refused(runner.invoke(app, ["search", "dân vận"], env={"DANVAN_DB": str(missing)}), missing)
    assert not missing.exists()


def test_missing_db_digest_send_mails_nobody(tmp_path, smtp_server):  # noqa: F811
    handler, smtp = smtp_server
    subs = tmp_path / "subscriptions.toml"
    subs.write_text(SUBSCRIPTIONS, encoding="utf-8")
    missing = tmp_path / "typo.duckdb"
    result = runner.invoke(app, ["--db", str(missing), "digest", "send", "--week", "2023-W13", "--subscriptions",
                                 str(subs), "--smtp", f"127.0.0.1:{smtp.port}"])
    _expect_refused(result, missing)
    assert handler.messages == [] and not missing.exists()


@pytest.mark.parametrize("args", [["run"], ["load", "{tmp}/a.jsonl"]], ids=["run", "load"])
def test_missing_db_is_created_by_run_and_load(tmp_path, args):
    (tmp_path / "a.jsonl").write_text('{"url": "https://t.test/1", "title": "T", "text": "Có 3 mô hình."}\n',
                                      encoding="utf-8")
    db = tmp_path / "new" / "d.duckdb"
    r = runner.invoke(app, ["--db", str(db), *[a.format(tmp=tmp_path) for a in args]])
    assert r.exit_code == 0, r.output
    assert db.exists()
