"""scrapers/encoding.py: declared charset, then markup, then detection; Windows-1258; NFC."""
from __future__ import annotations

import unicodedata

import pytest
from bs4 import BeautifulSoup

from scrapers.encoding import declared_charset, decode_html

TEXT = "Ban Dân vận Tỉnh ủy biểu dương 12 mô hình dân vận khéo ở xã Bản Hon."
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 as old sites wrote it: base letter, then the tone mark as a combining character."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in d if c not in TONES)
        out.append(unicodedata.normalize("NFC", base) + "".join(c for c in d if c in TONES))
    return "".join(out).encode("cp1258")


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><p>{body}</p></body></html>"


def test_encoding_declared_utf8():
    text, enc = decode_html(page(TEXT).encode("utf-8"), "text/html; charset=UTF-8")
    assert TEXT in text and enc == "utf-8"


def test_encoding_no_charset_anywhere_utf8():
    text, enc = decode_html(page(TEXT).encode("utf-8"), "text/html")
    assert TEXT in text and enc == "utf-8"


def test_encoding_windows_1258_in_header_is_nfc():
    text, enc = decode_html(cp1258(page(TEXT)), "text/html; charset=windows-1258")
    assert enc == "cp1258"
    assert TEXT in text  # precomposed: "ủ" is one code point again
    assert unicodedata.is_normalized("NFC", text)


def test_encoding_windows_1258_in_meta_http_equiv():
    body = cp1258(page(TEXT, '<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">'))
    text, enc = decode_html(body, "text/html")
    assert enc == "cp1258" and TEXT in text


def test_encoding_windows_1258_undeclared_is_detected():
    text, enc = decode_html(cp1258(page(TEXT)), "")
    assert enc == "cp1258" and TEXT in text


@pytest.mark.parametrize("declared", ["ISO-8859-1", "windows-1252", "us-ascii"])
def test_encoding_wrong_western_declaration_loses_to_utf8_bytes(declared):
    text, enc = decode_html(page(TEXT).encode("utf-8"), f"text/html; charset={declared}")
    assert enc == "utf-8" and TEXT in text


def test_encoding_wrong_western_declaration_loses_to_windows_1258_bytes():
    text, enc = decode_html(cp1258(page(TEXT)), "text/html; charset=iso-8859-1")
    assert enc == "cp1258" and TEXT in text


def test_encoding_declared_utf8_but_bytes_are_not():
    text, _ = decode_html(cp1258(page(TEXT)), "text/html; charset=utf-8")
    assert TEXT in text


def test_encoding_decomposed_utf8_is_composed():
    decomposed = unicodedata.normalize("NFD", TEXT)
    text, _ = decode_html(page(decomposed).encode("utf-8"), "text/html; charset=utf-8")
    assert TEXT in text


def test_encoding_bom_wins():
    text, enc = decode_html(b"\xef\xbb\xbf" + page(TEXT).encode("utf-8"), "text/html; charset=iso-8859-1")
    assert enc == "utf-8" and TEXT in text


def test_encoding_unknown_charset_name_falls_back():
    text, _ = decode_html(page(TEXT).encode("utf-8"), "text/html; charset=x-klingon")
    assert TEXT in text


def test_encoding_never_raises_on_garbage():
    text, enc = decode_html(bytes(range(256)) * 10, "text/html")
    assert isinstance(text, str) and enc


def test_encoding_entities_are_left_to_the_parser():
    # NukeViet's numeric references and CKEditor's named entities
    html = page("Th&#7913; Hai, ng&agrave;y 07/12/2023: H&#7897;i ngh&#7883; d&acirc;n v&#7853;n")
    text, _ = decode_html(html.encode("ascii"), "text/html")
    assert BeautifulSoup(text, "lxml").get_text() == "Thứ Hai, ngày 07/12/2023: Hội nghị dân vận"


@pytest.mark.parametrize("ctype,expected", [
    ("text/html; charset=Windows-1258", "cp1258"),
    ('text/html; charset="utf-8"', "utf-8"),
    ("text/html", None),
    ("", None),
])
def test_encoding_declared_charset(ctype, expected):
    assert declared_charset(ctype) == expected
