"""The adapter interface and the selector-driven adapter most CMS families use.

Pages are parsed once with lxml; CSS selectors (the data in cms.toml and the registry) are compiled to XPath
by cssselect and cached, so selection runs in libxml2 rather than in Python.
"""
from __future__ import annotations

import copy
import re
import tomllib
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import datetime
from functools import cached_property, lru_cache
from importlib import resources
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import lxml.html
from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from corpus.records import Article
from scrapers.dates import parse_iso, parse_vi_datetime
from scrapers.encoding import decode_html

Element = lxml.html.HtmlElement


class ParseError(Exception):
    """A page could not be parsed at all (not HTML, empty)."""


class NotAnArticle(ParseError):
    """The page parsed, but holds no article body (a listing, an error page)."""


class NoBodyFound(NotAnArticle):
    """The family's body selectors matched nothing: the page may still be an article in markup they do not know."""


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
# a CSS attribute selector's case-insensitive flag ('[href$=".pdf" i]'), which cssselect does not read
_CI_FLAG = re.compile(r"""\[([\w-]+)\s*([$^*~|]?=)\s*("[^"]*"|'[^']*')\s+i\s*\]""")


def compile_selector(selector: str) -> etree.XPath:
    """A CSS selector as a compiled XPath (raises ValueError when it is not valid CSS)."""
    return _compiled(selector)


@lru_cache(maxsize=4096)
def _compiled(selector: str) -> etree.XPath:
    css = selector.replace(":-soup-contains(", ":contains(")
    # '[href$=".pdf" i]': compare the lower-cased attribute with the lower-cased value
    lowered_attrs = {m.group(1) for m in _CI_FLAG.finditer(css)}
    css = _CI_FLAG.sub(lambda m: f"[{m.group(1)}{m.group(2)}{m.group(3).lower()}]", css)
    try:
        xpath = HTMLTranslator().css_to_xpath(css)
    except SelectorError as exc:
        raise ValueError(f"invalid CSS selector {selector!r}: {exc}") from None
    for name in lowered_attrs:
        xpath = xpath.replace(f"@{name}", f"translate(@{name}, '{_UPPER}', '{_UPPER.lower()}')")
    return etree.XPath(xpath)


def select(root: Element, selector: str) -> list[Element]:
    """Elements under (and including) root matching one CSS selector, in document order."""
    return _compiled(selector)(root)


@dataclass
class Page:
    """A decoded page: its URL, its markup (NFC-normalised), and the parsed tree (built once, on first use).
    listing_date_order: DAY_FIRST / MONTH_FIRST as the listing that led to the page prints its dates (the
    crawler sets it; see scrapers.dates.DateEvidence)."""

    url: str
    html: str
    fetched_at: datetime | None = None
    listing_date_order: str | None = None  # day/month order read on the listing that led here (scrapers.dates)

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
    def lowered(self) -> str:
        """The markup in lower case (for the family detection regexes)."""
        return self.html.lower()

    @cached_property
    def tree(self) -> Element:
        """The lxml tree of the whole document."""
        data = self.html.encode("utf-8", "replace")
        try:
            root = lxml.html.document_fromstring(data, parser=_PARSER)
        except (etree.ParserError, ValueError) as exc:
            raise ParseError(f"unparseable page: {exc}") from None
        return root

    def select(self, selector: str) -> list[Element]:
        """Elements matching one CSS selector, in document order (cached per page)."""
        cache = self.__dict__.setdefault("_one", {})
        if selector not in cache:
            cache[selector] = _compiled(selector)(self.tree)
        return cache[selector]

    def select_ordered(self, selectors: tuple[str, ...]) -> list[Element]:
        """Elements matching any of the selectors, those of the first selector first (then document order)."""
        cache = self.__dict__.setdefault("_selected", {})
        if selectors not in cache:
            ordered: dict[Element, None] = {}
            for sel in selectors:
                for el in self.select(sel):
                    ordered.setdefault(el, None)
            cache[selectors] = list(ordered)
        return cache[selectors]


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

    @cached_property
    def detect_patterns(self) -> tuple[tuple[re.Pattern, ...], tuple[re.Pattern, ...]]:
        """The detect regexes, lower-cased: they run on the lower-cased markup (IGNORECASE is slow on long text)."""
        return tuple(_lowered(p) for p in self.detect_text), tuple(_lowered(p) for p in self.detect_strong)


def _lowered(pattern: str) -> re.Pattern:
    if re.search(r"\\[A-Z]", pattern):  # \S, \D, \W … would change meaning: keep the pattern, ignore case
        return re.compile(pattern, re.IGNORECASE)
    return re.compile(pattern.lower())


@lru_cache(maxsize=1)
def load_selectors() -> dict[str, Selectors]:
    data = tomllib.loads(resources.files("scrapers").joinpath("cms.toml").read_text(encoding="utf-8"))
    return {name: Selectors(**{k: tuple(v) for k, v in entry.items()}) for name, entry in data.items()}


_FEED_LINKS = ('link[rel="alternate"][type*="rss"]', 'link[rel="alternate"][type*="atom"]')
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\ufeff]+")
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "ul", "ol",
                     "blockquote", "section", "article", "figure", "figcaption", "header", "footer", "dd", "dt"})
_SKIP = frozenset({"script", "style", "noscript", "template"})


def element_text(el: Element) -> str:
    """Text of an element with block elements on their own lines and spaces folded."""
    parts: list[str] = []

    def walk(node) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag not in _SKIP:
                if tag in _BLOCKS:
                    parts.append("\n")
                    walk(child)
                    parts.append("\n")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    if isinstance(el.tag, str) and el.tag not in _SKIP:
        walk(el)
    lines = (_WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def line_text(el: Element) -> str:
    """An element's text on one line."""
    return element_text(el).replace("\n", " ")


def drop_matching(root: Element, selectors: tuple[str, ...]) -> None:
    """Remove every element under root matching one of the selectors (their tail text stays)."""
    for sel in selectors:
        for junk in select(root, sel):
            if junk is not root and junk.getparent() is not None:
                junk.drop_tree()


MIN_LISTING_TEASERS = 3  # body containers repeated this often make a listing page, not an article
MAX_REGION_SHARE = 0.4  # a marked region holding more of the page's text than this is a layout column


def in_marked_region(page: Page, el: Element, words: re.Pattern, tags: frozenset[str], key: str) -> bool:
    """Whether el sits in a region a tag or a class/id word marks (navigation, sidebar, related list …).

    A marked ancestor holding more than MAX_REGION_SHARE of the page's text is a layout column ("sidebar-1"
    or "left-col" around the article itself), not a region to leave out. Verdicts are cached per page.
    """
    cache = page.__dict__.setdefault("_regions", {}).setdefault(key, {})
    chain, node, verdict = [], el, False
    while node is not None and isinstance(node.tag, str) and node.tag not in ("body", "html"):
        if node in cache:
            verdict = cache[node]
            break
        chain.append(node)
        marks = region_marks(node)
        if (node.tag in tags or (marks and words.search(marks))) and \
                len(node.text_content()) < MAX_REGION_SHARE * _page_text_length(page):
            verdict = True
            break
        node = node.getparent()
    for n in chain:
        cache[n] = verdict
    return verdict


def region_marks(node: Element) -> str:
    """An element's class and id as words: "VCBoxRelatedNews sidebar_1" -> "VC-Box-Related-News sidebar-1"."""
    marks = f"{node.get('class') or ''} {node.get('id') or ''}".strip()
    return _CAMEL.sub("-", marks).replace("_", "-") if marks else ""


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _page_text_length(page: Page) -> int:
    if "_text_length" not in page.__dict__:
        body = page.tree.find("body")
        page.__dict__["_text_length"] = len((body if body is not None else page.tree).text_content())
    return page.__dict__["_text_length"]


_META_DATE = re.compile(r"\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{4}-\d{2}-\d{2}")


def _meta_line(line: str) -> bool:
    """A short line before the body that only prints a date ("Ngày đăng: 18/09/2024 | 10:05", "Cập nhật: …")."""
    if len(line) > 80 or not _META_DATE.search(line):
        return False
    words = re.sub(r"\d+[/\-.:]\d+(?:[/\-.:]\d+)?|\d+|[|,:()\-]", " ", line).split()
    return len(words) <= 6


def _same(a: str | None, b: str | None) -> bool:
    return bool(a and b) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


class CmsAdapter:
    """What every CMS adapter offers: recognise its pages, parse an article, walk listings and feeds.

    detect: a score in [0, 1]. parse_article: an Article, or NotAnArticle / ParseError.
    discover: a listing page's Discovery (article links, next page, how they were found, warnings);
    article_links / next_page are its two main fields. home_category: on a home page, the dân vận category
    found in the site's menus. page_url: the URL of page n of a listing, when the CMS has a fixed pattern.
    rss_urls: the feeds a page advertises or the CMS derives from a listing URL (parse them with
    scrapers.adapters.feeds.parse_feed; sitemaps with parse_sitemap).
    """

    name = "base"

    def detect(self, page: Page) -> float:
        raise NotImplementedError

    def parse_article(self, page: Page) -> Article:
        raise NotImplementedError

    def selector_links(self, page: Page) -> list[str]:
        """The article links the family's own selectors find (empty when it has none)."""
        return []

    def selector_next_page(self, page: Page) -> str | None:
        return None

    def discover(self, page: Page):
        """The page's Discovery: the family's selectors first, page structure when they find nothing."""
        cache = page.__dict__.setdefault("_discovery", {})
        if id(self) not in cache:
            from scrapers.discovery import discover

            cache[id(self)] = (self, discover(page, self.selector_links(page), self.selector_next_page(page),
                                              family=self.name))
        return cache[id(self)][1]

    def article_links(self, page: Page) -> list[str]:
        """Absolute article URLs of a listing page, in page order, no duplicates."""
        return self.discover(page).links

    def next_page(self, page: Page) -> str | None:
        """The next listing page, or None on the last."""
        return self.discover(page).next_page

    def home_category(self, page: Page) -> str | None:
        """On a home page, the URL of the dân vận category found in the site's menus (else None)."""
        return self.discover(page).category

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

    def _first(self, page: Page, selectors: tuple[str, ...], outside_header: bool = True) -> Element | None:
        for el in page.select_ordered(selectors):
            if not (outside_header and self._in_header(page, el)):
                return el
        return None

    def _text_of(self, page: Page, selectors: tuple[str, ...]) -> str | None:
        el = self._first(page, selectors)
        if el is None:
            return None
        if el.tag == "meta":
            return (el.get("content") or "").strip() or None
        return line_text(el) or None

    def _headers(self, page: Page) -> set:
        cache = page.__dict__.setdefault("_headers", {})
        if self.selectors.header not in cache:
            cache[self.selectors.header] = set(page.select_ordered(self.selectors.header))
        return cache[self.selectors.header]

    def _in_header(self, page: Page, el: Element) -> bool:
        """True when el sits in a page header or top bar, where some sites print today's date."""
        headers = self._headers(page)
        return bool(headers) and (el in headers or any(p in headers for p in el.iterancestors()))

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
        texts, strong = sel.detect_patterns
        total = len(sel.detect) + len(texts)
        hits = sum(1 for s in sel.detect if page.select(s))
        markup = page.lowered
        hits += sum(1 for p in texts if p.search(markup))
        score = hits / total if total else 0.0
        if score < 0.6 and any(p.search(markup) for p in strong):
            score = 0.6
        return score

    # -- article ------------------------------------------------------------------------------------

    def published(self, page: Page) -> datetime | None:
        """The article's own date: machine-readable first, then the CMS's date element, never a header date."""
        for el in page.select_ordered(self.selectors.date_iso):
            if self._in_header(page, el):
                continue
            value = el.get("content") or el.get("datetime") or " ".join(el.text_content().split())
            dt = parse_iso(value) if value else None
            if dt and self._plausible(page, dt):
                return dt
        for el in page.select_ordered(self.selectors.date):
            if self._in_header(page, el):
                continue
            dt = parse_vi_datetime(el.get("content") if el.tag == "meta" else " ".join(el.text_content().split()))
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
            if not out and (_same(line, title) or _same(line, lead) or _meta_line(line)):
                continue
            out.append(line)
        return "\n".join(out).strip()

    def body_text(self, page: Page, title: str | None = None, lead: str | None = None) -> tuple[str, list[str]]:
        """The body text and the image captions, kept apart."""
        el = self._first(page, self.selectors.body)
        if el is None:
            raise NoBodyFound(f"{self.name}: no article body in {page.url}")
        self.refuse_listing(page, el)
        return self.container_text(page, el, title, lead)

    def refuse_listing(self, page: Page, body: Element) -> None:
        """NotAnArticle when the body container repeats like a list's teasers (an article has one body)."""
        for sel in self.selectors.body:
            found = [e for e in page.select(sel) if not self._in_header(page, e)]
            if body in found:
                teasers = [e for e in found if not any(p in found for p in e.iterancestors())]
                if len(teasers) >= MIN_LISTING_TEASERS:
                    raise NotAnArticle(f"{self.name}: a listing ({len(teasers)} '{sel}' teasers) at {page.url}")
                return

    def container_text(self, page: Page, el: Element, title: str | None = None,
                       lead: str | None = None) -> tuple[str, list[str]]:
        """The cleaned text and the captions of one body container (the page's tree is left untouched)."""
        el = copy.deepcopy(el)
        drop_matching(el, self.selectors.drop)
        captions = []
        for sel in self.selectors.captions:
            for cap in select(el, sel):
                if cap is el or cap.getparent() is None:
                    continue
                text = line_text(cap)
                if text:
                    captions.append(text)
                cap.drop_tree()
        text = self.clean_lines(element_text(el), title, lead)
        if not text:
            raise NotAnArticle(f"{self.name}: empty article body in {page.url}")
        return text, captions

    def attachments(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(self.selectors.attachments):
            if a.get("href"):
                seen.setdefault(urljoin(page.url, a.get("href").strip()), None)
        return list(seen)

    def author(self, page: Page) -> str | None:
        author = self._text_of(page, self.selectors.author)
        if author:
            author = re.sub(r"^(Tác giả( bài viết)?|Nguồn tin|Tin, ảnh|Bài, ảnh|Theo)\s*:\s*", "", author,
                            flags=re.IGNORECASE).strip() or None
        return author

    def title(self, page: Page) -> str:
        return self._text_of(page, self.selectors.title) or ""

    def structure_reader(self) -> "SelectorAdapter | None":
        """The adapter that reads a page from its structure when this family's selectors find nothing there."""
        from scrapers.adapters.generic import GenericAdapter

        cache = self.__dict__.setdefault("_structure_reader", {})
        if not cache:  # the family's header regions (where today's date is printed) stay out too
            generic = load_selectors()["generic"]
            cache[0] = GenericAdapter(replace(generic, header=self.selectors.header + generic.header))
        return cache[0]

    def parse_article(self, page: Page) -> Article:
        """The article; where the family's selectors find no title, date or body, the page structure is read."""
        fallback = self.structure_reader()
        title = self.title(page) or (fallback.title(page) if fallback else "")
        lead = self._text_of(page, self.selectors.lead)
        if lead:
            lead = self.clean_lines(lead) or None
        try:
            text, captions = self.body_text(page, title, lead)
        except NoBodyFound:
            if fallback is None:
                raise
            text, captions = fallback.body_text(page, title, lead)
        return Article(
            url=page.url,
            title=title,
            text=text,
            published=self.published(page) or (fallback.published(page) if fallback else None),
            lead=lead,
            author=self.author(page),
            captions=captions,
            attachments=self.attachments(page),
            cms=self.name,
            fetched_at=page.fetched_at,
        )

    # -- listings and feeds ---------------------------------------------------------------------------

    def selector_links(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(self.selectors.links):
            href = (a.get("href") or "").strip()
            if href and not href.startswith(("#", "javascript:", "mailto:")):
                seen.setdefault(urljoin(page.url, href).split("#")[0], None)
        return list(seen)

    def selector_next_page(self, page: Page) -> str | None:
        el = self._first(page, self.selectors.next_page, outside_header=False)
        href = (el.get("href") or "").strip() if el is not None else ""
        if not href or href.startswith(("#", "javascript:")):
            return None
        url = urljoin(page.url, href)
        return None if url == page.url else url

    def rss_urls(self, page: Page) -> list[str]:
        seen: dict[str, None] = {}
        for a in page.select_ordered(_FEED_LINKS + self.selectors.feeds):
            if a.get("href"):
                seen.setdefault(urljoin(page.url, a.get("href").strip()), None)
        derived = self.feed_for(page.url)
        if derived:
            seen.setdefault(derived, None)
        return list(seen)

    def feed_for(self, listing_url: str) -> str | None:
        """The feed URL the CMS derives from a listing URL, if it has such a rule."""
        return None


_HOME_PATH = re.compile(r"^/*(?:(?:vi|vn|en|home|trang-chu|trangchu|portal|pages|portal/pages|web/guest|web/guest/home|"
                        r"web/guest/trang-chu)/*)?(?:(?:index|default|home|trang-chu|trangchu)\.(?:html?|php|aspx?|jsp))?/*$",
                        re.IGNORECASE)


def is_home_page(url: str) -> bool:
    """Whether a URL is a site's home page ("/", "/index.php", "/vi/", "/portal/Pages/default.aspx" …)."""
    parts = urlsplit(url)
    return not parts.query and bool(_HOME_PATH.match(parts.path))


def same_site(a: str, b: str) -> bool:
    """Whether two URLs share a host (ignoring a leading www.)."""
    ha = (urlsplit(a).hostname or "").removeprefix("www.")
    hb = (urlsplit(b).hostname or "").removeprefix("www.")
    return ha == hb and urlsplit(a).port == urlsplit(b).port


def with_query(url: str, key: str, value: int | str) -> str:
    """The URL with one query parameter set (replacing any earlier value): listing page N."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    query.append((key, str(value)))
    return urlunsplit(parts._replace(query=urlencode(query)))
