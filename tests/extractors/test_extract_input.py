"""Hostile extractor input: absurd numbers, lone surrogates, deep nesting, bad bytes, texts over the cap."""
import json
import math

import pytest
from typer.testing import CliRunner

import extractors.extract as extract_module
from extractors.extract import ExtractInputError, Extractor, read_inputs
from extractors.numbers import MAX_VALUE, parse_number, words_to_number
from pipeline.cli import app

runner = CliRunner()


@pytest.mark.parametrize("token", ["9" * 400, "9" * 309, "1.000.000.000.000.000.000", "10000000000000001"])
def test_extract_input_numbers_beyond_the_range_are_not_numbers(token):
    assert parse_number(token) is None


def test_extract_input_numbers_at_the_edge_are_kept():
    assert parse_number("1.000.000.000.000.000") == MAX_VALUE
    assert parse_number("2.526.670.000") == 2526670000.0


def test_extract_input_absurd_values_give_no_figure(extractor):
    ex = extractor.extract("Tổng kinh phí " + "9" * 400 + " tỷ đồng, tặng quà cho 1.000.000.000.000.000.000 cá nhân "
                           "và 12 hộ nghèo.", id="x")
    assert all(math.isfinite(f.value) for f in ex.figures)
    assert [f.value for f in ex.figures] == [12.0]
    json.dumps(ex.as_dict(), allow_nan=False)  # valid JSON: no Infinity


def test_extract_input_words_to_number_stays_in_range():
    assert words_to_number("mười lăm") == 15


def _lines(tmp_path, *lines: bytes):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


GOOD = json.dumps({"id": "a", "text": "Có 5 mô hình dân vận khéo."}, ensure_ascii=False).encode()


@pytest.mark.parametrize("bad, why", [
    (b'{"id": "b", "text": "ch\\ud800o"}', "lone surrogate"),
    (b'{"id": "\\udfff", "text": "ok"}', "lone surrogate"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"id": "c", "text": "h\xe1ng"}', "not UTF-8"),
    (b'{"id": "d", "text": 5}', 'string field "text"'),
])
def test_extract_input_bad_line_is_named(tmp_path, bad, why):
    path = _lines(tmp_path, GOOD, bad)
    with pytest.raises(ExtractInputError) as exc:
        list(read_inputs(path))
    assert str(exc.value).startswith(f"{path}:2: ") and why in str(exc.value)
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", "--jsonl", str(path), "--out", str(out)])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "in.jsonl:2" in "".join(r.output.split())
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_extract_input_truncated_text_is_flagged(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(extract_module, "MAX_TEXT_CHARS", 60)
    text = "Năm 2023, xã tặng giấy khen cho 4 tập thể. " + "Nội dung dài. " * 20 + "Có 9 mô hình."
    ex = Extractor().extract(text, id="long")
    assert ex.truncated_at == 60 and ex.as_dict()["truncated_at"] == 60
    assert [f.value for f in ex.figures] == [4.0]  # the figure after the cut is not read
    assert "text long has" in caplog.text and "only the first 60" in caplog.text
    short = Extractor().extract("Có 3 mô hình.", id="short")
    assert short.truncated_at is None and "truncated_at" not in short.as_dict()


def test_extract_input_truncation_reaches_the_cli_output(tmp_path, monkeypatch):
    monkeypatch.setattr(extract_module, "MAX_TEXT_CHARS", 30)
    path = _lines(tmp_path, json.dumps({"id": "t", "text": "Có 3 mô hình. " * 10}, ensure_ascii=False).encode())
    out = tmp_path / "out.jsonl"
    r = runner.invoke(app, ["extract", "--jsonl", str(path), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text(encoding="utf-8"))["truncated_at"] == 30
