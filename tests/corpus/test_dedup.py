from datetime import datetime, timedelta, timezone

import pytest

from corpus.dedup import (
    DedupInput, DedupOptions, canonical_order, cluster_store, find_clusters, jaccard, labelled_pairs,
    score_thresholds, shingles,
)
from corpus.records import Article

VN = timezone(timedelta(hours=7))

BODY = ("Sáng nay, Ban Dân vận Huyện ủy tổ chức hội nghị tổng kết công tác dân vận năm 2024. Hệ thống dân vận "
        "đã tham mưu ban hành bốn văn bản, phối hợp tổ chức mười hai cuộc đối thoại giữa người đứng đầu cấp ủy "
        "với nhân dân. Toàn huyện có bảy mươi mô hình dân vận khéo được công nhận, nhiều mô hình giúp hộ nghèo "
        "có sinh kế ổn định. Dịp này, năm tập thể và chín cá nhân được tặng giấy khen.")
OTHER = ("Mưa lớn kéo dài từ chiều đến tối khiến nhiều tuyến đường trong nội ô ngập sâu, hàng trăm xe máy chết "
         "máy giữa đường. Đài khí tượng dự báo trong hai ngày tới khu vực tiếp tục có mưa rào và dông, người dân "
         "cần đề phòng lốc, sét và gió giật mạnh khi ra đường vào buổi chiều tối.")


def _item(i, text, day, url=None):
    return DedupInput(f"id{i}", url or f"https://site{i}.example.vn/bai-{i}.html",
                      datetime(2024, 1, day, 8, tzinfo=VN), text)


def test_dedup_shingles_and_jaccard():
    assert shingles("Một hai ba bốn năm sáu", 5) == {"một hai ba bốn năm".encode(), "hai ba bốn năm sáu".encode()}
    assert shingles("ngắn thôi", 5) == {"ngắn thôi".encode()}
    assert jaccard({1, 2}, {2, 3}) == pytest.approx(1 / 3)


def test_dedup_exact_and_near_copies_cluster_with_earliest_canonical():
    near = "Nguồn: Báo tỉnh\n\n" + BODY + "\n\nChia sẻ bài viết: Facebook | Zalo"
    items = sorted([_item(1, BODY, 3), _item(2, BODY, 1), _item(3, near, 2), _item(4, OTHER, 1)],
                   key=canonical_order)
    members = {m.article_id: m for m in find_clusters(items)}
    assert set(members) == {"id1", "id2", "id3"}          # the unrelated article has no cluster row
    assert {m.canonical_id for m in members.values()} == {"id2"}   # published first
    assert members["id2"].kind == "canonical"
    assert members["id1"].kind == "exact" and members["id1"].similarity == 1.0
    assert members["id3"].kind == "near" and 0.5 <= members["id3"].similarity < 1.0
    assert {m.cluster_id for m in members.values()} == {"id1"}     # smallest id: stable if the canonical changes


def test_dedup_ties_go_to_the_shortest_url():
    a = DedupInput("b", "https://a.example.vn/rat-dai/bai.html", datetime(2024, 1, 1, tzinfo=VN), BODY)
    b = DedupInput("a", "https://a.vn/b.html", datetime(2024, 1, 1, tzinfo=VN), BODY)
    members = find_clusters(sorted([a, b], key=canonical_order))
    assert {m.canonical_id for m in members} == {"a"}


def test_dedup_short_bodies_are_never_copies():
    report_items = [_item(1, "Ảnh minh họa", 1), _item(2, "Ảnh minh họa", 2)]
    assert find_clusters(report_items) == []


def test_dedup_refuses_unordered_input():
    with pytest.raises(ValueError, match="canonical order"):
        find_clusters([_item(1, BODY, 5), _item(2, BODY, 1)])


def test_dedup_does_not_chain_through_copies():
    # Each version drops 12 more words: every version is a copy of the one before, the last is not a copy of
    # the first (exact Jaccard 0.41), so it must not join the first one's cluster through its neighbours.
    words = BODY.split()
    steps = [" ".join(words[i * 12:]) for i in range(5)]
    assert jaccard(shingles(steps[3]), shingles(steps[4])) > 0.7 > 0.45 > jaccard(shingles(steps[0]), shingles(steps[4]))
    members = {m.article_id: m for m in find_clusters([_item(i, t, i + 1) for i, t in enumerate(steps)])}
    assert members["id1"].canonical_id == "id0"
    assert members.get("id4") is None or members["id4"].canonical_id != "id0"
    assert all(m.similarity >= 0.5 for m in members.values())


def test_dedup_cluster_store_replaces_the_table(store):
    arts = [Article(url=f"https://tinh{i}.example.vn/bai.html", title="t", text=BODY,
                    published=datetime(2024, 1, i + 1, tzinfo=VN)) for i in range(3)]
    arts.append(Article(url="https://khac.example.vn/x.html", title="t", text=OTHER))
    store.upsert_articles(arts)
    report = cluster_store(store)
    assert (report.articles, report.clusters, report.exact) == (4, 1, 2)
    cols, rows = store.query("SELECT article_id, canonical_id, kind FROM article_clusters ORDER BY article_id")
    assert len(rows) == 3 and {r[1] for r in rows} == {arts[0].id}
    store.query("DELETE FROM articles WHERE url LIKE 'https://tinh2%'")
    cluster_store(store)
    assert store.query("SELECT count(*) FROM article_clusters")[1][0][0] == 2
    assert store.query("SELECT count(*) FROM articles")[1][0][0] == 3      # nothing dropped by dedup


def test_dedup_threshold_on_the_labelled_pairs():
    pairs = labelled_pairs(synthetic_pairs=40)
    assert sum(p.same for p in pairs) == 72
    [score] = score_thresholds(pairs, [DedupOptions().threshold])
    assert score.precision == 1.0 and score.recall >= 0.95


def test_dedup_cli(store):
    from typer.testing import CliRunner

    from pipeline.cli import app

    store.upsert_articles([Article(url=f"https://t{i}.example.vn/a.html", title="t", text=BODY) for i in range(2)])
    db = store.path
    store.close()
    result = CliRunner().invoke(app, ["--db", str(db), "dedup", "--threshold", "0.6"])
    assert result.exit_code == 0, result.output
    assert "1 cluster with copies, 1 exact" in result.output
    from pipeline.store import Store

    with Store(db, read_only=True) as again:
        assert again.query("SELECT count(*) FROM article_clusters")[1][0][0] == 2


def test_replace_clusters_keeps_unchanged_rows_and_ends_with_exactly_the_new_ones(store):
    from corpus.dedup import ClusterMember, replace_clusters

    def rows():
        return sorted(store.con.execute("SELECT article_id, cluster_id, canonical_id, kind, similarity "
                                        "FROM article_clusters").fetchall())

    first = [ClusterMember("a1", "c1", "a1", "canonical", 1.0), ClusterMember("a2", "c1", "a1", "exact", 1.0),
             ClusterMember("a3", "c3", "a3", "canonical", 1.0)]
    replace_clusters(store, first)
    assert rows() == sorted((m.article_id, m.cluster_id, m.canonical_id, m.kind, m.similarity) for m in first)
    # a2 now joins another cluster, a3 is gone, a4 is new; a1 is unchanged
    second = [first[0], ClusterMember("a2", "c4", "a4", "near", 0.81), ClusterMember("a4", "c4", "a4", "canonical", 1.0)]
    replace_clusters(store, second)
    assert rows() == sorted((m.article_id, m.cluster_id, m.canonical_id, m.kind, m.similarity) for m in second)
    replace_clusters(store, second)      # the same again: nothing to change, nothing duplicated
    assert len(rows()) == 3
