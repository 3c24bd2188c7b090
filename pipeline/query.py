"""The sandbox behind `danvan query`: one read-only statement on a locked-down DuckDB connection.

Opening a database read-only protects that file and nothing else: DuckDB can still write files (COPY TO,
EXPORT DATABASE), attach other databases read-write, read any file (read_csv, read_blob, glob) and install or
load extensions. So the sandbox:

1. opens the store read-only and loads the store's own extensions (fts, from its wheel, by path);
2. turns external access off (no file or network access beyond the store itself), extension auto-install and
   auto-load off, and locks the configuration so no statement can turn them back on;
3. parses the SQL with DuckDB's own parser on that connection and runs it only when it is exactly one statement
   of type SELECT (WITH, FROM-first, VALUES, DESCRIBE, SHOW, SUMMARIZE and table functions included) or an
   EXPLAIN of one;
4. bounds what it may cost: a memory limit with spilling to disk off (nothing is written, not even temporary
   files), a thread count, a wall-clock timeout (the statement is interrupted) and a cap on the rows returned.

docs/security.md lists what is allowed and why.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

# Each is run after the store's extensions are loaded; the last one freezes the others.
LOCKDOWN = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)


@dataclass(frozen=True)
class Limits:
    """What one query may cost. `timeout` in seconds; `max_rows` 0 = every row."""

    timeout: float = 60.0
    memory_limit: str = "2GB"
    threads: int = 2
    max_rows: int = 100_000

    def settings(self) -> tuple[str, ...]:
        """SET statements run before the configuration is locked."""
        if not re.fullmatch(r"\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)", self.memory_limit.strip(), re.I):
            raise QueryError(f"memory limit must look like 500MB or 2GB, not {self.memory_limit!r}")
        if self.threads < 1:
            raise QueryError(f"threads must be at least 1, not {self.threads}")
        return (f"SET memory_limit = '{self.memory_limit.strip()}'",
                "SET temp_directory = ''",  # no spilling: a query over its memory fails instead of writing
                f"SET threads = {int(self.threads)}")


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    truncated: bool = False  # more rows than Limits.max_rows existed; only the first max_rows are here


class QueryError(Exception):
    """The SQL was refused or failed; the store and the file system are unchanged."""


def _first_line(exc: Exception) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def sandbox_connection(path: str | Path, limits: Limits | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store with external access off, its costs bounded, the configuration locked."""
    from pipeline.search import SearchError, fts_extension_path

    settings = (limits or Limits()).settings()

    con = duckdb.connect(str(path), read_only=True, config={
        "autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        try:
            con.execute(f"LOAD '{fts_extension_path()}'")  # the search index's macros need it
        except SearchError:
            pass  # no fts wheel: queries on the index fail with DuckDB's own message, nothing else does
        for statement in settings + LOCKDOWN:
            con.execute(statement)
    except Exception:
        con.close()
        raise
    return con


def check_sql(con: duckdb.DuckDBPyConnection, sql: str) -> str:
    """The one statement in `sql` if the sandbox allows it; raises QueryError naming why not."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(_first_line(exc)) from None
    if not statements:
        raise QueryError("no SQL statement given")
    if len(statements) > 1:
        raise QueryError(f"one statement at a time: found {len(statements)} "
                         "(joined by ';', or expanded from one such as PIVOT)")
    (statement,) = statements
    kind = statement.type
    if kind == duckdb.StatementType.SELECT:
        first = _keywords(sql, 1)
        if first and first[0] == "pragma":
            raise QueryError("PRAGMA is not allowed; read settings with SELECT * FROM duckdb_settings() "
                             "or pragma_… table functions")
        return sql
    if kind == duckdb.StatementType.EXPLAIN:
        _check_explained(con, sql)
        return sql
    raise QueryError(f"only a read-only SELECT (or WITH, DESCRIBE, SHOW, EXPLAIN) is allowed, "
                     f"not {kind.name}")


def _keywords(sql: str, n: int) -> list[str]:
    """The first n tokens of sql as DuckDB's tokenizer finds them (comments skipped), lower-cased words."""
    out = []
    for offset, _ in duckdb.tokenize(sql)[:n]:
        word = re.match(r"\w*", sql[offset:]).group(0)
        out.append(word.lower())
    return out


def _check_explained(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """EXPLAIN [ANALYZE] runs (ANALYZE) or plans the statement after it: that one must be a SELECT too."""
    tokens = duckdb.tokenize(sql)
    words = _keywords(sql, 2)
    skip = 2 if len(words) > 1 and words[1] == "analyze" else 1
    if len(tokens) <= skip:
        raise QueryError("EXPLAIN of nothing")
    inner = sql[tokens[skip][0]:]
    try:
        statements = con.extract_statements(inner)
    except duckdb.Error:
        raise QueryError("EXPLAIN is allowed only as EXPLAIN [ANALYZE] SELECT …") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise QueryError("EXPLAIN is allowed only as EXPLAIN [ANALYZE] SELECT …")


def run_query(path: str | Path, sql: str, limits: Limits | None = None) -> QueryResult:
    """Run one read-only statement against the store at `path` in the sandbox.

    Raises QueryError (one line) when the statement is refused, fails, runs out of its memory or its time.
    """
    limits = limits or Limits()
    if limits.timeout <= 0:
        raise QueryError(f"timeout must be positive, not {limits.timeout}")
    if limits.max_rows < 0:
        raise QueryError(f"max rows must be 0 (all) or more, not {limits.max_rows}")
    try:
        con = sandbox_connection(path, limits)
    except duckdb.Error as exc:
        raise QueryError(f"cannot open {path}: {_first_line(exc)}") from None
    timer = threading.Timer(limits.timeout, con.interrupt)
    timer.daemon = True
    try:
        check_sql(con, sql)
        timer.start()
        try:
            cur = con.execute(sql)
            if cur.description is None:
                return QueryResult([], [])
            columns = [d[0] for d in cur.description]
            if not limits.max_rows:
                return QueryResult(columns, cur.fetchall())
            rows = cur.fetchmany(limits.max_rows + 1)
            truncated = len(rows) > limits.max_rows
            return QueryResult(columns, rows[:limits.max_rows], truncated)
        except duckdb.InterruptException:
            raise QueryError(f"stopped after {limits.timeout:g} s (raise it with --timeout)") from None
        except duckdb.OutOfMemoryException as exc:
            raise QueryError(f"{_first_line(exc)} (memory limit {limits.memory_limit}; raise it with "
                             "--memory-limit)") from None
        except duckdb.Error as exc:
            raise QueryError(_first_line(exc)) from None
    finally:
        timer.cancel()
        con.close()
