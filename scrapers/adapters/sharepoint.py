"""SharePoint portals (Tân Dân "tandan-" themes, the "Trang" path, .NET vi-VN dates "25 Tháng Mười 2018 11:05:00 SA")."""
from __future__ import annotations

from scrapers.adapters.base import SelectorAdapter, is_home_page, with_query


class SharePointAdapter(SelectorAdapter):
    name = "sharepoint"

    def page_url(self, listing_url: str, n: int) -> str | None:
        """Tân Dân lists page with ?PageIndex=N; the "Trang" and yenbai-style lists with ?page=N."""
        if is_home_page(listing_url):
            return None
        key = "PageIndex" if "/Pages/" in listing_url or "/pages/" in listing_url else "page"
        return with_query(listing_url, key, n)
