"""subscriptions.toml: the example file parses, and each kind of mistake gets a clear message."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.digest.subscriptions import SubscriptionError, load_subscriptions, parse_subscriptions

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "subscriptions.example.toml"

SENDER = """
[sender]
address = "ban-tin@danvan.example.org"
unsubscribe = ["mailto:huy@danvan.example.org?subject={id}"]
"""


def test_digest_subscriptions_example_file_parses():
    subs = load_subscriptions(EXAMPLE)
    assert subs.sender.name == "Bản tin công tác dân vận" and subs.sender.reply_to == "theo-doi@danvan.example.org"
    ids = [s.id for s in subs.subscribers]
    assert ids == ["bentre-hoa", "vinhlong-vanphong", "trung-uong"]
    hoa, vl, central = subs.subscribers
    assert hoa.provinces == ("Bến Tre",) and hoa.categories is None and hoa.geography == "1963"
    assert vl.provinces == ("Vĩnh Long",) and vl.geography == "2025" and "petition" in vl.categories
    assert central.provinces is None
    assert hoa.unsubscribe_uris(subs.sender) == [
        "mailto:huy-dang-ky@danvan.example.org?subject=unsubscribe%20bentre-hoa",
        "https://danvan.example.org/huy-dang-ky/bentre-hoa",
    ]


def test_digest_subscriptions_defaults_and_name_variants():
    subs = parse_subscriptions(SENDER + """
[[subscriber]]
email = "a@b.example.vn"
provinces = ["tỉnh Bà Rịa-Vũng Tàu", "tp hcm"]
""")
    (sub,) = subs.subscribers
    assert sub.id == "a@b.example.vn" and sub.provinces == ("Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh")
    assert sub.unsubscribe_uris(subs.sender) == ["mailto:huy@danvan.example.org?subject=a%40b.example.vn"]


@pytest.mark.parametrize("body, message", [
    ("[sender\n", "not valid TOML"),
    ('[[subscriber]]\nemail = "a@b.vn"\n', r"a \[sender\] table"),
    ('[sender]\naddress = "nobody"\nunsubscribe = ["mailto:x@y.vn"]\n[[subscriber]]\nemail = "a@b.vn"\n',
     r"\[sender\] address: 'nobody' is not an email address"),
    (SENDER, "no \\[\\[subscriber\\]\\] entries"),
    (SENDER + '[[subscriber]]\nid = "x"\n', "subscriber #1 email: an email address is required"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\nprovinces = ["Atlantis"]\n',
     "subscriber #1 \\(a@b.vn\\): unknown province 'Atlantis'"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\ncategories = ["awards"]\n', "unknown category 'awards'"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\ngeography = "2030"\n', "geography must be"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\nprovince = ["Bến Tre"]\n', "unknown key 'province'"),
    (SENDER + '[[subscriber]]\nid = "x"\nemail = "a@b.vn"\n[[subscriber]]\nid = "x"\nemail = "c@d.vn"\n',
     "subscriber #2 \\(x\\): id 'x' is used by subscriber #1 too"),
    (SENDER + '[[subscriber]]\nid = "có dấu"\nemail = "a@b.vn"\n', "id must be letters"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\nunsubscribe = ["http://x.vn/u"]\n', "mailto: or https://"),
    ('[sender]\naddress = "s@d.vn"\n[[subscriber]]\nemail = "a@b.vn"\n', "no unsubscribe URI"),
    (SENDER.replace("[sender]", '[sender]\nsubject = "Tuần {week}\\r\\nBcc: x@y.vn"') + '[[subscriber]]\nemail = "a@b.vn"\n',
     "subject must be one line"),
    (SENDER + '[[subscriber]]\nemail = "a@b.vn"\nname = 12\n', "name must be a string"),
])
def test_digest_subscriptions_errors_name_the_entry(body, message):
    with pytest.raises(SubscriptionError, match=message):
        parse_subscriptions(body, "subs.toml")


def test_digest_subscriptions_missing_file(tmp_path):
    with pytest.raises(SubscriptionError, match="no subscriptions file at .*nope.toml"):
        load_subscriptions(tmp_path / "nope.toml")
