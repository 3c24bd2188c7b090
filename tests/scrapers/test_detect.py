"""Auto-detection of the CMS family from markup (scrapers.adapters.registry.detect_cms)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.adapters import ADAPTERS, Page, detect_cms, detect_scores
from scrapers.adapters.registry import DETECT_THRESHOLD

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
INDEX = [json.loads(line) for line in (SITES / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
PAGES = [i for i in INDEX if i["kind"] in ("article", "listing")]


def test_detect_registry_names():
    assert list(ADAPTERS) == ["nukeviet", "sharepoint", "liferay", "newspaper", "portal", "generic"]


@pytest.mark.parametrize("entry", PAGES, ids=[i["path"] for i in PAGES])
def test_detect_fixture_pages(entry):
    page = Page.from_bytes(entry["url"], (SITES / entry["path"]).read_bytes(), entry["content_type"])
    assert detect_cms(page) == entry["family"]


@pytest.mark.parametrize("html, family", [
    ('<html><head><meta name="generator" content="NukeViet v4.5"></head><body></body></html>', "nukeviet"),
    ('<script>var nv_module_name = "news";</script><div id="news-bodyhtml">x</div>', "nukeviet"),
    ('<html><head><meta name="GENERATOR" content="Microsoft SharePoint"></head><body></body></html>', "sharepoint"),
    ('<div class="tandan-p-article-main">x</div>', "sharepoint"),
    ('<script>Liferay.ThemeDisplay = {};</script><div class="journal-content-article">x</div>', "liferay"),
    ('<img src="/dataimages/202112/original/images940766_a1.jpg">', "newspaper"),
    ('<div class="rating">Đánh giá cho bài viết: 0 điểm ( 0 đánh giá )</div>', "portal"),
    ("<html><body><h1>Tin</h1><p>Hôm nay, trực tuyến với nhân dân.</p></body></html>", "generic"),
    ("<html><body><article><p>Một trang tin bình thường.</p></article></body></html>", "generic"),
])
def test_detect_markers(html, family):
    assert detect_cms(Page("http://x.vn/", html)) == family


def test_detect_scores_are_bounded_and_generic_is_the_floor():
    page = Page("http://x.vn/", "<html><body><p>Không có dấu hiệu CMS nào.</p></body></html>")
    scores = detect_scores(page)
    assert set(scores) == set(ADAPTERS)
    assert all(0.0 <= s <= 1.0 for s in scores.values())
    assert max(s for name, s in scores.items() if name != "generic") < DETECT_THRESHOLD
    assert detect_cms(page) == "generic"
