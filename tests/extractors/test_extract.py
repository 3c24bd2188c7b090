"""The extractor never crashes on bad input, and its offsets always point into the input."""
import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.extract import ConfigError, ExtractInputError, Extractor, ExtractorOptions, check_steps, read_inputs

VIETNAMESE_BITS = ["Năm 2022, ", "tặng Bằng khen ", "cho 12 tập thể", ", 1.205 cá nhân", " “Dân vận khéo", "”",
                   "hơn 2,5 tỷ đồng", "16/21 sở, ngành", "Kế hoạch số 45-KH/TU, ngày 3-4-2021", "\n", "\u00a0",
                   "lần thứ 18", " khóa XIV", "3 không, 3 đúng", "(", ")", "\"", "từ 32 lên", " 37 cơ quan", "%", "."]


def _check(ex, text):
    for f in ex.figures:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start:f.end] == f.span
        assert f.value == f.value  # not NaN
    for d in ex.documents:
        assert text[d.start:d.end] == d.number
    for p in ex.persons:
        assert 0 <= p.start <= p.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_extract_any_unicode_text(text):
    ex = Extractor().extract(text, id="x")
    _check(ex, text)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(VIETNAMESE_BITS), max_size=40))
def test_extract_vietnamese_fragments(parts):
    text = "".join(parts)
    _check(Extractor().extract(text, id="x", published="2023-03-01"), text)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_extract_binary_garbage_decoded_leniently(data):
    text = data.decode("utf-8", errors="replace")
    _check(Extractor().extract(text), text)


def test_extract_empty_and_huge_text():
    assert Extractor().extract("").figures == []
    rng = random.Random(7)
    text = " ".join(rng.choice(VIETNAMESE_BITS) for _ in range(420_000))  # ~5 MB
    assert len(text.encode()) > 5_000_000
    ex = Extractor().extract(text)
    assert ex.figures and all(f.end <= len(text) for f in ex.figures)


def test_extract_rejects_non_text():
    with pytest.raises(TypeError):
        Extractor().extract(b"bytes")  # type: ignore[arg-type]


def test_extract_step_order_is_checked():
    with pytest.raises(ConfigError, match="needs"):
        check_steps(("figures", "sentences"))
    with pytest.raises(ConfigError, match="unknown"):
        Extractor(ExtractorOptions(steps=("sentences", "nope")))


def test_extract_without_persons_step():
    ex = Extractor(ExtractorOptions(steps=("sentences", "documents", "dates", "figures", "periods")))
    out = ex.extract("Ông Lê Văn Tám - Bí thư Huyện ủy tặng quà 20 hộ nghèo.")
    assert out.persons == [] and [f.value for f in out.figures] == [20]


def test_extract_read_inputs_reports_bad_lines(tmp_path):
    good = tmp_path / "in.jsonl"
    good.write_text(json.dumps({"id": "a", "text": "có 5 mô hình"}, ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert [i.id for i in read_inputs(good)] == ["a"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "x"}\n{"id": 2}\n', encoding="utf-8")
    with pytest.raises(ExtractInputError, match="bad.jsonl:2"):
        list(read_inputs(bad))
    with pytest.raises(ExtractInputError, match="no file"):
        list(read_inputs(tmp_path / "missing.jsonl"))
