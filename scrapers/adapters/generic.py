"""Fallback for sites of no known family: title, date and body read from the page's structure alone.

- Title: the heading whose text the page's <title> / og:title starts with (site-name suffixes and logo or
  empty h1s never win), else the <title> without its site-name part.
- Date: JSON-LD / meta / <time>, then the printed date nearest the title outside headers, related-news lists
  and sidebars, then the family date classes outside those regions, then a date in the URL.
- Body: a known Vietnamese news body container holding a real text, else the densest block of paragraph text
  (link-heavy blocks, navigation, sidebars, comments and related lists cut), then the boilerplate filters.
- Home pages (by address or by layout: scrapers.discovery.home_evidence) and listings (the densest block is a
  list of headline links) raise NotAnArticle.
No process-wide state: a page parses the same every time.
"""
from __future__ import annotations

import copy
import json
import re
from datetime import datetime
from urllib.parse import urljoin

from scrapers.adapters.base import (Element, NotAnArticle, Page, SelectorAdapter, drop_matching, element_text,
                                    in_marked_region, region_marks, line_text, select)
from scrapers.dates import DateEvidence, order_of_dates, parse_iso, parse_vi_datetime
from scrapers.discovery import headline_links, home_evidence, home_page_kind

MIN_CONTAINER_CHARS = 200  # a known container with less text than this is a teaser, not the body
MIN_BODY_CHARS = 150  # a densest block shorter than this is no article body
MAX_LINK_DENSITY = 0.5
TEASER_HEADLINE_SHARE = 0.6  # a first line that is mostly a link to another page is a teaser's headline
MIN_TEASERS = 3  # a main block holding this many headline links to other pages is a listing  # a block whose text is mostly link text is a list, not a body
_DATE_LINE = re.compile(r"\d{1,2}[/\-.]\d{1,2}[/\-.]\d{2,4}|\d{1,2}\s+tháng\s+\S+|\d{4}-\d{2}-\d{2}", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+[-|–—:»]{1,2}\s+|\s*\|\s*")
_URL_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=\d{0,9}(?:\D|$))")
# regions whose dates and text are never the article's: related lists, comments, sidebars, widgets
_NOISE = re.compile(
    r"(?i)(^|[\s_-])(comments?|binh-?luan|y-?kien|related|relate|tin-?lien-?quan|lien-?quan|other|tin-?khac|"
    r"sidebar|side|right|left-?col|col-?right|box-?right|widget|most|xem-?nhieu|doc-?nhieu|top-?news|hot|"
    r"footer|nav|menu|breadcrumbs?|share|social|tags?|banner|ads?|advert|quang-?cao|marquee|headlines|"
    r"paging|pagination|rating|vote|poll|login|search|top-?bar|today|current-date|header-date)($|[\s_-]|\d)")
_NOISE_TAGS = frozenset({"nav", "footer", "aside", "form", "select", "button", "iframe", "marquee"})
_TEXT_TAGS = frozenset({"p", "pre", "blockquote", "h2", "h3", "h4", "li", "td", "div", "span", "font", "section",
                        "article", "b", "strong", "em", "i"})
_CONTAINERS = frozenset({"div", "article", "section", "td", "main", "body", "font", "span"})
_ERROR_TITLE = re.compile(r"(?i)^(?:lỗi|error)?\s*(?:40[034]|50[023])\b|không tìm thấy (?:trang|nội dung|bài)|"
                          r"page not found|trang không tồn tại|^lỗi\b")
_JSONLD_DATE_KEYS = ("datePublished", "dateCreated", "uploadDate")
_META_DATES = ('meta[property="article:published_time"]', 'meta[itemprop="datePublished"]',
               'meta[name="pubdate"]', 'meta[name="publishdate"]', 'meta[name="publish-date"]',
               'meta[property="og:published_time"]', 'meta[name="dc.date.issued"]', 'meta[name="DC.date.issued"]',
               'meta[name="date"]', 'meta[name="created"]')


def _noise_marks(node: Element) -> bool:
    marks = region_marks(node)
    return bool(marks) and _NOISE.search(marks) is not None


class GenericAdapter(SelectorAdapter):
    name = "generic"

    def detect(self, page: Page) -> float:
        return 0.01  # always applicable, never preferred

    def structure_reader(self) -> None:
        return None  # this adapter is the structure reader

    # -- regions ---------------------------------------------------------------------------------------

    def _noisy(self, page: Page, el: Element) -> bool:
        """Whether el sits in a header, related list, comment block, sidebar or navigation."""
        return in_marked_region(page, el, _NOISE, _NOISE_TAGS, "generic") or self._in_header(page, el)

    # -- title -------------------------------------------------------------------------------------------

    def _title_element(self, page: Page) -> tuple[Element | None, str]:
        cache = page.__dict__
        if "_generic_title" not in cache:
            cache["_generic_title"] = self._find_title(page)
        return cache["_generic_title"]

    def _find_title(self, page: Page) -> tuple[Element | None, str]:
        og = next((m.get("content", "").strip() for m in page.select('meta[property="og:title"]')
                   if m.get("content", "").strip()), "")
        head = next((" ".join(t.text_content().split()) for t in page.select("head title")), "")
        refs = [" ".join(r.split()) for r in (og, head) if r]
        best: tuple[int, Element | None, str] = (0, None, "")
        for el in page.select("h1, h2, h3, h4, [class*=title], [class*=Title], [id*=title], [class*=headline]"):
            if el.tag in ("title", "meta", "a") or self._in_header(page, el):
                continue
            text = line_text(el).strip()
            if not text or len(text) > 300 or len(text.split()) < 3:
                continue
            folded = text.casefold()
            if any(r.casefold() == folded or r.casefold().startswith(folded) for r in refs):
                score = len(text) + (5 if el.tag == "h1" else 0)
                if score > best[0]:
                    best = (score, el, text)
        if best[1] is not None:
            return best[1], best[2]
        h1s = [el for el in page.select("h1") if not self._in_header(page, el) and len(line_text(el).split()) >= 3]
        site = _site_words(page, refs)
        h1s = [el for el in h1s if line_text(el).casefold() not in site]
        if len(h1s) == 1 and not refs:
            return h1s[0], line_text(h1s[0]).strip()
        for ref in refs:
            cleaned = _strip_site_name(ref, site)
            if cleaned:
                return (h1s[0] if h1s else _element_reading(page, cleaned)), cleaned
        return (h1s[0], line_text(h1s[0]).strip()) if h1s else (None, "")

    def title(self, page: Page) -> str:
        return self._title_element(page)[1]

    # -- date --------------------------------------------------------------------------------------------

    def published(self, page: Page) -> datetime | None:
        """JSON-LD, meta and <time> dates, then the printed date nearest the title, then the URL's date."""
        for found in (self._jsonld_date(page), self._meta_date(page), self._date_near_title(page),
                      self._date_elements(page), self._url_date(page)):
            if found is not None and self._plausible(page, found):
                return found
        return None

    def _jsonld_date(self, page: Page) -> datetime | None:
        return next(_jsonld_dates(page, _JSONLD_DATE_KEYS), None)

    def _meta_date(self, page: Page) -> datetime | None:
        for el in page.select_ordered(_META_DATES):
            value = (el.get("content") or "").strip()
            if value and (dt := parse_iso(value) or parse_vi_datetime(value)):
                return dt
        for el in page.select("time[datetime], [itemprop=datePublished]"):
            if el.tag == "meta" or self._noisy(page, el):
                continue
            value = el.get("datetime") or el.get("content") or line_text(el)
            if value and (dt := parse_iso(value) or parse_vi_datetime(value)):
                return dt
        return None

    def date_evidence(self, page: Page) -> DateEvidence:
        """What the page says about the order of day and month (cached): the days its URL, JSON-LD and meta
        give, the order its other numeric dates fix, and the order of the listing that led to it."""
        cache = page.__dict__
        if "_date_evidence" not in cache:
            refs = set()
            url_day = self._url_date(page)
            if url_day is not None:
                refs.add(url_day.date())
            refs.update(dt.date() for dt in _jsonld_dates(page, (*_JSONLD_DATE_KEYS, "dateModified")))
            for el in page.select_ordered(_META_DATES + ('meta[property="article:modified_time"]',)):
                if (dt := parse_iso(el.get("content") or "")) is not None:
                    refs.add(dt.date())
            body = page.tree.find("body")
            order = order_of_dates([body.text_content()]) if body is not None else {}
            cache["_date_evidence"] = DateEvidence(frozenset(refs), order, page.listing_date_order)
        return cache["_date_evidence"]

    def _date_near_title(self, page: Page) -> datetime | None:
        """The first date line among the text just after the title, else just before it (outside noise)."""
        title, _ = self._title_element(page)
        if title is None:
            return None
        after, before = _texts_around(title, 60, 15)
        for texts in (after, before):
            for el, text in texts:
                if len(text) > 160 or not _DATE_LINE.search(text) or self._noisy(page, el):
                    continue
                dt = parse_vi_datetime(text, self.date_evidence(page))
                if dt and self._plausible(page, dt) and dt.date() not in self.header_dates(page):
                    return dt
        return None

    def _date_elements(self, page: Page) -> datetime | None:
        for el in page.select_ordered(self.selectors.date):
            if self._noisy(page, el):
                continue
            dt = parse_vi_datetime(line_text(el), self.date_evidence(page))
            if dt and self._plausible(page, dt):
                return dt
        return None

    def _url_date(self, page: Page) -> datetime | None:
        m = _URL_DATE.search(page.url.split("?")[0])
        if not m:
            return None
        return parse_iso(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")

    # -- body ----------------------------------------------------------------------------------------------

    def body_text(self, page: Page, title: str | None = None, lead: str | None = None) -> tuple[str, list[str]]:
        """A known body container when one holds a real text, else the densest block of the page."""
        self.refuse_home_page(page)
        if self.body_of_error_page(page):
            raise NotAnArticle(f"generic: {page.url} is an error page")
        known = self._first(page, self.selectors.body)
        if known is not None and not self._noisy(page, known):
            try:
                text, captions = self.container_text(page, known, title, lead)
            except NotAnArticle:
                text, captions = "", []
            if len(text) >= MIN_CONTAINER_CHARS:
                return text, captions
        block = self.densest_block(page)
        if block is None:
            raise NotAnArticle(f"generic: no article body in {page.url}")
        if _is_teaser(page, block):
            raise NotAnArticle(f"generic: a listing (the main block is a teaser linking elsewhere) at {page.url}")
        el = copy.deepcopy(block)
        self._strip_noise(el)
        teasers = len(headline_links(page, el))
        if teasers >= MIN_TEASERS:
            raise NotAnArticle(f"generic: a listing ({teasers} headline links in the main block) at {page.url}")
        drop_matching(el, self.selectors.drop)
        captions = []
        for sel in self.selectors.captions:
            for cap in select(el, sel):
                if cap is not el and cap.getparent() is not None:
                    if text := line_text(cap):
                        captions.append(text)
                    cap.drop_tree()
        text = self.clean_lines(element_text(el), title, lead)
        if len(text) < MIN_BODY_CHARS:
            raise NotAnArticle(f"generic: no article body in {page.url} (densest block: {len(text)} characters)")
        return text, captions

    def densest_block(self, page: Page) -> Element | None:
        """The container holding the most paragraph text that is not link text, outside noise regions."""
        body = page.tree.find("body")
        if body is None:
            return None
        scores: dict[Element, float] = {}
        for el in body.iter(*_TEXT_TAGS):
            own = _own_text(el)
            if len(own) < 25 or self._noisy(page, el):
                continue
            weight = float(len(own))
            parent = el.getparent()
            if el.tag in _CONTAINERS and el.tag not in ("span", "font"):
                scores[el] = scores.get(el, 0.0) + weight
            for share, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
                if node is not None and node.tag in _CONTAINERS and node.tag != "body":
                    scores[node] = scores.get(node, 0.0) + weight * share
        best, best_score = None, 0.0
        for el, score in scores.items():
            density = _link_density(el)
            if density > MAX_LINK_DENSITY:
                continue
            score *= 1.0 - density
            if score > best_score or (best is not None and score == best_score and best in el.iterancestors()):
                best, best_score = el, score
        return best

    def _strip_noise(self, root: Element) -> None:
        """Cut noise regions and link lists out of a copied body block."""
        total = len(root.text_content())
        for el in list(root.iter()):
            if el is root or not isinstance(el.tag, str) or el.getparent() is None:
                continue
            if el.tag in _NOISE_TAGS or el.tag in ("script", "style", "noscript") or \
                    (_noise_marks(el) and (len(el.text_content()) < 0.5 * total or _link_density(el) > 0.3)):
                el.drop_tree()
                continue
            if el.tag in ("ul", "ol", "div", "table") and _link_density(el) > MAX_LINK_DENSITY and \
                    len(select(el, "a")) >= 2:
                el.drop_tree()

    def parse_article(self, page: Page):
        self.refuse_home_page(page)
        return super().parse_article(page)

    @staticmethod
    def refuse_home_page(page: Page) -> None:
        """NotAnArticle for a home page: its address says so, or its layout does (discovery.home_evidence)."""
        kind = home_page_kind(page)
        if kind == "url":
            raise NotAnArticle(f"generic: {page.url} is a home page")
        if kind == "structure":
            raise NotAnArticle(f"generic: {page.url} is a home page by its layout "
                               f"({home_evidence(page).describe()})")

    def body_of_error_page(self, page: Page) -> bool:
        """Whether the page's <title> or first h1 announces an error ("Lỗi 404", "Không tìm thấy trang")."""
        heads = [" ".join(t.text_content().split()) for t in page.select("head title")[:1] + page.select("h1")[:1]]
        return any(_ERROR_TITLE.search(h) for h in heads)


def _is_teaser(page: Page, block: Element) -> bool:
    """Whether the block opens with a headline linking to another page (a list item, not an article): its first
    line is a link of 4+ words, alone or with a little after it ("… (27/08/2024)")."""
    first = next((line for line in element_text(block).split("\n") if line), "")
    if len(first.split()) < 4:
        return False
    here = page.url.split("#")[0].rstrip("/")
    for a in block.iter("a"):
        href = (a.get("href") or "").strip()
        anchor = " ".join(a.text_content().split())
        if href and not href.startswith(("#", "javascript:")) and len(anchor.split()) >= 4 and \
                first.startswith(anchor) and len(anchor) >= TEASER_HEADLINE_SHARE * len(first):
            return urljoin(page.url, href).split("#")[0].rstrip("/") != here
    return False


def _element_reading(page: Page, text: str) -> Element | None:
    """The element (not a link, not in the head) whose whole text is the title: where the date search starts."""
    body = page.tree.find("body")
    folded = text.casefold()
    for el in (body.iter() if body is not None else ()):
        if isinstance(el.tag, str) and el.tag not in ("a", "script", "style") and \
                len(el.text_content()) < 2 * len(text) + 20 and line_text(el).casefold() == folded:
            return el
    return None


def _own_text(el: Element) -> str:
    """Text directly inside el (its text and its inline children's), not in block children or links."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in ("b", "strong", "em", "i", "u", "span", "font", "br", "sup",
                                                          "sub", "small"):
            parts.append(child.text_content() if child.tag != "br" else " ")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def _link_density(el: Element) -> float:
    text = len(" ".join(el.text_content().split()))
    if not text:
        return 1.0
    links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return min(links / text, 1.0)


def _texts_around(el: Element, after: int, before: int) -> tuple[list, list]:
    """(element, text) pairs of the text just after el (its own text excluded) and just before it, nearest first."""
    inside = set(el.iter())
    texts: list[tuple[Element, str]] = []
    at = None
    for node in el.getroottree().getroot().iter():
        if node is el:
            at = len(texts)
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "head"):
            continue
        if node in inside:
            continue
        if at is not None and len(texts) >= at + after:
            break
        text = " ".join((node.text or "").split())
        if text:
            texts.append((node, text))
        tail = " ".join((node.tail or "").split())
        if tail and node.getparent() is not None and node.getparent() not in inside:
            texts.append((node.getparent(), tail))
    if at is None:
        return [], []
    return texts[at:at + after], texts[max(0, at - before):at][::-1]


def _jsonld_dates(page: Page, keys: tuple[str, ...]):
    """The dates the page's JSON-LD gives under `keys`, in document order (unreadable scripts skipped)."""
    for script in page.select('script[type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for obj in _walk_json(data):
            for key in keys:
                value = obj.get(key)
                if isinstance(value, str) and (dt := parse_iso(value)):
                    yield dt


def _walk_json(data):
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _walk_json(value)
    elif isinstance(data, list):
        for item in data:
            yield from _walk_json(item)


def _site_words(page: Page, refs: list[str]) -> set[str]:
    """Lower-cased names the site calls itself: og:site_name, and <title> parts naming the host."""
    names = {m.get("content", "").strip().casefold() for m in page.select('meta[property="og:site_name"]')}
    host = re.sub(r"^www\.", "", (page.url.split("/")[2] if "//" in page.url else "")).split(":")[0]
    brand = re.sub(r"[^a-z0-9]", "", host.split(".")[0].casefold()) if host else ""
    for ref in refs:
        for part in _TITLE_SEPARATORS.split(ref):
            folded = part.strip().casefold()
            if brand and brand in re.sub(r"[^a-z0-9]", "", folded):
                names.add(folded)
    return {n for n in names if n}


def _strip_site_name(title: str, site: set[str]) -> str:
    """A <title> without the parts naming the site (and a section name after the headline)."""
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    kept = [p for p in parts if p.casefold() not in site]
    if not kept:
        return ""
    return max(kept, key=lambda p: len(p.split())) if len(kept) > 1 else kept[0]
