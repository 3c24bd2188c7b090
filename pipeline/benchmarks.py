"""Store benchmark: synthesise figure rows, bulk-load them through Arrow, time the comparison query."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractors.records import CATEGORIES
from pipeline.compare import CompareOptions, compare
from pipeline.gazetteer import crosswalk
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
    rows: int
    articles: int
    load_seconds: float
    article_load_seconds: float
    query_ms: dict[str, float] = field(default_factory=dict)   # query name -> median latency
    result_rows: dict[str, int] = field(default_factory=dict)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.load_seconds if self.load_seconds else float("inf")


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


def bench_store(path: str | Path, options: StoreBenchOptions | None = None) -> StoreBenchReport:
    """Synthesise options.rows figures (and their articles) into a new store at path, bulk-loaded from Arrow
    tables in batches of options.batch rows, then time the comparison queries (median of options.runs).

    The database at path must not exist yet.
    """
    import numpy as np

    options = options or StoreBenchOptions()
    if path != ":memory:" and Path(path).exists():
        raise FileExistsError(f"{path} exists: the benchmark writes a new database")
    rng = np.random.default_rng(options.seed)
    n_articles = max(1, options.rows // options.figures_per_article)
    with Store(path) as store:
        con = store.con
        articles = _articles_table(n_articles, rng)
        t0 = time.perf_counter()
        with store.transaction():
            con.register("bench_articles", articles)
            con.execute("INSERT INTO articles SELECT * FROM bench_articles")
            con.unregister("bench_articles")
        article_seconds = time.perf_counter() - t0
        batches = [_figures_batch(s, min(options.batch, options.rows - s), n_articles, rng)
                   for s in range(0, options.rows, options.batch)]
        t0 = time.perf_counter()
        with store.transaction():
            for table in batches:
                con.register("bench_figures", table)
                con.execute("INSERT INTO figures SELECT * FROM bench_figures")
                con.unregister("bench_figures")
        load_seconds = time.perf_counter() - t0
        del batches
        report = StoreBenchReport(options.rows, n_articles, load_seconds, article_seconds)
        queries = {
            "compare model 2020-2024 (63)": CompareOptions(category="model", years=(2020, 2024)),
            "compare model 2020-2024 (34)": CompareOptions(category="model", years=(2020, 2024), geography="2025"),
            "compare model 2020-2024 (34, per coverage)":
                CompareOptions(category="model", years=(2020, 2024), geography="2025", per_coverage=True),
            "compare all categories, all years (63)": CompareOptions(),
        }
        for name, opts in queries.items():
            report.query_ms[name], report.result_rows[name] = _median_ms(lambda o=opts: compare(store, o),
                                                                         options.runs)
    return report
