"""Dedup on Dask finds the clusters of the one-process pass, row for row."""
import logging

import pytest

distributed = pytest.importorskip("distributed")

from common.gazetteer import provinces_63  # noqa: E402
from corpus.dedup import cluster_store  # noqa: E402
from corpus.dedup_dask import cluster_store_dask  # noqa: E402
from corpus.distributed import ScaleOptions  # noqa: E402
from corpus.records import Article  # noqa: E402
from corpus.synthetic import SyntheticCorpus  # noqa: E402

CLUSTERS = "SELECT * FROM article_clusters ORDER BY ALL"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.ERROR) as c:
        yield c


def test_dedup_dask_matches_the_local_pass(store, cluster):
    articles = list(SyntheticCorpus(seed=4).articles(1500, provinces_63(), copy_rate=0.08, near_rate=0.08))
    # awkward cases: no date (sorted last), a stub too short to compare, the same body under two URLs that
    # tie on date, and a copy published before its "original"
    first = articles[10]
    articles += [
        Article(url="https://x.example.vn/khong-ngay.html", title="t", text=articles[20].text),
        Article(url="https://x.example.vn/ngan.html", title="t", text="Ảnh: tư liệu", published=first.published),
        Article(url="https://y.example.vn/a.html", title="t", text=first.text, published=first.published),
        Article(url="https://yy.example.vn/b.html", title="t", text=first.text, published=first.published),
        Article(url="https://z.example.vn/truoc.html", title="t", text=articles[30].text + " Thêm một câu.",
                published=articles[0].published),
    ]
    store.upsert_articles(articles)
    local = cluster_store(store)
    want = store.con.execute(CLUSTERS).fetchall()
    store.con.execute("DELETE FROM article_clusters")
    report = cluster_store_dask(store, scale=ScaleOptions(scheduler=cluster.scheduler_address), partitions=6)
    got = store.con.execute(CLUSTERS).fetchall()
    assert local.exact > 50 and local.near > 50 and local.too_short == 1
    assert got == want
    assert (report.articles, report.too_short, report.clusters, report.kinds) == \
        (local.articles, local.too_short, local.clusters, local.kinds)


def test_dedup_dask_cli(store, cluster):
    from typer.testing import CliRunner

    from pipeline.cli import app

    store.upsert_articles(SyntheticCorpus(seed=9).articles(200, provinces_63(), copy_rate=0.2, near_rate=0.1))
    db = store.path
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "dedup", "--engine", "dask", "--scheduler",
                                 cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "200 articles:" in result.output
    bad = runner.invoke(app, ["--db", str(db), "dedup", "--workers", "2"])
    assert bad.exit_code == 1 and "--engine dask" in bad.output
