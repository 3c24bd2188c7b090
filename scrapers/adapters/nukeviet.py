"""NukeViet 4 (and 3.x) news module: "Thứ năm - 07/12/2023 10:15", #news-bodyhtml, /news/<cat>/page-N."""
from __future__ import annotations

import re

from scrapers.adapters.base import SelectorAdapter

_LISTING = re.compile(r"^(.*?/news/)(?!rss/)([^/?#]+)/?(?:page-\d+/?)?$")


class NukeVietAdapter(SelectorAdapter):
    name = "nukeviet"

    @staticmethod
    def rss_url(listing_url: str) -> str | None:
        """/news/<cat>/ -> /news/rss/<cat>/ (NukeViet's RSS for a category)."""
        m = _LISTING.match(listing_url)
        return f"{m.group(1)}rss/{m.group(2)}/" if m else None

    def feed_for(self, listing_url: str) -> str | None:
        return self.rss_url(listing_url)

    def page_url(self, listing_url: str, n: int) -> str | None:
        """/news/<cat>/ -> /news/<cat>/page-N (page 1 is the category URL itself)."""
        m = _LISTING.match(listing_url)
        if not m:
            return None
        base = f"{m.group(1)}{m.group(2)}"
        return f"{base}/" if n <= 1 else f"{base}/page-{n}"
