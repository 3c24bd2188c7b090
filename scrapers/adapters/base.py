"""The adapter interface and the selector-driven adapter most CMS families use."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property, lru_cache
from importlib import resources
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag

from corpus.records import Article
from scrapers.dates import parse_iso, parse_vi_datetime
from scrapers.encoding import decode_html


class ParseError(Exception):
    """A page could not be parsed at all (not HTML, empty)."""


class NotAnArticle(ParseError):
    """The page parsed, but holds no article body (a listing, an error page)."""


@dataclass
class Page:
    """A decoded page: its URL, its markup, and the parsed tree (built once, on first use)."""

    url: str
    html: str
    fetched_at: datetime | None = None

    @classmethod
    def from_bytes(cls, url: str, body: bytes, content_type: str = "", fetched_at: datetime | None = None) -> "Page":
        if content_type and not any(t in content_type.lower() for t in ("html", "xml", "text/plain")):
            raise ParseError(f"not an HTML page: Content-Type {content_type!r}")
        html, _ = decode_html(body, content_type)
        if not html.strip():
            raise ParseError("empty page")
        return cls(url=url, html=html, fetched_at=fetched_at)

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "lxml")


@dataclass(frozen=True)
class Selectors:
    detect: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    date_iso: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()

    def override(self, overrides: dict[str, list[str]] | None) -> "Selectors":
        """Selectors with a source's overrides tried first."""
        if not overrides:
            return self
        merged = {k: tuple(v) + tuple(getattr(self, k)) for k, v in overrides.items() if hasattr(self, k)}
        return Selectors(**{**self.__dict__, **merged})


@lru_cache(maxsize=1)
def load_selectors() -> dict[str, Selectors]:
    data = tomllib.loads(resources.files("scrapers").joinpath("cms.toml").read_text(encoding="utf-8"))
    return {name: Selectors(**{k: tuple(v) for k, v in entry.items()}) for name, entry in data.items()}


_WS = re.compile(r"[ \t\u00a0\u200b]+")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "ul", "ol",
           "blockquote", "section", "article", "figure", "figcaption"}


def element_text(el: Tag) -> str:
    """Text of an element with block elements on their own lines and spaces folded."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in _BLOCKS:
                    parts.append("\n")
                walk(child)
                if child.name in _BLOCKS:
                    parts.append("\n")
            elif child.__class__.__name__ == "NavigableString":
                parts.append(str(child))

    walk(el)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


class CmsAdapter:
    """What every CMS adapter offers: recognise its pages, parse an article, walk listings."""

    name = "base"

    def detect(self, page: Page) -> float:
        """A score in [0, 1]: how sure the adapter is that the page comes from its CMS."""
        raise NotImplementedError

    def parse_article(self, page: Page) -> Article:
        raise NotImplementedError

    def article_links(self, page: Page) -> list[str]:
        raise NotImplementedError

    def next_page(self, page: Page) -> str | None:
        raise NotImplementedError


class SelectorAdapter(CmsAdapter):
    """An adapter driven by one family's entry in cms.toml."""

    def __init__(self, selectors: Selectors | None = None):
        self.selectors = selectors or load_selectors()[self.name]

    def with_overrides(self, overrides: dict | None) -> "SelectorAdapter":
        return self if not overrides else type(self)(self.selectors.override(overrides))

    # -- helpers ----------------------------------------------------------------------------------

    @staticmethod
    def _first(page: Page, selectors: tuple[str, ...]) -> Tag | None:
        for sel in selectors:
            el = page.soup.select_one(sel)
            if el is not None:
                return el
        return None

    def _text_of(self, page: Page, selectors: tuple[str, ...]) -> str | None:
        el = self._first(page, selectors)
        if el is None:
            return None
        if el.name == "meta":
            return (el.get("content") or "").strip() or None
        return element_text(el) or None

    def detect(self, page: Page) -> float:
        if not self.selectors.detect:
            return 0.0
        hits = sum(1 for sel in self.selectors.detect if page.soup.select_one(sel) is not None)
        return hits / len(self.selectors.detect)

    def published(self, page: Page) -> datetime | None:
        for sel in self.selectors.date_iso:
            el = page.soup.select_one(sel)
            if el is not None:
                value = el.get("content") or el.get("datetime") or el.get_text(" ", strip=True)
                dt = parse_iso(value) if value else None
                if dt:
                    return dt
        for sel in self.selectors.date:
            for el in page.soup.select(sel):
                dt = parse_vi_datetime(el.get_text(" ", strip=True))
                if dt and (page.fetched_at is None or dt <= page.fetched_at):
                    return dt
        return None

    def body_text(self, page: Page) -> tuple[str, list[str]]:
        """The body text and the image captions, kept apart."""
        el = self._first(page, self.selectors.body)
        if el is None:
            raise NotAnArticle(f"{self.name}: no article body in {page.url}")
        el = BeautifulSoup(str(el), "lxml")
        captions = []
        for sel in self.selectors.captions:
            for cap in el.select(sel):
                text = element_text(cap)
                if text:
                    captions.append(text)
                cap.decompose()
        for sel in self.selectors.drop:
            for junk in el.select(sel):
                junk.decompose()
        lines = [line for line in element_text(el).split("\n")
                 if not any(line.startswith(b) for b in self.selectors.boilerplate)]
        text = "\n".join(lines).strip()
        if not text:
            raise NotAnArticle(f"{self.name}: empty article body in {page.url}")
        return text, captions

    def parse_article(self, page: Page) -> Article:
        text, captions = self.body_text(page)
        attachments = []
        for sel in self.selectors.attachments:
            attachments += [urljoin(page.url, a["href"]) for a in page.soup.select(sel) if a.get("href")]
        author = self._text_of(page, self.selectors.author)
        if author:
            author = re.sub(r"^(Tác giả( bài viết)?|Nguồn tin)\s*:\s*", "", author).strip() or None
        return Article(
            url=page.url,
            title=self._text_of(page, self.selectors.title) or "",
            text=text,
            published=self.published(page),
            lead=self._text_of(page, self.selectors.lead),
            author=author,
            captions=captions,
            attachments=attachments,
            cms=self.name,
            fetched_at=page.fetched_at,
        )

    def article_links(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for sel in self.selectors.links:
            for a in page.soup.select(sel):
                if a.get("href"):
                    seen.setdefault(urljoin(page.url, a["href"]), None)
        return list(seen)

    def next_page(self, page: Page) -> str | None:
        el = self._first(page, self.selectors.next_page)
        return urljoin(page.url, el["href"]) if el is not None and el.get("href") else None
