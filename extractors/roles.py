"""What a figure is in its sentence: the reported total, a part of a breakdown, a change, a cumulative count,
or an earlier value cited for comparison.

"Năm 2023, toàn tỉnh công nhận 640 mô hình, tăng 52 mô hình so với năm 2022; trong đó cấp tỉnh 30, cấp huyện
210, cấp cơ sở 400 mô hình. Từ năm 2016 đến nay đã xây dựng 3.900 mô hình."
    640 total · 52 change · 30, 210, 400 part · 3.900 cumulative

Works on one sentence and its figures (offsets relative to the sentence), so the same rules serve the
extraction step (extractors/components.py, "roles") and the store's backfill of stored figures
(pipeline/store.py), which has only the stored sentence and span. The words are data: extractors/data/roles.toml.

Rules, first match wins:
    comparison  "từ 32 lên 37": the first number; a number after "so với …" / "cùng kỳ năm trước" in its clause
    change      an increase/decrease qualifier ("tăng 52", "giảm 80") unless the cue says "to" ("tăng lên 640");
                "nhiều hơn 5", "vượt 3"
    cumulative  "lũy kế", "từ năm 2016 đến nay", "sau 5 năm", "10 năm qua", "đến nay đã" before the number in
                its clause (";" ends a clause), or "từ … đến nay" right after it
    part        after a reported total of the same category, behind a breakdown cue ("trong đó", "gồm", "riêng",
                "cụ thể") or a level label ("cấp tỉnh 30, cấp huyện 210"); two or more labelled figures of one
                category with no total ("cấp huyện 84 mô hình, cấp xã 102 mô hình"); a sentence opening with
                a breakdown cue continues the previous sentence's total
    total       anything else
"""
from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extractors.lexicon import alternation

ROLES = ("total", "part", "change", "cumulative", "comparison")
_W = r"(?<![\wÀ-ỹ])"
_E = r"(?![\wÀ-ỹ])"


@lru_cache(maxsize=1)
def role_words() -> dict:
    raw = resources.files("extractors").joinpath("data/roles.toml").read_text(encoding="utf-8")
    return tomllib.loads(raw)


@dataclass
class FigureView:
    """A figure seen from its sentence: offsets relative to the sentence text."""

    start: int          # span start (a qualifier cue included: "tăng 52 …" starts at "tăng")
    num_start: int      # the number itself
    num_end: int
    end: int            # end of the counted entity
    category: str
    qualifier: str | None = None


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    r = role_words()["roles"]

    def words(key, flags=re.IGNORECASE):
        return re.compile(rf"{_W}(?:{alternation(r[key])}){_E}", flags)

    return {
        "change_to": re.compile(rf"{_W}(?:{alternation(r['change_to'])})\s*(?:mức\s+)?$", re.IGNORECASE),
        "change_before": re.compile(rf"{_W}(?:{alternation(['nhiều hơn', 'ít hơn', 'vượt'])})\s*$", re.IGNORECASE),
        "comparison": words("comparison_before"),
        "from": re.compile(rf"{_W}từ\s+(?:mức\s+)?$", re.IGNORECASE),
        "to": re.compile(rf"^[^\d;.]{{0,30}}?{_W}(?:{alternation(r['from_to_after'])})\s+(?:mức\s+)?(?:[\d]|hơn|gần)",
                         re.IGNORECASE),
        "cumulative": re.compile(
            rf"{_W}(?:{alternation(r['cumulative'])}){_E}"
            rf"|{_W}(?:từ|kể từ)\s+(?:năm\s+)?(?:19|20)\d{{2}}\s+(?:đến|tới)\s+(?:nay|hiện nay|năm nay){_E}"
            rf"|{_W}(?:sau|qua|trong)\s+(?:\d{{1,2}}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+năm"
            rf"(?:\s+(?:thực hiện|triển khai|phát động|xây dựng))?(?!\s*(?:19|20)\d\d)"
            rf"|{_W}\d{{1,2}}\s+năm\s+(?:qua|gần đây){_E}",
            re.IGNORECASE),
        "since_after": re.compile(
            rf"[^\d;]{{0,25}}?{_W}(?:từ|kể từ)\s+(?:năm\s+)?(?:19|20)\d{{2}}\s+(?:đến|tới)\s+(?:nay|hiện nay)",
            re.IGNORECASE),
        "part_cue": words("part_cues"),
        "part_opening": re.compile(rf"^\W*(?:{alternation(r['part_cues'])}){_E}", re.IGNORECASE),
        # a label right before its number: "cấp huyện 84 mô hình", "lĩnh vực kinh tế: 301", "cấp tỉnh công nhận
        # 30"; not a label closing the noun before it: "94 đơn vị cấp xã và 535 ấp"
        "part_label": re.compile(rf"{_W}(?:{alternation(r['part_labels'])})(?:\s+(?!(?:và|với|của|cho|trên|tại)\s)"
                                 rf"[\wÀ-ỹ]+){{0,2}}\s*:?\s*$", re.IGNORECASE),
    }


def sentence_roles(sentence: str, figures: list[FigureView], continues: set[str] = frozenset()) -> list[str]:
    """The role of each figure of one sentence (figures in text order).

    continues: the categories of the totals reported in the sentence before; a sentence opening with a
    breakdown cue ("Trong đó, …", "Riêng …") breaks them down.
    """
    p = _patterns()
    roles: list[str] = []
    opens_with_part = bool(p["part_opening"].match(sentence))
    # cues found once per sentence; a figure looks at those of its own clause, before its number
    cumulative = [(m.start(), m.end()) for m in p["cumulative"].finditer(sentence)]
    compared = [(m.start(), m.end()) for m in p["comparison"].finditer(sentence)]
    # clause breaks found once: a 95 KB sentence of figures was quadratic when each figure re-read its prefix
    breaks = [m.start() for m in re.finditer(r"[;\n]", sentence)]
    first_total: dict[str, int] = {}    # category -> index of its first figure whose role is total
    for i, f in enumerate(figures):
        before = sentence[max(0, f.num_start - 14):f.num_start]
        k = bisect_left(breaks, f.num_start)
        clause_start = breaks[k - 1] + 1 if k else 0
        cue = sentence[f.start:f.num_start]
        role = "total"
        if p["from"].search(before[-12:]) and p["to"].match(sentence[f.num_end:]):
            role = "comparison"            # "tăng từ 32 lên 37 cơ quan": 32
        elif f.qualifier in ("increase", "decrease"):
            role = "total" if p["change_to"].search(cue) else "change"
        elif p["change_before"].search(before[-14:]):
            role = "change"
        elif _compared(sentence, compared, clause_start, f.num_start):
            role = "comparison"
        if role == "total" and (any(clause_start <= a and b <= f.num_start for a, b in cumulative)
                                or p["since_after"].match(sentence, f.end)):
            role = "cumulative"
        if role == "total" and _is_part(p, sentence, figures, first_total.get(f.category), i, opens_with_part,
                                        continues):
            role = "part"
        if role == "total":
            first_total.setdefault(f.category, i)
        roles.append(role)
    return roles


def _compared(sentence: str, cues: list[tuple[int, int]], clause_start: int, num_start: int) -> bool:
    """A number in the clause of "so với …": "so với năm 2022 (580 mô hình)", "so với cùng kỳ là 1.280"."""
    inside = [b for a, b in cues if clause_start <= a and b <= num_start]
    if not inside:
        return False
    between = re.sub(r"(?:19|20)\d{2}", "", sentence[inside[-1]:num_start])
    return bool(_COMPARED_BETWEEN.match(between))


# what may stand between "so với" and the value compared: the period and a linking word, nothing else
_COMPARED_BETWEEN = re.compile(
    r"^(?:\s*(?:cùng kỳ|kỳ trước|năm|trước|ngoái|kế hoạch|giai đoạn|tháng|quý|[IVX]+|/|-))*\s*(?:là|:|\(|có|đạt|bằng)?\s*$",
    re.IGNORECASE)


_YEAR_LABEL = re.compile(r"(?<![\wÀ-ỹ])năm\s+(?:19|20)\d{2}(?!\d)", re.IGNORECASE)


def _is_part(p, sentence: str, figures: list[FigureView], first_total: int | None, i: int, opens_with_part: bool,
             continues: set[str]) -> bool:
    """first_total: the index of the first figure before this one of its category whose role is total."""
    f = figures[i]
    if _YEAR_LABEL.search(re.split(r"[,;:]", sentence[max(0, f.num_start - 30):f.num_start])[-1]):
        return False    # "riêng năm 2022 có 1.081 mô hình": a breakdown by year gives each year's total
    labelled = p["part_label"].search(sentence[max(0, f.num_start - 40):f.num_start])
    if first_total is not None:
        cue = _first_part_cue(p["part_cue"], sentence, figures[first_total].end)
        if cue <= f.num_start or labelled:
            return True
    if labelled and any(g.category == f.category and p["part_label"].search(sentence[max(0, g.num_start - 40):g.num_start])
                        for g in figures if g is not f):
        return True     # "cấp huyện 84 mô hình, cấp xã 102 mô hình": siblings of a breakdown whose total is not given
    if opens_with_part and f.category in continues and first_total is None:
        return True
    return False


@lru_cache(maxsize=256)
def _first_part_cue(pattern: re.Pattern, sentence: str, start: int) -> float:
    """Where the first breakdown cue after start ends (inf if none): read once for all the figures after a total."""
    m = pattern.search(sentence, start)
    return m.end() if m else float("inf")


def figure_views(sentence: str, spans: list[tuple[int, int, str, str | None, str]]) -> list[FigureView]:
    """FigureViews for stored figures: (span start, span end, category, qualifier, span text) relative to the
    sentence. The number is the first digit run of the span after its qualifier cue."""
    out = []
    for s0, s1, category, qualifier, span in spans:
        m = re.search(r"\d[\d.,]*", sentence[s0:s1])
        n0 = s0 + (m.start() if m else 0)
        n1 = s0 + (m.end() if m else 0)
        out.append(FigureView(start=s0, num_start=n0, num_end=n1, end=s1, category=category, qualifier=qualifier))
    return out
