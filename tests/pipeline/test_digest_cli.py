"""`danvan digest` and `danvan digest send`: invoke, then check files, messages and the store."""
from __future__ import annotations

import shutil
from email import message_from_bytes, policy

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.digest.mail import delivery_status
from pipeline.store import Store
from test_digest_mail import SUBSCRIPTIONS, smtp_server  # noqa: F401  (fixture)
from test_digest_query import W13, build_store

runner = CliRunner()


@pytest.fixture(scope="module")
def built_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("digest-cli") / "t.duckdb"
    build_store(path).close()
    return path


@pytest.fixture
def db(built_db, tmp_path):
    shutil.copy(built_db, tmp_path / "t.duckdb")
    return tmp_path / "t.duckdb"


@pytest.fixture
def subs_file(tmp_path):
    path = tmp_path / "subscriptions.toml"
    path.write_text(SUBSCRIPTIONS, encoding="utf-8")
    return path


def _run(db, *args, env=None):
    return runner.invoke(app, ["--db", str(db), "digest", *args], env=env)


def test_digest_cli_writes_html_and_chart(db, tmp_path):
    out = tmp_path / "digest" / "w13.html"
    result = _run(db, "--week", "2023-W13", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<h2" in html and 'src="w13.png"' in html and "&lt;script&gt;" in html
    assert (tmp_path / "digest" / "w13.png").read_bytes().startswith(b"\x89PNG")


def test_digest_cli_prints_text_for_one_province(db):
    result = _run(db, "--week", "2023W13", "--province", "vinh long", "--format", "txt")
    assert result.exit_code == 0, result.output
    assert "== Vĩnh Long ==" in result.output and "== Bến Tre ==" not in result.output


def test_digest_cli_geography_2025(db):
    result = _run(db, "--week", "2023-W13", "--geography", "2025", "--format", "md")
    assert result.exit_code == 0 and "## Vĩnh Long" in result.output and "## Bến Tre" not in result.output


def test_digest_cli_empty_week(db):
    result = _run(db, "--week", "2023-W40", "--format", "txt")
    assert result.exit_code == 0 and "Tuần 2023-W40 không có bài viết mới nào." in result.output


@pytest.mark.parametrize("args, message", [
    (["--week", "2023-13"], "a week looks like 2023-W13"),
    (["--week", "2021-W53"], "2021 has ISO weeks 1 to 52"),
    ([], "name the week"),
    (["--week", "2023-W13", "--province", "Atlantis"], "unknown province 'Atlantis'"),
    (["--week", "2023-W13", "--format", "pdf"], "unknown format 'pdf'"),
    (["--week", "2023-W13", "--out", "d.docx"], "unknown file type '.docx'"),
    (["--week", "2023-W13", "--format", "html", "--out", "d.md"], "does not match"),
    (["--week", "2023-W13", "--chart", "c.jpg"], "name it .png"),
    (["send", "--week", "2023-W13", "--subscriptions", "nope.toml", "--dry-run"], "no subscriptions file"),
])
def test_digest_cli_bad_input_is_a_clear_error(db, args, message):
    result = _run(db, *args)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())


def test_digest_cli_send_dry_run(db, subs_file, tmp_path):
    result = _run(db, "send", "--week", "2023-W13", "--subscriptions", str(subs_file), "--dry-run",
                  "--outbox", str(tmp_path / "outbox"))
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "outbox" / "2023-W13").glob("*.eml"))
    assert [f.name for f in files] == ["2023-W13-bentre-hoa.eml", "2023-W13-vinhlong.eml"]
    with Store(db) as store:
        assert delivery_status(store, "bentre-hoa", W13) is None


def test_digest_cli_send_then_send_again(db, subs_file, smtp_server):  # noqa: F811
    handler, smtp = smtp_server
    args = ["send", "--week", "2023-W13", "--subscriptions", str(subs_file), "--smtp", f"127.0.0.1:{smtp.port}"]
    first = _run(db, *args)
    assert first.exit_code == 0, first.output
    assert "2 sent, 0 failed" in first.output
    second = _run(db, *args)
    assert "0 sent, 0 failed (retried next run), 2 already sent" in second.output
    assert len(handler.messages) == 2
    msg = message_from_bytes(handler.messages[0][2], policy=policy.default)
    assert msg["Subject"] == "Bản tin công tác dân vận, tuần 2023-W13"
    with Store(db) as store:
        assert delivery_status(store, "vinhlong", W13) == ("sent", 1)


def test_digest_cli_send_password_only_from_environment(db, subs_file, smtp_server):  # noqa: F811
    handler, smtp = smtp_server
    args = ["send", "--week", "2023-W13", "--subscriptions", str(subs_file), "--smtp", f"127.0.0.1:{smtp.port}",
            "--user", "digest"]
    result = _run(db, *args, env={"DANVAN_SMTP_PASSWORD": ""})
    assert result.exit_code == 1 and "DANVAN_SMTP_PASSWORD" in result.output and not handler.messages
    assert "--password" not in runner.invoke(app, ["digest", "send", "--help"]).output
