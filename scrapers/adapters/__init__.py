"""CMS adapters: one per family, each reading its selectors from scrapers/cms.toml."""
from __future__ import annotations

from scrapers.adapters.base import CmsAdapter, NotAnArticle, ParseError, Page, SelectorAdapter, load_selectors
from scrapers.adapters.registry import ADAPTERS, detect_cms, get_adapter

__all__ = ["ADAPTERS", "CmsAdapter", "NotAnArticle", "Page", "ParseError", "SelectorAdapter", "detect_cms",
           "get_adapter", "load_selectors"]
