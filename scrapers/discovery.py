"""Listing discovery from page structure: article links, the next page, and the dân vận category of a home page.

A family's selectors are tried first (by the adapter); when they find nothing, the page's structure is read:
repeated sibling blocks that each hold a same-site link with headline-like anchor text, grouped by the URL
shape those links share (numeric id, slug, date path). Navigation, menus, headers, footers and sidebars are
left out. Pagination comes from rel=next, "next" anchor texts and the page numbers of a pager, with the page
parameter read from the URL (page-N, trang-N, /page/N, ?page=N, PageIndex=N, …_cur=N). The crawler confirms a
pagination guess by the new links the next page brings (it stops at a page with none).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from courlan import is_navigation_page

from scrapers.adapters.base import Element, Page, in_marked_region, is_home_page, line_text, region_marks, select

SELECTORS, STRUCTURE, NONE = "selectors", "structure", "none"
HOME = "home-menu"

# the names a site's menu gives the dân vận category, best first (lower case, NFC)
DAN_VAN_MENU_NAMES = (
    "công tác dân vận",
    "dân vận",
    "dân vận chính quyền",
    "dân vận khéo",
    "ban dân vận",
    "tin dân vận",
    "hoạt động dân vận",
    "mặt trận - đoàn thể",
    "mặt trận và các đoàn thể",
    "mặt trận, đoàn thể",
    "mặt trận tổ quốc và các đoàn thể",
)
# anchor texts of a "next page" link (lower case); a bare number is handled apart
NEXT_TEXTS = ("trang sau", "tiếp theo", "trang tiếp", "xem tiếp", "tiếp", "sau", "next", "»", "›", ">", ">>", "→")
# page parameters in a listing URL: path forms and query keys (case-insensitive)
_PATH_PAGE = re.compile(r"(?i)(/(?:page|trang|p)[-/]|[-_](?:page|trang|p)[-_]?)(\d{1,4})(?=/|\.|$)")
_QUERY_PAGE = re.compile(r"(?i)^(page|pageindex|pagenum|pageno|trang|p|pg|paged|cur|start|_[\w]+_cur|.*_cur)$")
# ancestors whose links are never article lists: navigation, headers, footers, sidebars, widgets
_EXCLUDED_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "select", "option"})
_EXCLUDED_WORDS = re.compile(
    r"(?i)(^|[\s_-])(nav|navbar|menu|mainmenu|topmenu|submenu|megamenu|footer|header|sidebar|side-bar|breadcrumbs?|"
    r"banner|widget|social|share|tags?|pagination|paging|pager|phantrang|copyright|lien-ket|lienket|weblink|"
    r"right|cot-phai|col-phu|most-viewed|mostview|xem-nhieu|xemnhieu|doc-nhieu|docnhieu|top-news|hot-news|tin-noi-bat|tinnoibat|"
    r"quang-cao|quangcao|advert|ads|right-col|col-right|left-col|col-left|box-right|sidebar-right|rightcol|leftcol|"
    r"tin-lien-quan|related|relate|other-news|tin-khac|tinkhac)($|[\s_-])")
_SKIP_HREF = ("#", "javascript:", "mailto:", "tel:", "data:")
_NOT_ARTICLE_EXT = re.compile(r"(?i)\.(jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34]|avi|css|js|xml|rss)$")
_NOT_ARTICLE_PATH = re.compile(r"(?i)/(tag|tags|tu-khoa|search|tim-kiem|login|dang-nhap|lien-he|contact|rss|feed|"
                               r"sitemap|so-do-site|author|tac-gia)(/|$|\.)")
_WORD = re.compile(r"\w+")
MIN_HEADLINE_WORDS = 4


@dataclass
class Discovery:
    """What a listing page yields to the crawler.

    links: absolute article URLs in page order, no duplicates. method: "selectors" (the family's or source's
    selectors), "structure" (repeated blocks of the page), "home-menu" (a home page: its dân vận category is
    `category`, crawled instead of the home page's mixed headlines) or "none". next_page: the next listing
    page or None; next_method says how it was found (rel-next, next-text, page-number, selectors, None).
    warnings: named problems for the crawl summary ("selectors_found_nothing", "no_article_links",
    "selectors_disagree", "no_dan_van_category"). category / categories: on a home page, the dân vận
    category chosen and every candidate found in the menus, best first.
    """

    links: list[str]
    method: str
    next_page: str | None = None
    next_method: str | None = None
    warnings: list[str] = field(default_factory=list)
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    home: str | None = None          # a home page: "url" (its address says so) or "structure" (its layout does)


def discover(page: Page, selector_links: list[str] | None = None, selector_next: str | None = None,
             family: str = "generic") -> Discovery:
    """Discovery of one listing (or home) page.

    selector_links / selector_next: what the family's selectors found (trusted when non-empty; the page
    structure cross-checks them). family: the adapter's name, for the warnings.
    """
    warnings: list[str] = []
    home = home_page_kind(page)
    if home:
        categories = dan_van_categories(page)
        if categories:
            return Discovery(links=[], method=HOME, category=categories[0], categories=categories, home=home)
        warnings.append("no_dan_van_category: the home page's menus name no dân vận category; "
                        "its own headlines are used")
    structural = structure_links(page)
    if selector_links and family == "generic":
        # the generic family's selectors ("h3 a") are guesses: where some of their links sit under the listing's
        # own address and others do not (boxes of other categories beside the list), the listing's are followed
        own = [u for u in selector_links if under_listing(page.url, u)]
        if len(own) >= 2:
            selector_links = own
    if selector_links:
        links, method = list(selector_links), SELECTORS
        missed = [u for u in structural if u not in set(links)]
        if len(structural) >= 3 and len(missed) > max(len(links), 3):
            warnings.append(f"selectors_disagree: the {family} selectors found {len(links)} links, the page "
                            f"structure {len(structural)} ({len(missed)} not found by the selectors)")
    elif structural:
        links, method = structural, STRUCTURE
        if family != "generic":
            warnings.append(f"selectors_found_nothing: the {family} link selectors matched nothing; "
                            f"{len(links)} links found from the page structure")
    else:
        links, method = [], NONE
        warnings.append("no_article_links: neither selectors nor page structure found article links")
    next_url, next_method = (selector_next, SELECTORS) if selector_next else find_next_page(page)
    return Discovery(links=links, method=method, next_page=next_url, next_method=next_method, warnings=warnings,
                     home=home)


# -- article links from structure ------------------------------------------------------------------


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _excluded(page: Page, el: Element) -> bool:
    """Whether the element sits in navigation, a header, footer, sidebar or widget."""
    return in_marked_region(page, el, _EXCLUDED_WORDS, _EXCLUDED_TAGS, "discovery")


def url_shape(url: str) -> tuple:
    """The shape an article URL shares with its siblings: path segments as kinds, the extension, query keys."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    shape = []
    for i, seg in enumerate(segments):
        stem, dot, ext = seg.rpartition(".") if "." in seg else (seg, "", "")
        if stem.isdigit():
            kind = "year" if len(stem) == 4 and stem[:2] in ("19", "20") else "num"
        elif re.search(r"\d{3,}$", stem) or re.search(r"^\d{3,}", stem):
            kind = "slug-id"
        elif "-" in stem or "_" in stem:
            kind = "slug"
        else:
            kind = stem.lower() if i < len(segments) - 1 else "word"
        shape.append(kind + (f".{ext.lower()}" if dot else ""))
    keys = tuple(sorted(k.lower() for k, _ in parse_qsl(parts.query)))
    return len(segments), tuple(shape), keys


def under_listing(listing: str, url: str) -> bool:
    """Whether an article URL sits under a listing's own address: /dan-van/ -> /dan-van/2024/x.html,
    /tin/dan-van.html -> /tin/dan-van/12-x.html, ?cat=12 -> ?cat=12&id=5 (page parameters aside)."""
    page, link = urlsplit(listing), urlsplit(url)
    path = _PATH_PAGE.sub("", page.path.rstrip("/")).rstrip("/")  # page 2's address names the same category
    stem = re.sub(r"\.[a-z]{2,5}$", "", path, flags=re.IGNORECASE)
    pairs = {(k, v) for k, v in parse_qsl(page.query) if not _QUERY_PAGE.match(k)}
    if not pairs:
        return len(stem.strip("/")) >= 2 and link.path.startswith(stem + "/")
    return page.path == link.path and pairs < set(parse_qsl(link.query))


def _headline(a: Element) -> str:
    text = line_text(a).strip()
    if len(_WORD.findall(text)) < MIN_HEADLINE_WORDS:
        title = (a.get("title") or "").strip()
        if len(_WORD.findall(title)) >= MIN_HEADLINE_WORDS:
            return title
    return text


def headline_links(page: Page, root: Element, skip=None) -> list[str]:
    """Distinct same-site article-like URLs under root whose anchor text reads as a headline (skip(a): ignore)."""
    host = urlsplit(page.url).hostname
    found: dict[str, None] = {}
    for a in select(root, "a[href]"):
        url = _article_url(page, a, host)
        if url and len(_WORD.findall(_headline(a))) >= MIN_HEADLINE_WORDS and not (skip and skip(a)):
            found.setdefault(url, None)
    return list(found)


def _article_url(page: Page, a: Element, host: str | None) -> str | None:
    href = (a.get("href") or "").strip()
    if not href or href.startswith(_SKIP_HREF):
        return None
    url = urljoin(page.url, href).split("#")[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname != host or url.rstrip("/") == page.url.rstrip("/"):
        return None
    if _NOT_ARTICLE_EXT.search(parts.path) or _NOT_ARTICLE_PATH.search(parts.path) or is_home_page(url):
        return None
    if is_navigation_page(url):  # courlan: tag, category, archive and page-N URLs
        return None
    return url


def _item_of(a: Element) -> tuple[Element, Element] | None:
    """(item, container): the nearest ancestor of the link repeated among its siblings, and its parent."""
    node = a
    for _ in range(6):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            return None
        tag = node.tag
        cls = (node.get("class") or "").split()[:1]
        same = sum(1 for sib in parent if sib.tag == tag and (sib.get("class") or "").split()[:1] == cls)
        if same >= 2:
            return node, parent
        node = parent
    return None


def structure_links(page: Page) -> list[str]:
    """Article links found from the page structure (empty when there is no article list)."""
    host = urlsplit(page.url).hostname
    groups: dict[int, list[tuple[Element, str]]] = defaultdict(list)
    containers: dict[int, Element] = {}
    singles: list[tuple[Element, str]] = []
    for a in select(page.tree, "body a[href]"):
        url = _article_url(page, a, host)
        if url is None:
            continue
        if len(_WORD.findall(_headline(a))) < MIN_HEADLINE_WORDS or _excluded(page, a):
            continue
        found = _item_of(a)
        if found is None:
            singles.append((a, url))
            continue
        item, container = found
        groups[id(container)].append((a, url))
        containers[id(container)] = container
    if not groups and not singles:
        return []
    # the best group: most distinct links of one URL shape, ties to longer headlines
    best_key, best_shape, best_score = None, None, 0.0
    for key, members in groups.items():
        shapes = Counter(url_shape(u) for _, u in members)
        shape, count = shapes.most_common(1)[0]
        distinct = len({u for _, u in members if url_shape(u) == shape})
        words = sum(len(_WORD.findall(_headline(a))) for a, u in members) / len(members)
        # a group whose links sit under the listing's own address is the listing's list, whatever its length
        own = sum(1 for _, u in members if under_listing(page.url, u)) >= max(2, len(members) / 2)
        score = distinct + min(words, 30) / 30 + (1000 if own else 0)
        if score > best_score:
            best_key, best_shape, best_score = key, shape, score
    if best_key is None:  # a single headline link (a one-item category)
        shapes = Counter(url_shape(u) for _, u in singles)
        best_shape = shapes.most_common(1)[0][0]
        return list(dict.fromkeys(u for _, u in singles if url_shape(u) == best_shape))
    # the best group's container, and groups of the same URL shape nested in it or holding it (a featured
    # item above the list); sibling columns (sidebars) stay out
    best = containers[best_key]
    lineage = {best, *best.iterancestors()}
    inside = set(best.iter("a"))
    links: dict[str, None] = {}
    members = [m for key, ms in groups.items() for m in ms
               if containers[key] in lineage or containers[key] in inside or best in containers[key].iterancestors()]
    members += [m for m in singles if m[0] in inside]
    order = {a: i for i, a in enumerate(select(page.tree, "body a[href]"))}
    for a, url in sorted(members, key=lambda m: order.get(m[0], 0)):
        if url_shape(url) == best_shape:
            links.setdefault(url, None)
    if not links:
        links = dict.fromkeys(u for a, u in groups[best_key] if url_shape(u) == best_shape)
    return list(links)


# -- pagination ------------------------------------------------------------------------------------------


def page_number(url: str) -> tuple[str, int] | None:
    """(parameter, N) when the URL names its page: ?page=N, PageIndex=N, …_cur=N, /page-N, /trang-2 …"""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if _QUERY_PAGE.match(key) and value.isdigit():
            return f"?{key}", int(value)
    m = None
    for m in _PATH_PAGE.finditer(parts.path):
        pass
    if m:
        return f"path:{m.group(1).lower()}", int(m.group(2))
    return None


def find_next_page(page: Page) -> tuple[str | None, str | None]:
    """(next listing page URL, how it was found) from rel=next, "next" anchor texts or the pager's numbers."""
    for el in select(page.tree, 'link[rel~="next"], a[rel~="next"]'):
        href = (el.get("href") or "").strip()
        if href and not href.startswith(_SKIP_HREF):
            url = urljoin(page.url, href)
            if url != page.url:
                return url, "rel-next"
    host = urlsplit(page.url).hostname
    current = page_number(page.url)
    n = current[1] if current else 1
    by_number: dict[int, str] = {}
    by_text: str | None = None
    for a in select(page.tree, "body a[href]"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(_SKIP_HREF):
            continue
        url = urljoin(page.url, href)
        if urlsplit(url).hostname != host or url == page.url:
            continue
        text = _normal(line_text(a) or a.get("title") or "")
        target = page_number(url)
        if text.isdigit() and target and target[1] == int(text):
            by_number.setdefault(int(text), url)
        elif by_text is None and text in NEXT_TEXTS and target and target[1] > n:
            by_text = url
        elif by_text is None and text in NEXT_TEXTS[:6] and target is None and current is None:
            by_text = url  # "Trang sau" to a URL that hides its number
    if by_text:
        return by_text, "next-text"
    if n + 1 in by_number:
        return by_number[n + 1], "page-number"
    return None, None


# -- home page -> dân vận category ------------------------------------------------------------------------


def dan_van_categories(page: Page) -> list[str]:
    """Same-site links whose anchor text names the dân vận category (menus first), best name first."""
    host = urlsplit(page.url).hostname
    found: list[tuple[int, int, str]] = []
    for i, a in enumerate(select(page.tree, "a[href]")):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(_SKIP_HREF):
            continue
        text = _normal(line_text(a) or a.get("title") or "").strip(" .:-–»›")
        if text not in DAN_VAN_MENU_NAMES:
            continue
        url = urljoin(page.url, href).split("#")[0]
        if urlsplit(url).hostname != host or url.rstrip("/") == page.url.rstrip("/"):
            continue
        found.append((DAN_VAN_MENU_NAMES.index(text), i, url))
    return list(dict.fromkeys(url for _, _, url in sorted(found)))


# -- a home page recognised by its layout ------------------------------------------------------------------

# A home page at an address is_home_page does not know (/vi/trang-chu, /index.php?lang=vi, /home.html …) is
# told by its layout: several sections of teasers, each leading to another category, beside menus, with no
# block of running text of its own. An article with long related-news boxes still has its body.
HOME_MIN_SECTIONS = 3          # teaser sections (each ≥ 2 headline links) outside menus, sidebars, related boxes
HOME_MIN_CATEGORIES = 3        # distinct categories those sections lead to
HOME_MAX_SECTION_SHARE = 0.6   # a listing's one list holds most of the links; a home page's sections share them
HOME_MIN_MENU_LINKS = 5        # same-site links in menus
HOME_MAX_OWN_TEXT = 400        # characters of running text outside teasers: an article's body has more
HOME_MAX_TEASER_CHARS = 1000   # a teaser is a headline and an excerpt; a longer repeated block is no teaser
# headings of boxes that sit beside an article: never a section of a home page
_ASIDE_HEADING = re.compile(
    r"(?i)^(tin|bài( viết)?|các tin|các bài|những tin)?\s*(liên quan|cùng chuyên mục|cùng chủ đề|khác|đã đưa|"
    r"mới hơn|cũ hơn|xem nhiều|đọc nhiều|nổi bật)|^(xem|đọc) (thêm|nhiều)|^(related|more|read more|most read|"
    r"popular|see also)")
_HEADING_MARK = re.compile(r"(?i)(^|[\s_-])(title|heading|header|head|tieu-?de|cat|category|chuyen-?muc)"
                           r"($|[\s_-]|\d)")
_HOME_NAME = re.compile(r"(?i)^(trang chủ|trang nhất|home|homepage|trang đầu|về trang chủ)$")
_TITLE_PARTS = re.compile(r"\s+[-|–—:»]{1,2}\s+|\s*\|\s*")
_MENU_WORDS = re.compile(r"(?i)(^|[\s_-])(nav|navbar|menu|mainmenu|topmenu|submenu|megamenu)($|[\s_-]|\d)")
_OWN_TEXT_TAGS = ("p", "div", "td", "li", "span", "font", "section", "article", "blockquote", "pre")
_INLINE = frozenset({"b", "strong", "em", "i", "u", "span", "font", "br", "sup", "sub", "small"})


@dataclass
class HomeEvidence:
    """What the layout says about a page being a home page (see home_page_kind).

    sections: teaser sections (≥ 2 headline links each) outside menus, sidebars and related-news boxes;
    categories: distinct categories they lead to (a section's heading link, else its heading, else the URL
    folder its links share); largest_share: share of the sections' links in the largest section;
    menu_links: same-site links inside menus; own_text: characters of the largest block of running text that
    is not a teaser, a menu or a link; own_headline: a heading (not a link) that the page's <title> or
    og:title starts with, as an article has (a home page's <title> names the site); menu_name: the
    category a menu link names this page as (a category page, not the home page); paged: the page has a
    next page (a listing).
    """

    sections: int = 0
    categories: int = 0
    largest_share: float = 1.0
    menu_links: int = 0
    own_text: int = 0
    own_headline: str = ""
    menu_name: str = ""
    paged: bool = False

    @property
    def sections_fit(self) -> bool:
        """The teaser sections and menus of a home page (measured first; the rest only when they fit)."""
        return (self.sections >= HOME_MIN_SECTIONS and self.categories >= HOME_MIN_CATEGORIES
                and self.largest_share <= HOME_MAX_SECTION_SHARE and self.menu_links >= HOME_MIN_MENU_LINKS)

    @property
    def is_home(self) -> bool:
        return (self.sections_fit and self.own_text < HOME_MAX_OWN_TEXT and not self.own_headline
                and not self.menu_name and not self.paged)

    def describe(self) -> str:
        return (f"{self.sections} teaser sections leading to {self.categories} categories, the largest holding "
                f"{self.largest_share:.0%} of their links, {self.menu_links} menu links, "
                f"{self.own_text} characters of running text of its own"
                + (f", a headline of its own ({self.own_headline[:40]!r})" if self.own_headline else "")
                + (f", named {self.menu_name!r} in the menus" if self.menu_name else "")
                + (", a next page" if self.paged else ""))


def home_page_kind(page: Page) -> str | None:
    """"url" when the address is a home page's, "structure" when the layout is (home_evidence), else None."""
    if is_home_page(page.url):
        return "url"
    return "structure" if home_evidence(page).is_home else None


def looks_like_home_page(page: Page) -> bool:
    """Whether a page is a home page, by its address or by its layout."""
    return home_page_kind(page) is not None


def home_evidence(page: Page, thorough: bool = False) -> HomeEvidence:
    """The layout evidence of a home page (cached per page). A page with a headline of its own (an article) is
    answered at once, without reading its sections, unless `thorough` (every field measured, for diagnosis)."""
    key = "_home_evidence_full" if thorough else "_home_evidence"
    cache = page.__dict__
    if key not in cache:
        cache[key] = _home_evidence(page, thorough)
    return cache[key]


def _home_evidence(page: Page, thorough: bool = False) -> HomeEvidence:
    body = page.tree.find("body")
    if body is None:
        return HomeEvidence()
    refs = _title_refs(page)
    headings = [] if thorough else page.select("h1, h2, h3, [class*=title], [class*=Title]")
    for el in headings:  # fast path: an article's headline
        text = _names_the_page(el, refs)
        if text:
            return HomeEvidence(own_headline=text)
    host = urlsplit(page.url).hostname
    groups: dict[Element, dict[str, None]] = defaultdict(dict)
    items: set[Element] = set()
    menu_links, menu_names = 0, {}
    here = page.url.split("#")[0].rstrip("/")
    for a in select(body, "a[href]"):
        if _in_menu(page, a):
            href = (a.get("href") or "").strip()
            if href and not href.startswith(_SKIP_HREF) and urlsplit(urljoin(page.url, href)).hostname == host:
                menu_links += 1
                name = _normal(line_text(a))
                if name and not _HOME_NAME.match(name):
                    menu_names.setdefault(name, urljoin(page.url, href).split("#")[0].rstrip("/"))
            continue
        url = _article_url(page, a, host)
        if url is None or len(_WORD.findall(_headline(a))) < MIN_HEADLINE_WORDS or _excluded(page, a):
            continue
        found = _item_of(a)
        if found is None or len(found[0].text_content()) > HOME_MAX_TEASER_CHARS:
            continue  # no repeated block, or one holding more than a teaser (an article's own column)
        item, container = found
        items.add(item)
        groups[container].setdefault(url, None)
    sections = {c: list(urls) for c, urls in groups.items() if len(urls) >= 2}
    kinds: set = set()
    for container, urls in list(sections.items()):
        heading, heading_url = _section_heading(page, container, items)
        if heading and _ASIDE_HEADING.search(heading):
            del sections[container]
            continue
        kinds.add(("link", heading_url) if heading_url else ("heading", heading) if heading else
                  ("folder", _shared_folder(urls)))
    counts = [len(urls) for urls in sections.values()]
    evidence = HomeEvidence(sections=len(sections), categories=len(kinds), menu_links=menu_links,
                            largest_share=max(counts) / sum(counts) if counts else 1.0)
    if not evidence.sections_fit:
        return evidence  # no home page layout: the costlier checks below are not needed
    titles = {_normal(part) for t in page.select("head title") for part in _TITLE_PARTS.split(t.text_content())}
    titles |= {_normal(line_text(h)) for h in select(body, "h1")}
    evidence.menu_name = next((name for name, url in menu_names.items() if url == here or name in titles), "")
    evidence.paged = find_next_page(page)[0] is not None
    evidence.own_text = _own_text_block(page, body, items)
    evidence.own_headline = _own_headline(page, body, items)
    return evidence


def _title_refs(page: Page) -> list[str]:
    refs = [_normal(m.get("content") or "") for m in page.select('meta[property="og:title"]')]
    refs += [_normal(t.text_content()) for t in page.select("head title")]
    return [r for r in refs if r]


def _own_headline(page: Page, body: Element, items: set[Element]) -> str:
    """A heading outside teasers and links whose text the <title> or og:title starts with (an article's)."""
    refs = _title_refs(page)
    if not refs:
        return ""
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "img"):
            continue
        text = _names_the_page(el, refs)
        if not text or el in items or items.intersection(el.iterancestors()):
            continue
        # a heading, or any element whose text the <title> continues past (the site's name after it): a
        # banner repeating a home page's whole <title> is not a headline
        heading = el.tag in ("h1", "h2", "h3") or "title" in (el.get("class") or "").lower()
        if heading or any(r.startswith(text) and len(r) > len(text) + 3 for r in refs):
            return text
    return ""


def _names_the_page(el: Element, refs: list[str]) -> str:
    """The element's text when it could be the page's own headline: short, of headline length, the start of the
    <title> or og:title (refs), and neither a link, inside one, nor holding one; else ""."""
    if el.tag == "a" or len(el.text_content()) > 300:
        return ""
    text = _normal(line_text(el))
    if len(_WORD.findall(text)) < MIN_HEADLINE_WORDS or not any(r.startswith(text) for r in refs):
        return ""
    if select(el, "a[href]") or any(a.tag == "a" for a in el.iterancestors()):
        return ""
    return text


def _in_menu(page: Page, el: Element) -> bool:
    return in_marked_region(page, el, _MENU_WORDS, frozenset({"nav"}), "home-menu")


def _section_heading(page: Page, container: Element, items: set[Element]) -> tuple[str, str | None]:
    """The heading of a teaser section (its text, and its link when it names a category), if it has one:
    looked for inside the section before its first teaser, then before it in the boxes holding it."""
    region, stop = container, None
    for _ in range(4):
        for el in region.iter():
            if el is stop or el in items:
                break
            if not isinstance(el.tag, str):
                continue
            heading_like = el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") or \
                bool(_HEADING_MARK.search(region_marks(el)))
            text = line_text(el).strip() if heading_like else ""
            if text and len(text.split()) <= 8:
                link = el if el.tag == "a" else next(iter(select(el, "a[href]")), None)
                href = (link.get("href") or "").strip() if link is not None else ""
                url = urljoin(page.url, href).split("#")[0] if href and not href.startswith(_SKIP_HREF) else None
                return _normal(text), url
        stop, region = region, region.getparent()
        if region is None or region.tag in ("body", "html"):
            break
    return "", None


def _shared_folder(urls: list[str]) -> tuple:
    """The URL folder a section's links share: the common path prefix and the query pairs all of them hold."""
    parts = [urlsplit(u) for u in urls]
    folders = [p.path.rsplit("/", 1)[0].split("/") for p in parts]
    common = []
    for segs in zip(*folders):
        if len(set(segs)) != 1 or (segs[0].isdigit() and len(segs[0]) == 4):
            break
        common.append(segs[0])
    pairs = set.intersection(*(set(parse_qsl(p.query)) for p in parts))
    return "/".join(common), tuple(sorted(pairs))


def _own_text_block(page: Page, body: Element, items: set[Element]) -> int:
    """Characters of the largest block of running text that is neither a teaser, a menu, nor a link."""
    scores: dict[Element, int] = defaultdict(int)
    for el in body.iter(*_OWN_TEXT_TAGS):
        own = _plain_text(el)
        if len(own) < 25 or items.intersection(el.iterancestors()) or el in items or _excluded(page, el):
            continue
        # credited to its parent and grandparent: a body's paragraphs add up in the block that holds them
        parent = el.getparent()
        grand = parent.getparent() if parent is not None else None
        for node in (parent, grand):
            if node is not None:
                scores[node] += len(own)
    return max(scores.values(), default=0)


def _plain_text(el: Element) -> str:
    """Text directly inside el and its inline children, links left out."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _INLINE:
            parts.append(child.text_content() if child.tag != "br" else " ")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())
