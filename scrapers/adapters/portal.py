"""Custom provincial sub-portals like Tam Điệp: today's date in the header, "78 lượt xem" after the date."""
from __future__ import annotations

from scrapers.adapters.base import SelectorAdapter, is_home_page, with_query


class PortalAdapter(SelectorAdapter):
    name = "portal"

    def page_url(self, listing_url: str, n: int) -> str | None:
        return None if is_home_page(listing_url) else with_query(listing_url, "page", n)
