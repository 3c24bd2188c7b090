"""Period errors of the grouped cross-validation, one line per figure, with the candidates the model saw.

    .venv/bin/python scripts/period_errors.py --corpus ../shared/corpus [--C 0.3 --margin 1] [--out /tmp/pe.jsonl]

Same folds and same training rows as `python -m extractors.learned.train` (the period model of each fold is
fitted without the test fold's provinces). Prints the errors grouped by class and by province; --out writes
every matched figure (right or wrong) as JSON lines for a closer look. Reads the gold; writes nothing into the
project.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from extractors.evaluate import _nearest_pairs, _num, _year_of, period_error_kind
from extractors.extract import Extractor, ExtractorOptions
from extractors.learned.decide import CATEGORY_MODEL, PERIOD_MODEL
from extractors.learned.features import (NULL, period_candidates, period_context, period_features, twin_periods)
from extractors.learned import train
from extractors.numbers import in_range


def _classify(r: dict) -> str:
    gold, pred, rule, pub = r["gold"], r["pred"], r["rule"], r["pub"]
    cands = r["cands"]
    g = gold or NULL
    if g not in cands:
        reach = "unreachable"
    else:
        reach = "reachable"
    if gold is None:
        return f"gold null ({'undated' if not pub else 'dated'})"
    if pred is None:
        return f"pred null ({reach})"
    if g not in cands:
        return f"gold not a candidate ({period_error_kind(gold, pred, pub)})"
    src = sorted(s for s in cands[g] if not s.startswith(("m_",)) and "_d" not in s)
    who = "model broke rule" if rule == gold else ("rules wrong, model kept" if rule == pred else "both wrong")
    return f"{who}: {period_error_kind(gold, pred, pub)}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=train.REPO.parent / "shared" / "corpus")
    ap.add_argument("--C", type=float, default=0.3)
    ap.add_argument("--margin", type=float, default=1.0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--grid", action="store_true", help="only the accuracy of each C x margin of train.py")
    args = ap.parse_args(argv)
    passages, _ = train.load_passages(args.corpus)
    fold_idx = train.folds(passages)
    if args.grid:
        rep = train.cross_validate(passages, fold_idx, None, None)
        print(f"rules alone: {rep.periods.right}/{rep.periods.total} = {rep.periods.value:.4f}")
        for C in train.PERIOD_C:
            for margin in train.PERIOD_MARGINS:
                rep = train.cross_validate(passages, fold_idx, None, {"C": C, "margin": margin})
                print(f"C={C} margin={margin}: {rep.periods.right}/{rep.periods.total} = {rep.periods.value:.4f}")
        return 0
    rules = Extractor(ExtractorOptions(extra={"learned": False}))
    rows = []
    for test in fold_idx:
        held = {passages[i].group for i in test}
        tr = [p for i, p in enumerate(passages) if i not in set(test) and p.group not in held]
        model = train.fit_period(tr, args.C, {"margin": args.margin})
        ex = Extractor(ExtractorOptions(extra={"learned": True, PERIOD_MODEL: model, f"{CATEGORY_MODEL}_off": True}))
        for i in test:
            p = passages[i]
            g = p.gold
            doc = ex.annotate(g["text"], g.get("published"))
            rdoc = rules.annotate(g["text"], g.get("published"))
            keep = [k for k, f in enumerate(doc.figures) if in_range(f.value) is not None]
            preds = [{"value": doc.figures[k].value, "category": doc.figures[k].category, "k": k} for k in keep]
            starts, cache = [y.start for y in doc.years], {}
            twins = twin_periods(doc, rdoc.periods)
            key = lambda f: (_num(f["value"]), f["category"])  # noqa: E731
            for gf, pf in _nearest_pairs(g.get("figures", []), preds, key):
                k = pf["k"]
                f = doc.figures[k]
                rule = rdoc.periods[k]
                cands = period_candidates(doc, f, rule, starts, cache, twins[k])
                ctx = period_context(doc, f, cache)
                scores = {per: round(model.scores(period_features(per, src, ctx, doc.year))[0], 2)
                          for per, src in cands.items()}
                s0, s1 = f.sentence
                r = {"id": g["id"], "province": p.group, "pub": _year_of(g.get("published")),
                     "span": gf.get("span"), "gold": gf.get("period"), "pred": doc.periods[k], "rule": rule,
                     "category": f.category, "cands": cands, "scores": scores, "context": ctx,
                     "sentence": doc.text[s0:s1].strip()[:400]}
                r["right"] = r["gold"] == r["pred"]
                r["class"] = "" if r["right"] else _classify(r)
                rows.append(r)
    errs = [r for r in rows if not r["right"]]
    print(f"{len(rows) - len(errs)}/{len(rows)} right; {len(errs)} errors in "
          f"{len({r['id'] for r in errs})} passages, {len({r['province'] for r in errs})} provinces")
    by_class = defaultdict(list)
    for r in errs:
        by_class[r["class"]].append(r)
    for c, rs in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        provs = Counter(r["province"] for r in rs)
        print(f"\n## {c}: {len(rs)} figures, {len({r['id'] for r in rs})} passages, {len(provs)} provinces")
        for r in rs:
            print(f"  {r['id']:6} {r['province'][:14]:14} pub={r['pub']} gold={r['gold']} pred={r['pred']} "
                  f"rule={r['rule']} | {r['span']}")
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
