"""The digest as text: jinja2 templates for HTML, Markdown and plain text.

Article text is untrusted: HTML output is autoescaped, Markdown output escapes the characters Markdown would
act on, and only http(s) links are linked.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urlsplit

import jinja2

from pipeline.digest.query import category_labels
from pipeline.digest.records import Digest

FORMATS = ("html", "md", "txt")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&!#~])")

DIRECTIONS = {  # CategoryChange.direction -> Vietnamese wording
    "up": "tăng",
    "down": "giảm",
    "same": "không đổi",
    "new": "mới xuất hiện",
    "gone": "không còn",
}


QUALIFIERS = {  # Figure.qualifier -> the word shown before the value when the article's own word is unknown
    "approx": "khoảng ",
    "increase": "tăng ",
    "decrease": "giảm ",
    "new": "mới ",
}


def qualifier(figure) -> str:
    """The words shown before a figure's value, with a trailing space: the article's own ("hơn", "gần",
    "trên", "tăng gần"), else the qualifier's default wording, else nothing. "hơn 30,6 tỷ" is never "khoảng"."""
    word = getattr(figure, "qualifier_word", None)
    if word:
        return word + " "
    return QUALIFIERS.get(getattr(figure, "qualifier", None), "")


def one_line(text) -> str:
    """Untrusted text on one line: control characters dropped, runs of whitespace collapsed."""
    return " ".join(_CONTROL.sub(" ", "" if text is None else str(text)).split())


def md_escape(text) -> str:
    """Untrusted text for Markdown: one line, with the characters Markdown acts on backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def safe_url(url) -> str | None:
    """The URL when it is http(s) with a host, else None (no javascript:, data: or relative links)."""
    url = one_line(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def md_url(url) -> str:
    """An http(s) URL for a Markdown link target: characters that could end the link percent-encoded."""
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def number(value, digits: int = 2) -> str:
    """Vietnamese number format: "." for thousands, "," for decimals (2071 -> 2.071, 0.25 -> 0,25)."""
    v = float(value)
    if v.is_integer():
        return f"{int(v):,}".replace(",", ".")
    text = f"{v:,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pipeline.digest", "templates"),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(one_line=one_line, md=md_escape, safe_url=safe_url, md_url=md_url, number=number,
                       qualifier=qualifier)
    return env


def render_digest(
    digest: Digest,
    fmt: str = "html",
    *,
    chart_src: str | None = None,
    recipient_name: str | None = None,
    unsubscribe_url: str | None = None,
) -> str:
    """The digest in one format ("html", "md" or "txt").

    chart_src: where the HTML and Markdown show the chart ("cid:…" in email, a file name on disk); None: no chart.
    recipient_name, unsubscribe_url: the greeting and the footer of an email.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    template = _environment().get_template(f"digest.{fmt}.j2")
    return template.render(
        digest=digest,
        labels={c: v[0] for c, v in category_labels().items()},
        directions=DIRECTIONS,
        qualifiers=QUALIFIERS,
        chart_src=chart_src,
        recipient_name=recipient_name,
        unsubscribe_url=unsubscribe_url,
        compare_weeks=digest.options.compare_weeks,
        geography=digest.options.geography,
    )
