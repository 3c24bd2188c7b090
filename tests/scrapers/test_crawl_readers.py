"""A crawl waiting on a slow site must not lock analysts out: `danvan query`, `compare` and `digest` run in
other processes while a `danvan crawl` process is stuck on the network."""
from __future__ import annotations

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline.store import Store

ROOT = Path(__file__).resolve().parents[2]
CAT = "/vi/news/dan-van/"
TITLES = ["Hội Nông dân xã tổ chức ngày thứ bảy tình nguyện",
          "Mặt trận huyện lấy ý kiến Nhân dân về quy ước thôn",
          "Đoàn viên giúp hộ nghèo sửa nhà trước mùa mưa"]


def _listing() -> bytes:
    rows = "".join(f'<div class="panel-body"><h3><a href="{CAT}bai-{i}.html" title="{t}">{t}</a></h3></div>\n'
                   for i, t in enumerate(TITLES))
    return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="generator" '
            'content="NukeViet v4.5"><title>Dân vận</title></head><body><div class="news_list">\n'
            + rows + "</div></body></html>").encode()


def _article(i: int) -> bytes:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="generator" '
            f'content="NukeViet v4.5"><title>{TITLES[i]}</title></head><body><div class="news_detail">'
            f'<h1 class="title">{TITLES[i]}</h1><div class="newsdetailmetatop"><span class="h5">Thứ sáu - '
            f'1{i}/05/2024 09:00</span></div><div id="news-bodyhtml" class="bodytext"><p>Sáng nay, {12 + i} '
            'hộ dân trong thôn cùng cán bộ xã bàn cách giữ sạch đường làng và kênh mương.</p></div>'
            '</div></body></html>').encode()


class SlowSite:
    """Answers the listing at once; every article waits until the test releases it (at most 60 s)."""

    def __init__(self):
        self.article_asked = threading.Event()
        self.release = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                if path == CAT:
                    body, status = _listing(), 200
                elif path.startswith(CAT + "bai-"):
                    site.article_asked.set()
                    site.release.wait(60)
                    body, status = _article(int(path.rsplit("-", 1)[1].split(".")[0])), 200
                else:
                    body, status = b"<html><body>404</body></html>", 404
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _danvan(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "--db", str(db), *args]


@pytest.mark.slow
def test_crawl_readers_query_compare_digest_while_a_crawl_waits_on_the_network(tmp_path):
    site = SlowSite()
    db = tmp_path / "store.duckdb"
    crawl = subprocess.Popen(
        _danvan(db, "crawl", "--url", site.base + CAT, "--province", "Lai Châu", "--cms", "nukeviet",
                "--delay", "0", "--archive-dir", str(tmp_path / "warc")),
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert site.article_asked.wait(120), "the crawl never asked for an article"
        assert crawl.poll() is None  # the crawl is waiting on the slow article now
        readers = {
            "query": _danvan(db, "query", "SELECT count(*) AS n FROM sources", "--format", "csv"),
            "compare": _danvan(db, "compare", "--format", "csv"),
            "digest": _danvan(db, "digest", "--week", "2024-W19", "--format", "txt"),
        }
        for name, cmd in readers.items():
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, f"{name}: {done.stderr.strip()[-300:]}"
            assert "Could not set lock" not in done.stderr
        assert crawl.poll() is None  # still the same crawl, still waiting
    finally:
        site.release.set()
        out, err = crawl.communicate(timeout=120)
        site.close()
    assert crawl.returncode == 0, err[-500:]
    with Store(db, read_only=True) as store:
        titles = {r[0] for r in store.con.execute("SELECT title FROM articles").fetchall()}
    assert titles == set(TITLES)


HOLD_SCRIPT = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
con.close()
"""


def test_crawl_readers_busy_store_keeps_the_batch_in_the_outbox(tmp_path, monkeypatch):
    """Another process holds the store's write lock: the batch stays in the crawl state, delivered later."""
    from datetime import datetime, timezone

    from common import settings
    from corpus.records import Article
    from pipeline.orchestrate import StoreSink
    from scrapers.records import FetchResult
    from scrapers.state import CrawlState, SinkBusy

    monkeypatch.setattr(settings, "STORE_LOCK_WAIT", 0.2)
    db = tmp_path / "store.duckdb"
    Store(db).close()
    article = Article(url="http://127.0.0.1/tin/1.html", title="Hội nghị dân vận khéo", text="Có 7 mô hình mới.",
                      source_id="thu")
    result = FetchResult(article.url, article.url, 200, {}, b"<html></html>", datetime.now(timezone.utc), "thu")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_SCRIPT, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with CrawlState(tmp_path / "state.duckdb") as state:
            state.article_done(article.url, "thu", result, article)
            sink = StoreSink(db, extractor=False)
            with pytest.raises(SinkBusy):
                state.deliver(sink)
            assert state.undelivered() == 1
            holder.communicate("done\n", timeout=30)
            assert state.deliver(sink) == 1 and state.undelivered() == 0
    finally:
        if holder.poll() is None:
            holder.kill()
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT title FROM articles").fetchall() == [("Hội nghị dân vận khéo",)]
