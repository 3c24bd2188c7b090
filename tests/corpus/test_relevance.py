import json

import pytest

from corpus.records import Article
from corpus.relevance import (
    LabelledText, RelevanceError, RelevanceModel, evaluate, is_held_out, load_labels, score_store, weak_label,
)


@pytest.fixture(scope="module")
def model():
    return RelevanceModel()


def test_relevance_labels_are_shipped_and_balanced():
    labels = load_labels()
    assert len(labels) >= 150
    assert len({x.id for x in labels}) == len(labels)
    positives = sum(x.label for x in labels)
    assert 0.35 < positives / len(labels) < 0.65
    held_out = [x for x in labels if is_held_out(x.id)]
    assert 25 <= len(held_out) <= 60 and {x.label for x in held_out} == {0, 1}


def test_relevance_weak_labels_from_seed_terms():
    assert weak_label("Ban Dân vận Huyện ủy tổ chức hội nghị") == 1
    assert weak_label("Tai nạn giao thông trên quốc lộ 1") == 0
    assert weak_label("Hội nông dân tổ chức giải bóng đá") is None       # both: no opinion
    assert weak_label("Khánh thành cây cầu mới") is None                 # neither
    assert weak_label("Vận động viên giành huy chương vàng") == 0        # "vận động viên" is not "vận động nhân dân"


def test_relevance_shipped_weak_field_matches_the_seeds():
    for x in load_labels():
        assert x.weak == weak_label(x.text), x.id


@pytest.mark.parametrize("text, relevant", [
    ("Mặt trận Tổ quốc xã vận động bà con góp tiền xây nhà đại đoàn kết cho hộ nghèo.", True),
    ("Chủ tịch UBND huyện đối thoại với nhân dân về bồi thường giải phóng mặt bằng.", True),
    ("Đội bóng đá của tỉnh thua đậm trên sân nhà ở vòng đấu cuối.", False),
    ("Giá vàng trong nước giảm mạnh sau nhiều phiên tăng liên tiếp.", False),
])
def test_relevance_scores_new_texts(model, text, relevant):
    [score] = model.score([text])
    assert 0.0 <= score <= 1.0
    assert (score >= 0.5) == relevant


def test_relevance_model_version_names_the_labels(model):
    assert model.version == RelevanceModel().version
    other = RelevanceModel(load_labels()[:-1])
    assert other.version != model.version
    with pytest.raises(RelevanceError, match="both classes"):
        RelevanceModel([LabelledText("a", "x", 1)])


def test_relevance_bad_label_line_is_named():
    with pytest.raises(RelevanceError, match=":2:"):
        load_labels(json.dumps({"id": "a", "text": "x", "label": 1}) + "\n{not json}\n")


@pytest.mark.slow
def test_relevance_held_out_precision_and_recall():
    ev = evaluate()
    assert ev.test >= 25
    assert ev.precision >= 0.85 and ev.recall >= 0.85
    assert ev.weak_accuracy >= 0.9


def test_relevance_score_store_adds_a_column_and_drops_nothing(store, model):
    arts = [Article(url="https://a.example.vn/1", title="Hội nghị tổng kết công tác dân vận", text="Ban Dân vận…"),
            Article(url="https://a.example.vn/2", title="Mưa lớn gây ngập đường", text="Nước ngập sâu…")]
    store.upsert_articles(arts)
    first = score_store(store, model, batch=1)
    assert (first.scored, first.already) == (2, 0)
    again = score_store(store, model)
    assert (again.scored, again.already) == (0, 2)
    rows = dict(store.query("SELECT article_id, score FROM article_relevance")[1])
    assert rows[arts[0].id] > 0.5 > rows[arts[1].id]
    assert store.query("SELECT count(*) FROM articles")[1][0][0] == 2
    assert score_store(store, model, rescore=True).scored == 2


def test_relevance_cli(store):
    from typer.testing import CliRunner

    from pipeline.cli import app
    from pipeline.store import Store

    store.upsert_articles([Article(url="https://a.example.vn/3", title="Tiếp xúc cử tri", text="Cử tri kiến nghị…")])
    db = store.path
    store.close()
    result = CliRunner().invoke(app, ["--db", str(db), "relevance"])
    assert result.exit_code == 0, result.output
    assert "1 article scored with relevance-" in result.output
    with Store(db, read_only=True) as again:
        assert again.query("SELECT count(*) FROM article_relevance")[1][0][0] == 1
