"""The sources registry: data files (TOML) listing the sites we crawl, one [[source]] table each."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

LEVELS = ("province", "district", "newspaper", "central")
# CMS families a source may name (scrapers/adapters; "portal" = custom government portals, "newspaper" = the
# shared provincial-newspaper CMS). "auto" is for ad-hoc crawls only, not for registry entries.
CMS_FAMILIES = ("nukeviet", "sharepoint", "liferay", "newspaper", "portal", "generic")


class RegistryError(Exception):
    """The registry file is malformed; the message names the file and the entry."""


@dataclass
class Source:
    """One site. province is the pre-2025 province, province_2025 the post-merger one."""

    id: str
    name: str
    base_url: str
    cms: str
    level: str = "province"
    province: str | None = None
    province_2025: str | None = None
    district: str | None = None
    listing_urls: list[str] = field(default_factory=list)
    rss_urls: list[str] = field(default_factory=list)
    sitemap_urls: list[str] = field(default_factory=list)
    selectors: dict[str, list[str]] = field(default_factory=dict)
    crawl_delay: float = 5.0
    verified: bool = False
    insecure_tls: bool = False
    notes: str = ""


_REQUIRED = ("id", "name", "base_url", "cms")


def default_registry_path() -> Path:
    return Path(str(resources.files("scrapers").joinpath("sources.toml")))


def load_registry(path: str | Path | None = None) -> list[Source]:
    """Read a registry file. Duplicate ids and missing fields raise RegistryError naming their lines."""
    path = Path(path) if path else default_registry_path()
    try:
        raw = path.read_text(encoding="utf-8")
        data = tomllib.loads(raw)
    except FileNotFoundError:
        raise RegistryError(f"no registry file at {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{path}: {exc}") from None
    lines = raw.splitlines()

    def line_of(source_id: str) -> int:
        for i, line in enumerate(lines, 1):
            if line.replace(" ", "").startswith(f'id="{source_id}"'):
                return i
        return 0

    sources, seen = [], {}
    known_fields = set(Source.__dataclass_fields__)
    for i, entry in enumerate(data.get("source", [])):
        missing = [k for k in _REQUIRED if not entry.get(k)]
        if missing:
            raise RegistryError(f"{path}: source #{i + 1} lacks {', '.join(missing)}")
        unknown = set(entry) - known_fields
        if unknown:
            raise RegistryError(f"{path}:{line_of(entry['id'])}: source {entry['id']!r} has unknown fields {sorted(unknown)}")
        if entry.get("level", "province") not in LEVELS:
            raise RegistryError(f"{path}:{line_of(entry['id'])}: source {entry['id']!r} level must be one of {LEVELS}")
        if entry["id"] in seen:
            raise RegistryError(
                f"{path}: duplicate source id {entry['id']!r} (entries #{seen[entry['id']] + 1} and #{i + 1})"
            )
        seen[entry["id"]] = i
        source = Source(**entry)
        problem = check_source(source)
        if problem:
            raise RegistryError(f"{path}:{line_of(entry['id'])}: source {entry['id']!r} {problem}")
        sources.append(source)
    return sources


def check_source(source: Source) -> str | None:
    """What is wrong with an entry (unknown CMS, province not one of the 63, bad URL), or None."""
    from common.gazetteer import canonical_province, province_2025_of

    if source.cms not in CMS_FAMILIES:
        return f"cms must be one of {CMS_FAMILIES}, not {source.cms!r}"
    for url in [source.base_url, *source.listing_urls, *source.rss_urls, *source.sitemap_urls]:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return f"has a URL that is not http(s): {url!r}"
    if source.level != "central" and not source.province:
        return "needs a province (only central sources have none)"
    if source.province:
        if canonical_province(source.province) != source.province:
            return (f"province {source.province!r} is not one of the 63 pre-2025 provinces as the gazetteer "
                    f"spells them (did you mean {canonical_province(source.province)!r}?)")
        expected = province_2025_of(source.province)
        if source.province_2025 and source.province_2025 != expected:
            return f"province_2025 {source.province_2025!r} should be {expected!r} for {source.province!r}"
    if not isinstance(source.crawl_delay, (int, float)) or source.crawl_delay < 0:
        return f"crawl_delay must be a number of seconds >= 0, not {source.crawl_delay!r}"
    if not isinstance(source.selectors, dict) or not all(isinstance(v, list) for v in source.selectors.values()):
        return "selectors must be a table of lists of CSS selectors"
    return _check_selectors(source.selectors)


# Selector override keys that hold CSS selectors (the others hold phrases or regexes).
_CSS_KEYS = {"title", "date_iso", "date", "lead", "body", "author", "captions", "attachments", "drop", "links",
             "next_page", "header", "detect", "feeds"}


def _check_selectors(selectors: dict[str, list]) -> str | None:
    import dataclasses

    from scrapers.adapters.base import Selectors, compile_selector

    known = {f.name for f in dataclasses.fields(Selectors)}
    unknown = sorted(set(selectors) - known)
    if unknown:
        return f"has unknown selector keys {unknown}; known: {sorted(known)}"
    for key, values in selectors.items():
        for value in values:
            if not isinstance(value, str):
                return f"selector {key} = {value!r} is not a string"
            if key in _CSS_KEYS:
                try:
                    compile_selector(value)  # what the adapters run: CSS compiled to XPath by cssselect
                except ValueError as exc:
                    return f"selector {key} = {value!r} is not valid CSS ({str(exc).splitlines()[0]})"
    return None


def find_source(source_id: str, sources: list[Source]) -> Source:
    for s in sources:
        if s.id == source_id:
            return s
    raise RegistryError(f"no source {source_id!r} in the registry")
