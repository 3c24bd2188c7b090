import json

import pytest

from extractors.extract import Extractor, ExtractorOptions
from extractors.learned.decide import CATEGORY_MODEL, PERIOD_MODEL
from extractors.learned.features import NULL, category_features, period_candidates, twin_periods
from extractors.learned.linear import LinearModel, ModelFileError


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


def test_twin_periods_read_the_same_figure_told_in_another_sentence():
    doc = _doc("Hội đã trao 25 xe đạp cho học sinh. Trong năm học 2021, hội trao 25 xe đạp và 40 suất học bổng. "
               "Năm 2022 hội trao 40 suất học bổng.", "2022-09-05")
    values = [f.value for f in doc.figures]
    assert values == [25, 25, 40, 40]
    twins = twin_periods(doc, ["p0", "p1", "p2", "p3"])
    # the first 25 takes the later one's period; the later one the earlier's; 40 and 40 of different sentences
    assert twins == ["p1", "p0", "p3", "p2"]
    assert twin_periods(_doc("Xã có 7 thôn và 7 tổ hòa giải.", "2022-01-01"), ["a", "b"]) == [None, None]
    starts = [y.start for y in doc.years]
    cands = period_candidates(doc, doc.figures[0], "2022", starts, twin="2021")
    assert "twin" in cands["2021"] and "twin_head" in cands["2021"]


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


def test_training_fits_models_that_load_from_json_and_run(tmp_path):
    from extractors.learned.train import fit_category, fit_period, folds, load_passages

    rows = []
    for i, province in enumerate(["Tỉnh A", "Tỉnh B", "Tỉnh C", "Tỉnh D", "Tỉnh E", "Tỉnh G"]):
        rows.append({"id": f"t{i}", "province": province, "published": "2024-01-05", "documents": [],
                     "text": f"Năm 2023, huyện tiếp xúc {40 + i} cử tri và có {10 + i} mô hình.",
                     "figures": [{"value": 40 + i, "category": "reception", "period": "2023", "span": f"{40 + i} cử tri"},
                                 {"value": 10 + i, "category": "model", "period": "2023", "span": f"{10 + i} mô hình"}]})
    (tmp_path / "dev_passages.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    passages, digest = load_passages(tmp_path, names=("dev_passages.jsonl",))
    assert len(passages) == 6 and len(digest) == 64 and all(len(p.cat_rows) == 2 for p in passages)
    assert sorted(i for test in folds(passages, k=3) for i in test) == list(range(6))
    category = fit_category(passages, 1.0, {"threshold": 0.5})
    period = fit_period(passages, 1.0)
    category.save(tmp_path / "c.json")
    period.save(tmp_path / "p.json")
    extra = {CATEGORY_MODEL: LinearModel.load(tmp_path / "c.json"), PERIOD_MODEL: LinearModel.load(tmp_path / "p.json")}
    figures = Extractor(ExtractorOptions(extra=extra)).extract(
        "Năm 2022, xã tiếp xúc 75 cử tri và có 8 mô hình.", published="2023-02-01").figures
    assert [(f.value, f.category, f.period) for f in figures] == [(75, "reception", "2022"), (8, "model", "2022")]


def test_period_model_leaves_periods_read_in_the_text_to_the_rules():
    text = "Năm 2022, toàn tỉnh có 120 mô hình."
    prefers_none = LinearModel(["yes"], [0.0], {"k=null": [4.0]}, {"keep_rule_sources": ["sb", "sa"]})
    ex = Extractor(ExtractorOptions(extra={PERIOD_MODEL: prefers_none, f"{CATEGORY_MODEL}_off": True}))
    assert [f.period for f in ex.extract(text, published="2023-03-01").figures] == ["2022"]
    # with no year in the text the rules fall back on the publication year, and the model decides
    assert [f.period for f in ex.extract("Toàn tỉnh có 120 mô hình.", published="2023-03-01").figures] == [None]
