"""The DuckDB store: schema migrations, transactional idempotent loads, read-only queries."""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

from corpus.records import Article
from common import settings
from extractors.records import Extraction
from extractors.units import normalize_value

DEFAULT_DB = settings.DB_PATH
DB_ENV = settings.DB_ENV

_MIGRATION_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


class StoreError(Exception):
    """A store operation failed; nothing was changed."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def default_db_path() -> Path:
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def migrations() -> list[Migration]:
    """The schema migrations shipped in pipeline/migrations, in version order."""
    found = []
    for entry in resources.files("pipeline.migrations").iterdir():
        m = _MIGRATION_NAME.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"duplicate migration versions in pipeline/migrations: {versions}")
    return found


def _period_years(period: str | None) -> tuple[int | None, int | None]:
    if not period:
        return None, None
    years = [int(y) for y in re.findall(r"\d{4}", period)]
    if not years:
        return None, None
    return years[0], years[-1]


_ARTICLE_COLUMNS = ("id", "url", "source_id", "province", "province_2025", "district", "published", "title",
                    "lead", "author", "text", "content_sha256", "cms", "fetched_at", "warc_file", "warc_offset")
_FIGURE_COLUMNS = ("id", "article_id", "value", "denominator", "entity", "category", "qualifier", "period",
                   "period_start", "period_end", "start", "end", "span", "sentence", "extractor_version", "authority",
                   "role", "value_normalized", "unit", "period_span")
_MENTION_COLUMNS = ("article_id", "number", "date", "issuer", "start", "end", "extractor_version")
_PERSON_COLUMNS = ("article_id", "name", "position", "start", "end", "extractor_version")


def _unique(rows: list[tuple], key: tuple[int, ...]) -> list[tuple]:
    """Rows with a unique primary key (the columns at `key`; the last row wins), for INSERT OR REPLACE."""
    seen: dict[tuple, tuple] = {}
    for r in rows:
        seen[tuple(r[i] for i in key)] = r
    return list(seen.values())


def figure_id(article_id: str, version: str, start: int, end: int, value: float, category: str) -> str:
    key = f"{article_id}|{version}|{start}|{end}|{value!r}|{category}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _connect(path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting up to `wait` seconds (settings.STORE_LOCK_WAIT) while another process holds
    its lock (a crawl hands its articles over in short writes: readers wait a moment, not fail)."""
    wait = settings.STORE_LOCK_WAIT if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.05)


def rows_table(columns: tuple[str, ...], rows: list[tuple]):
    """Row tuples as one Arrow table (a column of only None values has the null type)."""
    import pyarrow as pa

    return pa.table({c: pa.array([r[i] for r in rows]) if any(r[i] is not None for r in rows)
                     else pa.nulls(len(rows)) for i, c in enumerate(columns)})


def extraction_rows(extractions: Iterable[Extraction]) -> tuple[list, list, list, list, list]:
    """The store rows of extraction results: (article, version) keys and the rows of figures, documents,
    document_mentions and persons (columns as in _FIGURE_COLUMNS etc.; documents: number, kind, kind_name,
    issuer_code, year). The later result of an (article, version) pair wins; rows are unique by primary key."""
    figure_rows, mention_rows, doc_rows, person_rows, keys = [], [], {}, [], []
    latest = {(ex.id, ex.extractor_version): ex for ex in extractions}  # later results of a pair win
    for ex in latest.values():
        if not ex.extractor_version:
            raise StoreError(f"extraction {ex.id} has no extractor_version")
        keys.append((ex.id, ex.extractor_version))
        for f in ex.figures:
            p0, p1 = _period_years(f.period)
            normalized, unit = (f.value_normalized, f.unit) if f.value_normalized is not None \
                else normalize_value(f.value, f.entity, f.category)
            figure_rows.append((
                figure_id(ex.id, ex.extractor_version, f.start, f.end, f.value, f.category), ex.id,
                f.value, f.denominator, f.entity, f.category, f.qualifier, f.period, p0, p1,
                f.start, f.end, f.span, f.sentence, ex.extractor_version, f.authority,
                f.role or "total", normalized, unit, f.period_span,
            ))
        for d in ex.documents:
            doc_rows[d.number] = (d.number, d.kind, d.kind_name, "-".join(d.issuer_codes) or None, d.year)
            mention_rows.append((ex.id, d.number, d.date, d.issuer, d.start, d.end, ex.extractor_version))
        for p in ex.persons:
            person_rows.append((ex.id, p.name, p.position, p.start, p.end, ex.extractor_version))
    return (keys, figure_rows, list(doc_rows.values()), _unique(mention_rows, (0, 1, 4, 6)),
            _unique(person_rows, (0, 3, 5)))


class Store:
    """A DuckDB database holding sources, articles and extraction results.

    path: the database file (created with its parent folder when missing), or ":memory:".
    read_only: open without write access; migrations are not applied.
    """

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path not in (None, ":memory:") else path
        if self.path is None:
            self.path = default_db_path()
        self.read_only = read_only
        if read_only:
            if self.path != ":memory:" and not Path(self.path).exists():
                raise StoreError(f"no database at {self.path}: run `danvan run` or `danvan load` first")
            self.con = _connect(self.path, read_only=True)
        else:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self.con = _connect(self.path, read_only=False)
            self.migrate()

    # -- schema ---------------------------------------------------------------------------------

    def schema_version(self) -> int:
        exists = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()[0]
        if not exists:
            return 0
        row = self.con.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def migrate(self) -> list[int]:
        """Apply every shipped migration the database has not recorded, in version order, each in its own
        transaction. Returns the versions applied."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ DEFAULT now())"
        )
        done = {r[0] for r in self.con.execute("SELECT version FROM schema_version").fetchall()}
        applied = []
        for mig in migrations():
            if mig.version in done:
                continue
            with self.transaction():
                self.con.execute(mig.sql)
                self.con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [mig.version, mig.name])
                if mig.version in BACKFILLS:
                    BACKFILLS[mig.version](self)
            applied.append(mig.version)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One transaction; a transaction opened inside another joins it (all-or-nothing loads nest writes)."""
        if getattr(self, "_in_transaction", False):
            yield self.con
            return
        self.con.execute("BEGIN TRANSACTION")
        self._in_transaction = True
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")
        finally:
            self._in_transaction = False

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- loads ----------------------------------------------------------------------------------

    def upsert_sources(self, sources: Iterable) -> int:
        rows = [
            (s.id, s.name, s.province, s.province_2025, s.level, s.base_url, s.cms, s.verified)
            for s in sources
        ]
        with self.transaction():
            self.con.executemany("INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def upsert_articles(self, articles: Iterable[Article]) -> int:
        """Insert or replace articles by id, in one transaction. Returns how many were written."""
        rows = [
            (a.id, a.url, a.source_id, a.province, a.province_2025, a.district, a.published, a.title,
             a.lead, a.author, a.text, a.content_sha256, a.cms, a.fetched_at, a.warc_file, a.warc_offset)
            for a in articles
        ]
        rows = _unique(rows, (0,))  # the same article twice in one batch: the later record wins
        with self.transaction():
            self._bulk_insert("articles", _ARTICLE_COLUMNS, rows, replace=True)
        return len(rows)

    def _bulk_insert(self, table: str, columns: tuple[str, ...], rows: list[tuple], replace: bool = False) -> None:
        """Insert row tuples through one Arrow table (executemany costs ~20 ms a row in DuckDB)."""
        if not rows:
            return
        self.insert_arrow(table, rows_table(columns, rows), replace=replace)

    def insert_arrow(self, table: str, arrow, replace: bool = False) -> None:
        """Insert an Arrow table (or record batch) into `table`, matching columns by name.

        The caller owns the transaction. replace: INSERT OR REPLACE on the table's primary key.
        """
        self.con.register("_bulk_rows", arrow)
        try:
            cols = ", ".join(f'"{c}"' for c in arrow.schema.names)
            verb = "INSERT OR REPLACE INTO" if replace else "INSERT INTO"
            self.con.execute(f"{verb} {table} ({cols}) SELECT {cols} FROM _bulk_rows")
        finally:
            self.con.unregister("_bulk_rows")

    def replace_extractions(self, extractions: Iterable[Extraction]) -> int:
        """Store extraction results, replacing earlier results of the same article and extractor version.

        Results of other extractor versions are kept, so versions can be compared side by side.
        """
        keys, figure_rows, doc_rows, mention_rows, person_rows = extraction_rows(extractions)
        with self.transaction():
            if keys:
                self.con.execute("CREATE TEMP TABLE IF NOT EXISTS _keys (article_id VARCHAR, v VARCHAR)")
                self.con.execute("DELETE FROM _keys")
                self.con.executemany("INSERT INTO _keys VALUES (?, ?)", keys)
                for table in ("figures", "document_mentions", "persons"):
                    self.con.execute(
                        f"DELETE FROM {table} WHERE (article_id, extractor_version) IN "
                        "(SELECT article_id, v FROM _keys)"
                    )
            self._bulk_insert("figures", _FIGURE_COLUMNS, figure_rows)
            if doc_rows:
                self.con.executemany(
                    "INSERT INTO documents VALUES (?, ?, ?, ?, ?) ON CONFLICT (number) DO UPDATE SET "
                    "kind = excluded.kind, kind_name = excluded.kind_name, "
                    "issuer_code = excluded.issuer_code, year = coalesce(excluded.year, documents.year)",
                    doc_rows,
                )
            self._bulk_insert("document_mentions", _MENTION_COLUMNS, mention_rows, replace=True)
            self._bulk_insert("persons", _PERSON_COLUMNS, person_rows, replace=True)
        return len(keys)

    # -- reads ----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
            "AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()]
        return {t: self.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}

    def query(self, sql: str, params: list | None = None) -> tuple[list[str], list[tuple]]:
        """Run one SQL statement and return (column names, rows)."""
        try:
            cur = self.con.execute(sql, params or [])
        except duckdb.Error as exc:
            raise StoreError(str(exc).splitlines()[0]) from exc
        if cur.description is None:
            return [], []
        return [d[0] for d in cur.description], cur.fetchall()

    def iter_articles(self, where: str = "", params: list | None = None, batch: int = 1000) -> Iterator[Article]:
        """Stream articles from the store in batches (bounded memory)."""
        cur = self.con.cursor()
        cur.execute(
            "SELECT id, url, source_id, province, province_2025, district, published, title, lead, author, "
            f"text, cms, fetched_at, warc_file, warc_offset FROM articles {where} ORDER BY id",
            params or [],
        )
        while rows := cur.fetchmany(batch):
            for r in rows:
                yield Article(
                    id=r[0], url=r[1], source_id=r[2], province=r[3], province_2025=r[4], district=r[5],
                    published=r[6], title=r[7] or "", lead=r[8], author=r[9], text=r[10] or "", cms=r[11],
                    fetched_at=r[12], warc_file=r[13], warc_offset=r[14],
                )


# -- backfills: Python run inside a migration's transaction, right after its SQL ---------------------------

def backfill_figure_roles(store: Store, batch: int = 50_000) -> int:
    """Migration 009: role, value_normalized, unit and period_span for figures stored without them.

    Computed from what the store holds (no re-extraction, so figures of every extractor version keep their
    values): the sentence, the span located in it, category, qualifier, entity, period, and the article's title
    as the headline frame of part-of-year phrases. The rules are those of the extraction steps
    (extractors/roles.py, extractors/units.py, extractors/year_parts.py) applied sentence by sentence.
    Returns the number of figures updated.
    """
    from extractors.roles import figure_views, sentence_roles
    from extractors.year_parts import period_span

    cur = store.con.execute(   # the migration's own connection: a cursor would not see the new columns
        """SELECT f.id, f.article_id, f.extractor_version, f.sentence, f.span, f.category, f.qualifier,
                  f.entity, f.value, f.period, a.title
           FROM figures f LEFT JOIN articles a ON a.id = f.article_id
           WHERE f.role IS NULL
           ORDER BY f.article_id, f.extractor_version, f."start" """)
    updated = 0
    group: list[tuple] = []
    out: list[tuple] = []
    previous: set[str] = set()
    last_doc = None

    def flush():
        nonlocal previous
        if not group:
            return
        sentence = group[0][3] or ""
        spans, cursor = [], 0
        for r in group:
            span = r[4] or ""
            at = sentence.find(span, cursor) if span else -1
            if at < 0:
                at = sentence.find(span) if span else -1
            s0 = at if at >= 0 else len(sentence)
            spans.append((s0, s0 + len(span) if at >= 0 else len(sentence), r[5], r[6], span))
            if at >= 0:
                cursor = at + 1
        views = figure_views(sentence, spans)
        roles = sentence_roles(sentence, views, previous)
        previous = {v.category for v, role in zip(views, roles) if role == "total"}
        for r, v, role in zip(group, views, roles):
            normalized, unit = normalize_value(r[8], r[7], r[5])
            frames = (r[10],) if r[10] and r[10] != sentence else ()
            out.append((r[0], role, normalized, unit, period_span(sentence, v.num_start, r[9], frames)))
        group.clear()

    while rows := cur.fetchmany(batch):
        for r in rows:
            doc = (r[1], r[2])
            if doc != last_doc:
                flush()
                previous, last_doc = set(), doc
            elif group and group[0][3] != r[3]:
                flush()
            group.append(r)
    flush()
    if out:
        import pyarrow as pa

        cols = list(zip(*out))
        store.con.register("_roles", pa.table({
            "id": pa.array(cols[0], pa.string()), "role": pa.array(cols[1], pa.string()),
            "value_normalized": pa.array(cols[2], pa.float64()), "unit": pa.array(cols[3], pa.string()),
            "period_span": pa.array(cols[4], pa.string())}))
        try:
            store.con.execute(
                "UPDATE figures SET role = r.role, value_normalized = r.value_normalized, unit = r.unit, "
                "period_span = r.period_span FROM _roles r WHERE figures.id = r.id")
        finally:
            store.con.unregister("_roles")
        updated = len(out)
    return updated


BACKFILLS = {9: backfill_figure_roles}   # migration version -> Python run after its SQL, in its transaction
