"""scrapers/state.py: the outbox handed to a sink while crawlers keep queueing articles."""
from __future__ import annotations

from datetime import datetime, timezone

from corpus.records import Article
from scrapers.records import FetchResult
from scrapers.state import CrawlState

SOURCE = "tinh-uy-thu"


def _done(state: CrawlState, n: int) -> str:
    url = f"http://tinhuy.example.vn/dan-van/bai-{n}.html"
    at = datetime(2024, 5, 2, 8, 0, tzinfo=timezone.utc)
    result = FetchResult(url, url, 200, {"ETag": f'"{n}"'}, b"<html></html>", at, SOURCE)
    state.article_done(url, SOURCE, result, Article(url, f"Bài {n}", "Khối dân vận họp giao ban quý.",
                                                    source_id=SOURCE))
    return url


def test_state_article_queued_while_a_batch_is_with_the_sink_is_handed_too(tmp_path):
    """Another source's crawler may finish an article while the sink holds a batch: the same delivery hands
    it over next, and the count of waiting articles stays right for the next count-based handoff."""
    handed: list[list[str]] = []
    with CrawlState(tmp_path / "state.duckdb") as state:
        _done(state, 1)

        def sink(handoff) -> None:
            handed.append([a.url for a in handoff.articles])
            if len(handed) == 1:
                _done(state, 2)  # queued during the delivery, after its batch was read

        assert state.deliver(sink) == 2  # the first batch, then the row queued meanwhile
        assert handed[0] == ["http://tinhuy.example.vn/dan-van/bai-1.html"]
        assert state.undelivered() == 0

        _done(state, 3)
        state.maybe_deliver(sink, articles=1, seconds=1e9)  # one article waits: due at once
        assert handed[-1] == ["http://tinhuy.example.vn/dan-van/bai-3.html"]
        assert state.undelivered() == 0


def test_state_maybe_deliver_leaves_a_delivery_in_progress_alone(tmp_path):
    """A crawler that finds another thread delivering goes on crawling instead of waiting its turn."""
    with CrawlState(tmp_path / "state.duckdb") as state:
        _done(state, 1)
        calls = []
        state._deliver_lock.acquire()  # as if another thread were handing a batch over
        try:
            state.maybe_deliver(calls.append, articles=1, seconds=1e9)
        finally:
            state._deliver_lock.release()
        assert calls == [] and state.undelivered() == 1
        state.maybe_deliver(calls.append, articles=1, seconds=1e9)
        assert len(calls) == 1 and state.undelivered() == 0
