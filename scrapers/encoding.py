"""Decoding page bytes: the declared charset, then the one in the markup, then detection."""
from __future__ import annotations

import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_ALIASES = {"windows-1258": "cp1258", "win-1258": "cp1258", "x-user-defined": "cp1252", "utf8": "utf-8"}


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
    """Decode a page; returns (text, encoding used). Never raises: the last resort replaces bad bytes."""
    if body.startswith(b"\xef\xbb\xbf"):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    for name in (declared_charset(content_type), _meta_charset(body)):
        if name:
            text = _try(body, name)
            if text is not None:
                return text, _normal(name)
    text = _try(body, "utf-8")
    if text is not None:
        return text, "utf-8"
    best = charset_normalizer.from_bytes(body[:200_000]).best()
    if best is not None and best.encoding:
        return body.decode(best.encoding, errors="replace"), best.encoding
    return body.decode("utf-8", errors="replace"), "utf-8"


def _meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None
