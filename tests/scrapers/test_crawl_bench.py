"""scrapers/crawl_bench.py: the local crawl benchmark runs and reports both runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.crawl_bench import BenchError, benchmark_crawl

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "crawl_site"


@pytest.mark.slow
def test_crawl_bench_first_then_incremental():
    first, again = benchmark_crawl(SITE)
    assert first.new_articles >= 8 and first.pages > first.new_articles
    assert again.new_articles == 0 and again.not_modified == 1 and again.pages == 1
    assert first.pages_per_second > 0


def test_crawl_bench_needs_a_listing(tmp_path):
    with pytest.raises(BenchError, match="no listing page"):
        benchmark_crawl(tmp_path)


def test_crawl_bench_hosts_crawls_every_host():
    from scrapers.crawl_bench import benchmark_hosts

    runs = benchmark_hosts((1, 3), delay=0.0, articles=2)
    # per host: the listing, its 2 articles, and the page-2 probe that ends the walk (a 404)
    assert [(r.hosts, r.workers, r.pages, r.new_articles) for r in runs] == [(1, 1, 4, 2), (3, 3, 12, 6)]
    assert all(r.pages_per_second > 0 for r in runs)


@pytest.mark.parametrize("hosts", ["a,b", "0,2"])
def test_crawl_bench_cli_refuses_bad_host_counts(hosts):
    from typer.testing import CliRunner

    from pipeline.cli import app

    result = CliRunner().invoke(app, ["bench", "crawl", "--hosts", hosts])
    assert result.exit_code == 1 and "--hosts" in result.output
