"""Text normalisation with an offset map back to the original text.

Unicode NFC, Vietnamese quote and dash variants, non-breaking and zero-width spaces, and lone line breaks
inside sentences. Every character of the normalised text knows the original offset it came from, so
figures found in the normalised text are reported with offsets into the original.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# one character in -> one character out
_CHAR_MAP = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\r": "\n", "\u0110": "Đ", "\u00d0": "Đ",  # Icelandic Eth typed for Đ
})
_DROP = {"\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad"}


@dataclass
class Normalized:
    """The normalised text and, for each of its characters, the original offset."""

    text: str
    offsets: list[int]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if start >= len(self.offsets):
            return self.original_length, self.original_length
        o_start = self.offsets[start]
        o_end = self.offsets[end - 1] + 1 if end > start else o_start
        return o_start, max(o_end, o_start)


def _nfc_segments(text: str):
    """Yield (original offset, NFC text) for each run of a base character and its combining marks."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        yield i, unicodedata.normalize("NFC", text[i:j])
        i = j


_LONE_BREAK = re.compile(r"(?<=[^\n.!?:;\"'”)\]])\n(?=[a-zà-ỹđ0-9(])")


def normalize(text: str) -> Normalized:
    """Normalise text for extraction; see the module docstring."""
    if unicodedata.is_normalized("NFC", text) and not any(ch in text for ch in _DROP):
        # the common case (already NFC, nothing to drop): one character in, one out; offsets are the identity
        # except that a combining mark left uncomposed points at its base character, as in the walk
        offsets = list(range(len(text)))
        for m in _combining_run().finditer(text):
            base = max(m.start() - 1, 0)
            offsets[m.start():m.end()] = [base] * (m.end() - m.start())
        return Normalized(_LONE_BREAK.sub(" ", text.translate(_CHAR_MAP)), offsets, len(text))
    return normalize_by_character(text)


@lru_cache(maxsize=1)
def _combining_run() -> re.Pattern:
    """Runs of characters with a non-zero combining class (what _nfc_segments attaches to a base)."""
    ranges, first, last = [], None, None
    for cp in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(cp)):
            if first is None:
                first = cp
            last = cp
        elif first is not None:
            ranges.append((first, last))
            first = None
    if first is not None:
        ranges.append((first, last))
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]+")


def normalize_by_character(text: str) -> Normalized:
    """normalize() walking every character (any input); normalize() skips the walk when the text allows."""
    out: list[str] = []
    offsets: list[int] = []
    for pos, seg in _nfc_segments(text):
        for ch in seg:
            if ch in _DROP:
                continue
            out.append(ch.translate(_CHAR_MAP))
            offsets.append(pos)
    joined = "".join(out)
    # lone line breaks inside a sentence ("6\nđội") become spaces: same length, offsets unchanged
    joined = _LONE_BREAK.sub(" ", joined)
    return Normalized(joined, offsets, len(text))
