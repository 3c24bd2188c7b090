"""Full-text search over articles: a BM25 index (DuckDB fts extension, loaded from the PyPI wheel by path)
with an exact-phrase boost, and a plain substring scan when the index is missing or stale.

Vietnamese is matched as people type it: the two tone placements of oa, oe and uy ("hoà" and "hòa", "thuý" and
"thúy", "khoẻ" and "khỏe") are the same word, and a query typed without accents ("tiep cong dan") finds the
accented text, with a note saying so. The index is built without accents; accents are then checked on the
candidates, so "hòa giải" does not return "hoa giai" articles while exact matches exist.
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
INDEX_FORMAT = "accents-stripped-1"   # part of the signature: an index built another way is rebuilt
_SIGNATURE_SQL = ("SELECT count(*), bit_xor(hash(id, coalesce(content_sha256, ''), coalesce(title, ''), "
                  f"coalesce(lead, ''), '{INDEX_FORMAT}')) FROM articles")
CANDIDATES_PER_HIT = 10   # BM25 candidates checked for the exact phrase, per result asked for
_DOC_SQL = "(coalesce(a.title, '') || ' ' || coalesce(a.lead, '') || ' ' || coalesce(a.text, ''))"


class SearchError(ValueError):
    """A search could not run (bad options, no fts extension); nothing was changed."""


@dataclass
class SearchOptions:
    """query: words to find (an exact phrase ranks first); province: any variant of a province name;
    geography: which province key the filter uses, "1963" (63 provinces) or "2025" (34);
    method: "auto" (index when fresh, else refresh it when writable, else scan), "fts" or "scan";
    phrase: keep only articles containing the exact phrase;
    accents: "auto" (accents as typed, tone placement folded; without accents when nothing matches or the
    query has none, with a note), "exact" (never drop accents) or "ignore" (always match without accents).
    """

    query: str
    province: str | None = None
    geography: str = "1963"
    limit: int = 20
    method: str = "auto"
    phrase: bool = False
    accents: str = "auto"


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
    accent_insensitive: bool = False   # matched without accents (see note)
    note: str = ""                # what a reader should know about how the hits were found

    @property
    def phrase_hits(self) -> int:
        return sum(h.phrase for h in self.hits)


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
            f"stopwords = 'none', ignore = '{_TOKEN_IGNORE}', strip_accents = 1, lower = 1, overwrite = 1)")
        store.con.execute("DELETE FROM search_index_state")
        store.con.execute("INSERT INTO search_index_state (articles, signature) VALUES (?, ?)", [count, signature])
    return True


def _normalise(query: str) -> str:
    return " ".join(unicodedata.normalize("NFC", query).split())


# Tone placement: "hoà"/"hòa", "khoẻ"/"khỏe", "thuý"/"thúy" are the same syllable written by two conventions
# (the mark on the second or on the first vowel of oa, oe, uy). Both sides are folded to the mark on the first
# vowel; the pairs are NFC lower-case strings. Folding a syllable with a final consonant ("hoàng" -> "hòang")
# is harmless because query and text are folded alike.
TONE_PAIRS: tuple[tuple[str, str], ...] = tuple(
    (first + marked_second, marked_first + second)
    for first, second, firsts, seconds in (
        ("o", "a", "òóỏõọ", "àáảãạ"),
        ("o", "e", "òóỏõọ", "èéẻẽẹ"),
        ("u", "y", "ùúủũụ", "ỳýỷỹỵ"),
    )
    for marked_first, marked_second in zip(firsts, seconds)
)


def fold_tones(text: str) -> str:
    """Lower-case NFC text with one tone placement for oa, oe, uy: "Hoà giải" -> "hòa giải"."""
    text = unicodedata.normalize("NFC", text).lower()
    for new, old in TONE_PAIRS:
        text = text.replace(new, old)
    return text


def strip_marks(text: str) -> str:
    """Lower-case text without Vietnamese marks: "Tiếp công dân, Đà Nẵng" -> "tiep cong dan, da nang"."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if not unicodedata.combining(ch)))


def has_marks(text: str) -> bool:
    """Whether the text carries any Vietnamese mark (a tone, a hat, a horn, đ)."""
    return strip_marks(text) != unicodedata.normalize("NFC", text).lower()


def _fold_sql(expr: str) -> str:
    """SQL of fold_tones over an expression (already lower-case NFC)."""
    for new, old in TONE_PAIRS:
        expr = f"replace({expr}, '{new}', '{old}')"
    return expr


def _strip_sql(expr: str) -> str:
    """SQL of strip_marks over an expression (already lower-case)."""
    return f"strip_accents(replace({expr}, 'đ', 'd'))"


def _words_sql(column: str, words: list[str]) -> tuple[str, list]:
    """SQL true when every word occurs as a whole word in the column (regex over letters, marks, digits)."""
    if not words:
        return "TRUE", []
    parts = [f"regexp_matches({column}, ?)" for _ in words]
    return " AND ".join(parts), [rf"(^|[^\p{{L}}\p{{M}}\p{{N}}]){re.escape(w)}($|[^\p{{L}}\p{{M}}\p{{N}}])"
                                 for w in words]


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


def _snippet(text: str, query: str, width: int = 160, strip: bool = False) -> str:
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    # folding keeps the length of NFC text (one character for one), so offsets in `low` are offsets in `flat`
    low = strip_marks(flat) if strip else fold_tones(flat)
    if len(low) != len(flat):
        low = flat.lower()
    at = low.find(query)
    if at < 0:
        words = [w for w in re.split(r"\W+", query.lower()) if w]
        hits = [low.find(w) for w in words if low.find(w) >= 0]
        at = min(hits) if hits else 0
    start = max(0, at - width // 3)
    cut = flat[start:start + width]
    return ("…" if start else "") + cut + ("…" if start + width < len(flat) else "")


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", text) if w and not w == "_"]


def search(store: Store, options: SearchOptions) -> SearchResult:
    """Articles matching a query, best first.

    With the index: articles holding every word (accents ignored by the index), ranked by the exact phrase
    first, then every word with its accents, then BM25. Without it: a substring scan for the phrase. Tone
    placement is folded everywhere ("hoà" = "hòa"). With accents="auto", hits must carry the query's accents;
    when none do, or the query has no accents, hits matching without accents are returned and the result's
    note says so.
    """
    query = _normalise(options.query)
    if not query:
        raise SearchError("empty query")
    if options.limit < 1:
        raise SearchError("limit must be at least 1")
    if options.method not in ("auto", "fts", "scan"):
        raise SearchError("method must be auto, fts or scan")
    if options.accents not in ("auto", "exact", "ignore"):
        raise SearchError("accents must be auto, exact or ignore")
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
    folded, stripped = fold_tones(query), strip_marks(query)
    marked = has_marks(query)
    tries = {"exact": [False], "ignore": [True]}.get(options.accents, [False, True] if marked else [True])
    ranked: list = []
    for loose in tries:
        ranked = (_fts_ranked if method == "fts" else _scan_ranked)(store, options, query, folded, stripped,
                                                                   loose, where, params)
        if not ranked and loose and method == "fts" and "d" in stripped:
            # the index keeps "đ" ("đồng" -> "đong"): a query typed "dong" needs the scan
            ranked = _scan_ranked(store, options, query, folded, stripped, loose, where, params)
        if ranked:
            result.accent_insensitive = loose
            break
    if result.accent_insensitive:
        result.note = ("the query has no accents: matched without accents" if not marked else
                       f"no article has {query!r} with these accents: matched without accents")
    needle = stripped if result.accent_insensitive else folded
    details = {}
    if ranked:
        rows = store.con.execute(
            f"SELECT a.id, a.title, a.url, a.province, a.province_2025, a.published, {_DOC_SQL} "
            "FROM articles a WHERE a.id IN (SELECT unnest(?))", [[r[0] for r in ranked]]).fetchall()
        details = {r[0]: r for r in rows}
    for article_id, score, phrase in ranked:
        d = details[article_id]
        result.hits.append(SearchHit(article_id, d[1] or "", d[2], d[3], d[4], d[5], float(score), bool(phrase),
                                     _snippet(d[6], needle, strip=result.accent_insensitive)))
    return result


def _fts_ranked(store: Store, options: SearchOptions, query: str, folded: str, stripped: str, loose: bool,
                where: str, params: list) -> list[tuple]:
    """(id, score, phrase) from the index: BM25 over accent-free tokens, then the accents and the phrase
    checked on the best candidates (all of them with phrase=True)."""
    doc = f"lower({_DOC_SQL})"
    low = _strip_sql(doc) if loose else _fold_sql(doc)
    needle = stripped if loose else folded
    words_sql, words_params = _words_sql("low", _words(needle))
    pool = "" if options.phrase else f"LIMIT {options.limit * CANDIDATES_PER_HIT}"
    sql = f"""
        WITH cand AS (
            SELECT h.id, h.score FROM (
                SELECT id, {INDEX_SCHEMA}.match_bm25(id, ?, conjunctive := 1) AS score FROM articles) h
            JOIN articles a ON a.id = h.id
            WHERE h.score IS NOT NULL {where}
            ORDER BY h.score DESC, h.id {pool}),
        checked AS (
            SELECT c.id, c.score, {low} AS low FROM cand c JOIN articles a ON a.id = c.id)
        SELECT id, score, contains(low, ?) AS phrase FROM checked
        WHERE {words_sql} {'AND contains(low, ?)' if options.phrase else ''}
        ORDER BY phrase DESC, score DESC, id LIMIT ?"""
    args = [query, *params, needle, *words_params, *([needle] if options.phrase else []),
            options.limit]
    return store.con.execute(sql, args).fetchall()


def _scan_ranked(store: Store, options: SearchOptions, query: str, folded: str, stripped: str, loose: bool,
                 where: str, params: list) -> list[tuple]:
    """(id, occurrences, True) of articles containing the phrase, scanning every article."""
    doc = f"lower({_DOC_SQL})"
    low = _strip_sql(doc) if loose else _fold_sql(doc)
    needle = stripped if loose else folded
    sql = f"""
        SELECT id, (length(low) - length(replace(low, ?, ''))) / length(?) AS score, TRUE AS phrase FROM (
            SELECT a.id, {low} AS low FROM articles a WHERE TRUE {where})
        WHERE contains(low, ?)
        ORDER BY score DESC, id LIMIT ?"""
    return store.con.execute(sql, [needle, needle, *params, needle, options.limit]).fetchall()
