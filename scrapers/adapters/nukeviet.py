"""NukeViet 4 (and 3.x) news module: "Thứ năm - 07/12/2023 10:15", #news-bodyhtml, /news/<cat>/page-N."""
from __future__ import annotations

import re

from scrapers.adapters.base import Page, SelectorAdapter


class NukeVietAdapter(SelectorAdapter):
    name = "nukeviet"
    _GENERATOR = re.compile(r"nv_module_name\s*=|/uploads/news/\d{4}_\d{2}/")

    def detect(self, page: Page) -> float:
        score = super().detect(page)
        if self._GENERATOR.search(page.html):
            score = max(score, 0.6)
        return score

    @staticmethod
    def rss_url(listing_url: str) -> str | None:
        """/news/<cat>/ -> /news/rss/<cat>/ (NukeViet's RSS for a category)."""
        m = re.match(r"(.*?/news/)([^/]+)/?(?:page-\d+)?$", listing_url)
        return f"{m.group(1)}rss/{m.group(2)}/" if m else None
