"""Who gave an award: "Chủ tịch UBND tỉnh tặng Bằng khen cho …", "Bằng khen của Ban Thường vụ Tỉnh ủy".

Rules read the award sentence first; underthesea's NER (slow: ~40 sentences/s) is asked only about award
sentences where the rules found nobody, and only when the extractor runs with ner=True.
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
_PASSIVE = re.compile(rf"được\s+(?P<who>[{UPPER}][^,;.:()\"]*?)\s+(?:trao tặng|tặng thưởng|tặng|trao|khen thưởng)\s+" + _AWARD)
_AWARD_WORD = re.compile(r"tặng|trao|Bằng|khen|Giấy|Cờ")
_NOT_GIVER = re.compile(r"^(?:Dịp này|Nhân dịp này|Tại|Trong|Năm|Đồng thời|Cũng|Theo|Qua|Hội nghị|Buổi lễ)\b")


def find_authority(sentence: str, upto: int) -> str | None:
    """The awarding body named in `sentence` before offset `upto` (the figure), or None."""
    head = sentence[max(0, upto - 400):upto]   # bounded: a figure's cost must not grow with its sentence
    m = None
    for m in _OF.finditer(head):
        pass
    if m:
        return m.group("who").strip()
    givers = [g for g in _GIVER.finditer(head) if not _NOT_GIVER.match(g.group("who"))]
    if givers:
        return givers[-1].group("who").strip()
    m = _PASSIVE.search(sentence, upto)  # "15 tập thể được UBND tỉnh tặng Bằng khen"
    return m.group("who").strip() if m else None


def ner_authority(sentence: str) -> str | None:
    """The first organisation, person or place of two or more syllables underthesea's NER finds in an award
    sentence (lone capitalised syllables are mostly the award's own words: "Bằng", "Cờ")."""
    spans = entity_spans(sentence, ("ORG", "PER", "LOC"), keep_token=lambda t: not _AWARD_WORD.fullmatch(t))
    names = [text for _, _, text in spans if len(text.split()) >= 2]
    return names[0] if names else None
