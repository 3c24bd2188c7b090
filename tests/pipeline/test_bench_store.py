import pytest
from typer.testing import CliRunner

from pipeline.benchmarks import BENCH_VERSION, StoreBenchOptions, bench_store
from pipeline.cli import app
from pipeline.compare import CompareOptions, compare
from common.gazetteer import provinces_34
from pipeline.store import Store


def test_bench_store_loads_rows_and_times_queries(tmp_path):
    path = tmp_path / "b.duckdb"
    report = bench_store(path, StoreBenchOptions(rows=6_000, batch=2_500, runs=1))
    assert report.rows == 6_000 and report.articles == 600
    assert report.rows_per_second > 0 and len(report.query_ms) == 4
    with Store(path, read_only=True) as store:
        assert store.query("SELECT count(*), min(extractor_version) FROM figures")[1] == [(6_000, BENCH_VERSION)]
        assert store.query("SELECT count(*) FROM figures f JOIN articles a ON a.id = f.article_id")[1] == [(6_000,)]
        cols, rows = compare(store, CompareOptions(category="model", years=(2020, 2024), geography="2025"))
        assert {r[0] for r in rows} <= set(provinces_34()) and {r[1] for r in rows} <= set(range(2020, 2025))


def test_bench_store_refuses_existing_db(tmp_path):
    (tmp_path / "b.duckdb").write_bytes(b"")
    with pytest.raises(FileExistsError):
        bench_store(tmp_path / "b.duckdb", StoreBenchOptions(rows=10))


def test_bench_store_cli_keeps_db(tmp_path):
    path = tmp_path / "kept.duckdb"
    result = CliRunner().invoke(app, ["bench", "store", "--rows", "5000", "--runs", "1", "--keep", str(path)])
    assert result.exit_code == 0, result.output
    assert "rows/s" in result.stdout
    with Store(path, read_only=True) as store:
        assert store.query("SELECT count(*) FROM figures")[1] == [(5000,)]


def test_bench_store_cli_rejects_bad_rows():
    result = CliRunner().invoke(app, ["bench", "store", "--rows", "0"])
    assert result.exit_code == 1 and "positive" in result.output


def test_bench_search_on_synthetic_articles(tmp_path):
    from pipeline.benchmarks import SEARCH_QUERIES, bench_search, synthetic_search_store

    with synthetic_search_store(tmp_path / "s.duckdb", articles=100, words=40) as store:
        report = bench_search(store, runs=1)
        assert report.articles == 100 and set(report.fts_ms) == set(SEARCH_QUERIES)
        assert report.hits["tiếp công dân"] == store.query(
            "SELECT count(*) FROM articles WHERE contains(lower(title || ' ' || text), 'tiếp công dân')")[1][0][0]


@pytest.mark.slow
def test_bench_search_cli_on_existing_store(tmp_path):
    from analytics_data import build_store

    path = tmp_path / "demo.duckdb"
    build_store(path).close()
    result = CliRunner().invoke(app, ["--db", str(path), "bench", "search", "--existing", "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert "BM25 index over 7 articles" in result.stdout
