"""The bundled offline sample: static pages of six fictional provincial sites, stored as a gzip WARC.

corpus/sample/ holds
    sites/<host>/<path>  the pages as a crawler would have received them (written for this project;
                         the sites are fictional and their hosts use the reserved .test TLD)
    sources.toml         one [[source]] entry per site, in the format scrapers/registry.py reads
    sample.warc.gz       what `python -m corpus.sample_build` makes of the two above (committed, so the
                         pipeline can run offline: corpus.pages.sample_paths)

File names and URLs
    sites/<host>/<path>  <->  <scheme>://<host>/<path>, the scheme being that of the source's base_url.
    - A file named index.html stands for its directory's URL:
          sites/h/news/dan-van/index.html  <->  https://h/news/dan-van/
    - "@" in a file name stands for "?" (the mark wget --restrict-file-names=windows uses):
          sites/h/portal/Pages/Dan-van.aspx@PageIndex=2  <->  https://h/portal/Pages/Dan-van.aspx?PageIndex=2
    - Anything else maps as it is, extensionless files included:
          sites/h/news/dan-van/page-2  <->  https://h/news/dan-van/page-2
    - <file>.headers, beside a page, overrides its response: "Name: value" lines replace or add headers,
      "Status: 404 Not Found" sets the status, "#" starts a comment line. Names starting with "." are skipped.

Responses
    Headers are those the source's CMS family sends (nginx + PHP for NukeViet, IIS for SharePoint), with
    Content-Type from the file's extension (html, aspx, php and no extension are text/html; charset=utf-8)
    and Content-Length of the body; transport headers are left out, as scrapers.fetch.Fetcher stores them.
    The request record carries the headers the Fetcher sends.

Determinism
    Pages are "fetched" in order (hosts, then URLs, alphabetically), CRAWL_STEP apart from CRAWL_START,
    a Tuesday: the pages whose header prints today's date print "Thứ Ba, 17/06/2025". WARC record ids are
    derived from the archive name and the record's position, so the same files always give the same archive.
"""
from __future__ import annotations

import argparse
import email.utils
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from itertools import count
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from corpus.warc import WarcArchive
from common import settings
from scrapers.records import FetchResult
from scrapers.registry import Source, load_registry

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"
SITES_DIR = SAMPLE_DIR / "sites"
SOURCES_TOML = SAMPLE_DIR / "sources.toml"
ARCHIVE = SAMPLE_DIR / "sample.warc.gz"

VN_TZ = timezone(timedelta(hours=7))
CRAWL_START = datetime(2025, 6, 17, 8, 30, 0, tzinfo=VN_TZ)
CRAWL_STEP = timedelta(seconds=5)

QUERY_MARK = "@"
INDEX_FILE = "index.html"
HEADERS_SUFFIX = ".headers"

_TEXT_TYPES = {".html": "text/html", ".htm": "text/html", ".aspx": "text/html", ".php": "text/html",
               "": "text/html", ".xml": "application/xml", ".rss": "application/rss+xml", ".txt": "text/plain"}
_OTHER_TYPES = {".json": "application/json", ".jpg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}

# What each CMS family's servers send besides Date, Content-Type and Content-Length.
_SERVER_HEADERS: dict[str, list[tuple[str, str]]] = {
    "nukeviet": [
        ("Server", "nginx"),
        ("Connection", "keep-alive"),
        ("Vary", "Accept-Encoding"),
        ("X-Powered-By", "PHP/7.4.33"),
        ("Expires", "Thu, 19 Nov 1981 08:52:00 GMT"),
        ("Cache-Control", "no-store, no-cache, must-revalidate"),
        ("Pragma", "no-cache"),
        ("X-Frame-Options", "SAMEORIGIN"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-XSS-Protection", "1; mode=block"),
    ],
    "sharepoint": [
        ("Cache-Control", "private, max-age=0"),
        ("Server", "Microsoft-IIS/10.0"),
        ("X-SharePointHealthScore", "0"),
        ("X-AspNet-Version", "4.0.30319"),
        ("X-Powered-By", "ASP.NET"),
        ("MicrosoftSharePointTeamServices", "16.0.0.5413"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-MS-InvokeApp", "1; RequireReadOnly"),
        ("X-FRAME-OPTIONS", "SAMEORIGIN"),
    ],
}
_DEFAULT_SERVER_HEADERS = [("Server", "Apache"), ("Connection", "close")]

REQUEST_HEADERS = {"User-Agent": settings.USER_AGENT, "Accept-Encoding": "gzip, deflate", "Accept": "*/*",
                   "Connection": "keep-alive"}


class SampleError(Exception):
    """The sample's files or registry are inconsistent (a host without a source, a bad .headers file)."""


# -- file names and URLs ------------------------------------------------------------------------------

def url_for(rel_path: str | PurePosixPath, scheme: str = "https") -> str:
    """The URL of a file, given its path under sites/ ("<host>/<path>")."""
    rel = PurePosixPath(rel_path).as_posix()
    host, _, path = rel.partition("/")
    if not host or not path:
        raise SampleError(f"not a page path under sites/: {rel!r}")
    if path == INDEX_FILE or path.endswith("/" + INDEX_FILE):
        path = path[: -len(INDEX_FILE)]
    return f"{scheme}://{host}/{path.replace(QUERY_MARK, '?', 1)}"


def path_for(url: str) -> str:
    """The path under sites/ of a URL's file (the inverse of url_for)."""
    parts = urlsplit(url)
    path = parts.path.lstrip("/")
    if not path or path.endswith("/"):
        path += INDEX_FILE
    if parts.query:
        path += QUERY_MARK + parts.query
    return f"{parts.hostname}/{path}"


def iter_site_files(sites_dir: str | Path) -> Iterator[tuple[Path, str]]:
    """(file, path under sites/) for every page, hosts then paths in alphabetical order."""
    sites_dir = Path(sites_dir)
    for file in sorted(p for p in sites_dir.rglob("*") if p.is_file()):
        rel = file.relative_to(sites_dir)
        if any(part.startswith(".") for part in rel.parts) or file.name.endswith(HEADERS_SUFFIX):
            continue
        yield file, rel.as_posix()


# -- responses ------------------------------------------------------------------------------------------

def content_type_for(rel_path: str) -> str:
    name = PurePosixPath(rel_path).name.split(QUERY_MARK, 1)[0]
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in _TEXT_TYPES:
        return f"{_TEXT_TYPES[suffix]}; charset=utf-8"
    return _OTHER_TYPES.get(suffix, "application/octet-stream")


def read_overrides(file: Path) -> tuple[int | None, list[tuple[str, str]]]:
    """The status and headers of a page's .headers file, if it has one."""
    sidecar = file.with_name(file.name + HEADERS_SUFFIX)
    if not sidecar.exists():
        return None, []
    status, headers = None, []
    for n, line in enumerate(sidecar.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition(":")
        if not sep or not name.strip():
            raise SampleError(f"{sidecar}:{n}: expected 'Name: value', got {line!r}")
        name, value = name.strip(), value.strip()
        if name.lower() == "status":
            try:
                status = int(value.split()[0])
            except (ValueError, IndexError):
                raise SampleError(f"{sidecar}:{n}: bad status {value!r}") from None
        else:
            headers.append((name, value))
    return status, headers


def response_headers(cms: str, url: str, rel_path: str, body: bytes, fetched_at: datetime,
                     overrides: list[tuple[str, str]] = ()) -> dict[str, str]:
    headers: dict[str, str] = {"Date": email.utils.format_datetime(fetched_at.astimezone(timezone.utc), usegmt=True)}
    ctype = content_type_for(rel_path)
    if cms == "nukeviet":
        ctype = ctype.replace("charset=utf-8", "charset=UTF-8")  # PHP's spelling
    headers["Content-Type"] = ctype
    headers.update(_SERVER_HEADERS.get(cms, _DEFAULT_SERVER_HEADERS))
    if cms == "sharepoint":
        guid = str(uuid.uuid5(uuid.NAMESPACE_URL, url))
        headers.update({"SPRequestGuid": guid, "request-id": guid, "SPRequestDuration": str(20 + zlib.crc32(url.encode()) % 180),
                        "SPIisLatency": "0"})
    for name, value in overrides:
        for old in [k for k in headers if k.lower() == name.lower()]:
            del headers[old]
        headers[name] = value
    headers["Content-Length"] = str(len(body))
    return headers


# -- the archive ----------------------------------------------------------------------------------------

@contextmanager
def _reproducible_records(seed: str, when: datetime):
    """Make warcio's record ids and default dates reproducible while the sample archive is written."""
    ids = count()
    patched = {
        "_make_warc_id": staticmethod(lambda: f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{seed}#{next(ids)}')}>"),
        "_make_warc_date": staticmethod(lambda use_micros=False: datetime_to_iso_date(
            when.astimezone(timezone.utc).replace(tzinfo=None), use_micros=use_micros)),
    }
    saved = {name: WARCWriter.__dict__[name] for name in patched if name in WARCWriter.__dict__}
    for name, fn in patched.items():
        setattr(WARCWriter, name, fn)
    try:
        yield
    finally:
        for name in patched:
            if name in saved:
                setattr(WARCWriter, name, saved[name])
            else:
                delattr(WARCWriter, name)


def _sources_by_host(sources: list[Source]) -> dict[str, Source]:
    by_host: dict[str, Source] = {}
    for s in sources:
        host = urlsplit(s.base_url).hostname
        if not host:
            raise SampleError(f"source {s.id!r} has no host in base_url {s.base_url!r}")
        if host in by_host:
            raise SampleError(f"sources {by_host[host].id!r} and {s.id!r} share the host {host}")
        by_host[host] = s
    return by_host


def sample_results(sites_dir: str | Path, sources: list[Source]) -> list[FetchResult]:
    """The FetchResults the sample stands for, in crawl order (not yet archived)."""
    by_host = _sources_by_host(sources)
    results = []
    for i, (file, rel) in enumerate(iter_site_files(sites_dir)):
        host = rel.split("/", 1)[0]
        source = by_host.get(host)
        if source is None:
            raise SampleError(f"{file}: no source in the registry has the host {host}")
        url = url_for(rel, urlsplit(source.base_url).scheme or "https")
        body = file.read_bytes()
        fetched_at = CRAWL_START + i * CRAWL_STEP
        status, overrides = read_overrides(file)
        headers = response_headers(source.cms, url, rel, body, fetched_at, overrides)
        results.append(FetchResult(url=url, final_url=url, status=status or 200, headers=headers, body=body,
                                   fetched_at=fetched_at.astimezone(timezone.utc), source_id=source.id))
    if not results:
        raise SampleError(f"no pages under {sites_dir}")
    return results


def build_sample_archive(sites_dir: str | Path = SITES_DIR, sources_toml: str | Path = SOURCES_TOML,
                         out_path: str | Path = ARCHIVE) -> list[FetchResult]:
    """Archive every page under sites_dir into a new gzip WARC at out_path (replacing it).

    Returns the archived FetchResults, with their warc_file and warc_offset set.
    """
    results = sample_results(sites_dir, load_registry(sources_toml))
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    if out_path.exists():
        out_path.unlink()
    with _reproducible_records(f"danvan-sample:{out_path.name}", CRAWL_START):
        with WarcArchive(out_path) as archive:
            for result in results:
                archive.write(result, dict(REQUEST_HEADERS, Host=urlsplit(result.url).netloc))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.sample_build", description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sites", type=Path, default=SITES_DIR, help="folder of <host>/<path> pages")
    parser.add_argument("--sources", type=Path, default=SOURCES_TOML, help="registry of the sample's sources")
    parser.add_argument("--out", type=Path, default=ARCHIVE, help="the WARC file to write (replaced)")
    args = parser.parse_args(argv)
    results = build_sample_archive(args.sites, args.sources, args.out)
    hosts = {urlsplit(r.url).hostname for r in results}
    print(f"{len(results)} responses from {len(hosts)} sites -> {args.out} ({args.out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
