"""Extraction speed on one core, with underthesea's word_tokenize on the same sentences for comparison."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from extractors.extract import Extractor
from extractors.text import paragraphs, sentences


def load_texts(path: str | Path | None) -> list[str]:
    """Texts from a JSONL file ({text} per line), or the bundled sample's article texts."""
    if path is not None:
        texts = []
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    texts.append(json.loads(line)["text"])
        if not texts:
            raise ValueError(f"{path}: no texts")
        return texts
    from corpus.pages import articles_from_archive, sample_paths
    from scrapers.registry import load_registry

    archive, registry = sample_paths()
    return [a.full_text for a in articles_from_archive(archive, load_registry(registry))]


@dataclass
class BenchResult:
    rows_: list[tuple] = field(default_factory=list)

    def rows(self) -> list[tuple]:
        return self.rows_


def bench_extract(texts: list[str], repeat: int = 3, underthesea_sentences: int = 300) -> BenchResult:
    result = BenchResult()
    n_sent = sum(len(sentences(t, paragraphs(t))) for t in texts)
    extractor = Extractor()
    extractor.extract(texts[0])  # warm caches (regexes, word lists)
    best = float("inf")
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        for t in texts:
            extractor.extract(t)
        best = min(best, time.perf_counter() - t0)
    result.rows_.append(("danvan extractor", len(texts), n_sent, f"{best:.3f}",
                         f"{n_sent / best:,.0f}", f"{len(texts) / best:,.1f}"))
    if underthesea_sentences:
        from underthesea import word_tokenize

        sents = [t[a:b] for t in texts for a, b in sentences(t, paragraphs(t))][:underthesea_sentences]
        word_tokenize(sents[0])
        t0 = time.perf_counter()
        for s in sents:
            word_tokenize(s)
        dt = time.perf_counter() - t0
        per_article = n_sent / len(texts)
        result.rows_.append(("underthesea word_tokenize", f"~{len(sents) / per_article:.0f}", len(sents), f"{dt:.3f}",
                             f"{len(sents) / dt:,.0f}", f"{len(sents) / dt / per_article:,.1f}"))
    return result


def worst_case_texts() -> dict[str, str]:
    """Inputs under 100 KB built to hit super-linear paths (long sentences, marks, many numbers)."""
    return {
        "60 KB of combining marks between figures": ("12 tập thể " + "\u0301" * 50) * 1000,
        "60 KB of stacked marks after one figure": "1 cá nhân" + "a\u0301\u0323" * 20000,
        "80 KB of right-to-left marks": "\u200f\u202e 5 mô hình " * 6000,
        "95 KB sentence of 5,500 figures": "tặng 12 tập thể, " * 5500,
        "90 KB sentence of nouns": ("các cơ quan đơn vị " * 10 + "có 15 đơn ") * 450,
        "95 KB of quotes and numbers": '"Bếp 0 đồng" 3 "không" ' * 4000,
        "95 KB of years and ranges": "năm 2021 có 5 mô hình, giai đoạn 2016-2020 " * 2200,
    }


def bench_worst_case(extractor: Extractor | None = None) -> list[tuple[str, int, str]]:
    """(case, characters, seconds) for each worst-case input; the target is under 2 s each."""
    extractor = extractor or Extractor()
    extractor.extract("Năm 2022 có 3 mô hình.")
    rows = []
    for name, text in worst_case_texts().items():
        t0 = time.perf_counter()
        extractor.extract(text)
        rows.append((name, len(text), f"{time.perf_counter() - t0:.2f}"))
    return rows
