"""Who gave an award: "Chủ tịch UBND tỉnh tặng Bằng khen cho …", "Bằng khen của Ban Thường vụ Tỉnh ủy".

Rules read the award sentence first; underthesea's NER (slow: ~40 sentences/s) is asked only about award
sentences where the rules found nobody, and only when the extractor runs with ner=True.
"""
from __future__ import annotations

import re

_AWARD = r"(?:Bằng khen|bằng khen|Giấy khen|giấy khen|Cờ thi đua|cờ thi đua|Kỷ niệm chương|kỷ niệm chương|Huân chương|Huy chương|danh hiệu)"
_OF = re.compile(rf"{_AWARD}(?:\s+[^,;.]*?)?\s+của\s+(?P<who>[A-ZĐÀ-Ỹ][^,;.:()\"]*?)(?=\s+(?:cho|tặng|đối với|vì|về|có|đã|do)\s|[,;.:()\"]|$)")
_GIVER = re.compile(
    r"(?:^|[,;:]\s*|\.\s+|(?:Dịp này|Nhân dịp này|Tại hội nghị|Tại buổi lễ)[,\s]+)"
    r"(?P<who>[A-ZĐÀ-Ỹ][^,;.:()\"]*?)\s+(?:cũng\s+)?(?:đã\s+|vừa\s+)?(?:trao tặng|tặng thưởng|tặng|trao|khen thưởng|biểu dương)\s"
)
_PASSIVE = re.compile(r"được\s+(?P<who>[A-ZĐÀ-Ỹ][^,;.:()\"]*?)\s+(?:trao tặng|tặng thưởng|tặng|trao|khen thưởng)\s+" + _AWARD)
_NOT_GIVER = re.compile(r"^(?:Dịp này|Nhân dịp này|Tại|Trong|Năm|Đồng thời|Cũng|Theo|Qua|Hội nghị|Buổi lễ)\b")


def find_authority(sentence: str, upto: int) -> str | None:
    """The awarding body named in `sentence` before offset `upto` (the figure), or None."""
    head = sentence[:upto]
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
    """The first organisation or person underthesea's NER finds in an award sentence."""
    from underthesea import ner

    spans, current = [], []
    for token, _pos, _chunk, tag in ner(sentence):
        if tag[2:] in ("ORG", "PER", "LOC") and not re.fullmatch(r"(?:tặng|trao|Bằng|khen|Giấy|Cờ)", token):
            current.append(token)
        elif current:
            spans.append(" ".join(current))
            current = []
    if current:
        spans.append(" ".join(current))
    spans = [sp for sp in spans if len(sp.split()) >= 2]  # lone capitalised syllables are mostly award words
    return spans[0] if spans else None
