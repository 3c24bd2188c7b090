"""Fallback for unknown sites: trafilatura for the body, then our date patterns, then htmldate."""
from __future__ import annotations

from corpus.records import Article
from scrapers.adapters.base import NotAnArticle, Page, SelectorAdapter
from scrapers.dates import parse_iso


class GenericAdapter(SelectorAdapter):
    name = "generic"

    def detect(self, page: Page) -> float:
        return 0.01  # always applicable, never preferred

    def parse_article(self, page: Page) -> Article:
        import trafilatura

        text = trafilatura.extract(page.html, url=page.url, include_comments=False, include_tables=True,
                                   favor_precision=True, deduplicate=True)
        if not text or not text.strip():
            raise NotAnArticle(f"generic: no article body in {page.url}")
        lines = [ln for ln in text.split("\n") if not any(ln.startswith(b) for b in self.selectors.boilerplate)]
        published = self.published(page)
        if published is None:
            from htmldate import find_date

            found = find_date(page.html, original_date=True, extensive_search=False)
            published = parse_iso(found) if found else None
        return Article(
            url=page.url, title=self._text_of(page, self.selectors.title) or "", text="\n".join(lines).strip(),
            published=published, lead=self._text_of(page, self.selectors.lead), cms=self.name,
            fetched_at=page.fetched_at,
        )
