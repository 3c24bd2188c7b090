"""underthesea's NER (≈40 sentences/s on one core): called only on the few sentences rules leave open."""
from __future__ import annotations

from collections.abc import Callable


def entity_spans(sentence: str, labels: tuple[str, ...],
                 keep_token: Callable[[str], bool] = lambda token: True) -> list[tuple[int, int, str]]:
    """(start, end, text) of each run of tokens tagged with one of `labels` (PER, ORG, LOC), in order.

    A "B-" tag starts a new run; tokens refused by keep_token end the current run.
    """
    from underthesea import ner

    runs: list[str] = []
    current: list[str] = []
    for token, _pos, _chunk, tag in ner(sentence):
        inside = tag[2:] in labels and keep_token(token)
        if current and (not inside or tag.startswith("B-")):
            runs.append(" ".join(current))
            current = []
        if inside:
            current.append(token)
    if current:
        runs.append(" ".join(current))
    spans, cursor = [], 0
    for text in runs:
        i = sentence.find(text, cursor)
        if i >= 0:
            spans.append((i, i + len(text), text))
            cursor = i + len(text)
    return spans
