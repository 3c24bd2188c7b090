"""Parsing benchmark library (scrapers.evaluate) and the `danvan bench parse` command.

(Not test_evaluate.py: tests/extractors/test_evaluate.py has that basename, and test folders are not packages.)
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scrapers.dates import VN_TZ
from scrapers.evaluate import (EvaluationError, GoldPage, Parsed, bag_f1, benchmark_parse, load_gold, score_page,
                               tokens)

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"


def small_gold(tmp_path: Path, fragments=("hoi-nghi-so-ket", "nid=8300", "thong-bao")) -> Path:
    lines = [json.loads(line) for line in (SITES / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    chosen = [dict(g, path=str(SITES / g["path"])) for g in lines if any(f in g["path"] for f in fragments)]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in chosen), encoding="utf-8")
    return path


def test_evaluate_bag_f1():
    assert bag_f1("Dân vận khéo", "dân vận khéo") == (1.0, 1.0, 1.0)
    assert bag_f1("dân vận", "nông thôn mới") == (0.0, 0.0, 0.0)
    p, r, f = bag_f1("a b c d", "a b x")
    assert (p, r) == (2 / 3, 2 / 4)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert bag_f1("", "") == (1.0, 1.0, 1.0)
    assert bag_f1("dân vận", "")[2] == 0.0


def test_evaluate_tokens_compose_diacritics():
    assert tokens("Tha\u0301ng Mươ\u0300i") == tokens("Tháng Mười") == {"tháng": 1, "mười": 1}


def test_evaluate_score_page_dates():
    gold = GoldPage(path="p", url="u", family="portal", title="T", published=datetime(2023, 12, 7, 10, tzinfo=VN_TZ),
                    body="một hai ba")
    exact = score_page(gold, Parsed(title="T", published=datetime(2023, 12, 7, 10, tzinfo=VN_TZ), body="một hai ba",
                                    family="portal"))
    assert exact.date_ok and exact.exact_date_ok and exact.title_ok and exact.f1 == 1.0
    same_day = score_page(gold, Parsed(title="T", published=datetime(2023, 12, 7, tzinfo=VN_TZ), body=""))
    assert same_day.date_ok and not same_day.exact_date_ok and same_day.f1 == 0.0
    days_only = score_page(gold, Parsed(title=None, published=date(2024, 6, 18), body="", days_only=True))
    assert not days_only.date_ok and days_only.exact_date_ok is None and not days_only.title_ok
    no_date = GoldPage(path="p", url="u", family="portal", title="T", published=None, body="")
    assert score_page(no_date, Parsed(title="T", published=None, body="")).date_ok
    assert not score_page(no_date, Parsed(title="T", published=date(2024, 6, 18), body="", days_only=True)).date_ok


def test_evaluate_load_gold_errors(tmp_path):
    with pytest.raises(EvaluationError, match="cannot read"):
        load_gold(tmp_path / "missing.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"path": "a", "url": "u", "family": "f", "title": "t", "published": null, "body": ""}\n{oops\n')
    with pytest.raises(EvaluationError, match="bad.jsonl:2"):
        load_gold(bad)
    bad.write_text('{"path": "a", "url": "u", "family": "f", "title": "t", "published": "hôm qua", "body": ""}\n')
    with pytest.raises(EvaluationError, match="bad date"):
        load_gold(bad)
    bad.write_text("\n")
    with pytest.raises(EvaluationError, match="no gold pages"):
        load_gold(bad)


def test_evaluate_every_gold_file_entry_loads():
    pages = load_gold(SITES / "gold.jsonl")
    assert len(pages) >= 25
    assert all((SITES / p.path).is_file() for p in pages)


def test_evaluate_benchmark_on_gold_pages(tmp_path):
    result = benchmark_parse(small_gold(tmp_path), repeat=1)
    assert len(result.ours.pages) == len(result.baseline.pages) == 3
    assert result.ours.mean_f1 == 1.0
    assert result.ours.date_accuracy == 1.0
    assert result.ours.detect_accuracy == 1.0
    assert result.baseline.exact_date_accuracy is None
    assert result.ours_at_least_as_good
    assert result.fallback is not None and len(result.fallback.pages) == 3
    assert len(result.summary_rows()) == 3 and len(result.page_rows()) == 3


def test_evaluate_missing_page_is_reported(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"path": "nowhere.html", "url": "u", "family": "f", "title": "t", "published": null, "body": ""}\n')
    with pytest.raises(EvaluationError, match="missing"):
        benchmark_parse(gold)


def test_evaluate_bench_parse_command(tmp_path):
    from pipeline.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["bench", "parse", "--gold", str(small_gold(tmp_path)), "--repeat", "1", "--pages",
                                 "--no-fallback"])
    assert result.exit_code == 0, result.output
    assert "danvan" in result.output and "trafilatura" in result.output
    assert "at least as good" in result.output
    missing = runner.invoke(app, ["bench", "parse", "--gold", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1
    assert "cannot read gold file" in missing.output
