"""The learned decisions, run inside the extraction steps: the rules propose, the models decide.

The category model may replace the rules' category when it is confident (its threshold and the categories
it may not touch are recorded in the model file's meta, chosen by grouped cross-validation); the period model
ranks the candidate periods of each figure, "none" among them.
"""
from __future__ import annotations

from extractors.learned.features import (NULL, category_features, period_candidates, period_context, period_features,
                                         twin_periods)
from extractors.learned.linear import LinearModel, packaged_model

CATEGORY_MODEL = "category_model"
PERIOD_MODEL = "period_model"


def _model(options: dict, name: str) -> LinearModel | None:
    if not options.get("learned", True) or options.get(f"{name}_off"):
        return None
    given = options.get(name)
    return given if given is not None else packaged_model(name)


def choose_categories(doc, options: dict) -> None:
    """Replace the rules' category of doc.figures where the category model is confident."""
    model = _model(options, CATEGORY_MODEL)
    if model is None or not doc.figures:
        return
    threshold = float(model.meta.get("threshold", 0.5))
    locked = set(model.meta.get("locked", ()))
    cache: dict = {}
    feats = [category_features(doc, f, doc.figures[i - 1] if i else None, cache) for i, f in enumerate(doc.figures)]
    for f, fv in zip(doc.figures, feats):
        if f.category in locked:
            continue
        probs = model.probabilities(fv)
        best = max(probs, key=probs.get)
        if best != f.category and best not in locked and probs[best] >= threshold:
            f.category = best


def choose_periods(doc, rule_periods: list[str | None], options: dict) -> list[str | None]:
    """The period of each figure: the best-scored candidate (None when "no period" wins)."""
    model = _model(options, PERIOD_MODEL)
    if model is None or not doc.figures:
        return rule_periods
    margin = float(model.meta.get("margin", 0.0))   # how much better than the rules' choice a candidate must score
    keep = model.meta.get("keep_rule_sources", ())   # where the rules' choice comes from these (prefixes), it stands
    starts = [y.start for y in doc.years]
    out, cache = [], {}
    twins = twin_periods(doc, rule_periods)
    for f, rule, twin in zip(doc.figures, rule_periods, twins):
        context = period_context(doc, f, cache)
        cands = period_candidates(doc, f, rule, starts, cache, twin)
        if keep and any(src.startswith(tuple(keep)) for src in cands[rule if rule is not None else NULL]):
            out.append(rule)   # the rules read the period in the figure's own sentence: kept
            continue
        scores = {period: model.scores(period_features(period, sources, context, doc.year))[0]
                  for period, sources in cands.items()}
        best = max(scores, key=scores.get)
        if scores[best] - scores[rule if rule is not None else NULL] < margin:
            best = rule
        out.append(None if best in (NULL, None) else best)
    return out
