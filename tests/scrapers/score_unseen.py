"""Before -> after scorer for unseen home pages and month-first dates, run on whichever checkout is the cwd.

    cd CHECKOUT && /path/to/.venv/bin/python /path/to/tests/scrapers/score_unseen.py [--fixtures HOMES_DIR]

Homes: the sites of tests/fixtures/sites/homes read offline (home pages whose dân vận category is found, home
pages refused as articles, articles read right — title, date, first sentence —, listing walks giving exactly
the category's articles). Dates: the month-first cases of test_month_first_dates.py (date lines, and pages
for each kind of evidence). It imports only the checkout's scrapers package, so an older commit can be scored.
"""
import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, ".")
from scrapers.adapters import NotAnArticle, Page, detect_cms, get_adapter  # noqa: E402
from scrapers.dates import VN_TZ, parse_iso, parse_vi_datetime  # noqa: E402

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "homes"


def homes(folder: Path) -> dict:
    idx = [json.loads(line) for line in (folder / "index.jsonl").read_text(encoding="utf-8").splitlines() if line]
    base = "http://127.0.0.1:1"
    res = {"homes": 0, "home_category": 0, "home_refused": 0, "articles": 0, "articles_ok": 0, "sites": 0,
           "listings_exact": 0}
    for style in sorted({e["style"] for e in idx}):
        res["sites"] += 1
        arts = {base + e["path"] for e in idx if e["style"] == style and e["kind"] == "article"}
        first = next(e for e in idx if e["style"] == style and e["kind"] == "listing")
        links: set[str] = set()
        for e in (e for e in idx if e["style"] == style):
            page = Page.from_bytes(base + e["path"], (folder / e["file"]).read_bytes())
            adapter = get_adapter(detect_cms(page))
            if e["kind"] == "home":
                res["homes"] += 1
                res["home_category"] += adapter.discover(page).category == base + first["path"]
                try:
                    adapter.parse_article(page)
                except NotAnArticle:
                    res["home_refused"] += 1
            elif e["kind"] == "listing":
                links |= set(adapter.discover(page).links)
            else:
                res["articles"] += 1
                try:
                    a = adapter.parse_article(page)
                except NotAnArticle:
                    continue
                res["articles_ok"] += (a.title == e["title"] and a.published == parse_iso(e["published"])
                                       and a.text.startswith(e["first"]))
        res["listings_exact"] += links == arts
    return res


def vn(*args) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


LINES = [("07/12/2023", vn(2023, 12, 7)), ("Thứ năm, 2/11/2023", vn(2023, 11, 2)),
         ("Cập nhật: 03/08/2011 10:00 AM", vn(2011, 8, 3, 10)),
         ("Published on 03-08-2011  01:00 AM", vn(2011, 3, 8, 1)), ("Posted 04/05/2013 9:12 AM", vn(2013, 4, 5, 9, 12)),
         ("Posted by admin on 06/07/2013", vn(2013, 6, 7)), ("Last updated: 01.02.2014 16:40", vn(2014, 1, 2, 16, 40)),
         ("Posted 12/25/2012 3:04 PM", vn(2012, 12, 25, 15, 4)), ("12/25/2012", vn(2012, 12, 25))]
BODY = "<p>" + "Ban Dân vận huyện phối hợp với Mặt trận tổ chức buổi gặp mặt các già làng để bàn cách giữ an ninh. " * 3
TITLE = "Gặp mặt người có uy tín trước mùa lễ hội"


def post(meta: str, extra: str = "", head: str = "") -> str:
    return (f"<html><head><title>{TITLE} | Dan Van News</title>{head}</head><body><div id='p'><h1>{TITLE}</h1>"
            f"<div class='postmeta'>{meta}</div><div class='entry'>{BODY}</p></div>{extra}</div></body></html>")


URL = "https://news.example.vn/bai-viet/gap-mat"
PAGES = [("English label", URL, post("Published on 03-08-2011 01:00 AM"), vn(2011, 3, 8, 1)),
         ("another date on the page", URL,
          post("04/05/2013 09:12", "<div class='reply'><span>04/21/2013 8:30 PM</span><p>Hay.</p></div>"),
          vn(2013, 4, 5, 9, 12)),
         ("URL day", "https://news.example.vn/2013/04/05/gap-mat.html", post("04/05/2013 09:12"), vn(2013, 4, 5, 9, 12)),
         ("JSON-LD dateModified", URL,
          post("06/07/2013 10:00", head='<script type="application/ld+json">{"dateModified": "2013-06-07"}</script>'),
          vn(2013, 6, 7, 10)),
         ("Vietnamese label (day first)", URL, post("Ngày đăng: 03-08-2011 01:00 AM"), vn(2011, 8, 3, 1))]


def dates() -> dict:
    res = {"vietnamese_lines": sum(parse_vi_datetime(t) == e for t, e in LINES[:3]), "of_vietnamese": 3,
           "month_first_lines": sum(parse_vi_datetime(t) == e for t, e in LINES[3:]), "of_month_first": len(LINES) - 3}
    for name, url, html, expected in PAGES:
        res[f"page: {name}"] = get_adapter("generic").parse_article(Page(url, html)).published == expected
    return res


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fixtures", type=Path, default=HERE, help="the homes fixture folder")
    args = parser.parse_args()
    print("homes:", json.dumps(homes(args.fixtures)))
    print("dates:", json.dumps(dates(), ensure_ascii=False))
