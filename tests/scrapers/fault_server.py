"""A programmable HTTP server on 127.0.0.1 for crawl faults: each path answers with a function of the test.

    with FaultServer() as server:
        server.page("/tin/", listing_html(["/tin/a.html"]))
        server.route("/cham.html", drip(b"...", every=0.2))
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Answer = Callable[[BaseHTTPRequestHandler], None]


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes = b"", headers: dict | None = None,
         ctype: str | None = "text/html; charset=utf-8") -> None:
    handler.send_response(status)
    if ctype:
        handler.send_header("Content-Type", ctype)
    for k, v in (headers or {}).items():
        handler.send_header(k, v)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class FaultServer:
    """The server: routes (path -> answer), what was asked (hits, request headers), and a 404 for the rest."""

    def __init__(self):
        self.routes: dict[str, Answer] = {}
        self.hits: Counter = Counter()
        self.headers: dict[str, list[dict]] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                server.hits[path] += 1
                server.headers.setdefault(path, []).append(dict(self.headers))
                answer = server.routes.get(path)
                try:
                    if answer is None:
                        send(self, 404, b"<html><body>404</body></html>")
                    else:
                        answer(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, answer: Answer) -> None:
        self.routes[path] = answer

    def page(self, path: str, body: bytes | str, status: int = 200, headers: dict | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda h: send(h, status, data, headers)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "FaultServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Drip:
    """An answer that declares `size` bytes and sends them one at a time, `every` seconds apart; `cut` is set
    when the client hung up before the last byte, `done` when the handler is over either way."""

    def __init__(self, size: int, every: float):
        self.size, self.every = size, every
        self.sent = 0
        self.cut = False
        self.done = threading.Event()

    def __call__(self, h: BaseHTTPRequestHandler) -> None:
        try:
            h.send_response(200)
            h.send_header("Content-Type", "text/html; charset=utf-8")
            h.send_header("Content-Length", str(self.size))
            h.end_headers()
            h.wfile.flush()
            for _ in range(self.size):
                time.sleep(self.every)
                h.wfile.write(b"x")
                h.wfile.flush()
                self.sent += 1
        except (BrokenPipeError, ConnectionResetError):
            self.cut = True
        finally:
            self.done.set()


def listing_html(links: list[tuple[str, str]]) -> str:
    """A NukeViet-style listing of (href, title) links."""
    rows = "\n".join(f'<div class="panel-body"><h3><a href="{href}" title="{title}">{title}</a></h3></div>'
                     for href, title in links)
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="generator" '
            'content="NukeViet v4.5"><title>Dân vận</title></head><body><div class="news_list">\n'
            + rows + "\n</div></body></html>")


def article_html(title: str, date: str | None = "Thứ tư - 15/05/2024 07:45",
                 body: str = "Cán bộ xã cùng 30 hộ dân sửa lại con đường đất dẫn vào bản.") -> str:
    """A NukeViet-style article page; an empty title or date=None leaves them out."""
    when = f'<div class="newsdetailmetatop"><span class="h5">{date}</span></div>' if date else ""
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="generator" '
            f'content="NukeViet v4.5"><title>{title}</title></head><body><div class="news_detail">'
            f'<h1 class="title">{title}</h1>{when}<div id="news-bodyhtml" class="bodytext"><p>{body}</p></div>'
            '</div></body></html>')
