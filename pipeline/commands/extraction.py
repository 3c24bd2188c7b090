"""Extraction quality and speed: `danvan evaluate`, `danvan bench extract`."""
from __future__ import annotations

import json
import os
from pathlib import Path

import typer

from pipeline.commands.bench import bench_app
from pipeline.commands.common import console, fail, print_table, progress


def evaluate_cmd(
    gold: Path = typer.Argument(..., help="Gold JSONL (annotation guide format)."),
    pred: Path = typer.Argument(None, help="Predictions from `danvan extract`; default: run the extractor now."),
    floors: Path = typer.Option(None, "--floors", help="JSON of minimum metrics; exit 1 when any is not met."),
    errors: bool = typer.Option(False, "--errors", help="Also print the confusion of categories and the kinds of period errors."),
    errors_file: Path = typer.Option(None, "--errors-file", help="Write every miss / spurious figure / wrong period here (JSONL)."),
) -> None:
    """Score extraction against gold: figures P/R/F1 (value+category, value only), documents, periods.

    Example: danvan evaluate ../shared/corpus/dev_passages.jsonl --floors docs/eval_floors.json --errors
    """
    from extractors.evaluate import GoldError, evaluate

    try:
        report = evaluate(gold, pred)
    except GoldError as exc:
        raise fail(str(exc)) from None
    m = report.metrics()
    rows = [
        ("figures (value+category)", f"{report.figures.precision:.3f}", f"{report.figures.recall:.3f}", f"{report.figures.f1:.3f}"),
        ("figures (value only)", f"{report.values.precision:.3f}", f"{report.values.recall:.3f}", f"{report.values.f1:.3f}"),
        ("documents (number)", f"{report.documents.precision:.3f}", f"{report.documents.recall:.3f}", f"{report.documents.f1:.3f}"),
    ]
    print_table(["", "precision", "recall", "F1"], rows, title=f"{gold.name}: {report.passages} passages")
    console.print(f"period accuracy {m['period_accuracy']:.3f} ({report.periods.right}/{report.periods.total}); "
                  f"document date accuracy {m['document_date_accuracy']:.3f} "
                  f"({report.document_dates.right}/{report.document_dates.total}); "
                  f"qualifier accuracy {m['qualifier_accuracy']:.3f}")
    cat_rows = [(c, p.tp + p.fn, f"{p.precision:.3f}", f"{p.recall:.3f}", f"{p.f1:.3f}")
                for c, p in report.per_category.items() if p.tp + p.fn + p.fp]
    print_table(["category", "gold", "precision", "recall", "F1"], cat_rows, title="Per category")
    if errors:
        confused = sorted(((g, p, n) for (g, p), n in report.confusion.items() if g != p), key=lambda r: (-r[2], r[0]))
        print_table(["gold category", "predicted", "figures"], confused,
                    title="Category confusion (figures matched by value, right ones left out)")
        total = sum(report.period_errors.values())
        print_table(["period error", "figures", "share"],
                    [(k, n, f"{n / total:.0%}") for k, n in report.period_errors.most_common()],
                    title=f"Period errors ({total} of {report.periods.total} matched figures)")
    if errors_file:
        with open(errors_file, "w", encoding="utf-8") as fh:
            for e in report.errors:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    if floors:
        try:
            wanted = json.loads(floors.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise fail(f"cannot read floors {floors}: {exc}") from None
        below = {k: (m.get(k), v) for k, v in wanted.items() if m.get(k, 0) < v}
        if below:
            raise fail("below floor: " + ", ".join(f"{k} {got:.4f} < {want}" for k, (got, want) in below.items()))
        console.print(f"all {len(wanted)} floors met")


@bench_app.command("extract")
def bench_extract(
    jsonl: Path = typer.Option(None, "--jsonl", help="Texts to time ({id, text} lines); default: the bundled sample's articles."),
    repeat: int = typer.Option(3, "--repeat", help="Passes over the texts (the best pass is reported)."),
    underthesea_sentences: int = typer.Option(300, "--underthesea-sentences", help="Sentences timed through underthesea word_tokenize (0: skip)."),
    worst_case: bool = typer.Option(False, "--worst-case", help="Also time inputs under 100 KB built to be slow (target: under 2 s each)."),
    engine: str = typer.Option("local", "--engine", help="local (the extractor on one core) | dask (re-extraction "
                               "of a generated archive on a local Dask cluster, per --workers)."),
    workers: list[int] = typer.Option(None, "--workers", help="--engine dask: worker counts to time, repeatable "
                                      "(default: 1 and 2)."),
    pages: int = typer.Option(20000, "--pages", help="--engine dask: pages of the generated archive."),
    files: int = typer.Option(40, "--files", help="--engine dask: WARC files (partitions) of the generated archive."),
    workdir: Path = typer.Option(Path("data/bench-scale"), "--workdir", help="--engine dask: folder for the "
                                 "archive (kept between runs) and the databases."),
) -> None:
    """Time the extractor on one core: sentences/s and articles/s, beside underthesea word_tokenize; or, with
    --engine dask, re-extraction throughput on 1, 2, … Dask workers and the scaling ratio.

    Example: danvan bench extract --repeat 5 --worst-case

    Example: danvan bench extract --engine dask --workers 1 --workers 2 --pages 20000
    """
    if engine == "dask":
        _bench_extract_dask(workers or [1, 2], pages, files, workdir)
        return
    if engine != "local":
        raise fail(f"--engine wants local or dask, not {engine!r}")
    from extractors.bench import bench_extract as run_bench
    from extractors.bench import bench_worst_case, load_texts

    try:
        texts = load_texts(jsonl)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    with progress("benchmarking extraction"):
        result = run_bench(texts, repeat=repeat, underthesea_sentences=underthesea_sentences)
    print_table(["pipeline", "texts", "sentences", "seconds", "sentences/s", "articles/s"], result.rows(),
                title="Extraction speed (one core)")
    if worst_case:
        print_table(["input", "characters", "seconds"], bench_worst_case(), title="Worst-case inputs (target < 2 s)")


def _bench_extract_dask(workers: list[int], pages: int, files: int, workdir: Path) -> None:
    from pipeline.scale import ScaleError
    from pipeline.scale_bench import bench_scale

    if pages < 1 or files < 1 or any(n < 1 for n in workers):
        raise fail("--pages, --files and --workers want 1 or more")
    try:
        results = bench_scale(pages, workers, workdir, files=files)
    except (ScaleError, OSError, RuntimeError) as exc:
        raise fail(str(exc)) from None
    base = next((r for r in results if r.workers == 1), None)
    rows = [(r.workers, r.pages, r.files, f"{r.start_s:.1f}", f"{r.tasks_s:.1f}", f"{r.load_s:.1f}",
             f"{r.pages_per_s:.0f}", f"{r.pages_per_s_total:.0f}",
             f"{r.pages_per_s / base.pages_per_s:.2f}" if base else "", f"{r.cores_busy:.2f}",
             f"{r.pages_per_cpu_s:.0f}", f"{r.load_average:.2f}") for r in results]
    print_table(["workers", "pages", "files", "start s", "tasks s", "load s", "pages/s (tasks)", "pages/s (all)",
                 "× 1 worker", "cores busy", "pages/CPU s", "load avg"], rows,
                title=f"Re-extraction on Dask ({os.cpu_count()} CPUs)")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_cmd)
