"""Persons named with their positions.

Two written patterns cover most provincial news: "Ông Phạm Văn A - Chủ tịch UBND tỉnh" (honorific, name,
dash or comma, position) and "Trưởng Ban Dân vận Tỉnh ủy Bùi Văn B" (position, then the name). A name is
2–4 capitalised syllables starting with a known surname. underthesea's NER is run only on sentences that
carry a title but where these patterns found no name (it is slow: ~40 sentences/s).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from extractors.lexicon import LOWER, UPPER, alternation
from extractors.ner import entity_spans
from extractors.records import Person

_CAP = rf"[{UPPER}][{LOWER}']*"   # a capitalised syllable


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(resources.files("extractors").joinpath("data/persons.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    d = _data()
    surname = alternation(d["surnames"])
    name = rf"(?:{surname})(?:\s+{_CAP}){{1,3}}"
    titles = alternation(d["titles"])
    honor = alternation(d["honorifics"])
    return {
        "honor_name_pos": re.compile(
            rf"(?<![\wÀ-ỹ])(?:{honor})\s+(?P<name>{name})\s*(?:-|,|–|\()\s*(?P<pos>(?:{titles})[^,;.()\n]*)"
        ),
        "pos_name": re.compile(
            rf"(?<![\wÀ-ỹ])(?P<pos>(?:{titles})(?:\s+(?!(?:{surname})\s+{_CAP})[^\s,;.()]+){{0,10}}?)\s+(?P<name>{name})(?![\wÀ-ỹ])"
        ),
        "title": re.compile(rf"(?<![\wÀ-ỹ])(?:{titles})(?![\wÀ-ỹ])"),
        "stop": re.compile(rf"\s+(?:{alternation(d['position_stops'])})(?![\wÀ-ỹ]).*$", re.DOTALL),
    }


def find_persons(text: str, sentences: list[tuple[int, int]], use_ner: bool = False) -> list[tuple[int, int, str, str | None]]:
    """(start, end, name, position) in normalised-text offsets, in order; one entry per name mention."""
    p = _patterns()
    found: dict[int, tuple[int, int, str, str | None]] = {}
    for s0, s1 in sentences:
        sentence_hits = 0
        for key in ("honor_name_pos", "pos_name"):
            for m in p[key].finditer(text, s0, s1):
                name = m.group("name").strip()
                pos = p["stop"].sub("", re.sub(r"\s+", " ", m.group("pos"))).strip(" -–,")
                a = m.start("name")
                if a not in found:
                    found[a] = (a, a + len(name), name, pos or None)
                    sentence_hits += 1
        if use_ner and not sentence_hits and p["title"].search(text, s0, s1):
            for a, b, name in entity_spans(text[s0:s1], ("PER",)):
                found.setdefault(s0 + a, (s0 + a, s0 + b, name, None))
    return [found[k] for k in sorted(found)]


def to_person(span: tuple[int, int, str, str | None], to_original) -> Person:
    a, b, name, position = span
    o0, o1 = to_original(a, b)
    return Person(name=name, start=o0, end=o1, position=position)
