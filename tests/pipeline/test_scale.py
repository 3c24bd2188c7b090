"""The Dask engine of re-extraction gives the one-process engine's rows, survives dead workers and bad files."""
import logging
import os
import signal

import pytest

distributed = pytest.importorskip("distributed")

from corpus.reextract import reextract_archive  # noqa: E402
from corpus.synthetic import write_archive  # noqa: E402
from pipeline.orchestrate import sample_paths  # noqa: E402
from pipeline.scale import ScaleOptions, extract_partition, reextract_distributed  # noqa: E402
from pipeline.store import Store  # noqa: E402
from scrapers.registry import load_registry  # noqa: E402

SNAPSHOT = {
    "sources": "SELECT * FROM sources ORDER BY id",
    "articles": "SELECT * FROM articles ORDER BY id",
    "figures": "SELECT * FROM figures ORDER BY id",
    "documents": "SELECT * FROM documents ORDER BY number",
    "document_mentions": "SELECT * FROM document_mentions ORDER BY ALL",
    "persons": "SELECT * FROM persons ORDER BY ALL",
    "extraction_runs": "SELECT * EXCLUDE (extracted_at) FROM extraction_runs ORDER BY ALL",
}


def snapshot(store: Store) -> dict[str, list[tuple]]:
    return {table: store.con.execute(sql).fetchall() for table, sql in SNAPSHOT.items()}


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, shared by the tests of this module (they reach it as a scheduler)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as c:
        yield c


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """2000 small pages (a title and one paragraph) in 8 WARC files."""
    folder = tmp_path_factory.mktemp("generated")
    files, registry = write_archive(folder, 2000, files=8, seed=3, paragraphs=1)
    return folder, files, registry


def local_run(tmp_path, archive, registry, name="local"):
    with Store(tmp_path / f"{name}.duckdb") as store:
        report = reextract_archive(store, archive, load_registry(registry), version="t1")
        return report, snapshot(store)


def dask_run(tmp_path, archive, registry, cluster, name="dask", **kw):
    db = tmp_path / f"{name}.duckdb"
    report = reextract_distributed(db, archive, load_registry(registry), version="t1",
                                   options=ScaleOptions(scheduler=cluster.scheduler_address,
                                                        retries=kw.pop("retries", 2)), **kw)
    with Store(db, read_only=True) as store:
        return report, snapshot(store)


def test_scale_sample_matches_local_engine(tmp_path, cluster):
    archive, registry = sample_paths()
    local, want = local_run(tmp_path, archive, registry)
    report, got = dask_run(tmp_path, archive, registry, cluster)
    assert want["figures"] and want["document_mentions"] and want["persons"]
    assert got == want
    assert (report.articles, report.new_articles, report.figures, report.documents, report.persons, report.skipped) \
        == (local.articles, local.new_articles, local.figures, local.documents, local.persons, local.skipped)
    assert report.failed == {}


def test_scale_generated_archive_matches_local_engine(tmp_path, cluster, generated):
    folder, files, registry = generated
    local, want = local_run(tmp_path, folder, registry)
    report, got = dask_run(tmp_path, str(folder / "bench-*.warc.gz"), registry, cluster)
    assert len(want["articles"]) == local.articles == report.articles == 2000
    assert len(want["figures"]) > 500
    assert got == want


def test_scale_worker_killed_mid_task_is_retried(tmp_path, cluster):
    files, registry = write_archive(tmp_path / "warc", 120, files=4, seed=5, paragraphs=2)
    marker = tmp_path / "killed-once"

    def dies_once(index, warc_file, *args, **kwargs):
        if index == 2 and not marker.exists():
            marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)     # the worker process dies in the middle of its task
        return extract_partition(index, warc_file, *args, **kwargs)

    _, want = local_run(tmp_path, tmp_path / "warc", registry)
    report, got = dask_run(tmp_path, tmp_path / "warc", registry, cluster, task=dies_once)
    assert marker.exists()
    assert report.failed == {}
    assert got == want


def test_scale_corrupt_file_is_reported_and_skipped(tmp_path, cluster):
    files, registry = write_archive(tmp_path / "warc", 90, files=3, seed=6, paragraphs=2)
    _, want = local_run(tmp_path, tmp_path / "warc", registry)
    broken = tmp_path / "warc" / "bench-0001b.warc.gz"       # read between the good files
    broken.write_bytes(b"\x1f\x8b this is no gzip member, nor a WARC record")
    report, got = dask_run(tmp_path, tmp_path / "warc", registry, cluster)
    assert list(report.failed) == [str(broken)]
    assert "not a readable WARC file" in report.failed[str(broken)]
    assert report.articles == 90
    assert got == want


def test_scale_rerun_after_a_failed_task_stores_each_row_once(tmp_path, cluster):
    files, registry = write_archive(tmp_path / "warc", 90, files=3, seed=7, paragraphs=2)

    def always_fails_on_one(index, warc_file, *args, **kwargs):
        if index == 1:
            raise RuntimeError("disk full on this worker")
        return extract_partition(index, warc_file, *args, **kwargs)

    _, want = local_run(tmp_path, tmp_path / "warc", registry)
    first, partial = dask_run(tmp_path, tmp_path / "warc", registry, cluster, task=always_fails_on_one, retries=0)
    assert list(first.failed) == [str(files[1])] and "disk full" in first.failed[str(files[1])]
    assert len(partial["articles"]) == 60
    second, got = dask_run(tmp_path, tmp_path / "warc", registry, cluster)
    assert (second.articles, second.new_articles) == (90, 30)
    assert got == want
    third, again = dask_run(tmp_path, tmp_path / "warc", registry, cluster)
    assert third.new_articles == 0 and again == want


def test_scale_extract_cli(tmp_path, cluster, generated):
    from typer.testing import CliRunner

    from pipeline.cli import app

    folder, files, registry = generated
    runner = CliRunner()
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["--db", str(db), "extract", "--from-archive", str(files[0]), "--registry",
                                 str(registry), "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 1 and "no database at" in result.output  # only run, crawl and load create one
    Store(db).close()
    result = runner.invoke(app, ["--db", str(db), "extract", "--from-archive", str(files[0]), "--registry",
                                 str(registry), "--extractor-version", "cli-d", "--engine", "dask",
                                 "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "250 articles re-extracted as version cli-d" in result.output
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM extraction_runs WHERE extractor_version = 'cli-d'"
                                 ).fetchone()[0] == 250
    for args, message in [
        (["extract", "--jsonl", "x.jsonl", "--engine", "dask"], "--from-archive"),
        (["extract", "--from-archive", str(files[0]), "--workers", "2"], "--engine dask"),
        (["extract", "--from-archive", str(files[0]), "--engine", "spark"], "local or dask"),
        (["extract", "--from-archive", str(tmp_path / "none-*.warc.gz"), "--engine", "dask", "--workers", "1"],
         "no WARC file"),
    ]:
        result = runner.invoke(app, ["--db", str(db)] + args)
        assert result.exit_code == 1 and message in result.output, result.output


def test_scale_same_page_in_two_files_later_copy_wins_as_locally(tmp_path, cluster):
    files, registry = write_archive(tmp_path / "warc", 60, files=2, seed=8, paragraphs=2)
    (tmp_path / "warc" / "bench-0001-again.warc.gz").write_bytes(files[0].read_bytes())  # read after bench-0001
    local, want = local_run(tmp_path, tmp_path / "warc", registry)
    report, got = dask_run(tmp_path, tmp_path / "warc", registry, cluster)
    assert len(want["articles"]) == 60
    assert {r[14] for r in want["articles"]} == {str(files[1]), str(tmp_path / "warc" / "bench-0001-again.warc.gz")}
    assert got == want


def test_scale_replaces_what_a_run_stored_under_the_same_version(tmp_path, cluster):
    from extractors.extract import Extractor, ExtractorOptions
    from pipeline.orchestrate import run_archive

    archive, registry = sample_paths()
    stores = {}
    for name in ("local", "dask"):
        with Store(tmp_path / f"{name}.duckdb") as store:     # figures of version t1 without extraction_runs rows
            run_archive(store, archive, registry, extractor=Extractor(ExtractorOptions(version="t1")))
            stores[name] = snapshot(store)["figures"]
    assert stores["local"] == stores["dask"] and stores["local"]
    with Store(tmp_path / "local.duckdb") as store:
        reextract_archive(store, archive, load_registry(registry), version="t1")
        want = snapshot(store)
    reextract_distributed(tmp_path / "dask.duckdb", archive, load_registry(registry), version="t1",
                          options=ScaleOptions(scheduler=cluster.scheduler_address))
    with Store(tmp_path / "dask.duckdb", read_only=True) as store:
        assert snapshot(store) == want
