"""Scrapers: the sources registry, polite fetching and one adapter per CMS family."""
