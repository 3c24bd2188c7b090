"""Shared CLI helpers: messages printed as written, flags without placeholders, quiet progress, output formats,
Vietnam time, plurals; and the explained empty comparison."""
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from analytics_data import build_store
from rich.console import Console
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.commands import common
from pipeline.commands.common import fail, output_format, plural, progress, vn_time

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("common") / "demo.duckdb"
    build_store(path).close()
    return path


def _capture(monkeypatch, terminal: bool) -> io.StringIO:
    buf = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=buf, force_terminal=terminal, markup=False, width=100))
    return buf


def test_common_fail_keeps_bracketed_words(monkeypatch):
    buf = _capture(monkeypatch, terminal=False)
    exc = fail("a [sender] table with address and unsubscribe is required; no [[subscriber]] entries")
    assert exc.exit_code == 1
    assert buf.getvalue() == ("Error: a [sender] table with address and unsubscribe is required; "
                              "no [[subscriber]] entries\n")


def test_common_fail_is_one_line_however_long(monkeypatch):
    buf = _capture(monkeypatch, terminal=False)
    fail("cannot write /a/very/long/path/" + "x" * 150 + "\nsecond line")
    assert buf.getvalue().count("\n") == 1


def test_common_flags_have_no_placeholder_in_help():
    for command in (["compare"], ["export"], ["digest", "send"], ["search"]):
        out = runner.invoke(app, [*command, "--help"]).output
        assert "<bool>" not in out, command
        assert "<str>" in out or "<path>" in out     # options taking a value still show their type


def test_common_progress_is_quiet_off_a_terminal(monkeypatch):
    buf = _capture(monkeypatch, terminal=False)
    with progress("loading articles", total=3) as advance:
        for _ in range(3):
            advance(1)
    assert buf.getvalue() == ""


def test_common_progress_shows_on_a_terminal(monkeypatch):
    buf = _capture(monkeypatch, terminal=True)
    with progress("loading articles", total=3) as advance:
        for _ in range(3):
            advance(1)
    assert "loading articles" in buf.getvalue() and "3/3" in buf.getvalue()


@pytest.mark.parametrize("n, word, expected", [(1, "article", "1 article"), (2, "article", "2 articles"),
                                                (0, "province", "0 provinces"), (1, "province", "1 province")])
def test_common_plural(n, word, expected):
    assert plural(n, word) == expected


@pytest.mark.parametrize("fmt, out, expected", [(None, None, "table"), (None, "a.csv", "csv"),
                                                ("xlsx", "a.XLSX", "xlsx"), ("csv", None, "csv")])
def test_common_output_format(fmt, out, expected):
    assert output_format(fmt, Path(out) if out else None, ("table", "csv", "xlsx"), "table") == expected


@pytest.mark.parametrize("fmt, out", [(None, "a.docx"), ("csv", "a.xlsx"), ("pdf", None), (None, "noext")])
def test_common_output_format_refuses(fmt, out, monkeypatch):
    _capture(monkeypatch, terminal=False)
    with pytest.raises(Exception) as info:
        output_format(fmt, Path(out) if out else None, ("table", "csv", "xlsx"), "table")
    assert getattr(info.value, "exit_code", None) == 1


def test_common_vn_time():
    utc = datetime(2023, 3, 26, 18, 30, tzinfo=timezone.utc)
    assert vn_time(utc).isoformat() == "2023-03-27T01:30:00+07:00"
    naive = datetime(2023, 3, 26, 18, 30)
    assert vn_time(naive) is naive            # a plain TIMESTAMP's zone is unknown: left alone


def test_common_query_prints_vietnam_time(db):
    out = runner.invoke(app, ["--db", str(db), "query", "SELECT published FROM articles ORDER BY published LIMIT 1",
                              "--format", "json"]).stdout
    assert json.loads(out)["published"].endswith("+07:00")
    table = runner.invoke(app, ["--db", str(db), "query", "SELECT published FROM articles ORDER BY published LIMIT 1"])
    assert "+07:00" in table.stdout


@pytest.mark.parametrize("args, reason", [
    (["--category", "model", "--years", "1990-1995"], "no model figures in 1990–1995; the stored ones cover"),
    (["--extractor-version", "9.9.9"], "no figures of extractor version '9.9.9'; stored: test-1, test-2"),
])
def test_common_compare_says_why_it_is_empty(db, args, reason):
    result = runner.invoke(app, ["--db", str(db), "compare", *args])
    assert result.exit_code == 0
    assert reason in " ".join(result.output.split())


def test_common_compare_extractor_version(db):
    rows = runner.invoke(app, ["--db", str(db), "compare", "--category", "model", "--years", "2022",
                               "--extractor-version", "test-1", "--format", "csv"]).stdout.splitlines()
    assert rows[1].startswith("Bến Tre,2022,model") and len(rows) == 2
