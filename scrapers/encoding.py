"""Decoding page bytes: the declared charset, then the one in the markup, then detection.

Vietnamese specifics: Windows-1258 writes tone marks as combining characters after the vowel, so every
decoded text is put in NFC (one code point per letter), as are UTF-8 pages typed in decomposed form.
A Western single-byte charset (ISO-8859-1, Windows-1252, ASCII) cannot spell Vietnamese, so when one is
declared and the bytes read as UTF-8 or carry Windows-1258 tone marks, the bytes win.
HTML entities (`Th&#7913; Hai`, CKEditor's `&agrave;`) are left to the HTML parser, which decodes them.
"""
from __future__ import annotations

import re
import unicodedata

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_ALIASES = {
    "windows-1258": "cp1258", "win-1258": "cp1258", "x-cp1258": "cp1258",
    "x-user-defined": "cp1252",      # old IE pages: bytes as Windows-1252
    "utf8": "utf-8", "unicode": "utf-8",
}
# Charsets that cannot hold Vietnamese: a declaration of one of them is a guess by the server.
_WESTERN = {"iso-8859-1", "latin-1", "latin1", "iso8859-1", "cp1252", "windows-1252", "us-ascii", "ascii"}
# A vowel (plain, or a Windows-1258 precomposed â ê ô ơ ư ă and capitals) followed by a Windows-1258
# combining tone byte (grave 0xCC, hook 0xD2, tilde 0xDE, acute 0xEC, dot below 0xF2).
_CP1258_TONE = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xf5\xfd\xe3\xc2\xca\xd4\xd5\xdd\xc3][\xcc\xd2\xde\xec\xf2]")

_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _normal(name: str) -> str:
    name = name.strip().strip("\"'").lower()
    return _ALIASES.get(name, name)


def _try(body: bytes, name: str) -> str | None:
    try:
        return body.decode(_normal(name))
    except (LookupError, UnicodeDecodeError):
        return None


def declared_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*([^;\s]+)", content_type or "", re.IGNORECASE)
    return _normal(m.group(1)) if m else None


def decode_html(body: bytes, content_type: str = "") -> tuple[str, str]:
    """Decode a page; returns (NFC text, encoding used). Never raises: the last resort replaces bad bytes."""
    text, used = _decode(body, content_type)
    return unicodedata.normalize("NFC", text), used


def _decode(body: bytes, content_type: str) -> tuple[str, str]:
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    for name in (declared_charset(content_type), _meta_charset(body)):
        if not name:
            continue
        if _normal(name) in _WESTERN:
            sniffed = _sniff_vietnamese(body)
            if sniffed:
                return sniffed
        text = _try(body, name)
        if text is not None:
            return text, _normal(name)
    text = _try(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    if _CP1258_TONE.search(body):
        return body.decode("cp1258", errors="replace"), "cp1258"
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace"), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


def _sniff_vietnamese(body: bytes) -> tuple[str, str] | None:
    """UTF-8 or Windows-1258 text behind a Western declaration, if the bytes say so."""
    if not _NON_ASCII.search(body):
        return None
    text = _try(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    if _CP1258_TONE.search(body):
        return body.decode("cp1258", errors="replace"), "cp1258"
    return None


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None
