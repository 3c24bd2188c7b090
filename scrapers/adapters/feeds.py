"""RSS 2.0 / Atom feeds and sitemap.xml files: the article URLs they list (shared by all CMS families)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

from lxml import etree

from scrapers.adapters.base import ParseError
from scrapers.dates import VN_TZ, parse_iso, parse_vi_datetime


@dataclass
class FeedItem:
    """One entry of a feed or a sitemap: the article URL, with what the feed tells about it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    guid: str | None = None


@dataclass
class Sitemap:
    """A sitemap file: its page entries, and the child sitemaps when it is an index."""

    items: list[FeedItem]
    sitemaps: list[str]


def _parse_xml(body: bytes | str, what: str) -> etree._Element:
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = body.lstrip()
    if not body:
        raise ParseError(f"empty {what}")
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed {what}: {exc}") from None
    if root is None:
        raise ParseError(f"malformed {what}")
    return root


def _local(tag) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _feed_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = parsedate_to_datetime(value)  # RFC 822, as RSS 2.0 prints it
    except (TypeError, ValueError, IndexError):
        dt = parse_iso(value) or parse_vi_datetime(value)
    if dt is not None and dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ) if dt else None


def parse_feed(body: bytes | str, base_url: str = "") -> list[FeedItem]:
    """The items of an RSS 2.0 (or RSS 1.0 / Atom) feed, in feed order; relative links made absolute."""
    root = _parse_xml(body, "feed")
    items: list[FeedItem] = []
    for el in root.iter():
        kind = _local(el.tag)
        if kind == "item":
            link = _child_text(el, "link") or _child_text(el, "guid")
            published = _feed_date(_child_text(el, "pubdate", "date", "published"))
        elif kind == "entry":
            link = None
            for child in el:
                if _local(child.tag) == "link" and child.get("rel", "alternate") == "alternate" and child.get("href"):
                    link = child.get("href")
                    break
            published = _feed_date(_child_text(el, "published", "updated"))
        else:
            continue
        if not link:
            continue
        items.append(FeedItem(url=urljoin(base_url, link.strip()), title=_child_text(el, "title"),
                              published=published, guid=_child_text(el, "guid", "id")))
    return items


def parse_sitemap(body: bytes | str, base_url: str = "") -> Sitemap:
    """A sitemap.xml (urlset) or sitemap index (sitemapindex); lastmod read as the page date."""
    root = _parse_xml(body, "sitemap")
    items, children = [], []
    for el in root:
        kind = _local(el.tag)
        loc = _child_text(el, "loc")
        if not loc:
            continue
        if kind == "sitemap":
            children.append(urljoin(base_url, loc))
        elif kind == "url":
            items.append(FeedItem(url=urljoin(base_url, loc), published=_feed_date(_child_text(el, "lastmod"))))
    return Sitemap(items=items, sitemaps=children)
