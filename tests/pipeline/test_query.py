"""`danvan query` runs one read-only statement in a sandbox: every attack is refused and changes nothing."""
import hashlib
import json
import os

import pytest
from typer.testing import CliRunner

from corpus.records import Article
from pipeline.cli import app
from pipeline.query import Limits, QueryError, run_query
from pipeline.search import refresh_search_index
from pipeline.store import Store

runner = CliRunner()


def _flat(text: str) -> str:
    """The output without whitespace: rich wraps long lines (and paths) at the console width."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "store.duckdb"
    with Store(path) as s:
        s.upsert_articles([
            Article(url="https://tinh-a.test/tin/1", title="Hội nghị dân vận", text="Tặng giấy khen cho 4 tập thể.",
                    province="Bến Tre"),
            Article(url="https://tinh-b.test/tin/2", title="Tiếp công dân định kỳ", text="Đã tiếp 12 lượt công dân.",
                    province="Trà Vinh"),
        ])
        refresh_search_index(s)
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _query(db, sql, *extra):
    return runner.invoke(app, ["--db", str(db), "query", sql, *extra])


def test_query_select_and_friends_run(db):
    r = _query(db, "SELECT count(*) AS n FROM articles", "--format", "json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output.strip()) == {"n": 2}
    for sql in ("WITH t AS (SELECT province FROM articles) SELECT * FROM t ORDER BY 1",
                "FROM articles SELECT url", "DESCRIBE articles", "SHOW TABLES", "SUMMARIZE articles",
                "EXPLAIN SELECT * FROM articles", "EXPLAIN ANALYZE SELECT count(*) FROM articles",
                "SELECT * FROM duckdb_settings() WHERE name = 'threads'", "SELECT 1; -- a trailing comment"):
        r = _query(db, sql)
        assert r.exit_code == 0, (sql, r.output)


def test_query_allowed_statements_leave_the_store_unchanged(db):
    before = _digest(db)
    for sql in ("SELECT * FROM checkpoint()", "SELECT * FROM pragma_database_size()", "SHOW DATABASES",
                "EXPLAIN SELECT * FROM pragma_version()", f"SELECT count(*) FROM read_blob('{db}')"):
        run_query(db, sql)
    assert _digest(db) == before and sorted(p.name for p in db.parent.iterdir()) == ["store.duckdb"]


def test_query_sees_the_search_index_macros(db):
    result = run_query(db, "SELECT id FROM (SELECT id, fts_main_articles.match_bm25(id, 'lượt') AS s "
                           "FROM articles) WHERE s IS NOT NULL")
    assert result.columns == ["id"] and len(result.rows) == 1


ATTACKS = [
    # writes a file that Python runs at start-up (a .pth in site-packages)
    ("COPY (SELECT 'import os' AS x) TO '{site}/evil.pth' (HEADER false)", "COPY"),
    # overwrites the store itself
    ("COPY (SELECT 1 AS x) TO '{db}' (FORMAT csv)", "COPY"),
    # copies the data out through a second, writable database
    ("ATTACH '{tmp}/copy.duckdb' AS c (READ_WRITE)", "ATTACH"),
    ("EXPORT DATABASE '{tmp}/dump'", "EXPORT"),
    ("SELECT 1; COPY (SELECT * FROM articles) TO '{tmp}/a.csv'", "one statement"),
    ("SELECT 1; SELECT 2", "one statement"),
    ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
    ("SELECT * FROM read_blob('/etc/hostname')", "disabled by configuration"),
    ("SELECT * FROM read_text('/etc/hostname')", "disabled by configuration"),
    ("SELECT * FROM glob('/root/*')", "disabled by configuration"),
    ("SELECT * FROM glob('{tmp}/*')", "disabled by configuration"),
    ("SELECT * FROM sniff_csv('/etc/passwd')", "disabled by configuration"),
    ("SELECT * FROM parquet_metadata('{tmp}/x.parquet')", "disabled by configuration"),
    ("SELECT * FROM read_parquet('{tmp}/x.parquet')", "disabled by configuration"),
    ("SELECT * FROM read_json('{tmp}/x.json')", "disabled by configuration"),
    ("SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')", "disabled by configuration"),
    ("SELECT * FROM '/etc/passwd'", "does not exist"),
    ("SELECT getenv('HOME')", "getenv"),
    ("SET threads = 1", "not SET"),
    ("SET enable_external_access = true", "not SET"),
    ("RESET lock_configuration", "not SET"),
    ("INSTALL httpfs", "not LOAD"),
    ("LOAD httpfs", "not LOAD"),
    ("LOAD '{tmp}/x.duckdb_extension'", "not LOAD"),
    ("PRAGMA version", "PRAGMA"),
    ("PRAGMA threads = 1", "not SET"),
    ("PRAGMA enable_profiling", "not PRAGMA"),
    ("PRAGMA create_fts_index('articles', 'id', 'text', overwrite = 1)", ""),
    ("CALL pragma_version()", "not CALL"),
    ("CHECKPOINT", "not CALL"),
    ("CREATE TABLE t AS SELECT * FROM articles", "not CREATE"),
    ("CREATE MACRO m() AS 1", "not CREATE"),
    ("DROP TABLE articles", "not DROP"),
    ("DELETE FROM articles", "not DELETE"),
    ("UPDATE articles SET title = 'x'", "not UPDATE"),
    ("INSERT INTO articles (id) VALUES ('x')", "not INSERT"),
    ("BEGIN TRANSACTION", "not TRANSACTION"),
    ("DETACH store", "not DETACH"),
    ("USE memory", "not SET"),
    ("VACUUM", "not VACUUM"),
    ("PREPARE p AS SELECT 1", "not PREPARE"),
    ("EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{tmp}/explained.csv'", "EXPLAIN is allowed only"),
    ("EXPLAIN ANALYZE CREATE TABLE t AS SELECT 1", "EXPLAIN is allowed only"),
    ("PIVOT articles ON province USING count(*)", "one statement"),
    ("SELECT * FROM query('COPY (SELECT 1) TO ''{tmp}/q.csv''')", ""),
    ("", "no SQL statement"),
    ("/* only a comment */", "no SQL statement"),
]


@pytest.mark.parametrize("sql, why", ATTACKS, ids=[a[0][:40] for a in ATTACKS])
def test_query_attack_is_refused_and_changes_nothing(db, tmp_path, sql, why):
    site = tmp_path / "site-packages"
    site.mkdir()
    sql = sql.format(db=db, tmp=tmp_path, site=site)
    before = _digest(db)
    r = _query(db, sql)
    assert r.exit_code == 1, r.output
    assert r.output.startswith("Error:") and "Traceback" not in r.output, r.output
    assert _flat(why).lower() in _flat(r.output).lower()
    with pytest.raises(QueryError) as refused:  # the library says the same thing on one line
        run_query(db, sql)
    assert "\n" not in str(refused.value) and str(refused.value)
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["site-packages"]  # no file written anywhere


def test_query_store_works_after_attacks(db):
    for sql, _ in ATTACKS[:8]:
        _query(db, sql.format(db=db, tmp=db.parent, site=db.parent))
    assert run_query(db, "SELECT count(*) FROM articles").rows == [(2,)]
    assert not (db.parent / "copy.duckdb").exists() and not (db.parent / "dump").exists()


def test_query_configuration_stays_locked(db):
    result = run_query(db, "SELECT current_setting('enable_external_access'), "
                           "current_setting('lock_configuration'), current_setting('autoload_known_extensions')")
    assert result.rows == [(False, True, False)]


def test_query_library_raises_query_error(db):
    with pytest.raises(QueryError, match="not COPY"):
        run_query(db, f"COPY articles TO '{db.parent}/x.csv'")


def test_query_missing_database_is_not_created(tmp_path):
    missing = tmp_path / "typo.duckdb"
    r = _query(missing, "SELECT 1")
    assert r.exit_code == 1
    assert _flat(f"no database at {missing} (run `danvan run` or `danvan crawl` first, or pass --db)") in _flat(
        r.output)
    assert not missing.exists() and not os.listdir(tmp_path)


# Costs are bounded: time, memory (without spilling to disk) and rows returned.
SLOW = "SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = 7"


def test_query_is_stopped_at_its_timeout_and_writes_nothing(db):
    before = _digest(db)
    r = _query(db, SLOW, "--timeout", "0.5")
    assert r.exit_code == 1 and "stopped after 0.5 s" in r.output and "--timeout" in r.output, r.output
    assert _digest(db) == before and sorted(p.name for p in db.parent.iterdir()) == ["store.duckdb"]


def test_query_over_its_memory_limit_fails_without_spilling(db):
    big = "SELECT a.range, list(b.range) FROM range(3000000) a, range(20) b GROUP BY a.range ORDER BY 1"
    r = _query(db, big, "--memory-limit", "100MB", "--max-rows", "1")
    assert r.exit_code == 1 and "Out of Memory" in r.output and "--memory-limit" in r.output, r.output
    assert sorted(p.name for p in db.parent.iterdir()) == ["store.duckdb"]  # no .tmp folder beside it


def test_query_limits_cannot_be_raised_from_sql(db):
    result = run_query(db, "SELECT current_setting('memory_limit'), current_setting('threads'), "
                           "current_setting('temp_directory')", Limits(memory_limit="300MB", threads=1))
    limit, threads, temp = result.rows[0]
    assert limit.startswith(("286", "300")) and threads == 1 and temp == ""
    with pytest.raises(QueryError, match="not SET"):
        run_query(db, "SET memory_limit = '20GB'")


def test_query_returns_at_most_max_rows_and_says_so(db):
    result = run_query(db, "SELECT * FROM range(25)", Limits(max_rows=10))
    assert [r[0] for r in result.rows] == list(range(10)) and result.truncated
    assert not run_query(db, "SELECT * FROM range(10)", Limits(max_rows=10)).truncated
    assert len(run_query(db, "SELECT * FROM range(25)", Limits(max_rows=0)).rows) == 25
    r = _query(db, "SELECT * FROM range(25)", "--format", "csv", "--max-rows", "3")
    assert r.exit_code == 0 and r.stdout.split() == ["range", "0", "1", "2"]
    assert "only the first 3 rows shown" in r.stderr


@pytest.mark.parametrize("args, why", [(["--memory-limit", "lots"], "memory limit must look like"),
                                       (["--timeout", "0"], "timeout must be positive"),
                                       (["--max-rows", "-1"], "max rows must be 0")])
def test_query_bad_limits_get_one_line(db, args, why):
    r = _query(db, "SELECT 1", *args)
    assert r.exit_code == 1 and why in r.output and "Traceback" not in r.output
