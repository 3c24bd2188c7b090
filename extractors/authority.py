"""Who gave an award: "Chủ tịch UBND tỉnh tặng Bằng khen cho …", "Bằng khen của Ban Thường vụ Tỉnh ủy".

Rules read the award sentence first; underthesea's NER (slow: ~40 sentences/s) is asked only about award
sentences where the rules found nobody, and only when the extractor runs with ner=True.

`authority_key` and `award_kind` serve the indicators (pipeline/indicators.py): awards of different bodies, or
of different kinds (Bằng khen, Giấy khen), reported in one article are parts of one total.
"""
from __future__ import annotations

import re

from extractors.lexicon import UPPER
from extractors.ner import entity_spans

_AWARD = r"(?:Bằng khen|bằng khen|Giấy khen|giấy khen|Cờ thi đua|cờ thi đua|Kỷ niệm chương|kỷ niệm chương|Huân chương|Huy chương|danh hiệu)"
_OF = re.compile(rf"{_AWARD}(?:\s+[^,;.]*?)?\s+của\s+(?P<who>[{UPPER}][^,;.:()\"]*?)(?=\s+(?:cho|tặng|đối với|vì|về|có|đã|do)\s|[,;.:()\"]|$)")
_GIVER = re.compile(
    r"(?:^|[,;:]\s*|\.\s+|(?:Dịp này|Nhân dịp này|Tại hội nghị|Tại buổi lễ)[,\s]+)"
    rf"(?P<who>[{UPPER}][^,;.:()\"]*?)\s+(?:cũng\s+)?(?:đã\s+|vừa\s+)?(?:trao tặng|tặng thưởng|tặng|trao|khen thưởng|biểu dương)\s"
)
_PASSIVE = re.compile(rf"được\s+(?P<who>[{UPPER}][^,;.:()\"]*?)\s+(?:(?:trao tặng|tặng thưởng|tặng|trao|khen thưởng)\s+"
                      rf"{_AWARD}|(?:khen thưởng|biểu dương|tuyên dương)(?![\wÀ-ỹ]))")
_AWARD_WORD = re.compile(r"tặng|trao|Bằng|khen|Giấy|Cờ")
_NOT_GIVER = re.compile(r"^(?:Dịp này|Nhân dịp này|Tại|Trong|Năm|Đồng thời|Cũng|Theo|Qua|Hội nghị|Buổi lễ)\b")


_OWN_OF = re.compile(rf"^[^;]*?\bđược\s+(?:nhận\s+|trao\s+|tặng\s+)?{_AWARD}(?:\s+[^,;.]*?)?\s+của\s+"
                     rf"(?P<who>[{UPPER}][^,;.:()\"]*?)(?=\s+(?:cho|tặng|vì|về|có|đã|do|và)\s|[,;.:()\"]|$)")
_NUMBER = re.compile(r"[\d.,]*")


def _own_tail(sentence: str, upto: int) -> str:
    """The words after the figure's number up to the next number or ";": its own clause of the sentence."""
    at = _NUMBER.match(sentence, upto).end()
    tail = sentence[at:at + 200]
    cut = re.search(r"[\d;]", tail)
    return tail[:cut.start()] if cut else tail


def find_authority(sentence: str, upto: int) -> str | None:
    """The awarding body named in `sentence` before offset `upto` (the figure), or None. A body named right
    after the figure, before any other number ("10 tập thể được nhận Giấy khen của Ban Dân vận", "6 tập thể
    được UBND tỉnh tặng Bằng khen"), wins over one named before it for an earlier figure."""
    tail = _own_tail(sentence, upto)
    m = _OWN_OF.match(tail) or _PASSIVE.search(tail)
    if m:
        return m.group("who").strip()
    head = sentence[max(0, upto - 400):upto]   # bounded: a figure's cost must not grow with its sentence
    m = None
    for m in _OF.finditer(head):
        pass
    if m:
        return m.group("who").strip()
    givers = [g for g in _GIVER.finditer(head) if not _NOT_GIVER.match(g.group("who"))]
    if givers:
        return givers[-1].group("who").strip()
    # "15 tập thể được UBND tỉnh tặng Bằng khen", "2 tập thể được Ban Chỉ đạo huyện khen thưởng": in the
    # figure's own clause (a later clause names the body of other figures)
    end = sentence.find(";", upto)
    m = _PASSIVE.search(sentence, upto, end if end >= 0 else len(sentence))
    return m.group("who").strip() if m else None


def ner_authority(sentence: str) -> str | None:
    """The first organisation, person or place of two or more syllables underthesea's NER finds in an award
    sentence (lone capitalised syllables are mostly the award's own words: "Bằng", "Cờ")."""
    spans = entity_spans(sentence, ("ORG", "PER", "LOC"), keep_token=lambda t: not _AWARD_WORD.fullmatch(t))
    names = [text for _, _, text in spans if len(text.split()) >= 2]
    return names[0] if names else None


# -- keys for adding up awards of several bodies (pipeline/indicators.py) ----------------------------------

_KINDS = (("bằng khen", "Bằng khen"), ("giấy khen", "Giấy khen"), ("cờ thi đua", "Cờ thi đua"),
          ("huân chương", "Huân chương"), ("kỷ niệm chương", "Kỷ niệm chương"), ("giấy chứng nhận", "Giấy chứng nhận"),
          ("giấy công nhận", "Giấy chứng nhận"), ("cờ", "Cờ thi đua"))
_KIND_RE = re.compile(r"(?<![\wÀ-ỹ])(" + "|".join(re.escape(k) for k, _ in _KINDS) + r")(?![\wÀ-ỹ])", re.IGNORECASE)
_KIND_NAME = dict(_KINDS)
_TITLES = re.compile(r"^(?:đồng chí\s+|(?:phó\s+)?(?:chủ tịch|bí thư|trưởng ban|giám đốc|thủ trưởng)\s+|"
                     r"ban thường vụ\s+|thường trực\s+|ban chấp hành\s+|ban thường trực\s+)+")
_LONG_NAMES = (("ủy ban nhân dân", "ubnd"), ("hội đồng nhân dân", "hđnd"), ("ủy ban mặt trận tổ quốc", "mttq"),
               ("ủy ban mttq", "mttq"), ("mặt trận tổ quốc", "mttq"), ("thành phố", "tp"), ("tp.", "tp "))


def award_kind(sentence: str, upto: int) -> str | None:
    """The kind of award a figure at offset `upto` counts ("Bằng khen", "Giấy khen", "Cờ thi đua", …): one it
    receives right after it ("10 tập thể được nhận Giấy khen"), else the last award word before it in its
    clause, else the first after it in its clause."""
    own = _KIND_RE.search(_own_tail(sentence, upto))
    if own and re.search(r"\b(?:được|nhận)\b", _own_tail(sentence, upto)[:own.start()]):
        return _KIND_NAME[own.group(1).lower()]      # "10 tập thể được nhận Giấy khen"
    start = max(sentence.rfind(";", 0, upto), sentence.rfind(". ", 0, upto)) + 1
    before = list(_KIND_RE.finditer(sentence, start, upto))
    if before:
        return _KIND_NAME[before[-1].group(1).lower()]
    end = sentence.find(";", upto)
    m = _KIND_RE.search(sentence, upto, end if end >= 0 else len(sentence))
    return _KIND_NAME[m.group(1).lower()] if m else None


def authority_key(authority: str | None) -> str | None:
    """The body behind an authority as written, for telling bodies apart: the person's title dropped and long
    names shortened ("Chủ tịch UBND tỉnh Kiên Giang", "Ủy ban nhân dân tỉnh" → "ubnd tỉnh"; "Ban Thường vụ Tỉnh
    ủy" → "tỉnh ủy"; "Ban Dân vận Tỉnh ủy" stays its own body). The province's name after "tỉnh" is dropped
    (an article speaks of one province); a district's is kept (two districts are two bodies)."""
    if not authority:
        return None
    k = " ".join(authority.lower().replace("uỷ", "ủy").split())
    for long, short in _LONG_NAMES:
        k = k.replace(long, short)
    k = _TITLES.sub("", k)
    k = re.sub(r"(?<![\wÀ-ỹ])(tỉnh)(?:\s+[\wÀ-ỹ-]+)*$", r"\1", k) if not re.search(r"tỉnh ủy$", k) else k
    return " ".join(k.split()) or None
