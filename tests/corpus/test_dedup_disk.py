"""The disk engine (corpus.dedup_disk) finds the clusters of the in-memory pass, row for row."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pytest
from hypothesis import given, settings, strategies as st

from common.gazetteer import provinces_63
from corpus.dedup import DedupOptions, cluster_store
from corpus.dedup_disk import DiskDedupError, DiskOptions, cluster_store_disk
from corpus.records import Article
from corpus.synthetic import SyntheticCorpus
from pipeline.store import Store

VN = timezone(timedelta(hours=7))
CLUSTERS = "SELECT * FROM article_clusters ORDER BY ALL"

# Words for generated bodies (written for this test; any mix of them is a "body").
VOCAB = ("cán bộ chiến sĩ nhân dân xã phường thôn bản ấp hội nông dân phụ nữ cựu chiến binh thanh niên mặt trận "
         "tổ quốc ban dân vận huyện ủy đảng ủy chính quyền đoàn thể mô hình khéo vận động hộ nghèo làm nhà "
         "đường giao thông nông thôn mới hiến đất ngày công kinh phí triệu đồng tổ chức hội nghị tổng kết năm "
         "đối thoại tiếp xúc cử tri kiến nghị giải quyết đồng bào dân tộc thiểu số người có uy tín chức sắc tôn "
         "giáo an ninh trật tự hòa giải cơ sở vệ sinh môi trường trồng cây xanh khuyến học sinh kế chăn nuôi "
         "bò giống lúa gạo hỗ trợ thăm hỏi tặng quà gia đình chính sách").split()


def _body(r: random.Random, n_words: int) -> str:
    out, sentence = [], []
    for _ in range(n_words):
        sentence.append(r.choice(VOCAB))
        if len(sentence) >= r.randint(6, 14):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _edit(r: random.Random, text: str, rate: float) -> str:
    """A near copy: each word replaced with probability rate, sometimes a sentence added at the end."""
    ws = [r.choice(VOCAB) if r.random() < rate else w for w in text.split()]
    if r.random() < 0.3:
        ws += ["Nguồn:", "đài", "truyền", "thanh", "xã."]
    return " ".join(ws)


def generated_articles(seed: int, n: int = 160) -> list[Article]:
    """Articles with planted copies: exact copies, near copies at edit rates around the threshold, chains
    (each link an edit of the one before), copies published before their original, undated articles, date
    ties, short and empty bodies, bodies that differ only in case and punctuation."""
    r = random.Random(seed)
    start = datetime(2023, 3, 1, 7, tzinfo=VN)
    out: list[Article] = []

    def add(text, published=None, host=None):
        i = len(out)
        url = f"https://{host or r.choice(['a', 'bb', 'ccc', 'dddd'])}.example.vn/tin/{i:05d}-{r.randint(0, 99)}.html"
        out.append(Article(url=url, title=f"Tin {i}", text=text, published=published))

    def when():
        return None if r.random() < 0.05 else start + timedelta(hours=r.randint(0, 400))

    for _ in range(n):
        x = r.random()
        if not out or x < 0.35:
            add(_body(r, r.randint(20, 140)), when())
            continue
        orig = r.choice(out)
        if x < 0.5:
            add(orig.text, orig.published if r.random() < 0.3 else when())          # exact copy (date tie or not)
        elif x < 0.75:
            add(_edit(r, orig.text, r.choice([0.01, 0.03, 0.06, 0.1, 0.15, 0.25])), when())
        elif x < 0.85:                                                            # a chain of edits
            text = orig.text
            for _ in range(r.randint(2, 4)):
                text = _edit(r, text, 0.07)
                add(text, when())
        elif x < 0.88:
            add(orig.text.upper().replace(".", "!"), when())                      # same shingles, other hash
        elif x < 0.9:                                                             # two articles glued: a tie
            other = _body(r, len(orig.text.split()))
            add(other, when())
            add(orig.text + " " + other, when())
        elif x < 0.95:
            add(" ".join(r.choice(VOCAB) for _ in range(r.randint(0, 19))), when())   # short or empty
        else:
            add(orig.text, orig.published, host="e")                              # same date, another URL
    r.shuffle(out)
    return out


def _both_engines(store: Store, options: DedupOptions | None = None, disk: DiskOptions | None = None):
    local = cluster_store(store, options)
    want = store.con.execute(CLUSTERS).fetchall()
    store.con.execute("DELETE FROM article_clusters")
    report = cluster_store_disk(store, options, disk)
    got = store.con.execute(CLUSTERS).fetchall()
    return local, want, report, got


def _same_report(a, b) -> bool:
    return (a.articles, a.too_short, a.clusters, a.exact, a.near, a.kinds) == \
        (b.articles, b.too_short, b.clusters, b.exact, b.near, b.kinds)


@pytest.mark.parametrize("seed, num_perm", [(1, 128), (2, 128), (3, 16), (4, 16)])
def test_dedup_disk_matches_local_on_generated_corpora(store, seed, num_perm):
    store.upsert_articles(generated_articles(seed, 220))
    local, want, report, got = _both_engines(store, DedupOptions(num_perm=num_perm))
    assert local.exact > 5 and local.near > 20 and local.too_short > 0
    assert got == want
    assert _same_report(report, local)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), threshold=st.sampled_from([0.3, 0.5, 0.6, 0.8]), n=st.integers(1, 90),
       num_perm=st.sampled_from([16, 32, 128]))
def test_dedup_disk_matches_local_for_any_seed_and_threshold(tmp_path_factory, seed, threshold, n, num_perm):
    # few permutations give coarse similarities, hence ties between two canonical articles (smallest id wins)
    with Store(tmp_path_factory.mktemp("h") / "t.duckdb") as store:
        store.upsert_articles(generated_articles(seed, n))
        local, want, report, got = _both_engines(store, DedupOptions(threshold=threshold, num_perm=num_perm))
        assert got == want
        assert _same_report(report, local)


def test_dedup_disk_matches_local_on_synthetic_articles(store):
    store.upsert_articles(SyntheticCorpus(seed=11).articles(1200, provinces_63(), copy_rate=0.1, near_rate=0.1))
    local, want, report, got = _both_engines(store)
    assert local.exact > 50 and local.near > 50
    assert got == want and _same_report(report, local)


def test_dedup_disk_matches_local_on_the_sample_with_copies(store):
    from corpus.pages import articles_from_archive, sample_paths
    from scrapers.registry import load_registry

    archive, registry = sample_paths()
    articles = list(articles_from_archive(archive, load_registry(registry)))
    r = random.Random(5)
    copies = []
    for i, a in enumerate(articles[:12]):   # a site reprinting the sample's articles, some edited
        text = a.text if i % 3 == 0 else _edit(r, a.text, 0.04 * (i % 4))
        copies.append(Article(url=f"https://baolai.example.vn/bai-{i}.html", title=a.title, text=text,
                              published=(a.published + timedelta(days=1)) if a.published else None))
    store.upsert_articles(articles + copies)
    local, want, report, got = _both_engines(store)
    assert len(articles) >= 26 and local.exact >= 4 and local.near >= 4
    assert got == want and _same_report(report, local)


def test_dedup_disk_chain_does_not_glue(store):
    # A ≈ B ≈ C ≈ ... each link an edit of the one before: the early links join A, the far ones are too far from
    # A and start a cluster of their own (matching is against the canonical only), in both engines
    r = random.Random(9)
    chain = [_body(r, 150)]
    for _ in range(7):
        chain.append(_edit(r, chain[-1], 0.04))
    day = datetime(2024, 5, 1, 9, tzinfo=VN)
    arts = [Article(url=f"https://s{i}.example.vn/x.html", title="t", text=t, published=day + timedelta(hours=i))
            for i, t in enumerate(chain)]
    store.upsert_articles(arts)
    local, want, report, got = _both_engines(store)
    assert got == want
    canonical_of = {row[0]: row[2] for row in got}
    assert canonical_of[arts[1].id] == arts[0].id
    assert canonical_of.get(arts[-1].id, arts[-1].id) != arts[0].id
    assert all(row[4] >= 0.5 for row in got)


def test_dedup_disk_empty_store_and_only_short_bodies(store):
    local, want, report, got = _both_engines(store)
    assert got == want == [] and report.articles == 0
    store.upsert_articles([Article(url=f"https://t{i}.example.vn/a.html", title="t", text=text)
                           for i, text in enumerate(["", "Ảnh minh họa", "", "Ảnh minh họa"])])
    local, want, report, got = _both_engines(store)
    assert got == want == [] and report.too_short == 4 and report.articles == 4


def _stale_rows(store):
    store.con.execute("INSERT INTO article_clusters VALUES ('old1', 'old1', 'old1', 'canonical', 1.0), "
                      "('old2', 'old1', 'old1', 'exact', 1.0)")
    return store.con.execute(CLUSTERS).fetchall()


def _work_folders(tmp_path):
    return list(tmp_path.glob(".danvan-dedup-*"))


@pytest.mark.parametrize("step", ["_check_pairs", "_place", "_members"])
def test_dedup_disk_interrupted_run_keeps_the_table_and_reruns(store, tmp_path, monkeypatch, step):
    import corpus.dedup_disk as disk

    store.upsert_articles(generated_articles(4, 150))
    cluster_store(store)
    want = store.con.execute(CLUSTERS).fetchall()
    store.con.execute("DELETE FROM article_clusters")
    before = _stale_rows(store)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(disk, step, interrupted)
        with pytest.raises(KeyboardInterrupt):
            cluster_store_disk(store)
    assert store.con.execute(CLUSTERS).fetchall() == before
    assert _work_folders(tmp_path) == []
    cluster_store_disk(store)
    assert store.con.execute(CLUSTERS).fetchall() == want


def test_dedup_disk_failure_inside_the_final_transaction_loses_nothing(store, tmp_path, monkeypatch):
    import corpus.dedup_disk as disk

    store.upsert_articles(generated_articles(6, 200))
    before = _stale_rows(store)
    real = disk._cluster_batches

    def breaks_after_one_batch(cur, batch):
        reader = real(cur, 5)

        def batches():
            yield reader.read_next_batch()
            raise OSError("disk full")
        return pa.RecordBatchReader.from_batches(reader.schema, batches())

    monkeypatch.setattr(disk, "_cluster_batches", breaks_after_one_batch)
    with pytest.raises((DiskDedupError, OSError)):
        cluster_store_disk(store)
    assert store.con.execute(CLUSTERS).fetchall() == before
    assert _work_folders(tmp_path) == []


def test_dedup_disk_options_are_checked(store, tmp_path):
    arts = generated_articles(7, 30)
    store.upsert_articles(arts)
    with pytest.raises(DiskDedupError, match="--memory-limit"):
        cluster_store_disk(store, disk=DiskOptions(memory_limit="lots"))
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    with pytest.raises(DiskDedupError, match="not a folder"):
        cluster_store_disk(store, disk=DiskOptions(temp_dir=not_a_folder))
    spill = tmp_path / "spill-here"
    report = cluster_store_disk(store, disk=DiskOptions(memory_limit="64MB", temp_dir=spill))
    assert report.articles == len(arts) and list(spill.iterdir()) == []


def test_dedup_disk_cli(store):
    from typer.testing import CliRunner

    from pipeline.cli import app

    store.upsert_articles(generated_articles(8, 120))
    cluster_store(store)
    want = store.con.execute(CLUSTERS).fetchall()
    db = store.path
    store.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "dedup", "--engine", "duckdb", "--memory-limit", "256MB",
                                 "--temp-dir", str(db.parent / "work")])
    assert result.exit_code == 0, result.output
    assert "articles:" in result.output
    with Store(db, read_only=True) as again:
        assert again.con.execute(CLUSTERS).fetchall() == want
    for args, message in [(["--engine", "duckdb", "--memory-limit", "much"], "--memory-limit wants a size"),
                          (["--memory-limit", "1GB"], "need --engine duckdb"),
                          (["--engine", "duckdb", "--workers", "2"], "need --engine dask"),
                          (["--engine", "disk"], "--engine wants local, duckdb or dask")]:
        bad = runner.invoke(app, ["--db", str(db), "dedup", *args])
        assert bad.exit_code == 1 and message in bad.output, (args, bad.output)
        assert len(bad.output.strip().splitlines()) == 1


def test_dedup_bench_gives_the_same_rows_with_both_engines(tmp_path):
    from pipeline.dedup_bench import benchmark_dedup

    runs = list(benchmark_dedup([300, 600], tmp_path, memory_limit="128MB"))
    assert [(r.articles, r.engine) for r in runs] == [(300, "local"), (300, "duckdb"), (600, "local"),
                                                      (600, "duckdb")]
    assert runs[0].fingerprint == runs[1].fingerprint and runs[2].fingerprint == runs[3].fingerprint
    assert runs[2].rows > runs[0].rows > 0 and all(r.peak_mb > 0 for r in runs)
