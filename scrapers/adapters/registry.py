"""Adapters by name, and auto-detection of a page's CMS family."""
from __future__ import annotations

from scrapers.adapters.base import CmsAdapter, Page
from scrapers.adapters.generic import GenericAdapter
from scrapers.adapters.nukeviet import NukeVietAdapter
from scrapers.adapters.sharepoint import SharePointAdapter

ADAPTERS: dict[str, type[CmsAdapter]] = {
    cls.name: cls for cls in (NukeVietAdapter, SharePointAdapter, GenericAdapter)
}


def get_adapter(name: str, overrides: dict | None = None) -> CmsAdapter:
    """The adapter for a CMS family name, with a source's selector overrides applied."""
    try:
        cls = ADAPTERS[name]
    except KeyError:
        raise ValueError(f"unknown CMS family {name!r}; known: {', '.join(sorted(ADAPTERS))}") from None
    adapter = cls()
    return adapter.with_overrides(overrides) if overrides else adapter


def detect_cms(page: Page) -> str:
    """The family whose markers best match the page; "generic" when none matches."""
    scores = {name: cls().detect(page) for name, cls in ADAPTERS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] >= 0.3 else "generic"
