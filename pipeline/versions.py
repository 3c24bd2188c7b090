"""Extractor versions ordered as versions, not as text: 0.10.0 comes after 0.9.0, 0.2.0-test after 0.1.0.

PEP 440 (packaging.version) first; a label it cannot read ("2024-run-b", "v2-fixes") is split into numbers and
words and ordered after every PEP 440 label with the same leading numbers, numbers compared as numbers.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from packaging.version import InvalidVersion, Version

_PARTS = re.compile(r"\d+|[^\W\d_]+")


def version_key(label: str) -> tuple:
    """A sort key: PEP 440 labels by their version, others by their numbers then words (semver-ish)."""
    text = label.strip()
    try:
        v = Version(text)
        return (v.release, 1, v, ())
    except InvalidVersion:
        pass
    parts = _PARTS.findall(text.lstrip("vV"))
    numbers = []
    for p in parts:
        if not p.isdigit():
            break
        numbers.append(int(p))
    rest = tuple((0, int(p), "") if p.isdigit() else (1, 0, p.lower()) for p in parts[len(numbers):])
    # a semver pre-release tag ("1.0.0-rc1") still sorts by its numbers; text labels without numbers come first
    return (tuple(numbers), 0 if rest else 1, None, rest) if numbers else ((), 0, None, rest)


def _compare_key(label: str) -> tuple:
    release, kind, version, rest = version_key(label)
    # normalise so tuples of both kinds compare: a PEP 440 Version cannot be compared with None
    return (release, kind, (0, version) if version is not None else (1, rest), label)


def sort_versions(labels: Iterable[str]) -> list[str]:
    """Labels from oldest to newest."""
    return sorted({str(v) for v in labels if v is not None}, key=_compare_key)


def latest_version(labels: Iterable[str]) -> str | None:
    """The newest label, or None when there is none."""
    ordered = sort_versions(labels)
    return ordered[-1] if ordered else None


def latest_extractor_version(con, table: str = "figures") -> str | None:
    """The newest extractor_version stored in a table (a DuckDB connection), ordered as versions."""
    rows = con.execute(f"SELECT DISTINCT extractor_version FROM {table}").fetchall()
    return latest_version(r[0] for r in rows)
