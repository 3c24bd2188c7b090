"""The WARC archive: every fetched response (with its request) goes into a gzip WARC file via warcio."""
from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from common import settings
from scrapers.records import FetchResult

log = logging.getLogger(__name__)

SOFTWARE = "danvan (https://github.com/danvan-project/danvan)"


class ArchiveError(Exception):
    """An archive file could not be read."""


class WarcArchive:
    """Appends request/response pairs to one gzip WARC file.

    Each record is gzipped on its own, so the file stays readable up to the last complete record
    even when a crawl is killed in the middle.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        new = not self.path.exists() or self.path.stat().st_size == 0
        self._fh = open(self.path, "ab")
        self._writer = WARCWriter(self._fh, gzip=True)
        if new:
            info = self._writer.create_warcinfo_record(self.path.name, {"software": SOFTWARE, "format": "WARC/1.1"})
            self._writer.write_record(info)
            self._fh.flush()

    def write(self, result: FetchResult, request_headers: dict[str, str] | None = None) -> FetchResult:
        """Archive one exchange; sets result.warc_file and result.warc_offset (of the response record)."""
        date = result.fetched_at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        status_line = f"{result.status} {_REASONS.get(result.status, 'Unknown')}"
        http_headers = StatusAndHeaders(status_line, list(result.headers.items()), protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if result.source_id:
            warc_headers["WARC-Source-Id"] = result.source_id
        if result.final_url != result.url:
            warc_headers["WARC-Requested-URL"] = result.url
        self._fh.seek(0, io.SEEK_END)
        offset = self._fh.tell()
        response = self._writer.create_warc_record(
            result.final_url, "response", payload=io.BytesIO(result.body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )
        self._writer.write_record(response)
        req_headers = StatusAndHeaders(
            f"GET {_path_of(result.final_url)} HTTP/1.1", list((request_headers or {}).items()), is_http_request=True
        )
        request = self._writer.create_warc_record(
            result.final_url, "request", http_headers=req_headers,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response.rec_headers["WARC-Record-ID"]},
        )
        self._writer.write_record(request)
        self._fh.flush()
        result.warc_file = str(self.path)
        result.warc_offset = offset
        return result

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> "WarcArchive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _path_of(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


class _Skip(Exception):
    """The record at the iterator's position cannot be used: resynchronise after it."""


@dataclass
class ArchiveStats:
    """What reading an archive met: response records yielded and bad records skipped (with where they were)."""

    responses: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def skip(self, file: Path, offset: int, why: str) -> None:
        self.skipped += 1
        if len(self.problems) < 100:
            self.problems.append(f"{file}@{offset}: {why}")
        log.warning("%s: skipping a bad record at byte %d (%s)", file, offset, why)


def _to_result(record, path: Path, offset: int, max_body: int | None = None) -> FetchResult:
    http = record.http_headers
    status = int(http.get_statuscode()) if http else 0
    headers = dict(http.headers) if http else {}
    stream = record.content_stream()
    body = stream.read() if max_body is None else stream.read(max_body + 1)
    if max_body is not None and len(body) > max_body:
        raise _Skip(f"body over {max_body} bytes once decompressed")
    date = record.rec_headers.get_header("WARC-Date")
    try:
        fetched = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else datetime.now(timezone.utc)
    except ValueError:
        raise _Skip(f"bad WARC-Date {date[:40]!r}") from None
    final_url = record.rec_headers.get_header("WARC-Target-URI")
    return FetchResult(
        url=record.rec_headers.get_header("WARC-Requested-URL") or final_url,
        final_url=final_url, status=status, headers=headers, body=body, fetched_at=fetched,
        source_id=record.rec_headers.get_header("WARC-Source-Id"),
        warc_file=str(path), warc_offset=offset,
    )


_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20


def _next_start(fh, after: int, gz: bool) -> int | None:
    """The offset of the next place a record may start at or after `after`: a gzip member header in a
    .warc.gz, a "WARC/1.0" or "WARC/1.1" version line in a plain WARC (wherever it stands: a record cut short
    leaves the next one glued to its last bytes, with no line break before it); None at the end of the file."""
    magic = _GZIP_MAGIC if gz else _WARC_MAGIC
    tail = 3   # plain: the version digit and the CRLF after the magic
    pos = after
    while True:
        fh.seek(pos)
        block = fh.read(_SCAN_BLOCK + len(magic) + tail)
        i = block.find(magic)
        while i >= 0 and not gz and block[i + len(magic):i + len(magic) + tail] not in (b"0\r\n", b"1\r\n"):
            i = block.find(magic, i + 1)
        if i >= 0:
            return pos + i
        if len(block) < _SCAN_BLOCK + len(magic) + tail:
            return None
        pos += _SCAN_BLOCK


def _damaged(record) -> str | None:
    """Why a record read to its end is not what was written, or None: its block digest fails or is garbled
    (a payload digest that fails is let through: tools compute it differently), a header is given twice, or
    its HTTP message is of the wrong kind (the last two: the headers of two records spliced together)."""
    problems = [p for p in record.digest_checker.problems if not p.startswith("payload digest failed")]
    if problems:
        return f"digest check: {problems[0]}"
    names = [k.lower() for k, _ in record.rec_headers.headers if k.lower() != "warc-concurrent-to"]
    if len(names) != len(set(names)):
        return "a WARC header given twice (the headers of two records spliced together)"
    http = record.http_headers
    if http is not None and record.rec_type in ("response", "request"):
        is_response = (http.protocol or "").upper().startswith("HTTP/")
        if is_response != (record.rec_type == "response"):
            return f"a {record.rec_type} record holding an HTTP {'response' if is_response else 'request'}"
    return None


def _leftover(fh, offset: int, size: int, gz: bool) -> bool:
    """Whether bytes that are not blank lines remain after the last record warcio read."""
    if offset >= size:
        return False
    if gz:
        return True
    fh.seek(offset)
    return bool(fh.read(1 << 16).strip())


def _member_complete(fh, start: int, size: int) -> bool:
    """Whether the gzip member at `start` (the file's last) ends with its whole trailer: a file cut inside the
    last member's 8-byte trailer still inflates to a whole record, and only the missing trailer shows the cut."""
    fh.seek(start)
    d = zlib.decompressobj(wbits=31)
    remaining = size - start
    while remaining > 0 and not d.eof:
        chunk = fh.read(min(remaining, 1 << 16))
        if not chunk:
            break
        remaining -= len(chunk)
        data = chunk
        while data and not d.eof:   # inflate in bounded steps: the output is thrown away
            d.decompress(data, 1 << 20)
            data = d.unconsumed_tail
    return d.eof


def _drain(record) -> None:
    while record.raw_stream.read(1 << 16):
        pass


def _records(file: Path, stats: ArchiveStats, max_body: int | None) -> Iterator[FetchResult]:
    """The response records of one file; a bad record is counted and reading resumes at the next record start."""
    with open(file, "rb") as fh:
        head = fh.read(len(_WARC_MAGIC))
        gz = head.startswith(_GZIP_MAGIC)
        size = fh.seek(0, io.SEEK_END)
        pos, in_bad_region = 0, False
        if head and not gz and not head.startswith(_WARC_MAGIC):
            # a damaged start, or not a WARC file at all: look for a first record further on
            gz = file.name.endswith(".gz")
            pos = _next_start(fh, 1, gz)
            if pos is None:
                raise ArchiveError(f"{file}: not a readable WARC file (it starts with {head!r})")
            stats.skip(file, 0, "damaged start of file")
            in_bad_region = True
        while pos is not None and pos < size:
            fh.seek(pos)
            it = ArchiveIterator(fh, check_digests=True)  # problems noted on the record, checked below
            start, parsed = pos, False  # parsed: a record header was read at `start`
            try:
                for record in it:
                    start, parsed = it.offset, True
                    if record.format != "warc":  # warcio reads any text as a lenient ARC record
                        raise _Skip(f"found {record.format} data, not a WARC record")
                    if not (record.rec_type and record.rec_headers.get_header("Content-Length")):
                        raise _Skip("a record header without WARC-Type or Content-Length (cut short?)")
                    if record.rec_type != "response":
                        _drain(record)
                        result = None
                    else:
                        result = _to_result(record, file, start, max_body)
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        # cut short: a crawl killed while writing, or a Content-Length beyond the record's end
                        raise _Skip("truncated record" + (f" for {result.final_url}" if result else ""))
                    why = _damaged(record)
                    if why:
                        raise _Skip(why)
                    in_bad_region = False
                    if result is not None:
                        stats.responses += 1
                        yield result
                    parsed = False
                if _leftover(fh, it.offset, size, gz):  # warcio stops quietly at a last record cut short
                    stats.skip(file, it.offset, "a record cut short at the end of the file")
                elif gz and start < size and not _member_complete(fh, start, size):
                    stats.skip(file, start, "the file ends inside its last gzip member (cut short after it)")
                return  # the end of the file
            except Exception as exc:  # noqa: BLE001 - warcio raises several types on damaged data
                why = str(exc) if isinstance(exc, _Skip) else f"unreadable ({type(exc).__name__}: {exc})"[:200]
                start = max(start, it.offset)
                if parsed or not in_bad_region:  # garbage after a bad record is part of that bad record
                    stats.skip(file, start, why)
                in_bad_region = True
                pos = _next_start(fh, start + 1, gz)


def iter_responses(path: str | Path, stats: ArchiveStats | None = None,
                   max_body: int | None = settings.MAX_BODY_BYTES) -> Iterator[FetchResult]:
    """Stream the response records of a WARC file (or of every *.warc.gz under a folder), one at a time.

    A damaged record (truncated, a Content-Length beyond its end, garbage, a body that inflates past
    max_body bytes) is skipped and counted in stats, and reading resumes at the next record: the next gzip
    member in a .warc.gz, the next line starting "WARC/1." in a plain WARC.
    """
    stats = stats if stats is not None else ArchiveStats()
    path = Path(path)
    files = sorted(path.rglob("*.warc.gz")) + sorted(path.rglob("*.warc")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise ArchiveError(f"no WARC file at {path}")
    for file in files:
        try:
            yield from _records(file, stats, max_body)
        except OSError as exc:
            raise ArchiveError(f"{file}: cannot read ({exc.strerror or exc})") from None


def read_response(path: str | Path, offset: int, max_body: int | None = settings.MAX_BODY_BYTES) -> FetchResult:
    """Read the one response record at a byte offset (as stored in articles.warc_offset)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    return _to_result(record, Path(path), offset, max_body)
                break
    except _Skip as exc:
        raise ArchiveError(f"{path}:{offset}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - warcio raises several types on damaged data
        raise ArchiveError(f"{path}:{offset}: not a readable WARC record ({type(exc).__name__})") from None
    raise ArchiveError(f"no response record at {path}:{offset}")


_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 404: "Not Found",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}
