import json

import pytest

from extractors.extract import Extractor, ExtractorOptions
from extractors.learned.decide import CATEGORY_MODEL, PERIOD_MODEL
from extractors.learned.features import NULL, category_features, period_candidates
from extractors.learned.linear import LinearModel, ModelFileError, packaged_model


def test_linear_model_json_round_trip_and_probabilities(tmp_path):
    m = LinearModel(["model", "other"], [0.0, 0.5], {"e=mô hình": [3.0, -1.0]}, {"note": "hand-made"})
    path = tmp_path / "m.json"
    m.save(path)
    again = LinearModel.load(path)
    assert again == m and json.loads(path.read_text(encoding="utf-8"))["meta"] == {"note": "hand-made"}
    p = again.probabilities(["e=mô hình", "unknown feature"])
    assert p["model"] > 0.9 and p["model"] + p["other"] == pytest.approx(1.0)
    assert again.probabilities([])["other"] > 0.5


def test_linear_model_rejects_bad_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"classes": ["a", "b"], "intercept": [0], "weights": {}}', encoding="utf-8")
    with pytest.raises(ModelFileError, match="one number per class"):
        LinearModel.load(bad)
    with pytest.raises(ModelFileError, match="cannot read"):
        LinearModel.load(tmp_path / "missing.json")


def _doc(text, published=None):
    return Extractor(ExtractorOptions(extra={"learned": False})).annotate(text, published)


def test_category_features_read_the_counted_noun_and_its_cues():
    doc = _doc("Năm 2023, huyện tiếp xúc 45 cử tri tại hội nghị.")
    f = doc.figures[0]
    feats = category_features(doc, f)
    assert f"rule={f.category}" in feats and "e=cử tri" in feats and "cb=reception" in feats


def test_period_candidates_cover_the_sentence_the_article_and_no_period():
    doc = _doc("Giai đoạn 2016 - 2020, tỉnh có 120 mô hình. Năm 2020 có thêm 15 mô hình.", "2021-01-10")
    starts = [y.start for y in doc.years]
    cands = period_candidates(doc, doc.figures[1], doc.periods[1], starts)
    assert {"2020", "2016-2020", "2021", NULL} <= set(cands)
    assert "sb1" in cands["2020"] and "pub" in cands["2021"] and "range_end" in cands["2020"]


def test_category_model_overrides_the_rules_only_when_confident():
    text = "Năm 2023, tỉnh tiếp xúc 45 cử tri."
    rules = Extractor(ExtractorOptions(extra={"learned": False})).extract(text).figures[0].category
    target = "reception" if rules != "reception" else "event"
    sure = LinearModel([rules, target], [0.0, 0.0], {"e=cử tri": [0.0, 5.0]}, {"threshold": 0.6})
    shy = LinearModel([rules, target], [0.0, 0.0], {"e=cử tri": [0.0, 0.2]}, {"threshold": 0.6})
    locked = LinearModel([rules, target], [0.0, 0.0], {"e=cử tri": [0.0, 5.0]}, {"threshold": 0.6, "locked": [rules]})
    for model, expected in ((sure, target), (shy, rules), (locked, rules)):
        ex = Extractor(ExtractorOptions(extra={CATEGORY_MODEL: model, f"{PERIOD_MODEL}_off": True}))
        assert ex.extract(text).figures[0].category == expected


def test_period_model_may_choose_no_period():
    text = "Toàn tỉnh có 120 mô hình."
    prefers_none = LinearModel(["yes"], [0.0], {"k=null": [4.0]})
    ex = Extractor(ExtractorOptions(extra={PERIOD_MODEL: prefers_none, f"{CATEGORY_MODEL}_off": True}))
    assert [f.period for f in ex.extract(text, published="2023-03-01").figures] == [None]
    rules = Extractor(ExtractorOptions(extra={"learned": False}))
    assert [f.period for f in rules.extract(text, published="2023-03-01").figures] == ["2023"]


def test_packaged_models_record_their_data_and_cross_validation():
    for name in (CATEGORY_MODEL, PERIOD_MODEL):
        model = packaged_model(name)
        if model is None:   # a layer that did not beat the rules in cross-validation is not shipped
            continue
        meta = model.meta
        assert len(meta["data"]["sha256"]) == 64 and meta["cross_validation"]["grouped_by"] == "province"
        assert meta["command"].startswith("python -m extractors.learned.train")


def test_period_model_leaves_periods_read_in_the_text_to_the_rules():
    text = "Năm 2022, toàn tỉnh có 120 mô hình."
    prefers_none = LinearModel(["yes"], [0.0], {"k=null": [4.0]}, {"keep_rule_sources": ["sb", "sa"]})
    ex = Extractor(ExtractorOptions(extra={PERIOD_MODEL: prefers_none, f"{CATEGORY_MODEL}_off": True}))
    assert [f.period for f in ex.extract(text, published="2023-03-01").figures] == ["2022"]
    # with no year in the text the rules fall back on the publication year, and the model decides
    assert [f.period for f in ex.extract("Toàn tỉnh có 120 mô hình.", published="2023-03-01").figures] == [None]
