"""Liferay portals: journal-content-article / asset-content, "17:10 30/03/2023", a "Sign In" link on top."""
from __future__ import annotations

import re

from scrapers.adapters.base import Page, SelectorAdapter, with_query

_CUR = re.compile(r"[?&](_[A-Za-z0-9_]+_cur)=\d+")


class LiferayAdapter(SelectorAdapter):
    name = "liferay"

    def page_url(self, listing_url: str, n: int) -> str | None:
        """Asset publisher pages carry ?_<portlet id>_cur=N; without a known portlet id there is no rule."""
        m = _CUR.search(listing_url)
        return with_query(listing_url, m.group(1), n) if m else None

    def selector_next_page(self, page: Page) -> str | None:
        url = super().selector_next_page(page)
        return None if url and url.startswith("javascript:") else url
