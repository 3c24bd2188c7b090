"""Serving fixture sites on 127.0.0.1 for the scraper tests: one HTTP server per site, each file at its path."""
from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.request import urlopen

from scrapers.adapters import Page

NOT_FOUND = b"<html><body>404</body></html>"


@contextmanager
def serve(body_of: Callable[[str], bytes | None]) -> Iterator[str]:
    """A server answering each GET path with body_of(path) as UTF-8 HTML (404 when None); yields its base URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            body = body_of(self.path)
            self.send_response(404 if body is None else 200)
            body = NOT_FOUND if body is None else body
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_index(root: Path, index: list[dict]) -> Iterator[dict[str, str]]:
    """One server per style of an index.jsonl ({"style", "path", "file", …}); yields {style: base URL}."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        bases = {}
        for style in sorted({e["style"] for e in index}):
            routes = {e["path"]: root / e["file"] for e in index if e["style"] == style}
            bases[style] = stack.enter_context(
                serve(lambda path, routes=routes: routes[path].read_bytes() if path in routes else None))
        yield bases


def fetch(url: str) -> Page:
    with urlopen(url, timeout=5) as response:
        return Page.from_bytes(url, response.read(), response.headers.get("Content-Type", ""))
