"""Checking a JSONL file of article records before anything is stored: every line, every field, every type.

`danvan load` reads the whole file through `read_articles`; any bad line stops the load before the store is
touched, and the error names each bad line (up to a limit).
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from corpus.records import Article, article_id_for

VN_TZ = timezone(timedelta(hours=7))   # a time written without a zone is Vietnam time
MAX_REPORTED = 20                      # bad lines named in the error; the rest are counted

_STRINGS = ("title", "text")
_OPTIONAL_STRINGS = ("id", "source_id", "province", "province_2025", "district", "lead", "author", "cms",
                     "warc_file", "content_sha256")
_LISTS = ("captions", "attachments")
_TIMES = ("published", "fetched_at")


class ArticleFileError(Exception):
    """The file cannot be loaded; `problems` holds "FILE:LINE: why" for each bad line found (up to a limit)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class ProvincePolicy:
    """default: the province of records that carry none (any spelling, pre- or post-2025);
    allow_unknown: keep names the gazetteer does not know, as written, instead of refusing them."""

    default: str | None = None
    allow_unknown: bool = False


@dataclass
class _Problems:
    path: Path
    found: list[str] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, why: str) -> None:
        self.count += 1
        if len(self.found) < MAX_REPORTED:
            self.found.append(f"{self.path}:{line}: {why}")


def closest_provinces(name: str, n: int = 3) -> list[str]:
    """The known province names (63 old, 34 new, common variants) closest to a misspelt one."""
    from common.gazetteer import _aliases, fold, provinces_34, provinces_63

    names = {fold(p): p for p in provinces_63() + provinces_34()}
    names.update({k: v for k, v in _aliases().items() if k not in names})
    hits = difflib.get_close_matches(fold(name), list(names), n=n * 2, cutoff=0.6)
    out: list[str] = []
    for key in hits:
        if names[key] not in out:
            out.append(names[key])
    return out[:n]


def check_province(name: str) -> str | None:
    """None when the gazetteer knows `name`, else why not (with the closest known names)."""
    from common.gazetteer import province_2025_of

    if province_2025_of(name) is not None:
        return None
    near = closest_provinces(name)
    hint = f"; did you mean {' or '.join(repr(p) for p in near)}?" if near else ""
    return f"unknown province {name!r}{hint} (--allow-unknown-province keeps it as written)"


def encodable(s: str) -> bool:
    """Whether a string is text UTF-8 can write (False for lone surrogates, \\ud800-\\udfff)."""
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def parse_time(value, key: str) -> datetime | None:
    """An ISO 8601 string (or null) as an aware datetime; naive times are Vietnam time. Raises ValueError."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (int, float)):
        raise ValueError(f"{key!r} is a number ({value!r}); write the date as ISO 8601, e.g. 2024-03-01T08:30:00+07:00")
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be an ISO 8601 string, not {type(value).__name__}")
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{key!r} is not an ISO 8601 date: {value[:40]!r}") from None
    return when.replace(tzinfo=VN_TZ) if when.tzinfo is None else when


def article_from_record(d, policy: ProvincePolicy | None = None) -> Article:
    """An Article from one decoded JSON record, every field checked; raises ValueError naming the field."""
    from common.gazetteer import canonical_province, province_2025_of

    policy = policy or ProvincePolicy()
    if not isinstance(d, dict):
        raise ValueError(f"a record is a JSON object, not {type(d).__name__}")
    url = d.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        raise ValueError(f"'url' must be an http(s) URL string, not {url!r}"[:160])
    for key in _STRINGS:
        if not isinstance(d.get(key), str):
            raise ValueError(f"{key!r} must be a string, not {type(d.get(key)).__name__}")
    for key in _OPTIONAL_STRINGS:
        if d.get(key) is not None and not isinstance(d[key], str):
            raise ValueError(f"{key!r} must be a string or null, not {type(d[key]).__name__}")
    for key in _LISTS:
        v = d.get(key)
        if v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise ValueError(f"{key!r} must be a list of strings")
    offset = d.get("warc_offset")
    if offset is not None and (isinstance(offset, bool) or not isinstance(offset, int) or offset < 0):
        raise ValueError(f"'warc_offset' must be a whole number >= 0, not {offset!r}"[:160])
    times = {key: parse_time(d.get(key), key) for key in _TIMES}
    expected = article_id_for(url)
    if d.get("id") and d["id"] != expected:
        raise ValueError(f"id {d['id']!r} does not belong to its URL (expected {expected}: the first 16 hex digits "
                         "of the URL's SHA-256)")
    for key in (*_STRINGS, *_OPTIONAL_STRINGS):
        if isinstance(d.get(key), str) and not encodable(d[key]):
            raise ValueError(f"{key!r} holds a lone surrogate (\\ud800-\\udfff), which is not text")
    province = d.get("province") or policy.default
    province_2025 = d.get("province_2025")
    if province_2025 and province_2025_of(province_2025) is None and not policy.allow_unknown:
        raise ValueError("'province_2025': " + check_province(province_2025))
    if province:
        known = province_2025_of(province) is not None
        if not known and not policy.allow_unknown:
            raise ValueError(check_province(province))
        old = canonical_province(province)
        if old is not None:
            province = old
        province_2025 = province_2025_of(province) or province_2025
    if province_2025:
        province_2025 = province_2025_of(province_2025) or province_2025
    return Article(
        url=url, title=d["title"], text=d["text"], published=times["published"], fetched_at=times["fetched_at"],
        source_id=d.get("source_id"), province=province, province_2025=province_2025, district=d.get("district"),
        lead=d.get("lead"), author=d.get("author"), captions=list(d.get("captions") or []),
        attachments=list(d.get("attachments") or []), cms=d.get("cms"), warc_file=d.get("warc_file"),
        warc_offset=offset, id=expected,
    )


def read_articles(path: str | Path, policy: ProvincePolicy | None = None) -> list[Article]:
    """Every article record in a JSONL file, or ArticleFileError naming the bad lines (nothing half-read).

    A line must be a JSON object with an http(s) "url" and string "title" and "text"; other fields are
    type-checked, times parsed (naive ones are +07:00, numbers refused), the id (when given) must match the
    URL, and provinces must be known to the gazetteer unless the policy allows unknown ones.
    """
    path = Path(path)
    policy = policy or ProvincePolicy()
    if policy.default and not policy.allow_unknown and check_province(policy.default):
        raise ArticleFileError("--province: " + check_province(policy.default))
    problems = _Problems(path)
    articles: list[Article] = []
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise ArticleFileError(f"cannot read {path}: {exc.strerror or exc}") from None
    with fh:
        for i, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                problems.add(i, f"not UTF-8 (byte {exc.start})")
                continue
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.add(i, f"not JSON ({exc.msg}, column {exc.colno})")
                continue
            except RecursionError:
                problems.add(i, "JSON nested too deeply")
                continue
            try:
                articles.append(article_from_record(d, policy))
            except ValueError as exc:
                problems.add(i, str(exc))
    if problems.count:
        more = f" (the first {MAX_REPORTED} are listed)" if problems.count > MAX_REPORTED else ""
        raise ArticleFileError(f"{path}: {problems.count} bad line{'s' * (problems.count > 1)}{more}; nothing stored",
                               problems.found)
    return articles
