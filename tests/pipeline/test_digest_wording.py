"""How the digest words figures: the article's qualifier, one listing per article, targets and undated pages
left out, List-Unsubscribe kept plain, and the CLI's messages (plurals, unwritable outputs, versions)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy

import pytest
from typer.testing import CliRunner

from corpus.records import Article
from extractors.records import Extraction, Figure
from pipeline.cli import app
from pipeline.digest.mail import build_message
from pipeline.digest.query import build_digest
from pipeline.digest.records import DigestOptions
from pipeline.digest.render import render_digest
from pipeline.digest.subscriptions import Sender, Subscriber
from pipeline.digest.week import IsoWeek
from pipeline.digest.wording import is_target, qualifier_word
from pipeline.store import Store

VN = timezone(timedelta(hours=7))
W20 = IsoWeek(2024, 20)     # 13 to 19 May 2024


@pytest.mark.parametrize("span, word", [
    ("hơn 30,6 tỷ đồng", "hơn"), ("gần 1.200 lượt", "gần"), ("Trên 95% hộ", "trên"), ("khoảng 40 hội nghị", "khoảng"),
    ("tăng gần 30%", "tăng gần"), ("42 mô hình", None), ("", None),
])
def test_digest_wording_qualifier_word_as_written(span, word):
    assert qualifier_word(span) == word


@pytest.mark.parametrize("sentence, span, published, period, expected", [
    ("Phấn đấu đến năm 2025 có 100% xã đạt chuẩn dân vận khéo.", "100% xã", 2023, None, True),
    ("Đến năm 2026, toàn tỉnh có 120 mô hình mới.", "120 mô hình", 2024, None, True),
    ("Mục tiêu năm nay: thành lập 15 tổ hòa giải.", "15 tổ", 2024, None, True),
    ("Huyện dự kiến tổ chức 6 hội nghị đối thoại.", "6 hội nghị", 2024, None, True),
    ("Đến năm 2023, toàn tỉnh có 120 mô hình.", "120 mô hình", 2024, None, False),   # a past year: a result
    ("Năm 2023 đã đạt 104% chỉ tiêu kế hoạch.", "104%", 2024, None, False),            # the quota comes after
    ("Tỉnh đã khen 12 tập thể; năm tới sẽ nhân rộng mô hình.", "12 tập thể", 2024, None, False),
    ("Có 8 mô hình được đăng ký.", "8 mô hình", 2024, 2026, True),                      # future period
])
def test_digest_wording_targets(sentence, span, published, period, expected):
    assert is_target(sentence, span, published, period) is expected


def _figure(text, span, value, entity, category, qualifier=None, at=None):
    start = text.index(span) if at is None else at
    # the sentence holding the span: from the previous ". " or line break to the next
    cut = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    s0 = 0 if cut < 0 else cut + 1
    s1 = min([i for i in (text.find(". ", start), text.find("\n", start)) if i >= 0] or [len(text)])
    return Figure(value=value, entity=entity, category=category, start=start, end=start + len(span), span=span,
                  qualifier=qualifier, period="2024", sentence=text[s0:s1].strip(" .\n"))


@pytest.fixture
def store(tmp_path):
    title = "Quỹ hỗ trợ nông dân đạt hơn 30,6 tỷ đồng"
    body = ("Năm 2024, quỹ hỗ trợ nông dân của tỉnh đạt hơn 30,6 tỷ đồng, giúp gần 1.200 hộ vay vốn. "
            "Phấn đấu đến năm 2027 có 100% xã có tổ vay vốn.")
    published = Article(url="https://hoinongdan.example.vn/tin/quy-ho-tro", title=title, text=body,
                        published=datetime(2024, 5, 14, 9, 0, tzinfo=VN), province="Long An",
                        province_2025="Tây Ninh")
    about = Article(url="https://hoinongdan.example.vn/gioi-thieu", title="Giới thiệu", text="Hội có 14 ban.",
                    published=None, fetched_at=datetime(2024, 5, 15, 9, 0, tzinfo=VN), province="Long An",
                    province_2025="Tây Ninh")
    s = Store(tmp_path / "w.duckdb")
    s.upsert_articles([published, about])
    full = published.full_text
    body_at = full.index(body)
    s.replace_extractions([
        Extraction(id=published.id, extractor_version="0.9.0", figures=[
            _figure(full, "hơn 30,6 tỷ đồng", 30.6, "tỷ đồng", "money", "approx"),
            _figure(full, "hơn 30,6 tỷ đồng", 30.6, "tỷ đồng", "money", "approx",
                    at=full.index("hơn 30,6 tỷ đồng", body_at)),
            _figure(full, "gần 1.200 hộ", 1200, "hộ", "participants", "approx"),
            _figure(full, "100% xã", 100, "xã", "percent"),
        ]),
        # a newer version, by version order (text order would put 0.9.0 last)
        Extraction(id=published.id, extractor_version="0.10.0", figures=[
            _figure(full, "hơn 30,6 tỷ đồng", 30.6, "tỷ đồng", "money", "approx",
                    at=full.index("hơn 30,6 tỷ đồng", body_at)),
        ]),
        Extraction(id=about.id, extractor_version="0.10.0", figures=[
            _figure(about.full_text, "14 ban", 14, "ban", "other")]),
    ])
    yield s
    s.close()


def test_digest_wording_end_to_end(store):
    d = build_digest(store, DigestOptions(W20, extractor_version="0.9.0"))
    (la,) = d.provinces
    assert [a.title for a in la.articles] == ["Quỹ hỗ trợ nông dân đạt hơn 30,6 tỷ đồng"]
    assert d.undated_pages == 1                      # the "about" page is not news
    assert d.targets_left_out == 1                   # "phấn đấu đến năm 2027 có 100% xã"
    money = la.figures["money"]
    assert len(money) == 1 and "Năm 2024" in money[0].sentence   # once, quoting the body, not the headline
    assert "percent" not in la.figures
    text = render_digest(d, "txt")
    assert "hơn 30,6 tỷ đồng" in text and "gần 1.200 hộ" in text and "khoảng 30,6" not in text
    assert "1 trang không có ngày đăng" in text and "1 số liệu là mục tiêu" in text


def test_digest_wording_latest_version_is_ordered_as_a_version(store):
    d = build_digest(store, DigestOptions(W20))
    assert d.extractor_version == "0.10.0"


def test_digest_wording_list_unsubscribe_stays_plain_for_long_ids(store):
    d = build_digest(store, DigestOptions(W20))
    sender = Sender(address="ban-tin@danvan.example.org", name="Bản tin",
                    unsubscribe=("mailto:huy@danvan.example.org?subject=huy%20{id}",
                                 "https://danvan.example.org/huy/{id}"))
    for sid in ("vinhlong-vanphong", "vinhlong-vanphong-ban-dan-van-tinh-uy-phong-tong-hop-2025"):
        msg = build_message(d, Subscriber(id=sid, email="vp@vinhlong.example.vn"), sender)
        raw = msg.as_bytes()
        head = raw.split(b"\r\n\r\n")[0].decode("ascii")
        block = head[head.index("List-Unsubscribe:"):].split("\r\nList-Unsubscribe-Post")[0]
        assert "=?" not in block and f"<mailto:huy@danvan.example.org?subject=huy%20{sid}>" in block
        parsed = message_from_bytes(raw, policy=policy.default)
        assert parsed["List-Unsubscribe"] == (f"<mailto:huy@danvan.example.org?subject=huy%20{sid}>, "
                                              f"<https://danvan.example.org/huy/{sid}>")
        assert parsed["Date"].endswith("+0700")


def test_digest_wording_cli_plurals_version_and_unwritable_out(store, tmp_path):
    db = store.path
    store.close()
    runner = CliRunner()
    out = tmp_path / "d" / "w20.md"
    ok = runner.invoke(app, ["--db", str(db), "digest", "--week", "2024-W20", "--out", str(out),
                             "--extractor-version", "0.10.0"])
    assert ok.exit_code == 0, ok.output
    assert "1 article, 1 figure in 1 province" in ok.output
    blocked = tmp_path / "a-file"
    blocked.write_text("x")
    bad = runner.invoke(app, ["--db", str(db), "digest", "--week", "2024-W20", "--out", str(blocked / "d.md")])
    assert bad.exit_code == 1 and bad.output.startswith("Error: cannot create the folder")
    assert len(bad.output.strip().splitlines()) == 1 and "Traceback" not in bad.output
    subs = tmp_path / "subs.toml"
    subs.write_text('[sender]\naddress = "a@danvan.example.org"\n\n[[subscriber]]\nid = "la"\n'
                    'email = "b@longan.example.vn"\nprovinces = ["Long An"]\n', encoding="utf-8")
    # the message keeps its bracketed words (no markup swallowing "[sender]")
    no_uri = runner.invoke(app, ["--db", str(db), "digest", "send", "--week", "2024-W20", "--subscriptions",
                                 str(subs), "--dry-run", "--outbox", str(tmp_path / "outbox")])
    assert no_uri.exit_code == 1 and "give [sender] unsubscribe" in no_uri.output
    subs.write_text(subs.read_text(encoding="utf-8").replace(
        '[sender]\n', '[sender]\nunsubscribe = ["mailto:huy@danvan.example.org?subject={id}"]\n'), encoding="utf-8")
    send = runner.invoke(app, ["--db", str(db), "digest", "send", "--week", "2024-W20", "--subscriptions",
                               str(subs), "--dry-run", "--outbox", str(blocked / "outbox")])
    assert send.exit_code == 1 and "cannot create the outbox" in send.output and "Traceback" not in send.output
