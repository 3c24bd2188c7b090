import json

import pytest

from extractors.evaluate import GoldError, evaluate


def _write(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_evaluate_scores_a_run_of_the_extractor(tmp_path):
    gold = tmp_path / "gold.jsonl"
    _write(gold, [{
        "id": "g1", "published": "2023-05-01",
        "text": "Năm 2022, tỉnh tặng Bằng khen cho 10 tập thể, 15 cá nhân theo Kế hoạch số 7-KH/TU, ngày 2-3-2022.",
        "figures": [
            {"value": 10, "category": "award_collective", "period": "2022", "qualifier": None},
            {"value": 15, "category": "award_individual", "period": "2021", "qualifier": None},
            {"value": 99, "category": "model", "period": "2022", "qualifier": None},
        ],
        "documents": [{"number": "7-KH/TU", "kind": "KH", "date": "2022-03-02"}],
    }])
    report = evaluate(gold)
    assert (report.figures.tp, report.figures.fp, report.figures.fn) == (2, 0, 1)
    assert report.figures.recall == pytest.approx(2 / 3)
    assert report.periods.right == 1 and report.periods.total == 2
    assert report.documents.f1 == 1.0 and report.document_dates.value == 1.0


def test_evaluate_reads_predictions_file(tmp_path):
    gold, pred = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    _write(gold, [{"id": "a", "text": "x", "figures": [{"value": 5, "category": "model"}], "documents": []}])
    _write(pred, [{"id": "a", "figures": [{"value": 5, "entity": "mô hình", "category": "other", "start": 0,
                                             "end": 1, "span": "x"}], "documents": []}])
    report = evaluate(gold, pred)
    assert report.values.f1 == 1.0 and report.figures.f1 == 0.0


def test_evaluate_bad_gold(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match="bad.jsonl:1"):
        evaluate(bad)


@pytest.mark.parametrize("gold, pred, published, kind", [
    ("2023", None, "2024-01-02", "none where the text gives one"),
    (None, "2024", "2024-01-02", "a period where none can be told"),
    ("2020", "2016-2020", None, "a range where one year is meant (inside it)"),
    ("2016-2020", "2020", None, "one year where a range is meant"),
    ("2023", "2024", "2024-02-01", "the publication year, the text frames another"),
    ("2024", "2022", "2024-02-01", "another year, the publication year is meant"),
])
def test_evaluate_period_error_kinds(gold, pred, published, kind):
    from extractors.evaluate import _year_of, period_error_kind

    assert period_error_kind(gold, pred, _year_of(published)) == kind


def test_evaluate_counts_category_confusion_and_period_errors(tmp_path):
    gold, pred = tmp_path / "g.jsonl", tmp_path / "p.jsonl"
    _write(gold, [{"id": "a", "text": "x", "published": "2024-03-01", "documents": [], "figures": [
        {"value": 5, "category": "model", "period": "2023"}, {"value": 7, "category": "other", "period": "2023"}]}])
    _write(pred, [{"id": "a", "documents": [], "figures": [
        {"value": 5, "entity": "mô hình", "category": "model", "start": 0, "end": 1, "span": "x", "period": "2024"},
        {"value": 7, "entity": "hộ", "category": "coverage", "start": 0, "end": 1, "span": "x", "period": "2023"}]}])
    report = evaluate(gold, pred)
    assert report.confusion == {("model", "model"): 1, ("other", "coverage"): 1}
    assert report.period_errors == {"the publication year, the text frames another": 1}
