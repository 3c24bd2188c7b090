"""scrapers/probe.py and `danvan probe`: one page as the crawler sees it, on the unseen fixture sites."""
from __future__ import annotations

from typer.testing import CliRunner

from pipeline.cli import app
from scrapers.dates import parse_iso
from scrapers.probe import ProbeError, probe

from tests.scrapers.test_discovery import UNSEEN, entries, sites  # noqa: F401 - the served unseen sites

runner = CliRunner()


def test_probe_listing_article_and_home(sites):  # noqa: F811
    base = sites["tandan"]
    listing = probe(base + entries("tandan", "listing")[0]["path"])
    assert listing.status == 200 and listing.family == "sharepoint" and listing.kind == "listing"
    assert listing.discovery.method == "structure" and len(listing.discovery.links) == 3
    assert listing.discovery.next_page == base + entries("tandan", "listing")[1]["path"]
    assert any(w.startswith("selectors_found_nothing") for w in listing.warnings)
    assert listing.article is None and listing.article_error

    gold = entries("tandan", "article")[0]
    article = probe(base + gold["path"])
    assert article.kind == "article" and article.warnings == []
    assert article.article.title == gold["title"]
    assert article.article.published == parse_iso(gold["published"])

    home = probe(base + entries("tandan", "home")[0]["path"])
    assert home.kind == "home" and home.discovery.category == base + "/Pages/dan-van.aspx"


def test_probe_errors_are_one_line():
    try:
        probe("http://127.0.0.1:9/", body=b"")
    except ProbeError as exc:
        assert "\n" not in str(exc) and "empty" in str(exc)
    else:
        raise AssertionError("an empty page must be refused")


def test_probe_cli_on_a_saved_page():
    gold = entries("datepath", "article")[0]
    url = "https://bandanvan.example.vn" + gold["path"]
    result = runner.invoke(app, ["probe", url, "--file", str(UNSEEN / gold["file"]), "--chars", "60"])
    assert result.exit_code == 0, result.output
    assert "family: generic" in result.output and gold["title"][:30] in result.output
    assert gold["published"][:10] in result.output
    home = entries("datepath", "home")[0]
    result = runner.invoke(app, ["probe", "https://bandanvan.example.vn/", "--file", str(UNSEEN / home["file"])])
    assert result.exit_code == 0 and "https://bandanvan.example.vn/dan-van-kheo/" in result.output


def test_probe_cli_bad_input():
    result = runner.invoke(app, ["probe", "https://x.vn/", "--file", "/no/such/page.html"])
    assert result.exit_code == 1 and "cannot read" in result.output
    result = runner.invoke(app, ["probe", "ftp://x.vn/a", "--cms", "generic"])
    assert result.exit_code == 1 and "cannot fetch" in result.output
    gold = entries("datepath", "article")[0]
    result = runner.invoke(app, ["probe", "https://x.vn/a", "--file", str(UNSEEN / gold["file"]), "--cms", "wordpress"])
    assert result.exit_code == 1 and "unknown CMS family" in result.output
