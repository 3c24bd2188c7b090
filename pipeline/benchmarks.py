"""Store benchmark: synthesise figure rows, bulk-load them through Arrow, time the comparison query."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractors.records import CATEGORIES
from pipeline.compare import CompareOptions, compare, refresh_analytics
from common.gazetteer import crosswalk
from pipeline.store import Store

BENCH_VERSION = "bench-1"


@dataclass
class StoreBenchOptions:
    """rows: figure rows to synthesise; one article per figures_per_article rows; runs: query repetitions."""

    rows: int = 10_000_000
    figures_per_article: int = 10
    batch: int = 2_000_000
    runs: int = 7
    seed: int = 7


@dataclass
class StoreBenchReport:
    """Load: into `figures` (with its primary key; migration 007 dropped the secondary index) and, for reference, into a copy of the table
    without constraints. Queries: median latency over the materialised summary and over the live views."""

    rows: int
    articles: int
    load_seconds: float
    plain_load_seconds: float
    article_load_seconds: float
    refresh_seconds: float
    query_ms: dict[str, float] = field(default_factory=dict)      # query name -> median, summary
    view_query_ms: dict[str, float] = field(default_factory=dict)  # query name -> median, live views
    result_rows: dict[str, int] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds else float("inf")

    @property
    def plain_rows_per_second(self) -> float:
        return self.rows / self.plain_load_seconds if self.plain_load_seconds else float("inf")


def _articles_table(n: int, rng):
    import numpy as np
    import pyarrow as pa

    olds = list(crosswalk().items())
    prov = rng.integers(0, len(olds), n)
    years = rng.integers(2015, 2027, n)
    days = rng.integers(0, 365, n)
    published = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]") + days
    ids = pa.array(np.arange(n)).cast(pa.string())
    null_str = pa.nulls(n, pa.string())
    return pa.table({
        "id": ids,
        "url": pa.array([f"https://bench.invalid/{i}" for i in range(n)]),
        "source_id": pa.DictionaryArray.from_arrays(pa.array(prov, pa.int32()),
                                                    pa.array([f"bench-{i:02d}" for i in range(len(olds))]))
        .cast(pa.string()),
        "province": pa.DictionaryArray.from_arrays(pa.array(prov, pa.int32()), pa.array([o for o, _ in olds]))
        .cast(pa.string()),
        "province_2025": pa.DictionaryArray.from_arrays(pa.array(prov, pa.int32()), pa.array([n_ for _, n_ in olds]))
        .cast(pa.string()),
        "district": null_str,
        "published": pa.array(published.astype("datetime64[us]"), pa.timestamp("us", tz="UTC")),
        "title": null_str, "lead": null_str, "author": null_str, "text": null_str, "content_sha256": null_str,
        "cms": null_str, "fetched_at": pa.nulls(n, pa.timestamp("us", tz="UTC")), "warc_file": null_str,
        "warc_offset": pa.nulls(n, pa.int64()),
    })


def _figures_batch(start: int, n: int, n_articles: int, rng):
    import numpy as np
    import pyarrow as pa

    ids = pa.array(np.arange(start, start + n)).cast(pa.string())
    article = pa.array(rng.integers(0, n_articles, n)).cast(pa.string())
    cats = pa.DictionaryArray.from_arrays(pa.array(rng.integers(0, len(CATEGORIES), n), pa.int32()),
                                          pa.array(list(CATEGORIES))).cast(pa.string())
    p0 = rng.integers(2015, 2027, n).astype("int32")
    span = np.where(rng.random(n) < 0.9, 0, 4).astype("int32")   # one figure in ten covers five years
    p1 = p0 + span
    period = pa.array(p0).cast(pa.string())
    null_str = pa.nulls(n, pa.string())
    return pa.table({
        "id": ids, "article_id": article,
        "value": pa.array(rng.integers(1, 200, n).astype("float64")),
        "denominator": pa.nulls(n, pa.float64()), "entity": null_str, "category": cats, "qualifier": null_str,
        "period": period, "period_start": pa.array(p0), "period_end": pa.array(p1),
        "start": pa.array(rng.integers(0, 5000, n).astype("int32")), "end": pa.nulls(n, pa.int32()),
        "span": null_str, "sentence": null_str,
        "extractor_version": pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, "int32")),
                                                            pa.array([BENCH_VERSION])).cast(pa.string()),
    })


def _median_ms(fn, runs: int) -> tuple[float, int]:
    times, n = [], 0
    fn()  # warm-up
    for _ in range(runs):
        t0 = time.perf_counter()
        n = len(fn()[1])
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), n


def _bulk_insert(store: Store, table: str, batches) -> float:
    """Insert Arrow tables in one transaction (DuckDB scans them in parallel); returns seconds."""
    con = store.con
    con.execute("SET preserve_insertion_order = false")
    t0 = time.perf_counter()
    try:
        with store.transaction():
            for batch in batches:
                store.insert_arrow(table, batch)
    finally:
        con.execute("RESET preserve_insertion_order")
    return time.perf_counter() - t0


QUERIES = {
    "compare model 2020-2024 (63)": CompareOptions(category="model", years=(2020, 2024)),
    "compare model 2020-2024 (34)": CompareOptions(category="model", years=(2020, 2024), geography="2025"),
    "compare model 2020-2024 (34, per coverage)":
        CompareOptions(category="model", years=(2020, 2024), geography="2025", per_coverage=True),
    "compare all categories, all years (63)": CompareOptions(),
}


def bench_store(path: str | Path, options: StoreBenchOptions | None = None) -> StoreBenchReport:
    """Synthesise options.rows figures (and their articles) into a new store at path, bulk-loaded from Arrow
    tables in batches of options.batch rows; refresh the analytics summary; time the comparison queries
    (median of options.runs) over the summary and over the live views.

    The database at path (a file) must not exist yet. Queries run on a new read-only connection.
    """
    import numpy as np

    options = options or StoreBenchOptions()
    if Path(path).exists():
        raise FileExistsError(f"{path} exists: the benchmark writes a new database")
    rng = np.random.default_rng(options.seed)
    n_articles = max(1, options.rows // options.figures_per_article)
    with Store(path) as store:
        article_seconds = _bulk_insert(store, "articles", [_articles_table(n_articles, rng)])
        batches = [_figures_batch(s, min(options.batch, options.rows - s), n_articles, rng)
                   for s in range(0, options.rows, options.batch)]
        load_seconds = _bulk_insert(store, "figures", batches)
        store.con.execute("CREATE TABLE bench_plain AS SELECT * FROM figures LIMIT 0")
        plain_seconds = _bulk_insert(store, "bench_plain", batches)
        store.con.execute("DROP TABLE bench_plain")
        del batches
        t0 = time.perf_counter()
        refresh_analytics(store)
        refresh_seconds = time.perf_counter() - t0
    report = StoreBenchReport(options.rows, n_articles, load_seconds, plain_seconds, article_seconds,
                              refresh_seconds)
    # queries run as `danvan compare` runs them: a new read-only connection to the database at rest
    with Store(path, read_only=True) as store:
        for name, opts in QUERIES.items():
            report.query_ms[name], report.result_rows[name] = _median_ms(lambda o=opts: compare(store, o),
                                                                         options.runs)
            live = CompareOptions(**{**opts.__dict__, "use_summary": False})
            report.view_query_ms[name], _ = _median_ms(lambda o=live: compare(store, o), min(options.runs, 3))
    return report


# -- search -----------------------------------------------------------------------------------------

SEARCH_QUERIES = ("tiếp công dân", "dân vận khéo", "mô hình", "đối thoại với nhân dân", "hòa giải")

# Syllables and phrases for synthetic article text (written for this benchmark; frequent first).
_PHRASES = (
    "công tác", "dân vận", "nhân dân", "cán bộ", "đảng viên", "chính quyền", "năm", "thực hiện", "tỉnh",
    "huyện", "xã", "phát triển", "kinh tế", "xã hội", "hội nghị", "tổ chức", "mặt trận", "đoàn thể", "phong trào",
    "thi đua", "mô hình", "dân vận khéo", "tuyên truyền", "vận động", "đời sống", "nông thôn mới", "an sinh",
    "quốc phòng", "an ninh", "lãnh đạo", "chỉ đạo", "ban hành", "kế hoạch", "chương trình", "nghị quyết",
    "khen thưởng", "tập thể", "cá nhân", "tiêu biểu", "hộ nghèo", "giảm nghèo", "đồng bào", "dân tộc", "tôn giáo",
    "cử tri", "tiếp xúc", "kiến nghị", "phản ánh", "giải quyết", "khiếu nại", "tố cáo", "đối thoại", "hòa giải",
    "cơ sở", "thôn", "ấp", "khu phố", "đường giao thông", "hiến đất", "ngày công", "kinh phí", "triệu đồng",
    "tiếp công dân", "định kỳ", "đột xuất", "trụ sở", "lượt", "vụ việc", "chủ tịch", "bí thư", "trưởng ban",
)


_INITIALS = ("", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r",
             "s", "t", "th", "tr", "v", "x")
_RHYMES = ("a", "à", "á", "ả", "ã", "ạ", "an", "àn", "án", "anh", "ành", "ánh", "ao", "ào", "áo", "ăn", "ắn", "âm",
           "ầm", "ấm", "e", "è", "é", "em", "ên", "ến", "i", "ì", "ít", "inh", "ình", "ính", "o", "ò", "ó", "oa",
           "òa", "ong", "òng", "óng", "ô", "ồ", "ốc", "ơn", "ờn", "u", "ù", "ú", "ung", "ùng", "ư", "ừ", "ức",
           "ương", "ường", "ướng", "uyên", "uyền", "iệt", "iến")


def _synthetic_texts(n: int, words: int, rng, domain_share: float = 0.1) -> list[str]:
    """Texts of `words` tokens: a share of domain phrases (Zipf), the rest pseudo-syllables from a
    vocabulary of a few thousand (Zipf), so that queries are selective as in real articles."""
    import numpy as np

    syllables = [i + r for i in _INITIALS for r in _RHYMES]
    vocab = [syllables[a] + " " + syllables[b] if a % 3 else syllables[a]
             for a, b in zip(rng.permutation(len(syllables)), rng.permutation(len(syllables)))]
    vocab_p = 1.0 / np.arange(1, len(vocab) + 1)
    domain_p = 1.0 / np.arange(1, len(_PHRASES) + 1)
    domain = rng.random((n, words)) < domain_share
    vocab_pick = rng.choice(len(vocab), size=(n, words), p=vocab_p / vocab_p.sum())
    domain_pick = rng.choice(len(_PHRASES), size=(n, words), p=domain_p / domain_p.sum())
    return [" ".join(_PHRASES[d] if is_d else vocab[v] for is_d, d, v in zip(dr, dp, vp)) + "."
            for dr, dp, vp in zip(domain, domain_pick, vocab_pick)]


@dataclass
class SearchBenchReport:
    articles: int
    index_seconds: float
    fts_ms: dict[str, float] = field(default_factory=dict)     # query -> median latency with the BM25 index
    scan_ms: dict[str, float] = field(default_factory=dict)    # query -> median latency of the substring scan
    hits: dict[str, int] = field(default_factory=dict)         # query -> articles containing the exact phrase


def bench_search(store: Store, queries=SEARCH_QUERIES, runs: int = 7, limit: int = 20) -> SearchBenchReport:
    """Time building the BM25 index and each query (median of runs) with the index and with a plain scan."""
    from pipeline.search import SearchOptions, refresh_search_index, search

    t0 = time.perf_counter()
    refresh_search_index(store, force=True)
    report = SearchBenchReport(store.con.execute("SELECT count(*) FROM articles").fetchone()[0],
                               time.perf_counter() - t0)
    for q in queries:
        report.fts_ms[q], _ = _median_ms(
            lambda: (None, search(store, SearchOptions(q, limit=limit, method="fts")).hits), runs)
        report.scan_ms[q], _ = _median_ms(
            lambda: (None, search(store, SearchOptions(q, limit=limit, method="scan")).hits), runs)
        report.hits[q] = len(search(store, SearchOptions(q, limit=10**9, method="scan")).hits)
    return report


def synthetic_search_store(path: str | Path, articles: int = 100_000, words: int = 500, seed: int = 7) -> Store:
    """A new store at path with synthetic articles (~words phrases each) spread over the 63 provinces."""
    import numpy as np
    import pyarrow as pa

    if path != ":memory:" and Path(path).exists():
        raise FileExistsError(f"{path} exists: the benchmark writes a new database")
    rng = np.random.default_rng(seed)
    table = _articles_table(articles, rng)
    table = table.set_column(table.schema.get_field_index("text"), "text",
                             pa.array(_synthetic_texts(articles, words, rng)))
    table = table.set_column(table.schema.get_field_index("title"), "title",
                             pa.array(_synthetic_texts(articles, 8, rng)))
    store = Store(path)
    _bulk_insert(store, "articles", [table])
    return store
