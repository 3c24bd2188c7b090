"""Digest timing on a generated store: build, render, chart, and SMTP delivery to a local server."""
from __future__ import annotations

import random
import socket
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from corpus.records import Article
from extractors.records import CATEGORIES, DocumentRef, Extraction, Figure
from pipeline.digest.chart import chart_png
from pipeline.digest.mail import SmtpOptions, send_digests
from pipeline.digest.query import build_digest
from pipeline.digest.records import DigestOptions
from pipeline.digest.render import render_digest
from pipeline.digest.subscriptions import parse_subscriptions
from pipeline.digest.week import IsoWeek
from common.gazetteer import province_2025_of, provinces_63
from pipeline.store import Store

# Generated sentences: {n} is the figure, written for this benchmark (not taken from any corpus).
_SENTENCES = [
    ("model", "Toàn tỉnh có {n} mô hình “Dân vận khéo” được công nhận trong năm.", "mô hình"),
    ("award_collective", "Ban Thường vụ tặng Giấy khen cho {n} tập thể tiêu biểu.", "tập thể"),
    ("event", "Các địa phương tổ chức {n} hội nghị tuyên truyền về công tác dân vận.", "hội nghị"),
    ("petition", "Trong quý, cơ quan tiếp nhận {n} đơn thư của công dân.", "đơn"),
    ("participants", "Có {n} lượt người tham gia các buổi đối thoại.", "lượt người"),
]


@dataclass
class DigestBench:
    articles: int
    figures: int
    load_s: float                    # generating and loading the store (Store.upsert_articles, replace_extractions)
    build_s: float
    render_s: dict[str, float]
    chart_s: float
    messages: int = 0
    send_s: float | None = None


def _generate(store: Store, week: IsoWeek, weeks: int, per_week: int, seed: int) -> tuple[int, int]:
    rng = random.Random(seed)
    provinces = provinces_63()
    articles, extractions = [], []
    for w in range(weeks):
        monday = week.shifted(-w).bounds()[0]
        for i in range(per_week):
            province = rng.choice(provinces)
            when = monday + timedelta(minutes=rng.randrange(7 * 24 * 60))
            chosen = rng.sample(_SENTENCES, rng.randint(1, 3))
            sentences = [(c, s.format(n=rng.randint(2, 300)), e) for c, s, e in chosen]
            text = " ".join(s for _, s, _ in sentences)
            a = Article(url=f"https://bench.example.vn/{w}/{i}", title=f"Tin dân vận {province} số {i}", text=text,
                        published=when if rng.random() > 0.1 else None,
                        fetched_at=when + timedelta(hours=2), source_id=f"src-{provinces.index(province)}",
                        province=province, province_2025=province_2025_of(province))
            figures = []
            offset = 0
            for category, sentence, entity in sentences:
                number = sentence.split(" " + entity)[0].split()[-1]
                start = text.index(sentence, offset) + sentence.index(number + " " + entity)
                figures.append(Figure(value=float(number), entity=entity, category=category, start=start,
                                      end=start + len(number) + 1 + len(entity),
                                      span=f"{number} {entity}", period=str(when.year), sentence=sentence))
                offset = start
            docs = [DocumentRef(number=f"{rng.randint(1, 400)}-KH/TU", start=0, end=5)] if rng.random() < 0.3 else []
            articles.append(a)
            extractions.append(Extraction(id=a.id, figures=figures, documents=docs, extractor_version="bench"))
    store.upsert_articles(articles)
    store.replace_extractions(extractions)
    assert all(c in CATEGORIES for c, _, _ in _SENTENCES)
    return len(articles), sum(len(x.figures) for x in extractions)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bench_digest(per_week: int = 100, weeks: int = 5, subscribers: int = 10, seed: int = 1) -> DigestBench:
    """Generate `weeks` weeks of `per_week` articles over the 63 provinces, then time one week's digest.

    With aiosmtpd installed (a dev dependency), also send to `subscribers` subscribers (one province each)
    through a local SMTP server on 127.0.0.1 and time the whole delivery.
    """
    week = IsoWeek(2023, 13)
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        t0 = time.perf_counter()
        n_articles, n_figures = _generate(store, week, weeks, per_week, seed)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        digest = build_digest(store, DigestOptions(week))
        build_s = time.perf_counter() - t0
        render_s = {}
        for fmt in ("html", "md", "txt"):
            t0 = time.perf_counter()
            render_digest(digest, fmt, chart_src="chart.png")
            render_s[fmt] = time.perf_counter() - t0
        t0 = time.perf_counter()
        chart_png(digest)
        chart_s = time.perf_counter() - t0
        result = DigestBench(n_articles, n_figures, load_s, build_s, render_s, chart_s)
        try:
            from aiosmtpd.controller import Controller
        except ImportError:
            return result

        class _Sink:
            async def handle_DATA(self, server, session, envelope):
                return "250 OK"

        provinces = provinces_63()
        subs = parse_subscriptions('[sender]\naddress = "bench@danvan.example.org"\n'
                                   'unsubscribe = ["mailto:huy@danvan.example.org?subject={id}"]\n' + "".join(
                                       f'[[subscriber]]\nid = "s{i}"\nemail = "s{i}@example.vn"\n'
                                       f'provinces = ["{provinces[i % len(provinces)]}"]\n'
                                       for i in range(subscribers)))
        controller = Controller(_Sink(), hostname="127.0.0.1", port=_free_port())
        controller.start()
        try:
            t0 = time.perf_counter()
            report = send_digests(store, subs, week, SmtpOptions("127.0.0.1", controller.port))
            result.send_s = time.perf_counter() - t0
            result.messages = len(report.sent)
        finally:
            controller.stop()
        return result
