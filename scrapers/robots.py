"""robots.txt rules, read once per host with urllib.robotparser and kept for the life of the cache."""
from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

log = logging.getLogger(__name__)

# fetch(url) -> (status, body text); raises OSError-like exceptions when the host is unreachable.
RobotsFetch = Callable[[str], tuple[int, str]]


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


class RobotsCache:
    """Per-host robots.txt rules.

    Conventions (as in urllib.robotparser and Google's crawler): 404 and other 4xx mean "no rules";
    401/403 mean "disallow everything"; 5xx or an unreachable host mean "no rules", logged, because
    small government servers often fail on robots.txt and nothing else.

    fetch: how robots.txt is fetched (the Fetcher passes its own polite client).
    user_agent: the token matched against User-agent lines.
    """

    def __init__(self, fetch: RobotsFetch, user_agent: str):
        self._fetch = fetch
        self.user_agent = user_agent
        self._parsers: dict[str, RobotFileParser] = {}

    def parser_for(self, url: str) -> RobotFileParser:
        key = urlsplit(url).netloc.lower()
        parser = self._parsers.get(key)
        if parser is None:
            parser = self._parsers[key] = self._load(robots_url(url))
        return parser

    def _load(self, url: str) -> RobotFileParser:
        parser = RobotFileParser(url)
        try:
            status, text = self._fetch(url)
        except Exception as exc:  # noqa: BLE001 - any failure to read robots.txt means "no rules"
            log.warning("robots.txt unreadable at %s (%s): crawling without rules", url, exc)
            parser.parse([])
            return parser
        if status in (401, 403):
            parser.disallow_all = True
        elif status >= 400:
            parser.allow_all = True
        else:
            parser.parse(text.splitlines())
        return parser

    def allowed(self, url: str) -> bool:
        return self.parser_for(url).can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The Crawl-delay the host asks of us, if any."""
        delay = self.parser_for(url).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def cached_crawl_delay(self, url: str) -> float | None:
        """The host's Crawl-delay if its robots.txt was already read; never fetches."""
        parser = self._parsers.get(urlsplit(url).netloc.lower())
        delay = parser.crawl_delay(self.user_agent) if parser is not None else None
        return float(delay) if delay is not None else None
