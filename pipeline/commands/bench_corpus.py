"""`danvan bench corpus`, `bench dedup`, `bench relevance`: corpus speed and memory, dedup threshold, classifier."""
from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, print_table, progress


@bench_app.command("corpus")
def bench_corpus(
    articles: int = typer.Option(100_000, "--articles", min=1, help="How many synthetic articles."),
    workdir: Path = typer.Option(None, "--workdir", help="Where the database and exports go (default: a temp dir)."),
    duckdb_memory: str = typer.Option(None, "--duckdb-memory", help="DuckDB memory_limit in every stage, e.g. 256MB."),
) -> None:
    """Synthetic articles -> store -> dedup -> relevance -> export: articles/s and peak memory per stage.

    Example: danvan bench corpus --articles 10000
    """
    from pipeline.corpus_bench import benchmark_corpus

    with tempfile.TemporaryDirectory(prefix="danvan-bench-") as tmp, progress("benchmarking the corpus stages"):
        try:
            results = benchmark_corpus(articles, workdir or tmp, memory_limit=duckdb_memory)
        except (RuntimeError, OSError) as exc:
            raise fail(str(exc)) from None
    print_table(["stage", "articles", "seconds", "articles/s", "peak RSS (MB)"],
                [(r.stage, r.articles, f"{r.seconds:.1f}", f"{r.per_second:,.0f}", f"{r.peak_mb:,.0f}")
                 for r in results], title=f"Corpus pipeline on {articles} synthetic articles (one process per stage"
                      + (f", DuckDB memory_limit {duckdb_memory})" if duckdb_memory else ")"))


@bench_app.command("dedup")
def bench_dedup() -> None:
    """Precision and recall of near-duplicate thresholds on the labelled pair set.

    Example: danvan bench dedup
    """
    from corpus.dedup import labelled_pairs, score_thresholds

    pairs = labelled_pairs()
    scores = score_thresholds(pairs, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8])
    print_table(["threshold", "true pos", "false pos", "false neg", "precision", "recall"],
                [(s.threshold, s.true_pos, s.false_pos, s.false_neg, f"{s.precision:.3f}", f"{s.recall:.3f}")
                 for s in scores],
                title=f"{len(pairs)} pairs: {sum(p.same for p in pairs)} copies, {sum(not p.same for p in pairs)} distinct")


@bench_app.command("relevance")
def bench_relevance() -> None:
    """Precision and recall of the dân vận relevance classifier on held-out hand labels, and of the seed terms.

    Example: danvan bench relevance
    """
    from corpus.relevance import RelevanceError, evaluate

    try:
        ev = evaluate()
    except RelevanceError as exc:
        raise fail(str(exc)) from None
    print_table(["measure", "value"], [
        ("train / held-out examples", f"{ev.train} / {ev.test}"),
        ("held-out precision", ev.precision), ("held-out recall", ev.recall), ("held-out F1", ev.f1),
        ("5-fold CV precision", ev.cv_precision), ("5-fold CV recall", ev.cv_recall),
        ("seed terms: coverage", ev.weak_coverage), ("seed terms: accuracy where they decide", ev.weak_accuracy),
    ], title="Relevance classifier (threshold 0.5)")
    console.print("Labels: corpus/data/relevance_labels.jsonl; seeds: corpus/data/relevance_seeds.toml")


def register(app: typer.Typer) -> None:
    """The commands hang on bench_app (registered by pipeline.commands.bench); nothing to add to the app."""
