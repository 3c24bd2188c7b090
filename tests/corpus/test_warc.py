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


# -- hostile and damaged archives ---------------------------------------------------------------------

import gzip  # noqa: E402
import io  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from corpus.warc import ArchiveStats  # noqa: E402


def _archive(tmp_path, n=5, name="h.warc.gz", body=lambda i: f"<p>Bài {i}: tiếp {i} lượt công dân.</p>".encode()):
    """An archive of n responses (each with its request); returns (path, [(start, end) of each gzip member])."""
    path = tmp_path / name
    with WarcArchive(path) as archive:
        for i in range(n):
            archive.write(_result(f"https://x.test/{i}", body(i)))
    return path


def _members(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each gzip member of a per-record gzipped WARC."""
    spans, pos = [], 0
    while pos < len(data):
        d = __import__("zlib").decompressobj(16 + 15)
        d.decompress(data[pos:])
        end = len(data) - len(d.unused_data)
        spans.append((pos, end))
        pos = end
    return spans


def _urls(path, stats=None, **kw):
    return [r.final_url for r in iter_responses(path, stats, **kw)]


def _with_content_length(member: bytes, length: int) -> bytes:
    raw = gzip.decompress(member)
    head, sep, rest = raw.partition(b"\r\n\r\n")
    lines = [ln if not ln.lower().startswith(b"content-length:") else b"Content-Length: %d" % length
             for ln in head.split(b"\r\n")]
    return gzip.compress(b"\r\n".join(lines) + sep + rest)


def test_warc_huge_content_length_hides_nothing_after_it(tmp_path):
    path = _archive(tmp_path)
    data = path.read_bytes()
    spans = _members(data)  # warcinfo, then (response, request) x 5
    s, e = spans[3]         # the second response
    path.write_bytes(data[:s] + _with_content_length(data[s:e], 10**12) + data[e:])
    stats = ArchiveStats()
    assert _urls(path, stats) == ["https://x.test/0", "https://x.test/2", "https://x.test/3", "https://x.test/4"]
    assert stats.skipped == 1 and stats.responses == 4 and "truncated record" in stats.problems[0]


def test_warc_plain_file_resynchronises_at_the_next_header(tmp_path):
    gz = _archive(tmp_path)
    plain = tmp_path / "p.warc"
    data = gz.read_bytes()
    spans = _members(data)
    members = [gzip.decompress(data[s:e]) for s, e in spans]
    members[3] = gzip.decompress(_with_content_length(data[spans[3][0]:spans[3][1]], 10**9))
    plain.write_bytes(b"".join(members))
    stats = ArchiveStats()
    assert _urls(plain, stats) == ["https://x.test/0", "https://x.test/2", "https://x.test/3", "https://x.test/4"]
    assert stats.skipped == 1


def test_warc_garbage_between_records_is_one_skip(tmp_path):
    path = _archive(tmp_path)
    data = path.read_bytes()
    s, e = _members(data)[5]   # the third response, replaced by noise that holds a false gzip header
    path.write_bytes(data[:s] + b"\x1f\x8b\x08junk" + random.Random(3).randbytes(3000) + data[e:])
    stats = ArchiveStats()
    assert _urls(path, stats) == ["https://x.test/0", "https://x.test/1", "https://x.test/3", "https://x.test/4"]
    assert stats.skipped == 1


def test_warc_gzip_bomb_is_capped(tmp_path):
    """A record whose body inflates far past the cap is skipped without holding it in memory."""
    path = _archive(tmp_path, n=3, body=lambda i: (b"<p>" + b"0" * 5_000_000 + b"</p>") if i == 1 else b"<p>ok</p>")
    assert path.stat().st_size < 100_000
    stats = ArchiveStats()
    assert _urls(path, stats, max_body=1_000_000) == ["https://x.test/0", "https://x.test/2"]
    assert stats.skipped == 1 and "over 1000000 bytes" in stats.problems[0]
    assert len(_urls(path)) == 3  # under the default cap (the crawler's MAX_BODY_BYTES) it is an ordinary page
    with pytest.raises(ArchiveError, match="over 1000000 bytes"):
        read_response(path, _members(path.read_bytes())[3][0], max_body=1_000_000)


def test_warc_skips_are_counted_in_the_run_summary(tmp_path):
    from pipeline.orchestrate import ParseReport, articles_from_archive

    path = _archive(tmp_path, n=3)
    data = path.read_bytes()
    s, e = _members(data)[3]
    path.write_bytes(data[:s] + data[s:e][:40] + data[e:])
    report = ParseReport()
    list(articles_from_archive(path, [], report))
    assert report.skipped.get("damaged WARC record") == 1


@pytest.mark.parametrize("kept", [1, 4, 7])
def test_warc_cut_inside_the_last_members_trailer_is_counted(tmp_path, kept):
    """A file cut in the 8-byte gzip trailer of a response: that response still inflates whole, but the
    records after it are gone; only the missing trailer shows it, and it is counted as a skipped record."""
    data = _archive(tmp_path, n=3).read_bytes()
    spans = _members(data)
    _, end = spans[1 + 2 * 1]   # the second response's member (after warcinfo, response 0, request 0)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[:end - 8 + kept])
    stats = ArchiveStats()
    assert _urls(cut, stats) == ["https://x.test/0", "https://x.test/1"]
    assert stats.skipped == 1 and "last gzip member" in stats.problems[0]
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(data[:end])   # cut at a member boundary: indistinguishable from a complete file
    stats = ArchiveStats()
    assert _urls(whole, stats) == ["https://x.test/0", "https://x.test/1"] and stats.skipped == 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.tuples(st.floats(0, 1), st.floats(0, 0.3)))
def test_warc_random_damage_never_loses_records_silently(tmp_path, cut):
    """Remove a random slice of the file: every response in an untouched member is read, and when a
    response is lost the summary counts at least one skipped record."""
    path = tmp_path / "p.warc.gz"
    if not path.exists():
        _archive(tmp_path, n=6, name="p.warc.gz", body=lambda i: random.Random(i).randbytes(700 + 90 * i))
    data = path.read_bytes()
    spans = _members(data)
    a = int(cut[0] * len(data))
    b = min(len(data), a + 1 + int(cut[1] * len(data)))
    damaged = tmp_path / "d.warc.gz"
    damaged.write_bytes(data[:a] + data[b:])
    stats = ArchiveStats()
    got = _urls(damaged, stats)
    responses = {f"https://x.test/{i}": spans[1 + 2 * i] for i in range(6)}
    untouched = [u for u, (s, e) in responses.items() if e <= a or s >= b]
    assert [u for u in got if u in untouched] == untouched
    whole_members = any(s == a for s, _ in spans) and any(e == b for _, e in spans)
    if len(got) < len(responses) and not whole_members:
        assert stats.skipped >= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.tuples(st.floats(0, 1), st.one_of(st.floats(0, 0.3), st.just(1.0))))
def test_warc_random_damage_in_a_plain_warc(tmp_path, cut):
    """The same property for an uncompressed WARC, where resynchronising means finding the next WARC/1. line.

    One difference: a slice cut out of the middle of a plain file can splice the first header lines of one
    record onto the rest of a later one of the same kind, which is a valid record; so the count of skipped
    records is asserted for truncations (the file cut short), while every untouched record must be read always.
    """
    plain = tmp_path / "p.warc"
    if not plain.exists():
        gz = _archive(tmp_path, n=6, name="g.warc.gz", body=lambda i: random.Random(i).randbytes(700 + 90 * i))
        data = gz.read_bytes()
        plain.write_bytes(b"".join(gzip.decompress(data[s:e]) for s, e in _members(data)))
    data = plain.read_bytes()
    starts = [i + 1 for i in range(len(data)) if data.startswith(b"\nWARC/1.", i)]
    spans = list(zip([0] + starts, starts + [len(data)]))
    a = max(1, int(cut[0] * len(data)))
    b = min(len(data), a + 1 + int(cut[1] * len(data)))
    damaged = tmp_path / "d.warc"
    damaged.write_bytes(data[:a] + data[b:])
    stats = ArchiveStats()
    responses = {f"https://x.test/{i}": spans[1 + 2 * i] for i in range(6)}
    untouched = [u for u, (s, e) in responses.items() if e <= a or s >= b]
    try:
        got = _urls(damaged, stats)
    except ArchiveError:  # a few bytes left that hold no record at all
        assert untouched == [] and not damaged.read_bytes().startswith(b"WARC/1.")
        return
    assert [u for u in got if u in untouched] == untouched
    # cut at a record boundary (give or take the blank lines that end a record): nothing left to notice
    at_boundary = any(s >= a and not data[a:s].strip() for s in [s for s, _ in spans] + [len(data)])
    if len(got) < len(responses) and not at_boundary and b == len(data):
        assert stats.skipped >= 1
