"""The Vietnamese word lists (extractors/data/lexicon.toml), loaded once, with small predicates."""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources


# Vietnamese (and Latin) capital and small letters, listed: the code-point range "À-Ỹ" mixes both cases.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())
LOWER = "".join(c for c in map(chr, range(0x61, 0x1EFA)) if c.islower() and c.isalpha())


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return tomllib.loads(resources.files("extractors").joinpath("data/lexicon.toml").read_text(encoding="utf-8"))


def alternation(words) -> str:
    """A regex alternation of whole words, longest first (so "tăng thêm" wins over "tăng")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def entity_index() -> dict[str, str]:
    """Counted noun phrase (lower case) -> category."""
    index = {}
    for category, words in lexicon()["entities"].items():
        for w in words:
            index.setdefault(w.lower(), category)
    return index
