"""Numbered party and state documents: "Chương trình số 150-CTr/BCSĐUBND-BDVTU, ngày 21-4-2017 của …".

Numbers are reported exactly as written in the original text (Đ and the Icelandic Ð kept, hyphens and
slashes kept). Kinds follow the annotation guide: party style "N-KIND/ISSUER", state style
"N/KIND-ISSUER", with a year "N/YYYY/KIND-ISSUER"; a document cited with a number but no type letters
("Công văn số 4022") has kind None.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from extractors.lexicon import alternation
from extractors.records import DocumentRef
from extractors.text import DATE_DMY, DATE_TEXT, iso_date

_UP = "A-ZĐÐ"
_AL = "A-Za-zĐđÐ"
_CODE = rf"[{_UP}0-9][{_AL}0-9]*"
# party style: 150-CTr/BCSĐUBND-BDVTU, 01-KL/TW, 11-QÐi/TW
PARTY = re.compile(rf"(?<![\w/-])(\d+[a-z]?)-([{_UP}][{_AL}]*)/({_CODE}(?:-{_CODE})*)")
# state style: 1763/CTrPH-BCH-BDV, 439/QĐ-TTg, 30/2020/NĐ-CP, 202/2025/QH15, 13/BC-ĐGS
STATE = re.compile(rf"(?<![\w/-])(\d+)(?:/((?:19|20)\d{{2}}))?/([{_UP}][{_AL}]*\d*)((?:-{_CODE})*)(?![\w])")


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(resources.files("extractors").joinpath("data/documents.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _bare_re() -> re.Pattern:
    nouns = alternation(_data()["nouns"]["list"])
    return re.compile(rf"(?<![\w])({nouns})\s+(?:số\s+|số:\s*)?(\d+(?:-\d+)?)(?![\w/]|-[{_AL}]|,\d|\.\d)", re.IGNORECASE)


def kind_name(kind: str | None) -> str | None:
    if not kind:
        return None
    kinds = _data()["kinds"]
    return kinds.get(kind) or kinds.get(kind.replace("Ð", "Đ"))


_DATE_AFTER = re.compile(r"^\s*[,(]?\s*(?:ban hành\s+)?(?:ngày\s+|ngày:\s*)?")
_ISSUER_AFTER = re.compile(
    r"^\s*(?:của|giữa)\s+(.+?)(?=\s+(?:về|v/v|nhằm|để|trong|đã|đến|tại|theo|ban hành|phê duyệt|quy định|hướng dẫn|thực hiện)\s|\s+và\s+(?:các\s+)?"
    r"(?:Chỉ thị|Nghị quyết|Kế hoạch|Quyết định|Kết luận|Chương trình|Quy định)|[,;:.\"]|$)"
)
_ISSUER_BEFORE = re.compile(
    rf"([{_UP}][^,;.:\"]*?)\s+(?:đã\s+|vừa\s+)?(?:ban hành|có|ký|ký kết|xây dựng|báo cáo tại)\s+$"
)
_CLAUSE_START = re.compile(r"[,;.:\"(]\s*")


def _date_near(text: str, start: int, limit: int) -> str | None:
    """The date written right after a document number (or after its issuer): "ngày 21-4-2017"."""
    window = text[start:limit]
    head = _DATE_AFTER.match(window)
    pos = head.end() if head else 0
    for rx in (DATE_DMY, DATE_TEXT):
        m = rx.match(window, pos)
        if m:
            return iso_date(*m.groups())
    # "của <issuer>, ngày 25/4/2013" or "(ngày 12/4/2025)": a date introduced by "ngày" later in the window
    m = re.search(r"ngày\s+", window)
    if m:
        for rx in (DATE_DMY, DATE_TEXT):
            d = rx.match(window, m.end())
            if d:
                return iso_date(*d.groups())
    return None


_ISSUE_VERB = re.compile(r"(?<![\wÀ-ỹ])(?:ban hành|ký|ký kết|thông qua)(?![\wÀ-ỹ])", re.IGNORECASE)


def _date_before(text: str, sentence_start: int, start: int) -> str | None:
    """ "Ngày 4/12/2013, Tỉnh ủy đã ban hành Quyết định số …": a date opening the clause that issues it."""
    before = text[sentence_start:start]
    if not _ISSUE_VERB.search(before):
        return None
    for rx in (DATE_DMY, DATE_TEXT):
        for m in rx.finditer(before):
            if re.search(r"(?:^|\s)ngày\s*$", before[max(0, m.start() - 10):m.start()], re.IGNORECASE):
                if not re.search(r"[;.]", before[m.end():]):
                    return iso_date(*m.groups())
    return None


def _issuer_near(text: str, start: int, end: int, limit: int, sentence_start: int) -> str | None:
    after = text[end:limit]
    after = re.sub(r"^\s*[,(]?\s*(?:ngày\s+)?(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})\s*\)?", "", after)
    m = _ISSUER_AFTER.match(after)
    if m and m.group(1)[:1].isupper():
        return m.group(1).strip()
    before = text[sentence_start:start]
    cut = max((mm.end() for mm in _CLAUSE_START.finditer(before)), default=0)
    clause = before[cut:]
    nouns = alternation(_data()["nouns"]["list"])
    clause = re.sub(rf"(?:{nouns})\s*(?:số\s*)?$", "", clause, flags=re.IGNORECASE)
    m = _ISSUER_BEFORE.search(clause)
    if m:
        return m.group(1).strip()
    return None


def document_number_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every document number in normalised text (to keep them out of the figures)."""
    spans = [(m.start(), m.end()) for rx in (PARTY, STATE) for m in rx.finditer(text)]
    return spans + [(m.start(2), m.end(2)) for m in _bare_re().finditer(text)]


def find_documents(original: str, text: str, to_original, sentence_of) -> list[DocumentRef]:
    """Documents in normalised `text`; numbers and issuers are cut from `original` via `to_original`.

    sentence_of(pos) -> (start, end) of the sentence holding a normalised position.
    """
    hits: list[tuple[int, int, tuple[int, int] | None, list[str], str | None]] = []  # start, end, kind span, codes, noun
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in PARTY.finditer(text):
        hits.append((m.start(), m.end(), m.span(2), m.group(3).split("-"), None))
        taken.append((m.start(), m.end()))
    for m in STATE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        codes = [c for c in m.group(4).split("-") if c]
        hits.append((m.start(), m.end(), m.span(3), codes, None))
        taken.append((m.start(), m.end()))
    for m in _bare_re().finditer(text):
        if not free(m.start(2), m.end(2)):
            continue
        number = m.group(2)
        if len(number) == 4 and number[:2] in ("19", "20") and "-" not in number:
            continue  # "Kế hoạch 2024" names a year's plan, not a numbered document
        hits.append((m.start(2), m.end(2), None, [], m.group(1).lower()))
        taken.append((m.start(2), m.end(2)))
    hits.sort()
    docs: list[DocumentRef] = []
    seen: set[tuple[str, str | None]] = set()
    starts = [h[0] for h in hits]
    for i, (a, b, kind_span, codes, noun) in enumerate(hits):
        o0, o1 = to_original(a, b)
        number = original[o0:o1]
        key = (number, noun)
        if key in seen:
            continue
        if noun is not None and any(
            d.number.split("-")[0].split("/")[0] == number and (d.kind_name or "").lower() == noun for d in docs
        ):
            continue  # "Chỉ thị số 10" after "Chỉ thị số 10-CT/TW": the same document again
        seen.add(key)
        s0, s1 = sentence_of(a)
        limit = min(s1, starts[i + 1] if i + 1 < len(hits) else s1, b + 160)
        date = _date_near(text, b, limit) or _date_before(text, s0, a)
        kind = text[kind_span[0]:kind_span[1]] if kind_span else None
        o_kind = original.__getitem__(slice(*to_original(*kind_span))) if kind_span else None  # as written (keeps Ð)
        year = int(date[:4]) if date else None
        docs.append(DocumentRef(
            number=number, start=o0, end=o1, kind=o_kind, kind_name=kind_name(kind) or (noun.capitalize() if noun else None),
            issuer_codes=[c.replace("Ð", "Đ") for c in codes], date=date, issuer=_issuer_near(text, a, b, limit if limit > b else s1, s0), year=year,
        ))
    return docs
