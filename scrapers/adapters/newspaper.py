"""The shared provincial-newspaper CMS: /<cat>/<YYYYMM>/<slug>-<id>/, "Thứ Bảy, 18/12/2021, 21:07 [GMT+7]", RSS."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit, urlunsplit

from scrapers.adapters.base import SelectorAdapter, is_home_page, with_query

_CATEGORY = re.compile(r"^/([a-z0-9\-]+)/?$")
ARTICLE_PATH = re.compile(r"^/[a-z0-9\-]+/\d{6}/[a-z0-9\-]+-\d+/?$")


class NewspaperAdapter(SelectorAdapter):
    name = "newspaper"

    def feed_for(self, listing_url: str) -> str | None:
        """/<cat>/ -> /rss/<cat>.rss (the category feed these papers advertise)."""
        parts = urlsplit(listing_url)
        m = _CATEGORY.match(parts.path)
        if not m or m.group(1) == "rss":
            return None
        return urlunsplit(parts._replace(path=f"/rss/{m.group(1)}.rss", query="", fragment=""))

    def page_url(self, listing_url: str, n: int) -> str | None:
        if is_home_page(listing_url):
            return None
        return with_query(listing_url, "page", n)

    def selector_links(self, page) -> list[str]:
        links = super().selector_links(page)
        if links:
            return links
        # the family's article URL pattern, when the list markup differs
        found: dict[str, None] = {}
        for a in page.select("a[href]"):
            href = a.get("href").strip()
            if ARTICLE_PATH.match(urlsplit(href).path):
                found.setdefault(urljoin(page.url, href), None)
        return list(found)
