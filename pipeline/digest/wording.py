"""How the digest words a figure: the qualifier as the article wrote it, and whether a figure is a target.

Word lists are data (wording.toml; qualifier cues come from the extractors' lexicon).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

_WORD = r"[\wÀ-ỹ]"


@lru_cache(maxsize=1)
def _wording() -> dict:
    return tomllib.loads(resources.files("pipeline.digest").joinpath("wording.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _qualifier_re() -> re.Pattern:
    from extractors.lexicon import alternation, lexicon

    cues = [w for words in lexicon()["qualifiers"].values() for w in words if isinstance(w, str)]
    # one or two cue words at the start of the span ("tăng gần", "hơn"), then the number
    return re.compile(rf"^\s*((?:{alternation(cues)})(?:\s+(?:{alternation(cues)}))?)(?!{_WORD})\s*(?=[\d(])",
                      re.IGNORECASE)


def qualifier_word(span: str | None) -> str | None:
    """The qualifier words opening a figure's span, lower-case, as written: "hơn 30,6 tỷ đồng" -> "hơn",
    "tăng gần 30%" -> "tăng gần"; None when the span opens with the number."""
    m = _qualifier_re().match(span or "")
    return " ".join(m.group(1).lower().split()) if m else None


@lru_cache(maxsize=1)
def _target_res() -> tuple[re.Pattern, re.Pattern]:
    from extractors.lexicon import alternation

    t = _wording()["targets"]
    before = re.compile(rf"(?<!{_WORD})(?:{alternation(t['before'])})(?!{_WORD})", re.IGNORECASE)
    until = re.compile(rf"(?<!{_WORD})(?:{alternation(t['until_year'])})\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
    return before, until


def is_target(sentence: str | None, span: str | None, published_year: int | None = None,
              period_start: int | None = None) -> bool:
    """Whether a figure is a target or a plan rather than a result: a target word before it in its clause
    ("phấn đấu", "mục tiêu", "sẽ" …), "đến năm 2025" with a year after the publication year, or a period
    that starts after the publication year."""
    if published_year and period_start and period_start > published_year:
        return True
    sentence, span = sentence or "", span or ""
    at = sentence.find(span) if span else -1
    if at < 0:
        return False
    clause = sentence[:at].split(";")[-1]
    before, until = _target_res()
    if before.search(clause):
        return True
    return bool(published_year) and any(int(m.group(1)) > published_year for m in until.finditer(clause))
