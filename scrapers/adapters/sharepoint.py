"""SharePoint portals (Tân Dân "tandan-" themes, .NET vi-VN dates "25 Tháng Mười 2018 11:05:00 SA")."""
from __future__ import annotations

from scrapers.adapters.base import Page, SelectorAdapter


class SharePointAdapter(SelectorAdapter):
    name = "sharepoint"

    def detect(self, page: Page) -> float:
        score = super().detect(page)
        if "_spPageContextInfo" in page.html or "WebPartWPQ" in page.html:
            score = max(score, 0.6)
        return score
