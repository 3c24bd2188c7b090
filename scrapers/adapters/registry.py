"""Adapters by name, and auto-detection of a page's CMS family."""
from __future__ import annotations

from scrapers.adapters.base import CmsAdapter, Page
from scrapers.adapters.generic import GenericAdapter
from scrapers.adapters.liferay import LiferayAdapter
from scrapers.adapters.newspaper import NewspaperAdapter
from scrapers.adapters.nukeviet import NukeVietAdapter
from scrapers.adapters.portal import PortalAdapter
from scrapers.adapters.sharepoint import SharePointAdapter

ADAPTERS: dict[str, type[CmsAdapter]] = {
    cls.name: cls
    for cls in (NukeVietAdapter, SharePointAdapter, LiferayAdapter, NewspaperAdapter, PortalAdapter, GenericAdapter)
}

DETECT_THRESHOLD = 0.3  # below this best score a page is "generic"


def get_adapter(name: str, overrides: dict | None = None) -> CmsAdapter:
    """The adapter for a CMS family name, with a source's selector overrides applied."""
    try:
        cls = ADAPTERS[name]
    except KeyError:
        raise ValueError(f"unknown CMS family {name!r}; known: {', '.join(sorted(ADAPTERS))}") from None
    adapter = cls()
    return adapter.with_overrides(overrides) if overrides else adapter


def detect_scores(page: Page) -> dict[str, float]:
    """Each family's detection score for the page."""
    return {name: cls().detect(page) for name, cls in ADAPTERS.items()}


def detect_cms(page: Page) -> str:
    """The family whose markers best match the page; "generic" when none matches well enough."""
    scores = detect_scores(page)
    best = max(scores, key=scores.get)
    return best if scores[best] >= DETECT_THRESHOLD else "generic"
