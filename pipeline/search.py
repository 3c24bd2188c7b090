"""Full-text search over articles: a BM25 index (DuckDB fts extension, loaded from the PyPI wheel by path)
with an exact-phrase boost, and a plain substring scan when the index is missing or stale.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from common.gazetteer import canonical_province, province_2025_of
from pipeline.store import Store

INDEX_SCHEMA = "fts_main_articles"
# Tokens are runs of letters, combining marks and digits: Vietnamese syllables and numbers ("2022") survive.
_TOKEN_IGNORE = r"[^\p{L}\p{M}\p{N}]+"
_SIGNATURE_SQL = ("SELECT count(*), bit_xor(hash(id, coalesce(content_sha256, ''), coalesce(title, ''), "
                  "coalesce(lead, ''))) FROM articles")
CANDIDATES_PER_HIT = 10   # BM25 candidates checked for the exact phrase, per result asked for
_DOC_SQL = "(coalesce(a.title, '') || ' ' || coalesce(a.lead, '') || ' ' || coalesce(a.text, ''))"


class SearchError(ValueError):
    """A search could not run (bad options, no fts extension); nothing was changed."""


@dataclass
class SearchOptions:
    """query: words to find (an exact phrase ranks first); province: any variant of a province name;
    geography: which province key the filter uses, "1963" (63 provinces) or "2025" (34);
    method: "auto" (index when fresh, else refresh it when writable, else scan), "fts" or "scan";
    phrase: keep only articles containing the exact phrase.
    """

    query: str
    province: str | None = None
    geography: str = "1963"
    limit: int = 20
    method: str = "auto"
    phrase: bool = False


@dataclass
class SearchHit:
    article_id: str
    title: str
    url: str
    province: str | None
    province_2025: str | None
    published: datetime | None
    score: float
    phrase: bool                  # the exact phrase occurs in the article
    snippet: str = ""


@dataclass
class SearchResult:
    hits: list[SearchHit] = field(default_factory=list)
    method: str = "scan"          # what was used: "fts" or "scan"
    refreshed: bool = False       # the index was rebuilt first


def fts_extension_path() -> Path:
    """The fts extension file shipped by the duckdb-extension-fts wheel for this DuckDB version."""
    try:
        import duckdb_extension_fts
    except ImportError:
        raise SearchError("duckdb-extension-fts is not installed: pip install 'duckdb-extension-fts==" +
                          duckdb.__version__ + "'") from None
    path = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    if not path.exists():
        raise SearchError(f"no fts extension for DuckDB {duckdb.__version__} at {path}")
    return path


def load_fts(store: Store) -> None:
    """Load the fts extension into the store's connection (offline, by path). Idempotent."""
    loaded = store.con.execute(
        "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'fts'").fetchone()
    if not (loaded and loaded[0]):
        store.con.execute(f"LOAD '{fts_extension_path()}'")


def _signature(store: Store) -> tuple[int, int | None]:
    return tuple(store.con.execute(_SIGNATURE_SQL).fetchone())


def index_is_fresh(store: Store) -> bool:
    """Whether the BM25 index exists and covers exactly the articles now stored."""
    built = store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = 'docs'",
        [INDEX_SCHEMA]).fetchone()[0]
    if not built:
        return False
    state = store.con.execute(
        "SELECT articles, signature FROM search_index_state ORDER BY built_at DESC LIMIT 1").fetchone()
    return state is not None and tuple(state) == _signature(store)


def refresh_search_index(store: Store, force: bool = False) -> bool:
    """(Re)build the BM25 index over articles' title, lead and text when it is missing or stale.

    Idempotent: returns False (and does nothing) when the index already covers the stored articles.
    Call it after loads; `search` also calls it when the store is writable.
    """
    if store.read_only:
        raise SearchError("the store is open read-only: cannot build the search index")
    load_fts(store)
    if not force and index_is_fresh(store):
        return False
    count, signature = _signature(store)
    with store.transaction():
        store.con.execute(
            "PRAGMA create_fts_index('articles', 'id', 'title', 'lead', 'text', stemmer = 'none', "
            f"stopwords = 'none', ignore = '{_TOKEN_IGNORE}', strip_accents = 0, lower = 1, overwrite = 1)")
        store.con.execute("DELETE FROM search_index_state")
        store.con.execute("INSERT INTO search_index_state (articles, signature) VALUES (?, ?)", [count, signature])
    return True


def _normalise(query: str) -> str:
    return " ".join(unicodedata.normalize("NFC", query).split())


def _province_filter(options: SearchOptions) -> tuple[str, list]:
    if not options.province:
        return "", []
    if options.geography == "2025":
        name = province_2025_of(options.province)
        column = "province_2025"
    elif options.geography == "1963":
        name = canonical_province(options.province)
        column = "province"
    else:
        raise SearchError("geography must be 1963 (63 provinces) or 2025 (34 provinces)")
    if name is None:
        raise SearchError(f"unknown province {options.province!r}")
    return f" AND a.{column} = ?", [name]


def _snippet(text: str, query: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    low = flat.lower()
    at = low.find(query.lower())
    if at < 0:
        words = [w for w in re.split(r"\W+", query.lower()) if w]
        hits = [low.find(w) for w in words if low.find(w) >= 0]
        at = min(hits) if hits else 0
    start = max(0, at - width // 3)
    cut = flat[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(flat) else "")


def search(store: Store, options: SearchOptions) -> SearchResult:
    """Articles matching a query, best first: with the index, those containing every word ranked by
    exact phrase first then BM25; without it, those containing the exact phrase by number of occurrences.
    """
    query = _normalise(options.query)
    if not query:
        raise SearchError("empty query")
    if options.limit < 1:
        raise SearchError("limit must be at least 1")
    if options.method not in ("auto", "fts", "scan"):
        raise SearchError("method must be auto, fts or scan")
    where, params = _province_filter(options)
    result = SearchResult()
    method = options.method
    if method in ("auto", "fts"):
        try:
            load_fts(store)
            fresh = index_is_fresh(store)
            if not fresh and not store.read_only:
                result.refreshed = refresh_search_index(store)
                fresh = True
        except (SearchError, duckdb.Error):
            if method == "fts":
                raise
            fresh = False
        if method == "fts" and not fresh:
            raise SearchError("the search index is stale and the store is read-only: refresh it first")
        method = "fts" if fresh else "scan"
    result.method = method
    needle = query.lower()
    if method == "fts":
        # BM25 over articles holding every word; the exact phrase is checked on the best candidates only
        # (all of them with phrase=True), then phrase matches rank first.
        pool = "" if options.phrase else f"LIMIT {options.limit * CANDIDATES_PER_HIT}"
        sql = f"""
            WITH cand AS (
                SELECT h.id, h.score FROM (
                    SELECT id, {INDEX_SCHEMA}.match_bm25(id, ?, conjunctive := 1) AS score FROM articles) h
                JOIN articles a ON a.id = h.id
                WHERE h.score IS NOT NULL {where}
                ORDER BY h.score DESC, h.id {pool})
            SELECT * FROM (
                SELECT c.id, c.score, contains(lower({_DOC_SQL}), ?) AS phrase
                FROM cand c JOIN articles a ON a.id = c.id)
            {'WHERE phrase' if options.phrase else ''}
            ORDER BY phrase DESC, score DESC, id LIMIT ?"""
        ranked = store.con.execute(sql, [query, *params, needle, options.limit]).fetchall()
    else:
        sql = f"""
            SELECT id, (length(low) - length(replace(low, ?, ''))) / length(?) AS score, TRUE AS phrase FROM (
                SELECT a.id, lower({_DOC_SQL}) AS low FROM articles a WHERE TRUE {where})
            WHERE contains(low, ?)
            ORDER BY score DESC, id LIMIT ?"""
        ranked = store.con.execute(sql, [needle, needle, *params, needle, options.limit]).fetchall()
    details = {}
    if ranked:
        rows = store.con.execute(
            f"SELECT a.id, a.title, a.url, a.province, a.province_2025, a.published, {_DOC_SQL} "
            "FROM articles a WHERE a.id IN (SELECT unnest(?))", [[r[0] for r in ranked]]).fetchall()
        details = {r[0]: r for r in rows}
    for article_id, score, phrase in ranked:
        d = details[article_id]
        result.hits.append(SearchHit(article_id, d[1] or "", d[2], d[3], d[4], d[5], float(score), bool(phrase),
                                     _snippet(d[6], query)))
    return result
