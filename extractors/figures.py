"""Counted quantities in Vietnamese text: value, denominator, counted entity, category, qualifier.

Works on the normalised text of a TextDoc whose sentences and non-figure spans (dates, times, phone
numbers, document numbers) are known. Periods are assigned later by extractors/periods.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import LOWER, UPPER, alternation, entity_index, lexicon
from extractors.numbers import NUMBER_WORDS_RE, parse_number, words_to_number
from extractors.spans import SpanSet

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
# a number, optionally a range partner ("1,6-2", "5 đến 7") and a denominator ("16/21")
CANDIDATE = re.compile(
    rf"(?<![\w.-])(?<![\w,],)(?<!\d/)(?<![\w]-)({_NUM})(?![.,]?\d)"
    rf"(?:\s?(-|đến|tới)\s?({_NUM})(?![.,]?\d))?"
    rf"(?:\s?/\s?({_NUM})(?![.,]?\d))?"
)
# units written glued to the number ("9.600m2", "1ha", "240km", "85%")
_GLUED_UNITS = ("m2", "m²", "km2", "km", "ha", "kg", "m3", "m", "tấn", "%", "ha.", "đ", "đồng", "vnđ", "vnd")
_WORD = r"[\wÀ-ỹ]+"
# how far before and after a number its sentence is read for cues: keeps a figure's cost independent of the
# length of its sentence (a 90 KB "sentence" of 5,000 numbers was quadratic: 44 s)
CONTEXT_CHARS = 300
_SCALES = alternation(lexicon()["numbers"]["scales"])   # kept in the entity: "1,5 tỷ đồng" -> entity "tỷ đồng"


@dataclass
class RawFigure:
    """A figure in normalised-text offsets, before periods are assigned."""

    value: float
    entity: str
    category: str
    start: int            # span start (qualifier cue included)
    end: int
    num_start: int        # where the number itself starts
    sentence: tuple[int, int]
    denominator: float | None = None
    qualifier: str | None = None
    authority: str | None = None
    pair_with_previous: bool = False   # "từ 32 lên 37": this is the later value


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    lx = lexicon()
    entities = sorted(entity_index(), key=len, reverse=True)
    q = lx["qualifiers"]
    cues = {k: re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(v)})(?![\wÀ-ỹ])", re.IGNORECASE) for k, v in lx["cues"].items()}
    return {
        "entity": re.compile(rf"(?:{alternation(entities)})(?![\wÀ-ỹ])", re.IGNORECASE),
        "scale": re.compile(rf"(?:{_SCALES})(?![\wÀ-ỹ])", re.IGNORECASE),
        "qualifier": re.compile(
            rf"(?<![\wÀ-ỹ])(?P<cue>{alternation(q['increase'] + q['decrease'] + q['new'] + q['approx'])})"
            rf"(?:\s+(?P<cue2>{alternation(q['approx'] + q['new'])}))?\s*(?:là\s+|có\s+|được\s+)?$",
            re.IGNORECASE,
        ),
        "new_after": re.compile(rf"^\s*(?:{alternation(q['new_after'])})(?![\wÀ-ỹ])", re.IGNORECASE),
        "exclude_before": re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(lx['exclude']['before'])})\s*:?\s*$", re.IGNORECASE),
        "exclude_after": re.compile(rf"^\s*(?:{alternation(lx['exclude']['after'])})(?![\wÀ-ỹ])", re.IGNORECASE),
        "after_allowed": re.compile(rf"^\s*(?:{alternation(lx['exclude']['after_allowed'])})(?![\wÀ-ỹ])", re.IGNORECASE),
        "slogan": re.compile(
            rf"^\s*(?:{alternation(lx['exclude']['slogan_words'])})\s*[,;\-]\s*(?:\d+|{_WORD})\s+(?:{alternation(lx['exclude']['slogan_words'])})(?![\wÀ-ỹ])",
            re.IGNORECASE,
        ),
        "slogan_tail": re.compile(
            rf"\d+\s+(?:{alternation(lx['exclude']['slogan_words'])})\s*[,;\-]\s*$", re.IGNORECASE
        ),
        "threshold": re.compile(r"(?:(?<![\wÀ-ỹ])từ\s+$)", re.IGNORECASE),
        "threshold_after": re.compile(r"^[^.;,]{0,40}?(?<![\wÀ-ỹ])trở lên", re.IGNORECASE),
        **{f"cue_{k}": v for k, v in cues.items()},
    }


_FALLBACK_STOP = re.compile(rf"(?:{alternation(lexicon()['exclude']['fallback_stop'])})(?![\wÀ-ỹ])", re.IGNORECASE)
_ENTITY_AT_END = re.compile(
    rf"\d[\d.,]*\s+(?:{alternation(entity_index())})(?:\s*,\s*[^\d,;.]{{1,20}}){{0,3}}$", re.IGNORECASE
)
_SCALE_PREFIX = re.compile(rf"^(?:{_SCALES})\s+", re.IGNORECASE)
_HONOUR_HEADING = re.compile(r"(?:niệm|huân|huy)\s+chương\s*:?\s*$", re.IGNORECASE)   # "Kỷ niệm chương: 6 đồng chí"
_TIME_HEADING = re.compile(r"(?:năm|tháng|quý|tuần)\s*:\s*$", re.IGNORECASE)   # "6 tháng cuối năm: 100% …"
_PLACE_NAME = re.compile(rf"(?<![\wÀ-ỹ])(?i:xã|phường|thị trấn|ấp|thôn|bản|khu phố|tổ dân phố|tổ|khu dân cư|tiểu khu|quận|huyện|làng|buôn|khóm)\s+"
                         rf"(?:[{UPPER}][\wÀ-ỹ]*\s+){{1,3}}$")
_SO_OK = set(lexicon()["exclude"]["number_after_so_ok"])
_THRESHOLD_NEAR = re.compile(r"^\s*(?:[\wÀ-ỹ%]+\s+){0,2}?trở lên(?![\wÀ-ỹ])", re.IGNORECASE)
# a counted noun of two letters or more written glued to its number by a typo: "442hộ", "15đơn"
_GLUED_NOUN = re.compile(rf"(?:{alternation(w for w in entity_index() if len(w) > 1)})(?![\wÀ-ỹ])", re.IGNORECASE)
_ABBREVIATION = re.compile(rf"[{UPPER}]{{2,6}}(?![\wÀ-ỹ]|[.,]?\d|-)")
_NOT_COUNTED_ABBR = {"GMT", "UTC", "AM", "PM", "SA", "CH", "SN", "TP", "TX", "ĐT", "CN"}   # times, "SN" = born
_MONEY_SLASH = re.compile(r"(?<![\wÀ-ỹ])(?:đồng|đ|vnđ|vnd)\s?/\s?$", re.IGNORECASE)
_PLAN_CUE = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(lexicon()['exclude']['plan_cues'])})(?![\wÀ-ỹ])", re.IGNORECASE)
_PLAN_NOUN = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(lexicon()['exclude']['plan_noun_before'])})\s*$", re.IGNORECASE)
_PLAN_DONE = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(lexicon()['exclude']['plan_done'])})(?![\wÀ-ỹ])", re.IGNORECASE)
_PLAN_DETAIL = re.compile(rf"^\W*(?:{alternation(lexicon()['exclude']['plan_detail'])})(?![\wÀ-ỹ])", re.IGNORECASE)
# "; ", a line break, or a full stop after a small letter, digit or bracket (not "TP. Huế")
_CLAUSE_END = re.compile(rf"[;!?\n]|(?<=[{LOWER}\d)”\"])\.(?=\s)")
PLAN_CHARS = CONTEXT_CHARS   # how far back in its sentence a number's clause (and plan cue) is read
PLAN_WORDS = 8               # at most this many words between a plan cue and its number
_INCREASE = set(lexicon()["qualifiers"]["increase"])
_DECREASE = set(lexicon()["qualifiers"]["decrease"])
_FUNCTION_WORDS = {
    "của", "và", "với", "được", "đã", "đang", "sẽ", "là", "có", "cho", "trong", "trên", "tại", "theo", "về",
    "từ", "đến", "tới", "so", "thì", "mà", "này", "đó", "các", "những", "nhiều", "này", "hơn", "gần", "khoảng",
    "người", "năm", "lần", "thứ", "bị", "để", "vào", "ra", "lên", "xuống", "nên", "như", "nhưng", "hoặc",
    "nhằm", "bằng", "tuổi", "giờ", "phút", "ngày", "tháng", "quý", "tuần", "không", "chưa", "cũng", "rất",
}


def _qualifier(before: str) -> tuple[str | None, int]:
    """(qualifier, length of the cue text) from the words right before a number."""
    m = _patterns()["qualifier"].search(before)
    if not m:
        return None, 0
    cue = m.group("cue").lower()
    cue2 = (m.group("cue2") or "").lower()
    if cue == "trên" and not cue2 and _ENTITY_AT_END.search(before[: m.start()].rstrip()):
        return None, 0  # "1.452 thôn, khu phố trên 54 phường": a preposition after a counted noun
    if cue in _INCREASE:
        q = "increase"
    elif cue in _DECREASE:
        q = "decrease"
    elif cue in ("thêm", "mới"):
        q = "new"
    else:
        q = "approx"
    if q == "approx" and cue2 in ("mới", "thêm"):
        q = "new"
    # "tăng gần 30%": increase wins over approx; "tăng thêm" is an increase too
    head = before[: m.start()].rstrip().lower()
    if q in ("approx", "new") and re.search(r"(?<![\wÀ-ỹ])tăng(?: thêm)?$", head):
        q, start = "increase", before[: m.start()].rstrip().lower().rfind("tăng")
        return q, len(before) - start
    if q == "approx" and re.search(r"(?<![\wÀ-ỹ])giảm$", head):
        start = head.rfind("giảm")
        return "decrease", len(before) - start
    return q, len(before) - m.start()


def _entity_after(text: str, pos: int, sentence_end: int) -> tuple[str, int] | None:
    """The counted noun phrase starting at pos: (entity as written, end offset), or None."""
    rest = text[pos:sentence_end]
    stripped = rest.lstrip()
    if stripped.startswith("%"):
        off = pos + (len(rest) - len(stripped))
        return "%", off + 1
    lead = len(rest) - len(stripped)
    p = _patterns()
    entity_start = pos + lead
    cursor = entity_start
    scale = p["scale"].match(text, cursor, sentence_end)
    if scale:
        cursor = scale.end()
        while cursor < sentence_end and text[cursor] == " ":
            cursor += 1
    m = p["entity"].match(text, cursor, sentence_end)
    if m:
        return text[entity_start:m.end()], m.end()
    # an abbreviated counted noun: "604 TCCSĐ", "12 HTX" (not a time zone: "15:15 GMT")
    abbr = _ABBREVIATION.match(text, cursor, sentence_end)
    if abbr and abbr.group(0) not in _NOT_COUNTED_ABBR:
        return text[entity_start:abbr.end()], abbr.end()
    # unknown noun: up to two lower-case syllables that are not function words
    words = list(re.finditer(_WORD, text[cursor:min(sentence_end, cursor + 40)]))
    taken = []
    prev_end = 0
    for w in words[:2]:
        gap = text[cursor + prev_end:cursor + w.start()]
        if gap.strip():
            break
        word = w.group(0)
        if not word[0].islower() or word.lower() in _FUNCTION_WORDS or word.isdigit():
            break
        if not taken and _FALLBACK_STOP.match(text, cursor + w.start()):
            break
        taken.append(w)
        prev_end = w.end()
    if not taken:
        return (text[entity_start:scale.end()], scale.end()) if scale else None
    return text[entity_start:cursor + taken[-1].end()], cursor + taken[-1].end()


def _nearest_cue(sentence_before: str, sentence_after: str, groups: tuple[str, ...]) -> str | None:
    """The cue group whose last mention is closest before the number (else first after it)."""
    p = _patterns()
    best, best_pos = None, -1
    for g in groups:
        for m in p[f"cue_{g}"].finditer(sentence_before):
            if m.end() > best_pos:
                best, best_pos = g, m.end()
    if best:
        return best
    best_pos = 10**9
    for g in groups:
        m = p[f"cue_{g}"].search(sentence_after)
        if m and m.start() < best_pos:
            best, best_pos = g, m.start()
    return best


_MONEY_WORDS = ("đồng", "usd", "vnđ")
_HONOURS = lexicon()["honours"]
_AWARD_VERB = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(_HONOURS['verbs'] + lexicon()['cues']['medal'] + lexicon()['cues']['order'])})(?![\wÀ-ỹ])", re.IGNORECASE)
_AWARD_BREAK = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(_HONOURS['breaks'])})(?![\wÀ-ỹ])|[:.!?]", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(rf"{_AWARD_BREAK.pattern}|;", re.IGNORECASE)   # a list across ";": _award_lists
_RECEIVED = re.compile(
    rf"^\s*(?:[^,;.:()]{{0,40}}?\s)?(?<!công )(?<!tiếp )(?<!xác )(?<!thu )(?:{alternation(_HONOURS['received'])}|được\s+(?:[^,;.:()\s]+\s+){{1,5}}?(?:trao\s+)?tặng)(?![\wÀ-ỹ])",
    re.IGNORECASE)
_PERSONS = {w.lower() for w in _HONOURS["persons"]}


def _honour_of(before: str, after: str) -> str | None:
    """What a count received, when an award, a medal or an order governs it: "medal", "order", "award" or None.

    Governs: a receiving verb right after the count ("8 đảng viên được tặng Huy hiệu Đảng": the honour named after
    it), or an award word before it in its clause with only a list of recipients between ("tặng Bằng khen cho 3
    chi bộ, 12 đảng viên"; "trao Kỷ niệm chương … cho 2 cán bộ").
    """
    received = _RECEIVED.match(after)
    if received:
        clause = re.split(r"[;.]", after[received.end():], maxsplit=1)[0][:120]
        cue = _nearest_cue("", clause, ("medal", "order", "award"))
        if cue:
            return cue
        if re.search(r"khen thưởng|biểu dương", received.group(0), re.IGNORECASE):
            return "award"      # "12 chi bộ được khen thưởng" with nothing named after it
        return None
    last = None
    for m in _AWARD_VERB.finditer(before, max(0, len(before) - 200)):
        last = m
    if last is None or _CLAUSE_BREAK.search(before, last.end()):
        return None
    return _nearest_cue(before[last.start():], "", ("medal", "order", "award"))


def categorize(entity: str, before: str, after: str) -> str:
    """Category of a figure from its entity and the words of its sentence before and after it."""
    e = entity.lower().strip()
    if e == "%":
        return "percent"
    if any(e.endswith(w) for w in _MONEY_WORDS) or e in ("tỷ", "tỉ"):
        return "money"
    if e in ("nghìn", "ngàn", "triệu") and re.search(r"(?<![\wÀ-ỹ])(?:đồng|tiền|kinh phí|ủng hộ|hỗ trợ|trị giá|giá trị|quỹ)", after[:60] + " " + before[-60:], re.IGNORECASE):
        return "money"
    base = entity_index().get(e)
    if base is None:
        e = _SCALE_PREFIX.sub("", e)
        base = entity_index().get(e)
    if base is None:
        # the head: the longest known prefix ("mô hình tập thể" -> "mô hình")
        for known, cat in sorted(entity_index().items(), key=lambda kv: -len(kv[0])):
            if e.startswith(known + " ") or e.startswith(known + ","):
                base = cat
                break
    base = base or "other"
    head = e.split(",")[0].strip()
    if base not in ("reception", "petition", "money", "percent") and _is_person(head) \
            and _MET_BY.search(before[-40:]):
        return "reception"   # "tiếp 150 hộ dân", "tiếp xúc 50 cử tri", "đối thoại với 16 hộ" (guide: people met)
    if (base == "participants" or _is_person(head)) and _patterns()["cue_borrowing"].match(after.lstrip()[:20]):
        return "other"       # "cho 63 lượt hội viên vay": borrowers are beneficiaries (guide)
    if base in ("award_collective", "award_individual"):
        if _patterns()["cue_participants"].match(after.lstrip()[:20]):
            return "participants"  # "120 cá nhân tham gia tranh tài": whatever the sentence says before
        if base == "award_individual" and _CARRYING_OUT.match(after):
            return "participants"  # "8.904 cá nhân thực hiện mô hình" (guide: people who carry out a model)
        cue = _honour_of("", after)   # a receiving verb after the count: "3 cá nhân được tặng Huân chương …"
        cue = cue or _nearest_cue(before, after, ("medal", "order", "award", "model"))
        if cue == "medal":
            return "medal"
        if cue == "order":
            return "other"   # Huân chương / Huy chương recipients (annotation guide)
        if cue == "model":
            return "model"
        if cue == "award":
            return base
        return "participants" if _patterns()["cue_participants"].search(after[:30]) else "other"
    if head in _PERSONS or (base == "coverage" and head not in _HOUSEHOLDS):
        honour = _honour_of(before, after)
        if honour == "medal":
            return "medal"          # "trao Kỷ niệm chương … cho 2 cán bộ"
        if honour == "order":
            return "other"          # Huân chương, Huy chương, Huy hiệu Đảng recipients (guide)
        if honour == "award":       # "tặng Bằng khen cho 45 chi bộ; 59 đảng viên" (guide: units / people awarded)
            return "award_individual" if head in _PERSONS else "award_collective"
    if head in ("nội dung", "trường hợp", "vụ"):
        context = re.sub(r"đơn vị", "", before + " " + e + " " + after, flags=re.IGNORECASE)
        return "petition" if _patterns()["cue_petition"].search(context) else "other"
    if head == "lượt" and re.search(r"(?<![\wÀ-ỹ])tiếp\s*$", before[-12:]):
        return "reception"   # "lãnh đạo các phường tiếp 1.145 lượt"
    if base in ("participants", "other") and head in ("lượt người", "người", "người dân", "lượt", "lượt người dân", "cử tri", "lượt cử tri", "cán bộ, công chức, viên chức", "cán bộ, công chức",
                                                      "lượt người tham gia", "lượt người dân tham gia"):
        if head.endswith("tham gia"):
            # "66 cuộc tiếp xúc cử tri … với 10.600 lượt người tham gia": people met are reception (guide), but
            # only when the meeting nearest before them is a reception, not a class or a conference
            if _nearest_cue(before, "", ("reception", "training")) == "reception":
                return "reception"
            return base
        if _patterns()["cue_reception"].search(before):
            return "reception"
        if _patterns()["cue_participants"].search(before + " " + after[:40]):
            return "participants"
        if _patterns()["cue_beneficiary"].search(re.split(r"[;:.]", before)[-1][-40:]):
            return "other"   # "hỗ trợ khám chữa bệnh 148 lượt người": beneficiaries (guide)
        return base
    if (head in ("cán bộ", "đảng viên", "hội viên", "đoàn viên", "người", "học viên", "cán bộ, công chức",
                 "cán bộ, đảng viên", "cán bộ, công chức, viên chức", "học sinh", "em học sinh", "em",
                 "sinh viên", "thanh niên") or head.endswith(" viên")) \
            and re.search(r"(?:cho|với)\s+(?:hơn\s+|gần\s+|khoảng\s+|trên\s+)?$", before[-16:]) \
            and _patterns()["cue_training"].search(before[-60:]):
        return "participants"
    if (head in _HOUSEHOLDS and _REACHING.match(after)) or (head in _BUSINESSES and (
            _REACHING.match(after) or _DONATING.match(after))):
        return "coverage"   # "527 hộ đạt gia đình văn hóa", "34 doanh nghiệp đăng ký": units reaching a standard (guide)
    if base in ("other",) and (head in ("hộ", "hộ dân", "hộ gia đình", "hội viên", "đoàn viên", "cán bộ", "đảng viên",
                                        "người", "thanh niên", "học sinh") or _is_person(head)):
        # people persuaded to take part ("vận động 79 hộ xây dựng mô hình", "… tham gia"); persuaded to do
        # something else ("vận động 126 hộ định canh") stays "other"
        taking_part = _patterns()["cue_participants"].search(after[:40]) or re.match(
            r"^\s*(?:\S+\s+){0,3}?(?:xây dựng|thực hiện|nhân rộng)\s+mô hình", after, re.IGNORECASE) \
            or _TAKING_PART_BEFORE.search(before[-40:])   # "với sự tham gia của 300 đoàn viên", "thu hút 80 hộ"
        clause = re.split(r"[;:.!?\n]", before)[-1]
        taking_part = taking_part or (_ATTENDING_LEAD.search(clause) and not _patterns()["cue_reception"].search(clause))
        return "participants" if taking_part else base
    if base == "coverage" and _patterns()["cue_discipline"].search(re.split(r"[,;:]", before)[-1][-30:]):
        return "other"   # "kiểm điểm 01 tổ chức": units disciplined are not coverage
    if base == "coverage" and _is_inventory(head, before, after):
        return "other"   # "tỉnh có 8 huyện, 1 thị xã với 106 xã": how many units a place has (guide: inventories)
    if base == "coverage":
        clause_after = re.split(r"[;.]", after, maxsplit=1)[0][:90]
        if _patterns()["cue_rating"].search(before[-80:] + " " + clause_after):
            return "rating"
        if _patterns()["cue_composition"].search(before[-60:] + " " + after[:30]):
            return "other"
        if re.match(r"^\s*(?:đã\s+|đều\s+)?(?:đăng ký|xây dựng|có)\s+(?:\S+\s+)?(?:mô hình|điển hình)", after, re.IGNORECASE):
            return "model"   # units registering a "Dân vận khéo" model are counted as models
        return "coverage"
    if head == "đoàn" and (re.match(r"^\s*(?:công dân|người dân)", after) or re.search(r"đông người\s*$", before)):
        return "reception"   # delegations of citizens received: "03 đoàn công dân", "đoàn đông người 20 đoàn"
    if head in ("thành viên", "ủy viên", "hội viên") and re.search(
            r"(?<![\wÀ-ỹ])(?:gồm|có|cử|bầu|bầu bổ sung|hiệp thương)\s+(?:hơn\s+|gần\s+|khoảng\s+|trên\s+)?$", before[-30:]):
        return "participants"   # members of a group: "tổ có 25 thành viên", "cử 64 ủy viên" (guide)
    if base == "event":
        if _patterns()["cue_reception"].search(after[:25]) or _patterns()["cue_reception"].search(before[-40:]):
            return "reception"   # "tiếp công dân định kỳ 6 buổi", "16 đợt tiếp công dân"
        if head in ("chương trình", "buổi", "chuyên đề") and _patterns()["cue_media"].search(after[:60]):
            return "media"       # "7 chương trình … phát sóng"
    return base


_MET = lexicon()["met"]
# the verb right before a count of people that says officials received or met them ("tiếp 42 lượt người",
# "tiếp xúc với 50 cử tri", "đối thoại trực tiếp với 16 hộ dân"); "tiếp" must stand alone ("tiếp nhận", "tiếp tục")
_MET_BY = re.compile(
    rf"(?<![\wÀ-ỹ])(?:{alternation(_MET['verbs'])})\s+(?:(?:{alternation(lexicon()['qualifiers']['approx'])})\s+)?$",
    re.IGNORECASE)
_MET_PEOPLE = {w.lower() for w in _MET["people"]}
# "cá nhân thực hiện mô hình": the people who carry out a model, not the model; "đăng ký thực hiện mô hình" (the
# units registering are counted as the models) is left to the cues
_CARRYING_OUT = re.compile(
    r"^\s*(?:đã\s+|trực tiếp\s+|đang\s+)?(?:thực hiện|áp dụng|duy trì|tham gia thực hiện|tham gia xây dựng)\s+"
    r"(?:các\s+|những\s+|\S+\s+)?(?:mô hình|điển hình)", re.IGNORECASE)


def _is_person(head: str) -> bool:
    return head in _PERSONS or head in _HOUSEHOLDS or head in _MET_PEOPLE


# a clause that opens with attending and then counts the people: "Dự lễ ra mắt có 150 hộ dân", "Tham dự hội nghị
# có đại diện 312 hộ" (a reception clause stays with the reception rules)
_ATTENDING_LEAD = re.compile(
    r"^\W*(?:về\s+)?(?:dự|tham dự)\s+[^,]{0,50}?\s(?:có|gồm)\s+(?:đại diện\s+(?:của\s+)?)?"
    r"(?:(?:hơn|gần|khoảng|trên)\s+)?$", re.IGNORECASE)
_TAKING_PART_BEFORE = re.compile(
    r"(?<![\wÀ-ỹ])(?:tham gia|tham dự|thu hút|có mặt|huy động)(?:\s+của)?\s+(?:được\s+)?(?:hơn|gần|khoảng|trên|gần như)?\s*$",
    re.IGNORECASE)
_ADMIN_UNITS = set(lexicon()["inventory"]["units"])
_INVENTORY_LEAD = re.compile(rf"(?:(?<![\wÀ-ỹ])(?:có|với|gồm|bao gồm|tổng cộng)|[(,])\s*(?:{_NUM}\s+)?$", re.IGNORECASE)
_LIST_AND = re.compile(rf"(?<![\wÀ-ỹ])và\s*(?:{_NUM}\s+)?$", re.IGNORECASE)
_INVENTORY_LEAD_WORD = re.compile(r"(?<![\wÀ-ỹ])(?:có|với|gồm|bao gồm)(?![\wÀ-ỹ])", re.IGNORECASE)
_ACTION = re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(lexicon()['inventory']['action'])})(?![\wÀ-ỹ])", re.IGNORECASE)
_HOUSEHOLDS = {"hộ", "hộ gia đình", "hộ dân", "gia đình"}
_BUSINESSES = {"doanh nghiệp", "hộ kinh doanh"}
# businesses that donate are units that took part (guide: coverage); households that give land or money stay other
# as the dev and diagnose gold label them
_DONATING = re.compile(r"^\s*(?:đã\s+|cùng\s+)?(?:ủng hộ|tài trợ|đóng góp)(?![\wÀ-ỹ])", re.IGNORECASE)
_REACHING = re.compile(r"^\s*(?:đạt|được công nhận|được bình xét|được công nhận là|đăng ký|ký cam kết)(?![\wÀ-ỹ])", re.IGNORECASE)


def _is_inventory(head: str, before: str, after: str) -> bool:
    """Administrative units counted in a list of what a place has, with no action in their clause."""
    if head.split(",")[0].strip() not in _ADMIN_UNITS:
        return False
    clause_before = re.split(r"[;.:]", before)[-1][-80:]
    if not _INVENTORY_LEAD.search(before[-40:]) and not (
            _LIST_AND.search(before[-40:]) and _INVENTORY_LEAD_WORD.search(clause_before)):
        return False   # "có 58 xã … và 15 xã biên giới": the list goes on after "và"
    clause_after = re.split(r"[;.]", after, maxsplit=1)[0][:80]
    return not _ACTION.search(clause_before) and not _ACTION.search(clause_after)


_LIST_ITEM_BEFORE = re.compile(r"\d+\s+([\wÀ-ỹ]+)\s*[,;]\s*$")
_LIST_ITEM_AFTER = re.compile(r"^\s*([\wÀ-ỹ]+)\s*(?:[,;]\s*\d+\s+([\wÀ-ỹ]+)\s*)?(?=[,;\"”)]|$)")


def _in_slogan_list(text: str, a: int, sent_start: int, after: str) -> bool:
    """ "3 không, 3 đúng, 3 nên, 3 cần, 3 chống": a list of number + one word that is not a counted noun."""
    known = entity_index()
    m_after = _LIST_ITEM_AFTER.match(after)
    if not m_after or m_after.group(1).lower() in known:
        return False
    m_before = _LIST_ITEM_BEFORE.search(text[max(sent_start, a - 20):a])
    if m_before and m_before.group(1).lower() not in known:
        return True
    return bool(m_after.group(2)) and m_after.group(2).lower() not in known


# nouns whose quoted title follows them ("phong trào "…"", "cuộc vận động "…""): numbers in the title are not counts
_NAMED_BY = re.compile(r"(?<![\wÀ-ỹ])(?:phong trào|cuộc vận động|chiến dịch|chủ đề|khẩu hiệu|cuộc thi|giải thưởng)"
                       r"(?:\s+thi đua)?\s*$", re.IGNORECASE)


def _inside_quoted_name(text: str, a: int, sent_start: int, after: str) -> bool:
    """A number inside a short quoted name that starts with a capital: "Bếp ăn 0 đồng", "Tủ sách 5 nghìn"."""
    head = text[max(sent_start, a - CONTEXT_CHARS):a]
    if head.count('"') % 2 == 0:
        return False
    opening = head.rfind('"')
    close = after.find('"')
    name = head[opening + 1:]
    if close >= 0 and _NAMED_BY.search(head, 0, opening):
        return True   # the title of a movement or campaign: phong trào "Chung tay xây 1.000 căn nhà …"
    return len(head) - opening <= 40 and 0 <= close <= 25 and (name[:1].isupper() or name[:1].isdigit())


def _excluded(text: str, a: int, sent_start: int, value_token: str, after: str) -> bool:
    p = _patterns()
    before = text[max(sent_start, a - 30):a]
    if p["exclude_before"].search(before) and not _TIME_HEADING.search(before) and not _HONOUR_HEADING.search(before):
        return True  # labels take no qualifier: "khu phố trên 54 phường" is a count
    if len(value_token) == 1 and _PLACE_NAME.search(before):
        return True  # "xã Đại Ân 2", "khu phố Tân Lập 3": a digit that ends a place name
    # "số 3" (a label) but not "trong số 6.540", "tổng số 120", "dân số khoảng 1,2 triệu"
    so = re.search(r"(?<![\wÀ-ỹ])(?:(\S+)\s+)?số\s*:?\s*$", before)
    if so and (so.group(1) or "").lower() not in _SO_OK:
        return True
    # slogans in quotes: "3 chung", “3 không”
    if before.endswith('"') and re.match(r"^\s*[\wÀ-ỹ]+(?:\s+[\wÀ-ỹ]+)?\s*\"", after):
        return True
    if _inside_quoted_name(text, a, sent_start, after):
        return True
    if before.endswith('"') and 0 <= after.find('"') <= 35 and text[max(sent_start, a - CONTEXT_CHARS):a].count('"') % 2 == 1:
        return True  # a quoted name that opens with the number: "10 bản chứng thực - 15 phút trả"
    if p["exclude_after"].match(after) and not p["after_allowed"].match(after):
        return True
    if p["slogan"].match(after) or p["slogan_tail"].search(text[max(sent_start, a - 20):a]) or _in_slogan_list(text, a, sent_start, after):
        return True
    # thresholds in conditions: "từ 4 người trở lên"
    if p["threshold"].search(before) and p["threshold_after"].match(after):
        return True
    if _THRESHOLD_NEAR.match(after):
        return True   # "20 nghìn đồng trở lên": a threshold even without "từ"
    # a bare year
    if re.fullmatch(r"(?:19|20)\d{2}", value_token):
        return True
    return False


_NEXT_SCALE = {"tỷ": "triệu", "tỉ": "triệu", "triệu": "nghìn|ngàn"}


def _compound_amount(text: str, entity: str, ent_end: int, sentence_end: int) -> tuple[float, str, int] | None:
    """ "8 tỷ 600 triệu đồng" is one amount: (0.6, "tỷ đồng", its end) for the number before "tỷ", else None."""
    scale = entity.strip().lower()
    if scale not in _NEXT_SCALE:
        return None
    m = re.compile(rf"\s+(\d{{1,3}})\s+(?:{_NEXT_SCALE[scale]})(\s+(?:đồng|vnđ|vnd))?(?![\wÀ-ỹ])",
                   re.IGNORECASE).match(text, ent_end, sentence_end)
    if not m:
        return None
    unit = " " + m.group(2).strip() if m.group(2) else ""
    return int(m.group(1)) / 1000, entity.strip() + unit, m.end()


def _clause_head(text: str, a: int, sent_start: int) -> str:
    """The number's clause up to it: from the last ';', '. ' or line break of its sentence (at most PLAN_CHARS)."""
    head = text[max(sent_start, a - PLAN_CHARS):a]
    ends = [m.end() for m in _CLAUSE_END.finditer(head)]
    return head[ends[-1]:] if ends else head


def _planned(text: str, a: int, sent_start: int, plan_before: int | None = None) -> bool:
    """A target, quota or intention, not a figure (annotation guide: "sẽ xây 130 nhà", "chỉ tiêu biên chế 12
    người"): a plan cue at most PLAN_WORDS words before the number in its clause, with nothing done said between.
    plan_before: where the number before this one ends, when that one was planned; this one is planned too when
    it continues the same list ("phấn đấu 80% hộ, 90% thôn") or its clause details the plan ("… phấn đấu đạt
    9 tỷ đồng. Trong đó, …", "Cụ thể, …")."""
    near = a - PLAN_WORDS * 16   # a cue at most PLAN_WORDS words away lies in the last ~16 characters a word
    if plan_before is None and not _PLAN_CUE.search(text, max(sent_start, near), a):
        return False
    head = _clause_head(text, a, sent_start)
    cue = None
    for m in _PLAN_CUE.finditer(head):
        if m.group(0).lower() == "phấn đấu" and _PLAN_NOUN.search(head[:m.start()]):
            continue   # "qua 5 năm phấn đấu": the effort, not a target
        cue = m
    if cue is not None:
        gap = head[cue.end():]
        words = len(gap.split())
        limit = 3 if cue.group(0).lower() == "chỉ tiêu" else PLAN_WORDS
        if words <= limit and not _PLAN_DONE.search(gap) and not (limit == 3 and "," in gap):
            return True    # a quota names its count right after it: "chỉ tiêu biên chế 12 người"
    if plan_before is None or plan_before < a - PLAN_CHARS:
        return False
    between = text[plan_before:a]
    if _PLAN_DONE.search(between):
        return False
    if plan_before >= sent_start and not _CLAUSE_END.search(between):
        return True        # the same list: "phấn đấu 80% hộ, 90% thôn"
    return bool(_PLAN_DETAIL.match(head))   # "… Trong đó, cấp tỉnh 2 tỷ đồng"


def find_figures(text: str, sentences: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[RawFigure]:
    """All figures in normalised text, in order."""
    blocked_set = SpanSet(blocked)
    is_blocked = blocked_set.overlaps
    out: list[RawFigure] = []

    plan_before: int | None = None   # where the last number ends when it was planned
    for s0, s1 in sentences:
        found: list[RawFigure] = []
        taken_until = s0   # the end of a compound amount already read ("8 tỷ 600 triệu đồng")
        for m in CANDIDATE.finditer(text, s0, s1):
            a = m.start()
            if a < taken_until or is_blocked(a, m.end(1)):
                continue
            end_num = m.end()
            after_num = text[end_num:min(s1, end_num + CONTEXT_CHARS)]
            # a glued unit: 9.600m2, 1ha, 85%
            glued = None
            if end_num < s1 and (text[end_num].isalpha() or text[end_num] == "%"):
                word = re.match(r"[\wÀ-ỹ²%]+", text[end_num:s1]).group(0)
                if word.lower() in _GLUED_UNITS:
                    glued = (word, end_num + len(word))
                elif not _GLUED_NOUN.match(text, end_num, s1):
                    continue   # "COVID-19", "4.0", "F0": a code; "442hộ" (a counted noun glued on) is a count
            if _excluded(text, a, s0, m.group(1), after_num):
                continue
            if found and found[-1].category == "money" and _MONEY_SLASH.search(text, max(s0, a - 12), a):
                continue  # "5.299.856.928 đồng/2,2 tỷ đồng": the amount planned, not another one
            if _planned(text, a, s0, plan_before):
                plan_before = m.end()
                continue
            plan_before = None
            if glued:
                entity, ent_end = glued
            else:
                ent = _entity_after(text, end_num, s1)
                if ent is None:
                    # a bare number after "tăng/giảm" takes the entity of the figure before it
                    q, _ = _qualifier(text[max(s0, a - 25):a])
                    if q in ("increase", "decrease") and found:
                        entity, ent_end = found[-1].entity, end_num
                    elif _FROM_TO.search(text[max(s0, a - 8):a]) and _UP_TO.match(text[end_num:end_num + 12] + " "):
                        entity, ent_end = "", end_num  # "từ 32 lên 37 …": filled in by _pair_from_to
                    else:
                        continue
                else:
                    entity, ent_end = ent
            if entity.lower() in ("năm", "tháng", "ngày", "giờ"):
                continue
            part = None   # the lower-scale part of a compound amount: 0.6 of "8 tỷ 600 triệu đồng"
            compound = _compound_amount(text, entity, ent_end, s1)
            if compound and not m.group(3) and not m.group(4):
                part, entity, ent_end = compound
                taken_until = ent_end
            if not entity:
                found.append(RawFigure(value=parse_number(m.group(1)) or 0.0, entity="", category="other",
                                       start=a, end=end_num, num_start=a, sentence=(s0, s1)))
                continue
            before = text[max(s0, a - CONTEXT_CHARS):a]
            after = text[ent_end:min(s1, ent_end + CONTEXT_CHARS)]
            q, qlen = _qualifier(text[max(s0, a - 25):a])
            if q is None and _patterns()["new_after"].match(after):
                q = "new"
            start = a - qlen if qlen else a
            category = categorize(entity, before, after)
            if m.group(4) and category == "other" and _is_inventory(entity.lower(), before, after):
                category = "coverage"   # "12/15 huyện …": a share of units is coverage (guide: "often X/Y")
            values = []
            v1 = parse_number(m.group(1))
            if v1 is None:
                continue
            if part is not None:
                v1 = round(v1 + part, 6)
            denominator = parse_number(m.group(4)) if m.group(4) else None
            if m.group(3):
                v2 = parse_number(m.group(3))
                if v2 is None:  # out of range (numbers.MAX_VALUE)
                    continue
                if m.group(2) == "-" and re.fullmatch(r"(?:19|20)\d{2}", m.group(3) or ""):
                    continue
                values = [(v1, a, m.end(1)), (v2, m.start(3), end_num)]
            else:
                values = [(v1, a, end_num)]
            if denominator is not None and m.group(3) is None and (denominator < v1 or denominator == 0):
                scale = _SCALE_PREFIX.match(entity)
                if not (scale and category == "money" and v1 >= 1000 * denominator):
                    continue  # "5/3" is not a ratio of counts
                # "14.714.669.968/9,5 tỷ đồng": an amount in đồng against its plan in tỷ đồng
                entity, denominator = entity[scale.end():], None
            for i, (v, _, _) in enumerate(values):
                found.append(RawFigure(
                    value=v, entity=entity, category=category, start=start if i == 0 else values[i][1],
                    end=ent_end, num_start=values[i][1], sentence=(s0, s1),
                    denominator=denominator if len(values) == 1 else None,
                    qualifier=q if i == 0 else None,
                ))
        found += _word_figures(text, s0, s1, blocked_set)
        found.sort(key=lambda f: f.num_start)
        _pair_from_to(text, found)
        _slash_pairs(text, found)
        _compared_counts(text, found)
        out += found
    _award_lists(text, out)
    return out


def _word_figures(text: str, s0: int, s1: int, blocked: SpanSet) -> list[RawFigure]:
    """Figures written in words ("Hai nội dung", "mười lăm tập thể"): only before a known counted noun."""
    out = []
    p = _patterns()
    for m in NUMBER_WORDS_RE.finditer(text, s0, s1):
        value = words_to_number(m.group(0))
        if value is None:
            continue
        if blocked.overlaps(m.start(), m.end()):
            continue
        before = text[max(s0, m.start() - 15):m.start()].lower()
        if re.search(r"(?:thứ|tháng|lần|cả|khóa|khoá|mùa|số|lớp|thế hệ|quý|kỳ)\s*$", before):
            continue
        em = p["entity"].match(text, m.end() + 1, s1) if m.end() < s1 and text[m.end()] == " " else None
        if not em or em.group(0).lower() in ("năm", "tháng", "ngày"):
            continue
        entity = em.group(0)
        if p["exclude_after"].match(text[m.end():s1]) and not p["after_allowed"].match(text[m.end():s1]):
            continue
        if _planned(text, m.start(), s0):
            continue
        q, qlen = _qualifier(text[max(s0, m.start() - 25):m.start()])
        out.append(RawFigure(
            value=float(value), entity=entity, category=categorize(entity, text[max(s0, m.start() - CONTEXT_CHARS):m.start()],
                                                   text[em.end():min(s1, em.end() + CONTEXT_CHARS)]),
            start=m.start() - qlen, end=em.end(), num_start=m.start(), sentence=(s0, s1), qualifier=q,
        ))
    return out


_SAME_VISIT = re.compile(r"^\s*(?:/|\(\s*(?:có|gồm|với)?)\s*$", re.IGNORECASE)


def _slash_pairs(text: str, found: list[RawFigure]) -> None:
    """ "1.024 lượt công dân/1.187 người", "tiếp 346 lượt (có 355 người)": the people counted per visit belong to
    the same reception (or petition)."""
    for prev, cur in zip(found, found[1:]):
        if _SAME_VISIT.match(text[prev.end:cur.num_start]) and prev.category in ("reception", "petition") \
                and cur.category in ("other", "participants"):
            cur.category = prev.category


_COMPARED_GAP = re.compile(r"^[^.;:()]{0,60}[,\-–]\s*$")


def _compared_counts(text: str, found: list[RawFigure]) -> None:
    """ "41/41 tổ dân phố đạt …, tăng 3 tổ so với năm 2020": a change in a count is the same kind of figure as the
    count it follows, also when its noun is written short."""
    for prev, cur in zip(found, found[1:]):
        if cur.qualifier not in ("increase", "decrease") or cur.category == prev.category \
                or "percent" in (prev.category, cur.category) or "money" in (prev.category, cur.category):
            continue
        head, prev_head = cur.entity.lower().strip(), prev.entity.lower().strip()
        if not head or not (prev_head == head or prev_head.startswith(head + " ")):
            continue
        if _COMPARED_GAP.match(text[prev.end:cur.start]):
            cur.category = prev.category


_LIST_GAP = re.compile(r"(?:[,;]|(?<![\wÀ-ỹ])và)\s*$")


def _award_lists(text: str, found: list[RawFigure]) -> None:
    """ "tặng Bằng khen cho 8 chi bộ; 5 bí thư chi bộ và 59 đảng viên": a list of recipients stays under the award
    that governs its first items, also after a semicolon (a sentence break for the splitter)."""
    for prev, cur in zip(found, found[1:]):
        if prev.category not in ("award_collective", "award_individual", "medal") or cur.category != "other":
            continue
        if cur.num_start - prev.end > 150:
            continue
        gap = text[prev.end:cur.num_start]
        if not _LIST_GAP.search(gap) or _AWARD_BREAK.search(gap):
            continue
        head = cur.entity.lower().split(",")[0].strip()
        if entity_index().get(head) in ("award_collective", "award_individual") and prev.category != "medal":
            cur.category = entity_index()[head]   # "Bằng khen: 2 tập thể; 3 cá nhân"
        elif head in _PERSONS:
            cur.category = "medal" if prev.category == "medal" else "award_individual"
        elif entity_index().get(head) == "coverage" and head not in _HOUSEHOLDS and prev.category != "medal":
            cur.category = "award_collective"


_FROM_TO = re.compile(r"(?<![\wÀ-ỹ])từ\s+$", re.IGNORECASE)
_UP_TO = re.compile(r"^\s+(?:lên|xuống|thành)\s+\d", re.IGNORECASE)


def _pair_from_to(text: str, found: list[RawFigure]) -> None:
    """ "từ 32 lên 37 cơ quan": the first takes the entity of the second; the second is the later value."""
    for prev, cur in zip(found, found[1:]):
        if prev.entity:
            continue
        gap = text[prev.num_start:cur.num_start]
        m = re.match(r"[\d.,]+(\s+(?:lên|xuống|thành)\s+)$", gap)
        if m and _FROM_TO.search(text[max(0, prev.num_start - 8):prev.num_start]):
            prev.entity, prev.category, prev.end = cur.entity, cur.category, cur.end
            prev.start = prev.num_start - len("từ ")
            cur.pair_with_previous = True
    found[:] = [f for f in found if f.entity]

