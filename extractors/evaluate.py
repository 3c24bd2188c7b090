"""Scoring extraction against gold annotations (shared/corpus/ANNOTATION_GUIDE.md).

Figures are matched within each passage as multisets: by (value, category) for the main score, by value
alone for the value score. Period accuracy is over figures matched by (value, category) — each gold figure
paired with the predicted one of the same value and category nearest in text. Documents are matched by
number; document-date accuracy is over matched documents.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from extractors.extract import Extractor
from extractors.records import CATEGORIES, Extraction


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: Counter, pred: Counter) -> None:
        tp = sum((gold & pred).values())
        self.tp += tp
        self.fp += sum(pred.values()) - tp
        self.fn += sum(gold.values()) - tp


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    passages: int = 0
    figures: PRF = field(default_factory=PRF)
    values: PRF = field(default_factory=PRF)
    documents: PRF = field(default_factory=PRF)
    periods: Accuracy = field(default_factory=Accuracy)
    document_dates: Accuracy = field(default_factory=Accuracy)
    qualifiers: Accuracy = field(default_factory=Accuracy)
    per_category: dict[str, PRF] = field(default_factory=lambda: defaultdict(PRF))
    errors: list[dict] = field(default_factory=list)
    confusion: Counter = field(default_factory=Counter)       # (gold category, predicted) over figures matched by value
    period_errors: Counter = field(default_factory=Counter)   # kind of period error (period_error_kind)

    def metrics(self) -> dict[str, float]:
        return {
            "figures_f1": round(self.figures.f1, 4),
            "figures_precision": round(self.figures.precision, 4),
            "figures_recall": round(self.figures.recall, 4),
            "values_f1": round(self.values.f1, 4),
            "documents_f1": round(self.documents.f1, 4),
            "period_accuracy": round(self.periods.value, 4),
            "document_date_accuracy": round(self.document_dates.value, 4),
            "qualifier_accuracy": round(self.qualifiers.value, 4),
        }


def _num(v) -> float:
    return round(float(v), 6)


def _nearest_pairs(gold: list[dict], pred: list[dict], key) -> list[tuple[dict, dict]]:
    """Pair gold and predicted items with the same key, in text order."""
    by_key: dict = defaultdict(list)
    for p in pred:
        by_key[key(p)].append(p)
    pairs = []
    for g in gold:
        cands = by_key.get(key(g))
        if cands:
            pairs.append((g, cands.pop(0)))
    return pairs


def _year_of(published) -> int | None:
    m = re.match(r"\s*((?:19|20)\d{2})", str(published or ""))
    return int(m.group(1)) if m else None


def period_error_kind(gold: str | None, pred: str | None, published_year: int | None) -> str:
    """What kind of mistake a wrong period is (the classes of the extraction issue's error analysis)."""
    if pred is None:
        return "none where the text gives one"
    if gold is None:
        return "a period where none can be told"
    g_range, p_range = "-" in gold, "-" in pred
    if p_range and not g_range:
        a, b = (int(x) for x in pred.split("-"))
        return "a range where one year is meant" + (" (inside it)" if a <= int(gold) <= b else "")
    if g_range and not p_range:
        return "one year where a range is meant"
    if g_range:
        return "another range"
    if published_year and int(pred) == published_year:
        return "the publication year, the text frames another"
    if published_year and int(gold) == published_year:
        return "another year, the publication year is meant"
    return "another year"


def score_passage(report: Report, gold: dict, pred: Extraction) -> None:
    report.passages += 1
    g_figs = gold.get("figures", [])
    p_figs = [f.as_dict() for f in pred.figures]
    key_vc = lambda f: (_num(f["value"]), f["category"])  # noqa: E731
    report.figures.add(Counter(map(key_vc, g_figs)), Counter(map(key_vc, p_figs)))
    report.values.add(Counter(_num(f["value"]) for f in g_figs), Counter(_num(f["value"]) for f in p_figs))
    for cat in CATEGORIES:
        report.per_category[cat].add(
            Counter(key_vc(f) for f in g_figs if f["category"] == cat),
            Counter(key_vc(f) for f in p_figs if f["category"] == cat),
        )
    for g, p in _nearest_pairs(g_figs, p_figs, key_vc):
        report.periods.total += 1
        report.periods.right += g.get("period") == p.get("period")
        report.qualifiers.total += 1
        report.qualifiers.right += g.get("qualifier") == p.get("qualifier")
        if g.get("period") != p.get("period"):
            kind = period_error_kind(g.get("period"), p.get("period"), _year_of(gold.get("published")))
            report.period_errors[kind] += 1
            report.errors.append({"id": gold["id"], "kind": "period", "span": g.get("span"),
                                  "gold": g.get("period"), "pred": p.get("period"), "error": kind})
    for g, p in _nearest_pairs(g_figs, p_figs, lambda f: _num(f["value"])):
        report.confusion[(g["category"], p["category"])] += 1
    gold_missing = Counter(map(key_vc, g_figs)) - Counter(map(key_vc, p_figs))
    pred_extra = Counter(map(key_vc, p_figs)) - Counter(map(key_vc, g_figs))
    for f in g_figs:
        if gold_missing.get(key_vc(f)):
            gold_missing[key_vc(f)] -= 1
            report.errors.append({"id": gold["id"], "kind": "missed", "span": f.get("span"), "category": f["category"]})
    for f in p_figs:
        if pred_extra.get(key_vc(f)):
            pred_extra[key_vc(f)] -= 1
            report.errors.append({"id": gold["id"], "kind": "spurious", "span": f.get("span"), "category": f["category"]})
    g_docs = gold.get("documents", [])
    p_docs = [d.as_dict() for d in pred.documents]
    report.documents.add(Counter(d["number"] for d in g_docs), Counter(d["number"] for d in p_docs))
    for g, p in _nearest_pairs(g_docs, p_docs, lambda d: d["number"]):
        report.document_dates.total += 1
        report.document_dates.right += g.get("date") == p.get("date")
        if g.get("date") != p.get("date"):
            report.errors.append({"id": gold["id"], "kind": "doc_date", "span": g["number"],
                                  "gold": g.get("date"), "pred": p.get("date")})
    for d in Counter(d["number"] for d in g_docs) - Counter(d["number"] for d in p_docs):
        report.errors.append({"id": gold["id"], "kind": "doc_missed", "span": d})
    for d in Counter(d["number"] for d in p_docs) - Counter(d["number"] for d in g_docs):
        report.errors.append({"id": gold["id"], "kind": "doc_spurious", "span": d})


class GoldError(Exception):
    """The gold or prediction file is malformed."""


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        raise GoldError(f"no file {path}")
    out = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{i}: not JSON ({exc.msg})") from None
    return out


def evaluate(gold_path: str | Path, pred_path: str | Path | None = None, extractor: Extractor | None = None) -> Report:
    """Score predictions (a file of `danvan extract` output, or a fresh run of the extractor) against gold."""
    gold = _read_jsonl(Path(gold_path))
    preds: dict[str, Extraction] = {}
    if pred_path is not None:
        preds = {d["id"]: Extraction.from_dict(d) for d in _read_jsonl(Path(pred_path))}
    extractor = extractor or Extractor()
    report = Report()
    for g in gold:
        if "id" not in g or "text" not in g:
            raise GoldError(f"{gold_path}: every gold line needs id and text")
        pred = preds.get(g["id"]) if pred_path is not None else extractor.extract(
            g["text"], id=g["id"], published=g.get("published"))
        score_passage(report, g, pred or Extraction(id=g["id"]))
    return report
