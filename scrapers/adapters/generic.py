"""Fallback for unknown sites: trafilatura for the body, then our date patterns, then htmldate."""
from __future__ import annotations

import re
from datetime import datetime

from scrapers.adapters.base import NotAnArticle, Page, SelectorAdapter, element_text
from scrapers.dates import parse_iso, parse_vi_datetime

MIN_CONTAINER_CHARS = 200  # a known container with less text than this is a teaser, not the body
_DATE_LINE = re.compile(r"\d{1,2}[/\-.]\d{1,2}[/\-.]\d{4}|\d{1,2}\s+tháng\s+\S+|\d{4}-\d{2}-\d{2}", re.IGNORECASE)


class GenericAdapter(SelectorAdapter):
    name = "generic"

    def detect(self, page: Page) -> float:
        return 0.01  # always applicable, never preferred

    def title(self, page: Page) -> str:
        """og:title unless the page's h1 is a shorter form of it (sites append keywords to og:title)."""
        og = self._text_of(page, self.selectors.title)
        h1 = self._text_of(page, ("h1",))
        if og and h1 and len(h1) < len(og) and og.casefold().startswith(h1.casefold()):
            return h1
        return og or h1 or ""

    def published(self, page: Page) -> datetime | None:
        """Markup dates, then a date line next to the title, then htmldate; never a header's date."""
        found = super().published(page) or self._date_near_title(page)
        if found is not None:
            return found
        from htmldate import find_date

        try:
            value = find_date(page.html, url=page.url, original_date=True, extensive_search=False,
                              outputformat="%Y-%m-%dT%H:%M:%S")
        except (ValueError, TypeError):
            value = None
        dt = parse_iso(value) if value else None
        if dt is None or dt.date() in self.header_dates(page) or not self._plausible(page, dt):
            return None
        return dt

    def _date_near_title(self, page: Page) -> datetime | None:
        """A short date line among the text just after the h1, else just before it (outside headers)."""
        title = self._first(page, ("h1",))
        if title is None:
            return None
        for nodes, limit in ((title.find_all_next(string=True, limit=40), 40),
                             (title.find_all_previous(string=True, limit=12), 12)):
            for node in nodes[:limit]:
                text = node.strip()
                if not text or len(text) > 120 or node.parent is None or node.parent.name in ("script", "style"):
                    continue
                if _DATE_LINE.search(text) and not self._in_header(page, node.parent):
                    dt = parse_vi_datetime(text)
                    if dt and self._plausible(page, dt):
                        return dt
        return None

    def body_text(self, page: Page, title: str | None = None, lead: str | None = None) -> tuple[str, list[str]]:
        """A known body container when one holds a real text, else trafilatura's reading of the page."""
        if self._first(page, self.selectors.body) is not None:
            try:
                text, captions = super().body_text(page, title, lead)
            except NotAnArticle:
                text, captions = "", []
            if len(text) >= MIN_CONTAINER_CHARS:
                return text, captions
        return self._trafilatura_body(page, title, lead)

    def _trafilatura_body(self, page: Page, title: str | None, lead: str | None) -> tuple[str, list[str]]:
        import trafilatura

        text = trafilatura.extract(page.html, url=page.url, include_comments=False, include_tables=True,
                                   favor_precision=True, deduplicate=True)
        if not text or not text.strip():
            raise NotAnArticle(f"generic: no article body in {page.url}")
        captions = [element_text(c).replace("\n", " ") for c in page.soup.select("figcaption")]
        lines = [ln for ln in text.split("\n") if ln.strip() not in captions]
        text = self.clean_lines("\n".join(lines), title, lead)
        if not text:
            raise NotAnArticle(f"generic: empty article body in {page.url}")
        return text, [c for c in captions if c]
