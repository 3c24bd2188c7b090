"""A small store built by hand for the analytics tests (views, compare, search, notebooks).

Bến Tre's newspaper and its party site both report 25 models for 2022 (one fact, two articles); Trà Vinh
reports 25 too (another province: another fact) and both went into Vĩnh Long in 2025.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from corpus.records import Article
from extractors.records import DocumentRef, Extraction, Figure
from pipeline.store import Store

VN = timezone(timedelta(hours=7))
VERSION = "test-2"


def _article(slug, source, province, province_2025, published, title, text):
    return Article(url=f"https://{source}.example.vn/tin/{slug}", title=title, text=text, source_id=source,
                   province=province, province_2025=province_2025,
                   published=datetime(*published, 8, 0, tzinfo=VN) if published else None)


def articles() -> list[Article]:
    return [
        _article("bt1", "baobentre", "Bến Tre", "Vĩnh Long", (2023, 1, 10), "Bến Tre tổng kết công tác dân vận",
                 "Năm 2022, toàn tỉnh xây dựng 25 mô hình dân vận khéo. Lãnh đạo tỉnh tiếp công dân định kỳ "
                 "theo Chỉ thị 18-CT/TW."),
        _article("bt2", "bentre-dcs", "Bến Tre", "Vĩnh Long", (2023, 1, 12), "Hội nghị Ban Dân vận Tỉnh ủy",
                 "Trong năm 2022 có 25 mô hình dân vận khéo được công nhận; thực hiện Chương trình "
                 "150-CTr/BCSĐUBND-BDVTU."),
        _article("bt3", "baobentre", "Bến Tre", "Vĩnh Long", (2021, 12, 20), "Nhìn lại 5 năm",
                 "Giai đoạn 2016-2020 có 90 mô hình. Năm 2021 có 18 mô hình dân vận khéo."),
        _article("tv1", "baotravinh", "Trà Vinh", "Vĩnh Long", (2023, 2, 1), "Trà Vinh: dân vận khéo",
                 "Năm 2022, tỉnh có 25 mô hình dân vận khéo; công tác tiếp dân được chú trọng. "
                 "Tỉnh quán triệt Chỉ thị 18-CT/TW."),
        _article("ct1", "baocantho", "Cần Thơ", "Cần Thơ", (2022, 1, 5), "Cần Thơ tiếp công dân",
                 "Năm 2021 thành phố có 12 mô hình; Chủ tịch UBND thành phố tiếp công dân 30 lượt."),
        _article("ct2", "baocantho", "Cần Thơ", "Cần Thơ", (2024, 1, 5), "Cần Thơ: kết quả năm 2023",
                 "Năm 2023 thành phố có 15 mô hình dân vận khéo."),
        _article("nw1", "nhandan", None, None, (2023, 3, 3), "Tin tổng hợp",
                 "Năm 2022 cả nước có 1000 mô hình dân vận khéo, tiếp công dân thường xuyên."),
    ]


def _fig(text: str, needle: str, value: float, category: str, period: str | None) -> Figure:
    start = text.index(needle)
    return Figure(value=value, entity=needle.split(" ", 1)[-1], category=category, start=start, end=start + len(needle),
                  span=needle, period=period)


def extractions(arts: list[Article]) -> list[Extraction]:
    by = {a.url.rsplit("/", 1)[1]: a for a in arts}

    def ex(slug, figures, documents=()):
        return Extraction(id=by[slug].id, figures=list(figures), documents=list(documents), extractor_version=VERSION)

    def doc(slug, number, kind, issuer):
        start = by[slug].full_text.index(number)
        return DocumentRef(number=number, start=start, end=start + len(number), kind=kind, issuer_codes=[issuer])

    t = {k: a.full_text for k, a in by.items()}
    return [
        ex("bt1", [_fig(t["bt1"], "25 mô hình", 25, "model", "2022")], [doc("bt1", "18-CT/TW", "CT", "TW")]),
        ex("bt2", [_fig(t["bt2"], "25 mô hình", 25, "model", "2022")],
           [doc("bt2", "150-CTr/BCSĐUBND-BDVTU", "CTr", "BCSĐUBND-BDVTU")]),
        ex("bt3", [_fig(t["bt3"], "90 mô hình", 90, "model", "2016-2020"),
                   _fig(t["bt3"], "18 mô hình", 18, "model", "2021")]),
        ex("tv1", [_fig(t["tv1"], "25 mô hình", 25, "model", "2022")], [doc("tv1", "18-CT/TW", "CT", "TW")]),
        ex("ct1", [_fig(t["ct1"], "12 mô hình", 12, "model", "2021"),
                   _fig(t["ct1"], "30 lượt", 30, "reception", "2021")]),
        ex("ct2", [_fig(t["ct2"], "15 mô hình", 15, "model", "2023")]),
        ex("nw1", [_fig(t["nw1"], "1000 mô hình", 1000, "model", "2022")]),
    ]


def build_store(path) -> Store:
    """A store at path holding the articles and extractions above (plus an older extractor version)."""
    store = Store(path)
    arts = articles()
    store.upsert_articles(arts)
    store.replace_extractions(extractions(arts))
    old = Extraction(id=arts[0].id, extractor_version="test-1",
                     figures=[Figure(7, "mô hình", "model", 0, 1, "7", period="2022")])
    store.replace_extractions([old])
    return store
