import random
from datetime import datetime, timezone

import pytest

from corpus.warc import ArchiveError, WarcArchive, iter_responses, read_response
from scrapers.records import FetchResult


def _result(url, body, status=200):
    return FetchResult(url=url, final_url=url, status=status, headers={"Content-Type": "text/html; charset=utf-8"},
                       body=body, fetched_at=datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), source_id="s1")


def test_warc_round_trip_and_offsets(tmp_path):
    path = tmp_path / "a.warc.gz"
    with WarcArchive(path) as archive:
        r1 = archive.write(_result("https://x.test/1", "Tiếp công dân".encode()), {"User-Agent": "danvan"})
        archive.write(_result("https://x.test/2", b"", status=404))
    back = list(iter_responses(path))
    assert [(r.final_url, r.status, r.source_id) for r in back] == [
        ("https://x.test/1", 200, "s1"), ("https://x.test/2", 404, "s1")]
    assert back[0].body.decode() == "Tiếp công dân"
    again = read_response(path, r1.warc_offset)
    assert again.body == back[0].body and again.fetched_at == back[0].fetched_at


def test_warc_appends_across_sessions(tmp_path):
    path = tmp_path / "a.warc.gz"
    for i in range(2):
        with WarcArchive(path) as archive:
            archive.write(_result(f"https://x.test/{i}", b"<p>x</p>"))
    assert len(list(iter_responses(tmp_path))) == 2


def test_warc_errors(tmp_path):
    with pytest.raises(ArchiveError):
        list(iter_responses(tmp_path / "missing.warc.gz"))
    junk = tmp_path / "junk.warc.gz"
    junk.write_bytes(b"this is not a warc file")
    with pytest.raises(ArchiveError, match="not a readable WARC"):
        list(iter_responses(junk))


def test_warc_truncated_last_record_is_skipped(tmp_path):
    path = tmp_path / "a.warc.gz"
    with WarcArchive(path) as archive:
        archive.write(_result("https://x.test/1", b"A" * 4000))
        cut = archive.write(_result("https://x.test/2", random.Random(1).randbytes(4000)))  # incompressible
    data = path.read_bytes()
    path.write_bytes(data[: cut.warc_offset + 1200])  # killed while writing the second response
    back = list(iter_responses(path))
    assert [(r.final_url, len(r.body)) for r in back] == [("https://x.test/1", 4000)]
