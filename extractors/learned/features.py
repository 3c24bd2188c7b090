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


_SYLLABLE = re.compile(r"[\wÀ-ỹ]+")


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, tuple[str, ...]], int]:
    """Every cue word of the lexicon and of PERIOD_CUES as its syllables joined by one space, with its groups
    ("p_<name>" for the period cues), and the longest cue in syllables."""
    groups: dict[str, list[str]] = {}
    words = [(g, w) for g, ws in lexicon()["cues"].items() for w in ws]
    words += [(f"p_{k}", w) for k, w in PERIOD_CUES.items()]
    for g, w in words:
        key = " ".join(_SYLLABLE.findall(w.lower()))
        if g not in groups.setdefault(key, []):
            groups[key].append(g)
    return {w: tuple(g) for w, g in groups.items()}, max(len(w.split()) for w in groups)


def _cue_hits(s: str, offset: int = 0) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, groups) of each cue word in s (leftmost, longest), offsets shifted by `offset`."""
    cues, longest = _cues()
    syl = [(m.start(), m.end(), m.group(0)) for m in _SYLLABLE.finditer(s.lower())]
    words = [w for _, _, w in syl]
    out, i, n = [], 0, len(syl)
    while i < n:
        for k in range(min(longest, n - i), 0, -1):
            g = cues.get(words[i] if k == 1 else " ".join(words[i:i + k]))
            if g:
                out.append((syl[i][0] + offset, syl[i + k - 1][1] + offset, g))
                i += k
                break
        else:
            i += 1
    return out


def _hits_between(text: str, span: tuple[int, int], a: int, b: int, cache: dict | None):
    """The cue words of the sentence or paragraph `span` lying inside [a, b); each span is read once."""
    if cache is None:
        cache = {}
    if span not in cache:
        hits = _cue_hits(text[span[0]:span[1]], span[0])
        cache[span] = (hits, [h[0] for h in hits])
    hits, starts = cache[span]
    i, j = bisect.bisect_left(starts, a), bisect.bisect_left(starts, b)
    return [h for h in hits[i:j] if h[1] <= b]


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
    i = max(0, bisect.bisect_right(doc.paragraphs, (pos, float("inf"))) - 1)
    return doc.paragraphs[i] if doc.paragraphs else (0, len(doc.text))


def category_features(doc, fig: RawFigure, prev: RawFigure | None = None, cache: dict | None = None) -> list[str]:
    """Context of one figure: its counted noun and lexicon class, the words and cue groups around it, the
    rules' category, the figure before it in a list. cache: a dict shared by the figures of one doc."""
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
    b0, a1 = max(s0, fig.start - 250), min(s1, fig.end + 150)
    clause_from, clause_to = fig.start - len(before), fig.end + len(after)
    last_end: dict[str, int] = {}
    seen = set()
    for a, b, gs in _hits_between(text, fig.sentence, b0, fig.start, cache):
        for g in gs:
            last_end[g] = b
            if a >= clause_from:
                seen.add(f"cb={g}")
    for a, b, gs in _hits_between(text, fig.sentence, fig.end, a1, cache):
        for g in gs:
            if b <= clause_to:
                seen.add(f"ca={g}")
            if g not in last_end:
                seen.add(f"csa={g}")
    seen.update(f"cs={g}" for g in last_end)
    feats += [f for f in seen if not f.split("=", 1)[1].startswith("p_")]
    lexicon_groups = [g for g in last_end if not g.startswith("p_")]
    if lexicon_groups:
        near = max(lexicon_groups, key=last_end.get)
        feats.append(f"near={near}")
        feats.append(f"near|base={near}|{base}")
    p0, p1 = _paragraph_of(doc, fig.start)
    topics = {g for _, _, gs in _hits_between(text, (p0, min(p1, p0 + 200)), p0, p1, cache) for g in gs}
    feats += [f"cp={g}" for g in ("award", "petition", "reception", "model", "media", "training") if g in topics]
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


_MENTION_KINDS = (
    ("since", re.compile(r"(?:từ|kể từ)\s", re.IGNORECASE)),
    ("term", re.compile(r"nhiệm kỳ", re.IGNORECASE)),
    ("phase", re.compile(r"giai đoạn|thời kỳ", re.IGNORECASE)),
    ("past", re.compile(r"năm (?:qua|gần đây)|qua \S+ năm", re.IGNORECASE)),
    ("relative", re.compile(r"năm nay|năm ngoái|năm trước|đến nay|hiện nay", re.IGNORECASE)),
    ("part", re.compile(r"tháng|quý|đầu năm|cuối năm", re.IGNORECASE)),
    ("trong", re.compile(r"trong năm|năm\s*$", re.IGNORECASE)),
)


def _mention_kind(text: str, y) -> str:
    near = text[max(0, y.start - 20):y.end]
    for name, rx in _MENTION_KINDS:
        if rx.search(near):
            return name
    return "bare"


MAX_MENTIONS_BEFORE = 8   # the nearest year mentions before a figure that propose a period (bounded cost)


def twin_periods(doc, rule_periods: list[str | None]) -> list[str | None]:
    """For each figure, the rules' period of the same figure told in another sentence (same value and category:
    a headline's count told again in the body, a lead's total in its paragraph), the nearest after it first;
    None when it is not repeated. Linear in the number of figures."""
    groups: dict[tuple, list[int]] = {}
    for i, f in enumerate(doc.figures):
        groups.setdefault((round(f.value, 6), f.category), []).append(i)
    out: list[str | None] = [None] * len(doc.figures)
    for idx in groups.values():
        # figures of one sentence are adjacent in idx: the next (previous) figure of another sentence, by position
        nxt: list[int | None] = [None] * len(idx)
        for p in range(len(idx) - 2, -1, -1):
            same = doc.figures[idx[p + 1]].sentence == doc.figures[idx[p]].sentence
            nxt[p] = nxt[p + 1] if same else idx[p + 1]
        prev: int | None = None
        for p, i in enumerate(idx):
            if p and doc.figures[idx[p - 1]].sentence != doc.figures[i].sentence:
                prev = idx[p - 1]
            j = nxt[p] if nxt[p] is not None else prev
            out[i] = rule_periods[j] if j is not None else None
    return out


def period_candidates(doc, fig: RawFigure, rule: str | None, mention_starts: list[int],
                      cache: dict | None = None, twin: str | None = None) -> dict[str, list[str]]:
    """Candidate periods of one figure, each with the features that say where it comes from. twin: the rules'
    period of the same figure told in another sentence (twin_periods)."""
    cache = {} if cache is None else cache

    def mention_kind(y) -> str:
        key = ("kind", y.start)
        if key not in cache:
            cache[key] = _mention_kind(text, y)
        return cache[key]

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
    for k in range(j - 1, max(-1, j - 1 - MAX_MENTIONS_BEFORE), -1):
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
        mk = mention_kind(y)
        add(y.period, tag + weak, f"{where}{weak}", f"{where}_d{_bucket(pos - y.end)}", f"{tag}_{mk}", f"m_{mk}")
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
        mk = mention_kind(y)
        tag = f"{where}{'1' if first_after else ''}"
        add(y.period, f"{tag}{weak}", f"{where}_d{_bucket(y.start - pos)}", f"{tag}_{mk}", f"m_{mk}")
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
            first, last = period.split("-")
            add(last, "range_end")
            add(first, "range_start")
    add(rule, "rule")
    if twin:
        add(twin, "twin", "twin_head" if pos < 300 else "twin_body")
    cands.setdefault(NULL, []).append("null")
    return cands


def period_context(doc, fig: RawFigure, cache: dict | None = None) -> list[str]:
    """Figure-level cues (crossed with each candidate's kind by period_features)."""
    text = doc.text
    s0, s1 = fig.sentence
    before = _hits_between(text, fig.sentence, max(s0, fig.start - 160), fig.start, cache)
    after = _hits_between(text, fig.sentence, fig.end, min(s1, fig.end + 60), cache)
    out = [f"cat={fig.category}", f"q={fig.qualifier}"]
    out += sorted({f"pc={g[2:]}" for _, _, gs in before for g in gs if g.startswith("p_")})
    out += sorted({f"pca={g[2:]}" for _, _, gs in after for g in gs if g.startswith("p_")})
    if not doc.years:
        out.append("no_mentions")
    if not doc.year:
        out.append("no_pub")
    if fig.pair_with_previous:
        out.append("pair_later")
    return out


# where a candidate comes from (each proposes it once, whatever its other features)
_PLACES = frozenset({"sb", "sa", "pb", "db", "fa", "sb_semi", "sa_semi", "sb_weak", "pb_weak", "db_weak", "sa_weak",
                     "fa_weak", "sb_semi_weak", "sa_semi_weak", "head", "pub", "pub_prev", "range_end", "range_start",
                     "rule", "twin"})


def period_features(period: str, sources: list[str], context: list[str], pub: int | None) -> list[str]:
    """Features of one candidate: its sources, its kind and its relation to the publication year, and the
    figure's cues crossed with its kind."""
    kind = _kind(period)
    # the rules' own choice is not a feature (it dominated the fit and lost to the sources in cross-validation);
    # it only counts among the places that propose a candidate
    n = min(len(_PLACES.intersection(sources)), 6)   # how many places propose it (the rules' choice counted)
    sources = [s for s in sources if s != "rule"]
    feats = [f"k={kind}", *sources, *(f"{s}|k={kind}" for s in set(sources)), f"nsrc={n}"]
    if kind != "null" and pub:
        last = int(period.split("-")[-1])
        rel = "eq" if last == pub else "prev" if last == pub - 1 else "older" if last < pub else "future"
        feats.append(f"rel={rel}")
        feats.append(f"rel={rel}|k={kind}")
    feats += [f"{c}|k={kind}" for c in context]
    return feats
