"""The WARC archive: every fetched response (with its request) goes into a gzip WARC file via warcio."""
from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

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


def _to_result(record, path: Path, offset: int) -> FetchResult:
    http = record.http_headers
    status = int(http.get_statuscode()) if http else 0
    headers = dict(http.headers) if http else {}
    body = record.content_stream().read()
    date = record.rec_headers.get_header("WARC-Date")
    fetched = datetime.fromisoformat(date.replace("Z", "+00:00")) if date else datetime.now(timezone.utc)
    final_url = record.rec_headers.get_header("WARC-Target-URI")
    return FetchResult(
        url=record.rec_headers.get_header("WARC-Requested-URL") or final_url,
        final_url=final_url, status=status, headers=headers, body=body, fetched_at=fetched,
        source_id=record.rec_headers.get_header("WARC-Source-Id"),
        warc_file=str(path), warc_offset=offset,
    )


def iter_responses(path: str | Path) -> Iterator[FetchResult]:
    """Stream the response records of a WARC file (or of every *.warc.gz under a folder), one at a time."""
    path = Path(path)
    files = sorted(path.rglob("*.warc.gz")) + sorted(path.rglob("*.warc")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise ArchiveError(f"no WARC file at {path}")
    for file in files:
        with open(file, "rb") as fh:
            try:
                it = ArchiveIterator(fh)
                for record in it:
                    if record.format != "warc":  # warcio reads any text as a lenient ARC record
                        raise ArchiveError(f"{file}: not a readable WARC file (found {record.format} data)")
                    if record.rec_type == "response":
                        # read the body first: get_record_offset() reads the record to its end
                        result = _to_result(record, file, 0)
                        if getattr(record.raw_stream, "limit", 0) > 0:
                            # cut short (a crawl killed while writing): the crawl fetches it again
                            log.warning("%s: skipping a truncated record for %s", file, result.final_url)
                            break
                        result.warc_offset = it.get_record_offset()
                        yield result
            except Exception as exc:  # warcio raises several types on truncated or foreign files
                if isinstance(exc, ArchiveError):
                    raise
                raise ArchiveError(f"{file}: not a readable WARC file ({exc})") from exc


def read_response(path: str | Path, offset: int) -> FetchResult:
    """Read the one response record at a byte offset (as stored in articles.warc_offset)."""
    with open(path, "rb") as fh:
        fh.seek(offset)
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                return _to_result(record, Path(path), offset)
            break
    raise ArchiveError(f"no response record at {path}:{offset}")


_REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified", 404: "Not Found",
            429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}
