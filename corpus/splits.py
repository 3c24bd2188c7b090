"""Train/dev/test splits by hash of the article id: the same article always lands in the same split."""
from __future__ import annotations

import hashlib

from common.settings import SPLIT_RATIOS

SPLIT_SALT = "danvan-split-v1:"   # changing it reshuffles every split: never change it for a released corpus


def split_fraction(article_id: str) -> float:
    """A number in [0, 1) from the SHA-256 of the salted article id (first 60 bits)."""
    digest = hashlib.sha256((SPLIT_SALT + article_id).encode("utf-8")).hexdigest()
    return int(digest[:15], 16) / 16**15


def split_of(article_id: str, ratios: tuple[tuple[str, float], ...] = SPLIT_RATIOS) -> str:
    """The split ("train", "dev" or "test" by default) of one article id.

    Depends on the id alone, not on which other articles exist, so re-exports and growing corpora keep
    every article in its split.
    """
    x = split_fraction(article_id)
    edge = 0.0
    for name, share in ratios:
        edge += share
        if x < edge:
            return name
    return ratios[-1][0]
