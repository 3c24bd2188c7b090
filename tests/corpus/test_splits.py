from collections import Counter

import pytest

from corpus.records import article_id_for
from corpus.splits import split_fraction, split_of


# Pinned: changing any of these reshuffles every released corpus.
@pytest.mark.parametrize("article_id, split", [
    ("0000000000000000", "test"),
    ("a1b2c3d4e5f60718", "train"),
    ("ffffffffffffffff", "train"),
    ("1234567890abcdef", "train"),
])
def test_splits_are_pinned(article_id, split):
    assert split_of(article_id) == split


def test_splits_depend_on_the_id_only():
    ids = [article_id_for(f"https://tinh.example.vn/tin/{i}.html") for i in range(2000)]
    first = {i: split_of(i) for i in ids}
    # Another corpus, in another order, with other articles: the same id keeps its split.
    more = list(reversed(ids)) + [article_id_for(f"https://khac.example.vn/{i}") for i in range(500)]
    assert all(split_of(i) == first[i] for i in more if i in first)


def test_splits_follow_the_ratios():
    counts = Counter(split_of(f"{i:016x}") for i in range(20000))
    assert abs(counts["train"] / 20000 - 0.8) < 0.02
    assert abs(counts["dev"] / 20000 - 0.1) < 0.02
    assert abs(counts["test"] / 20000 - 0.1) < 0.02


def test_splits_custom_ratios_and_range():
    assert 0 <= split_fraction("abc") < 1
    assert split_of("abc", (("all", 1.0),)) == "all"
