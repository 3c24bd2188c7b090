"""Rendering the digest: all formats, untrusted page text escaped, the empty week, the chart."""
from __future__ import annotations

from datetime import datetime

import pytest

from corpus.records import Article
from pipeline.digest.chart import chart_png
from pipeline.digest.query import build_digest
from pipeline.digest.records import DigestOptions
from pipeline.digest.render import md_escape, number, render_digest, safe_url
from pipeline.store import Store
from test_digest_query import NASTY_TITLE, VN, W13, build_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("digest-render") / "t.duckdb"
    with build_store(path) as s:
        yield s


@pytest.fixture(scope="module")
def digest(store):
    return build_digest(store, DigestOptions(W13))


@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_digest_render_every_format_holds_the_week(digest, fmt):
    out = render_digest(digest, fmt, chart_src="w13.png")
    for expected in ("2023-W13", "27/03–02/04/2023", "Bến Tre", "Vĩnh Long", "Ban Dân vận Tỉnh ủy Bến Tre",
                     "https://dvbt.example.vn/tin/1", "25 mô hình", "toàn tỉnh công nhận 25 mô hình",
                     "150-CTr/TU", "tăng 300%", "mới xuất hiện", "1 trang không có ngày đăng", "Cao Bằng, Hà Giang"):
        assert expected in out, (fmt, expected)
    assert "08-KH/BDVTU" not in out        # cited the week before: not new
    assert ("w13.png" in out) == (fmt != "txt")


def test_digest_render_html_escapes_page_text(digest):
    html = render_digest(digest, "html")
    assert "<script>" not in html
    assert "Bến Tre: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; “dân vận khéo” &#39;quoted&#39;" in html


def test_digest_render_markdown_escapes_page_text(digest):
    md = render_digest(digest, "md")
    assert "<script>" not in md
    assert r"Bến Tre: \<script\>alert(\"x\")\</script\> \& “dân vận khéo”" not in md  # quotes are left alone
    assert r"Bến Tre: \<script\>alert(" in md and r"\</script\> \& “dân vận khéo” 'quoted'" in md


def test_digest_render_plain_text_keeps_page_text(digest):
    assert NASTY_TITLE in render_digest(digest, "txt")


def test_digest_render_links_only_http(tmp_path):
    with Store(tmp_path / "js.duckdb") as s:
        s.upsert_articles([Article(url="javascript:alert(1)//x", title="Bài <b>lạ</b>", text="",
                                   published=datetime(2023, 3, 28, tzinfo=VN), province="Bến Tre")])
        d = build_digest(s, DigestOptions(W13))
    html = render_digest(d, "html")
    md = render_digest(d, "md")
    assert "javascript:" not in html and "Bài &lt;b&gt;lạ&lt;/b&gt;" in html
    assert "](javascript" not in md


def test_digest_render_empty_week_says_so(store):
    d = build_digest(store, DigestOptions(W13.shifted(20), provinces=("Bến Tre",)))
    assert d.is_empty
    for fmt in ("html", "md", "txt"):
        out = render_digest(d, fmt)
        assert "Tuần 2023-W33 không có bài viết mới nào về Bến Tre" in out
        assert "Ban Dân vận Tỉnh ủy Bến Tre" in out   # its silent source is still noted


def test_digest_render_rejects_unknown_format(digest):
    with pytest.raises(ValueError, match="html, md, txt"):
        render_digest(digest, "pdf")


@pytest.mark.parametrize("value, text", [(2071, "2.071"), (0.25, "0,25"), (1.5, "1,5"), (1234567.5, "1.234.567,5"),
                                         (90.0, "90")])
def test_digest_render_numbers_vietnamese(value, text):
    assert number(value) == text


@pytest.mark.parametrize("url, ok", [("https://a.vn/x?y=1", True), ("http://a.vn", True), ("javascript:alert(1)", False),
                                     ("data:text/html,x", False), ("/relative", False), ("https:///nohost", False)])
def test_digest_render_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


def test_digest_render_md_escape_flattens_lines():
    assert md_escape("a\n# b *c* [d](e)\x00") == r"a \# b \*c\* \[d\](e)"


def test_digest_render_chart_is_png(digest, store):
    png = chart_png(digest)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
    empty = chart_png(build_digest(store, DigestOptions(W13.shifted(20))))
    assert empty.startswith(b"\x89PNG")


def test_digest_render_quotes_a_shared_sentence_once():
    from pipeline.digest.records import ArticleItem, Digest, FigureItem, ProvinceDigest

    sentence = "Năm 2023 có 25 mô hình, tăng 3 mô hình so với năm trước."
    url = "https://dvbt.example.vn/tin/5"
    figures = [FigureItem(25, "mô hình", "model", None, "2023", "25 mô hình", sentence, "Tin", url),
               FigureItem(3, "mô hình", "model", "increase", "2023", "tăng 3 mô hình", sentence, "Tin", url)]
    province = ProvinceDigest("Bến Tre", articles=[ArticleItem("a", "Tin", url, None, None, None)],
                              figures={"model": figures})
    digest = Digest(W13, DigestOptions(W13), "v1", provinces=[province])
    assert province.evidence("model") == [figures]
    txt = render_digest(digest, "txt")
    assert txt.count(sentence) == 1 and "25 mô hình; tăng 3 mô hình (2023)" in txt
    html = render_digest(digest, "html")
    assert html.count(sentence) == 1 and "<strong>tăng 3 mô hình</strong> (2023)" in html
