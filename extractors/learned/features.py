"""Features of a figure for the category model and of (figure, candidate period) pairs for the period model.

Features are strings (present = 1). They read the normalised text of a TextDoc after the rules have run:
the rules' own category and period are features among the others.
"""
from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from extractors.figures import RawFigure
from extractors.lexicon import alternation, entity_index, lexicon

_TOKEN = re.compile(r"[\wÀ-ỹ]+|%", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:.!?]")
# words near a figure that tell which period it belongs to (tense, aspect, cumulative counts, terms)
PERIOD_CUES = {
    "den_nay": "đến nay", "hien_nay": "hiện nay", "hien_co": "hiện có", "luy_ke": "lũy kế", "tong_so": "tổng số",
    "giai_doan": "giai đoạn", "nhiem_ky": "nhiệm kỳ", "nam_qua": "năm qua", "da": "đã", "dang": "đang",
    "se": "sẽ", "tinh_den": "tính đến", "tu_dau_nam": "từ đầu năm", "trong_nam": "trong năm", "tong_cong": "tổng cộng",
    "qua": "qua", "sau": "sau", "ke_hoach": "kế hoạch", "nam_lien": "năm liền", "moi_nam": "mỗi năm",
    "hang_nam": "hằng năm", "thang": "tháng", "quy": "quý", "so_voi": "so với", "dat": "đạt", "co": "có",
}


@lru_cache(maxsize=1)
def _cue_patterns() -> dict[str, re.Pattern]:
    cues = lexicon()["cues"]
    out = {g: re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(words)})(?![\wÀ-ỹ])", re.IGNORECASE) for g, words in cues.items()}
    out.update({f"p_{k}": re.compile(rf"(?<![\wÀ-ỹ]){re.escape(v)}(?![\wÀ-ỹ])", re.IGNORECASE)
                for k, v in PERIOD_CUES.items()})
    return out


def _tokens(s: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(s)]


def _clause_before(text: str, s0: int, pos: int, limit: int = 120) -> str:
    chunk = text[max(s0, pos - limit):pos]
    parts = _CLAUSE_BREAK.split(chunk)
    return parts[-1] if parts else chunk


def _clause_after(text: str, pos: int, s1: int, limit: int = 100) -> str:
    chunk = text[pos:min(s1, pos + limit)]
    return _CLAUSE_BREAK.split(chunk, maxsplit=1)[0]


def _paragraph_of(doc, pos: int) -> tuple[int, int]:
    starts = [p for p, _ in doc.paragraphs]
    i = max(0, bisect.bisect_right(starts, pos) - 1)
    return doc.paragraphs[i] if doc.paragraphs else (0, len(doc.text))


def category_features(doc, fig: RawFigure, prev: RawFigure | None = None) -> list[str]:
    """Context of one figure: its counted noun and lexicon class, the words and cue groups around it, the
    rules' category, the figure before it in a list."""
    text = doc.text
    s0, s1 = fig.sentence
    entity = fig.entity.lower().strip()
    base = entity_index().get(entity, "unknown")
    words = entity.split()
    feats = [f"rule={fig.category}", f"e={entity}", f"base={base}", f"eh={words[0] if words else ''}",
             f"eh2={' '.join(words[:2])}", f"q={fig.qualifier}", f"rule|base={fig.category}|{base}"]
    if fig.denominator is not None:
        feats.append("ratio")
    before = _clause_before(text, s0, fig.start)
    after = _clause_after(text, fig.end, s1)
    tb, ta = _tokens(before), _tokens(after)
    for i, t in enumerate(reversed(tb[-3:]), 1):
        feats.append(f"b{i}={t}")
    for t in tb[-8:]:
        feats.append(f"b={t}")
    for a, b in zip(tb[-5:], tb[-4:]):
        feats.append(f"bb={a}_{b}")
    for i, t in enumerate(ta[:3], 1):
        feats.append(f"a{i}={t}")
    for t in ta[:6]:
        feats.append(f"a={t}")
    for a, b in zip(ta[:4], ta[1:5]):
        feats.append(f"aa={a}_{b}")
    pats = _cue_patterns()
    sentence_before = text[max(s0, fig.start - 250):fig.start]
    sentence_after = text[fig.end:min(s1, fig.end + 150)]
    near, near_pos = None, -1
    for g in lexicon()["cues"]:
        p = pats[g]
        if p.search(before):
            feats.append(f"cb={g}")
        if p.search(after):
            feats.append(f"ca={g}")
        last = None
        for last in p.finditer(sentence_before):
            pass
        if last is not None:
            feats.append(f"cs={g}")
            if last.end() > near_pos:
                near, near_pos = g, last.end()
        elif p.search(sentence_after):
            feats.append(f"csa={g}")
    if near:
        feats.append(f"near={near}")
        feats.append(f"near|base={near}|{base}")
    p0, p1 = _paragraph_of(doc, fig.start)
    head = text[p0:min(p1, p0 + 200)]
    for g in ("award", "petition", "reception", "model", "media", "training"):
        if pats[g].search(head):
            feats.append(f"cp={g}")
    if prev is not None and prev.sentence == fig.sentence and fig.start - prev.end <= 40:
        gap = text[prev.end:fig.start].strip()
        feats.append(f"prev={prev.category}")
        if gap in (",", ";", "và", ", và"):
            feats.append(f"list_prev={prev.category}")
    return feats


# -- periods -----------------------------------------------------------------------------------------------

NULL = "∅"   # the "no period" candidate


def _bucket(chars: int) -> str:
    return str(min(8, int(math.log2(chars + 1))))


def _kind(period: str) -> str:
    if period == NULL:
        return "null"
    return "range" if "-" in period else "single"


def period_candidates(doc, fig: RawFigure, rule: str | None, mention_starts: list[int]) -> dict[str, list[str]]:
    """Candidate periods of one figure, each with the features that say where it comes from."""
    text, years, pub = doc.text, doc.years, doc.year
    pos = fig.num_start
    s0, s1 = fig.sentence
    p0, _ = _paragraph_of(doc, pos)
    cands: dict[str, list[str]] = {}

    def add(period: str | None, *feats: str) -> None:
        if period:
            cands.setdefault(period, []).extend(feats)

    i0 = bisect.bisect_left(mention_starts, s0)
    i1 = bisect.bisect_left(mention_starts, s1)
    j = bisect.bisect_left(mention_starts, pos, i0, i1)
    first_before = True
    for k in range(j - 1, -1, -1):
        y = years[k]
        if y.end > pos:
            continue
        if k >= i0:
            where = "sb"
            gap = text[y.end:pos]
            if ";" in gap:
                where = "sb_semi"
        elif y.start >= p0:
            where = "pb"
        else:
            where = "db"
        tag = f"{where}{'1' if first_before else ''}"
        weak = "_weak" if y.weak else ""
        add(y.period, tag + weak, f"{where}{weak}", f"{where}_d{_bucket(pos - y.end)}")
        if y.frame:
            add(y.period, f"{where}_frame")
        first_before = False
        if k < i0 and pos - y.end > 3000:
            break
    first_after = True
    for k in range(j, min(len(years), j + 6)):
        y = years[k]
        if y.start < pos:
            continue
        where = "sa" if k < i1 else "fa"
        if where == "sa" and ";" in text[pos:y.start]:
            where = "sa_semi"
        weak = "_weak" if y.weak else ""
        add(y.period, f"{where}{'1' if first_after else ''}{weak}", f"{where}_d{_bucket(y.start - pos)}")
        if y.frame:
            add(y.period, f"{where}_frame")
        first_after = False
    for y in years[:3]:
        if y.start < 300 and not y.weak:
            add(y.period, "head")
    if pub:
        add(str(pub), "pub")
        add(str(pub - 1), "pub_prev")
    for period in list(cands):
        if _kind(period) == "range":
            add(period.split("-")[1], "range_end")
    add(rule, "rule")
    cands.setdefault(NULL, []).append("null")
    return cands


def period_context(doc, fig: RawFigure) -> list[str]:
    """Figure-level cues (crossed with each candidate's kind by period_features)."""
    text = doc.text
    s0, s1 = fig.sentence
    sentence_before = text[max(s0, fig.start - 160):fig.start]
    after = text[fig.end:min(s1, fig.end + 60)]
    pats = _cue_patterns()
    out = [f"cat={fig.category}", f"q={fig.qualifier}"]
    for k in PERIOD_CUES:
        if pats[f"p_{k}"].search(sentence_before):
            out.append(f"pc={k}")
        if pats[f"p_{k}"].search(after):
            out.append(f"pca={k}")
    if not doc.years:
        out.append("no_mentions")
    if not doc.year:
        out.append("no_pub")
    if fig.pair_with_previous:
        out.append("pair_later")
    return out


def period_features(period: str, sources: list[str], context: list[str], pub: int | None) -> list[str]:
    """Features of one candidate: its sources, its kind and its relation to the publication year, and the
    figure's cues crossed with its kind."""
    kind = _kind(period)
    feats = [f"k={kind}", *sources, *(f"{s}|k={kind}" for s in set(sources)), f"nsrc={min(len(set(sources)), 6)}"]
    if "rule" in sources:
        feats += [f"rule|{s}" for s in set(sources) if s != "rule"]
    if kind != "null" and pub:
        last = int(period.split("-")[-1])
        rel = "eq" if last == pub else "prev" if last == pub - 1 else "older" if last < pub else "future"
        feats.append(f"rel={rel}")
        feats.append(f"rel={rel}|k={kind}")
    feats += [f"{c}|k={kind}" for c in context]
    return feats
