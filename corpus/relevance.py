"""Relevance to công tác dân vận: a TF-IDF + logistic regression score per article. A column, never a filter.

Labels: seed terms (corpus/data/relevance_seeds.toml) give weak labels; the sample in
corpus/data/relevance_labels.jsonl was written for this project, weak-labelled, then checked by hand
(`label` is the hand label, `weak` what the seeds said). The model trains on the hand labels in about a second.
"""
from __future__ import annotations

import hashlib
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pyarrow as pa

from corpus.splits import split_fraction
from common import settings

TEST_SHARE = 0.25          # share of the hand labels held out for evaluation (by hash of the example id)
_PARAMS = {"word_ngrams": (1, 2), "char_ngrams": (3, 4), "C": 4.0, "class_weight": "balanced"}


class RelevanceError(Exception):
    """The labels or seeds could not be read."""


@dataclass(frozen=True)
class LabelledText:
    id: str
    text: str
    label: int              # 1: about dân vận work; 0: other news
    weak: int | None = None  # what the seed terms said (None: no opinion)


@dataclass(frozen=True)
class Seeds:
    on_topic: tuple[str, ...]
    off_topic: tuple[str, ...]
    min_on: int = 1


@dataclass(frozen=True)
class Evaluation:
    """Precision / recall of the classifier on held-out hand labels, and of the seed terms alone."""

    train: int
    test: int
    precision: float
    recall: float
    f1: float
    cv_precision: float      # 5-fold cross-validation over all hand labels (mean)
    cv_recall: float
    weak_coverage: float     # share of hand labels the seed terms have an opinion on
    weak_accuracy: float     # share of those where the seeds agree with the hand label


def _data(name: str) -> str:
    return resources.files("corpus").joinpath(f"data/{name}").read_text(encoding="utf-8")


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower()).strip()


@lru_cache(maxsize=1)
def load_seeds() -> Seeds:
    data = tomllib.loads(_data("relevance_seeds.toml"))
    return Seeds(tuple(normalize(t) for t in data["on_topic"]), tuple(normalize(t) for t in data["off_topic"]),
                 int(data.get("min_on", 1)))


def _count(text: str, terms: Iterable[str]) -> int:
    return sum(1 for t in terms if re.search(rf"(?<!\w){re.escape(t)}(?!\w)", text))


def weak_label(text: str, seeds: Seeds | None = None) -> int | None:
    """1 when the text holds on-topic seed terms and no off-topic cue, 0 for the reverse, else None."""
    seeds = seeds or load_seeds()
    t = normalize(text)
    on, off = _count(t, seeds.on_topic), _count(t, seeds.off_topic)
    if on >= seeds.min_on and off == 0:
        return 1
    if off > 0 and on == 0:
        return 0
    return None


def load_labels(text: str | None = None) -> list[LabelledText]:
    """The hand-checked labels (corpus/data/relevance_labels.jsonl unless text is given)."""
    out = []
    for i, line in enumerate((text if text is not None else _data("relevance_labels.jsonl")).splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            out.append(LabelledText(str(d["id"]), d["text"], int(d["label"]), d.get("weak")))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise RelevanceError(f"relevance_labels.jsonl:{i}: not a labelled text ({exc})") from None
    return out


def is_held_out(example_id: str) -> bool:
    return split_fraction("relevance:" + example_id) >= 1 - TEST_SHARE


def article_text(title: str | None, lead: str | None, text: str | None,
                 max_chars: int = settings.RELEVANCE_MAX_CHARS) -> str:
    """What the classifier reads of an article: title, lead and the start of the body."""
    return "\n".join(p for p in (title, lead, (text or "")[:max_chars]) if p)


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(preprocessor=normalize, ngram_range=_PARAMS["word_ngrams"], sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
        ("chars", TfidfVectorizer(preprocessor=normalize, analyzer="char_wb", ngram_range=_PARAMS["char_ngrams"],
                                  sublinear_tf=True, min_df=2)),
    ])
    model = LogisticRegression(C=_PARAMS["C"], class_weight=_PARAMS["class_weight"], max_iter=2000)
    return Pipeline([("features", features), ("model", model)])


class RelevanceModel:
    """The classifier, trained on labelled texts; version names the labels, seeds and parameters used."""

    def __init__(self, labels: Sequence[LabelledText] | None = None):
        self.labels = list(labels) if labels is not None else load_labels()
        if len({x.label for x in self.labels}) < 2:
            raise RelevanceError("the relevance labels need examples of both classes")
        key = json.dumps([[x.id, x.text, x.label] for x in self.labels], ensure_ascii=False)
        key += _data("relevance_seeds.toml") + repr(sorted(_PARAMS.items()))
        self.version = "relevance-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
        self._pipe = _pipeline().fit([x.text for x in self.labels], [x.label for x in self.labels])

    def score(self, texts: Sequence[str]) -> list[float]:
        """The probability that each text is about dân vận work, rounded to 4 places."""
        if not texts:
            return []
        return [round(float(p), 4) for p in self._pipe.predict_proba(list(texts))[:, 1]]


@lru_cache(maxsize=1)
def default_model() -> RelevanceModel:
    """The model trained on the shipped labels (trained once per process)."""
    return RelevanceModel()


def evaluate(labels: Sequence[LabelledText] | None = None) -> Evaluation:
    """Train on the hand labels outside the held-out share, measure on the held-out share; also 5-fold CV."""
    from sklearn.model_selection import StratifiedKFold, cross_validate

    labels = list(labels) if labels is not None else load_labels()
    train = [x for x in labels if not is_held_out(x.id)]
    test = [x for x in labels if is_held_out(x.id)]
    model = RelevanceModel(train)
    pred = [int(s >= 0.5) for s in model.score([x.text for x in test])]
    gold = [x.label for x in test]
    tp = sum(1 for p, g in zip(pred, gold) if p and g)
    precision = tp / max(1, sum(pred))
    recall = tp / max(1, sum(gold))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    cv = cross_validate(_pipeline(), [x.text for x in labels], [x.label for x in labels],
                        cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring=("precision", "recall"))
    weak = [(weak_label(x.text), x.label) for x in labels]
    covered = [(w, g) for w, g in weak if w is not None]
    return Evaluation(
        train=len(train), test=len(test), precision=round(precision, 3), recall=round(recall, 3), f1=round(f1, 3),
        cv_precision=round(float(cv["test_precision"].mean()), 3),
        cv_recall=round(float(cv["test_recall"].mean()), 3),
        weak_coverage=round(len(covered) / max(1, len(labels)), 3),
        weak_accuracy=round(sum(1 for w, g in covered if w == g) / max(1, len(covered)), 3),
    )


@dataclass
class ScoreReport:
    scored: int = 0
    already: int = 0
    model_version: str = ""


def score_store(store, model: RelevanceModel | None = None, batch: int = settings.EXPORT_BATCH_ROWS,
                rescore: bool = False) -> ScoreReport:
    """Score the store's articles that have no score from this model version yet (all of them with rescore).

    Reads the articles by id in pages of `batch` and writes each page in its own transaction, so memory stays
    bounded and an interrupted run keeps what it scored.
    """
    model = model or default_model()
    report = ScoreReport(model_version=model.version)
    if rescore:
        with store.transaction() as con:
            con.execute("DELETE FROM article_relevance")
    report.already = store.con.execute(
        "SELECT count(*) FROM article_relevance WHERE model_version = ?", [model.version]).fetchone()[0]
    last = ""
    while True:
        rows = store.con.execute(
            "SELECT a.id, a.title, a.lead, a.text FROM articles a LEFT JOIN article_relevance r "
            "ON r.article_id = a.id AND r.model_version = ? "
            "WHERE a.id > ? AND r.article_id IS NULL ORDER BY a.id LIMIT ?", [model.version, last, batch],
        ).fetchall()
        if not rows:
            break
        scores = model.score([article_text(r[1], r[2], r[3]) for r in rows])
        page = pa.table({"article_id": [r[0] for r in rows], "score": pa.array(scores, type=pa.float64()),
                         "model_version": [model.version] * len(rows)})
        with store.transaction() as con:
            con.register("_scores", page)
            try:
                con.execute("INSERT OR REPLACE INTO article_relevance SELECT * FROM _scores")
            finally:
                con.unregister("_scores")
        report.scored += len(rows)
        last = rows[-1][0]
    return report
