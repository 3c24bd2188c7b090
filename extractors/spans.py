"""A set of [start, end) spans with O(log n) overlap checks (texts can be megabytes long)."""
from __future__ import annotations

import bisect
from collections.abc import Iterable


class SpanSet:
    """Merged, sorted, non-overlapping spans."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()):
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def overlaps(self, a: int, b: int) -> bool:
        """Whether [a, b) shares at least one position with a span of the set."""
        i = bisect.bisect_left(self._ends, a + 1)  # first span ending after a
        return i < len(self._starts) and self._starts[i] < b

    def __len__(self) -> int:
        return len(self._starts)
