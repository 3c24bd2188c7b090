"""CMS adapters: one per family, each reading its selectors from scrapers/cms.toml."""
from __future__ import annotations

from scrapers.adapters.base import CmsAdapter, NotAnArticle, ParseError, Page, SelectorAdapter, load_selectors
from scrapers.adapters.feeds import FeedItem, Sitemap, parse_feed, parse_sitemap
from scrapers.adapters.registry import ADAPTERS, detect_cms, detect_scores, get_adapter

__all__ = ["ADAPTERS", "CmsAdapter", "FeedItem", "NotAnArticle", "Page", "ParseError", "SelectorAdapter", "Sitemap",
           "detect_cms", "detect_scores", "parse_feed", "parse_sitemap",
           "get_adapter", "load_selectors"]
