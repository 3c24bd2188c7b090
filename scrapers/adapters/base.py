"""The adapter interface and the selector-driven adapter most CMS families use."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, fields
from datetime import datetime
from functools import cached_property, lru_cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import soupsieve
from bs4 import BeautifulSoup, NavigableString, Tag

from corpus.records import Article
from scrapers.dates import parse_iso, parse_vi_datetime
from scrapers.encoding import decode_html


class ParseError(Exception):
    """A page could not be parsed at all (not HTML, empty)."""


class NotAnArticle(ParseError):
    """The page parsed, but holds no article body (a listing, an error page)."""


@dataclass
class Page:
    """A decoded page: its URL, its markup (NFC-normalised), and the parsed tree (built once, on first use)."""

    url: str
    html: str
    fetched_at: datetime | None = None

    def __post_init__(self) -> None:
        # Windows-1258 decodes to combining diacritics; everything downstream expects composed letters
        if not self.html.isascii():
            self.html = unicodedata.normalize("NFC", self.html)

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

    def select_ordered(self, selectors: tuple[str, ...]) -> list[Tag]:
        """Elements matching any of the selectors, those of the first selector first (then document order).

        One walk of the tree for the whole list (soupsieve is pure Python: a selector that matches
        nothing still visits every element), cached per page.
        """
        cache = self.__dict__.setdefault("_selected", {})
        if selectors not in cache:
            found = self.soup.select(", ".join(selectors)) if selectors else []
            ordered: list[Tag] = []
            for sel in selectors:
                matcher = _compiled(sel)
                ordered += [el for el in found if matcher.match(el)]
            cache[selectors] = ordered
        return cache[selectors]


@lru_cache(maxsize=2048)
def _compiled(selector: str):
    return soupsieve.compile(selector)


@dataclass(frozen=True)
class Selectors:
    """One family's entry in cms.toml (see the comments at the top of that file)."""

    detect: tuple[str, ...] = ()
    detect_text: tuple[str, ...] = ()
    detect_strong: tuple[str, ...] = ()
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
    boilerplate_re: tuple[str, ...] = ()
    stop: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    next_page: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()

    def override(self, overrides: dict[str, list[str]] | None) -> "Selectors":
        """Selectors with a source's overrides tried first."""
        if not overrides:
            return self
        names = [f.name for f in fields(self)]
        merged = {k: tuple(v) + tuple(getattr(self, k)) for k, v in overrides.items() if k in names}
        return Selectors(**{**{k: getattr(self, k) for k in names}, **merged})

    @cached_property
    def boilerplate_patterns(self) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.boilerplate_re)


@lru_cache(maxsize=1)
def load_selectors() -> dict[str, Selectors]:
    data = tomllib.loads(resources.files("scrapers").joinpath("cms.toml").read_text(encoding="utf-8"))
    return {name: Selectors(**{k: tuple(v) for k, v in entry.items()}) for name, entry in data.items()}


_FEED_LINKS = ('link[rel="alternate"][type*="rss"]', 'link[rel="alternate"][type*="atom"]')
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\ufeff]+")
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "ul", "ol",
           "blockquote", "section", "article", "figure", "figcaption", "header", "footer", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "template"}


def element_text(el: Tag) -> str:
    """Text of an element with block elements on their own lines and spaces folded."""
    parts: list[str] = []

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, Tag):
                if child.name in _SKIP:
                    continue
                if child.name in _BLOCKS:
                    parts.append("\n")
                walk(child)
                if child.name in _BLOCKS:
                    parts.append("\n")
            elif type(child) is NavigableString:
                parts.append(str(child))

    walk(el)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class CmsAdapter:
    """What every CMS adapter offers: recognise its pages, parse an article, walk listings and feeds.

    detect: a score in [0, 1]. parse_article: an Article, or NotAnArticle / ParseError.
    article_links / next_page: a listing page's article URLs and its next page (None on the last).
    page_url: the URL of page n of a listing, when the CMS has a fixed pattern.
    rss_urls: the feeds a page advertises or the CMS derives from a listing URL (parse them with
    scrapers.adapters.feeds.parse_feed; sitemaps with parse_sitemap).
    """

    name = "base"

    def detect(self, page: Page) -> float:
        raise NotImplementedError

    def parse_article(self, page: Page) -> Article:
        raise NotImplementedError

    def article_links(self, page: Page) -> list[str]:
        raise NotImplementedError

    def next_page(self, page: Page) -> str | None:
        raise NotImplementedError

    def page_url(self, listing_url: str, n: int) -> str | None:
        return None

    def rss_urls(self, page: Page) -> list[str]:
        return []


class SelectorAdapter(CmsAdapter):
    """An adapter driven by one family's entry in cms.toml."""

    def __init__(self, selectors: Selectors | None = None):
        self.selectors = selectors or load_selectors()[self.name]

    def with_overrides(self, overrides: dict | None) -> "SelectorAdapter":
        return self if not overrides else type(self)(self.selectors.override(overrides))

    # -- helpers ----------------------------------------------------------------------------------

    def _first(self, page: Page, selectors: tuple[str, ...], outside_header: bool = True) -> Tag | None:
        for el in page.select_ordered(selectors):
            if not (outside_header and self._in_header(page, el)):
                return el
        return None

    def _text_of(self, page: Page, selectors: tuple[str, ...]) -> str | None:
        el = self._first(page, selectors)
        if el is None:
            return None
        if el.name == "meta":
            return (el.get("content") or "").strip() or None
        return element_text(el).replace("\n", " ") or None

    def _header_ids(self, page: Page) -> set[int]:
        cache = page.__dict__.setdefault("_header_ids", {})
        if self.name not in cache:
            cache[self.name] = {id(el) for el in page.select_ordered(self.selectors.header)}
        return cache[self.name]

    def _in_header(self, page: Page, el: Tag) -> bool:
        """True when el sits in a page header or top bar, where some sites print today's date."""
        ids = self._header_ids(page)
        return bool(ids) and (id(el) in ids or any(id(p) in ids for p in el.parents))

    def header_dates(self, page: Page) -> set:
        """The calendar days printed in header regions: never a publication date."""
        days = set()
        for el in page.select_ordered(self.selectors.header):
            for line in element_text(el).split("\n"):
                dt = parse_vi_datetime(line) if re.search(r"\d{4}", line) else None
                if dt:
                    days.add(dt.date())
        return days

    # -- detection ----------------------------------------------------------------------------------

    def detect(self, page: Page) -> float:
        """Share of the family's markers present; any strong marker (a regex on the markup) gives 0.6."""
        sel = self.selectors
        total = len(sel.detect) + len(sel.detect_text)
        hits = sum(1 for s in sel.detect if page.soup.select_one(s) is not None)
        hits += sum(1 for p in sel.detect_text if re.search(p, page.html, re.IGNORECASE))
        score = hits / total if total else 0.0
        if any(re.search(p, page.html, re.IGNORECASE) for p in sel.detect_strong):
            score = max(score, 0.6)
        return score

    # -- article ------------------------------------------------------------------------------------

    def published(self, page: Page) -> datetime | None:
        """The article's own date: machine-readable first, then the CMS's date element, never a header date."""
        for el in page.select_ordered(self.selectors.date_iso):
            if self._in_header(page, el):
                continue
            value = el.get("content") or el.get("datetime") or el.get_text(" ", strip=True)
            dt = parse_iso(value) if value else None
            if dt and self._plausible(page, dt):
                return dt
        for el in page.select_ordered(self.selectors.date):
            if self._in_header(page, el):
                continue
            dt = parse_vi_datetime(el.get("content") if el.name == "meta" else el.get_text(" ", strip=True))
            if dt and self._plausible(page, dt):
                return dt
        return None

    @staticmethod
    def _plausible(page: Page, dt: datetime) -> bool:
        return dt.year >= 1990 and (page.fetched_at is None or dt <= page.fetched_at)

    def clean_lines(self, text: str, title: str | None = None, lead: str | None = None) -> str:
        """Body text without boilerplate lines, glued counters, trailing lists, or a repeated title/lead."""
        sel = self.selectors
        out: list[str] = []
        stops = tuple(s.casefold() for s in sel.stop)
        starts = tuple(b.casefold() for b in sel.boilerplate)
        for line in text.split("\n"):
            for pattern in sel.boilerplate_patterns:
                line = pattern.sub("", line)
            line = _WS.sub(" ", line).strip()
            if not line:
                continue
            folded = line.casefold()
            if stops and folded.startswith(stops):
                break
            if starts and folded.startswith(starts):
                continue
            if not out and (_same(line, title) or _same(line, lead)):
                continue
            out.append(line)
        return "\n".join(out).strip()

    def body_text(self, page: Page, title: str | None = None, lead: str | None = None) -> tuple[str, list[str]]:
        """The body text and the image captions, kept apart."""
        el = self._first(page, self.selectors.body)
        if el is None:
            raise NotAnArticle(f"{self.name}: no article body in {page.url}")
        el = BeautifulSoup(str(el), "lxml")
        if self.selectors.drop:
            for junk in el.select(", ".join(self.selectors.drop)):
                junk.decompose()
        captions = []
        if self.selectors.captions:
            for cap in el.select(", ".join(self.selectors.captions)):
                text = element_text(cap).replace("\n", " ")
                if text:
                    captions.append(text)
                cap.decompose()
        text = self.clean_lines(element_text(el), title, lead)
        if not text:
            raise NotAnArticle(f"{self.name}: empty article body in {page.url}")
        return text, captions

    def attachments(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(self.selectors.attachments):
            if a.get("href"):
                seen.setdefault(urljoin(page.url, a["href"].strip()), None)
        return list(seen)

    def author(self, page: Page) -> str | None:
        author = self._text_of(page, self.selectors.author)
        if author:
            author = re.sub(r"^(Tác giả( bài viết)?|Nguồn tin|Tin, ảnh|Bài, ảnh|Theo)\s*:\s*", "", author,
                            flags=re.IGNORECASE).strip() or None
        return author

    def title(self, page: Page) -> str:
        return self._text_of(page, self.selectors.title) or ""

    def parse_article(self, page: Page) -> Article:
        title = self.title(page)
        lead = self._text_of(page, self.selectors.lead)
        if lead:
            lead = self.clean_lines(lead) or None
        text, captions = self.body_text(page, title, lead)
        return Article(
            url=page.url,
            title=title,
            text=text,
            published=self.published(page),
            lead=lead,
            author=self.author(page),
            captions=captions,
            attachments=self.attachments(page),
            cms=self.name,
            fetched_at=page.fetched_at,
        )

    # -- listings and feeds ---------------------------------------------------------------------------

    def article_links(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(self.selectors.links):
            href = (a.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                seen.setdefault(urljoin(page.url, href).split("#")[0], None)
        return list(seen)

    def next_page(self, page: Page) -> str | None:
        el = self._first(page, self.selectors.next_page, outside_header=False)
        if el is None or not el.get("href") or el["href"].startswith(("#", "javascript:")):
            return None
        url = urljoin(page.url, el["href"].strip())
        return None if url == page.url else url

    def rss_urls(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(_FEED_LINKS + self.selectors.feeds):
            if a.get("href"):
                seen.setdefault(urljoin(page.url, a["href"].strip()), None)
        derived = self.feed_for(page.url)
        if derived:
            seen.setdefault(derived, None)
        return list(seen)

    def feed_for(self, listing_url: str) -> str | None:
        """The feed URL the CMS derives from a listing URL, if it has such a rule."""
        return None


def same_site(a: str, b: str) -> bool:
    """Whether two URLs share a host (ignoring a leading www.)."""
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return ha == hb


def with_query(url: str, key: str, value: int | str) -> str:
    """The URL with one query parameter set (replacing any earlier value): listing page N."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
