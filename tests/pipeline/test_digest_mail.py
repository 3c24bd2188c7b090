"""Digest delivery against a real SMTP server on 127.0.0.1 (aiosmtpd), parsed back with the email package."""
from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from pipeline.digest.mail import (
    DeliveryError, SmtpOptions, build_message, delivery_status, send_digests, subscriber_options,
)
from pipeline.digest.query import build_digest
from pipeline.digest.subscriptions import parse_subscriptions
from pipeline.store import Store
from test_digest_query import NASTY_TITLE, W13, build_store

SUBSCRIPTIONS = """
[sender]
address = "ban-tin@danvan.example.org"
name = "Bản tin Dân vận"
unsubscribe = ["mailto:huy@danvan.example.org?subject=huy%20{id}", "https://danvan.example.org/huy/{id}"]

[[subscriber]]
id = "bentre-hoa"
email = "hoa@bentre.example.vn"
name = "Nguyễn Thị Hoa"
provinces = ["Bến Tre"]

[[subscriber]]
id = "vinhlong"
email = "vanphong@vinhlong.example.vn"
name = "Văn phòng Ban Dân vận"
provinces = ["Vĩnh Long"]
geography = "2025"
categories = ["event", "model"]
"""


class _CollectingHandler:
    """Collects every message; refuses recipients listed in `refuse` with 550."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()
        self.reject_data = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.reject_data:
            return "554 5.6.0 message content rejected"
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = _CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, SmtpOptions("127.0.0.1", controller.port, timeout=5)
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def built_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("digest-mail") / "t.duckdb"
    build_store(path).close()
    return path


@pytest.fixture
def store(built_db, tmp_path):
    shutil.copy(built_db, tmp_path / "t.duckdb")
    with Store(tmp_path / "t.duckdb") as s:
        yield s


@pytest.fixture
def subs():
    return parse_subscriptions(SUBSCRIPTIONS)


def _parse(raw: bytes) -> EmailMessage:
    return message_from_bytes(raw, policy=policy.default)


def test_digest_mail_sends_one_multipart_message_per_subscriber(store, subs, smtp_server):
    handler, smtp = smtp_server
    report = send_digests(store, subs, W13, smtp)
    assert report.sent == ["bentre-hoa", "vinhlong"] and not report.failed
    assert [(m[0], m[1]) for m in handler.messages] == [
        ("ban-tin@danvan.example.org", ["hoa@bentre.example.vn"]),
        ("ban-tin@danvan.example.org", ["vanphong@vinhlong.example.vn"]),
    ]
    msg = _parse(handler.messages[0][2])
    # UTF-8 subject and display names, encoded on the wire and decoded back
    assert msg["Subject"] == "Bản tin công tác dân vận, tuần 2023-W13"
    assert b"=?utf-8?" in handler.messages[0][2].split(b"\r\n\r\n")[0].lower()
    assert msg["To"].addresses[0].display_name == "Nguyễn Thị Hoa"
    assert msg["From"].addresses[0].display_name == "Bản tin Dân vận"
    assert msg["List-Unsubscribe"] == ("<mailto:huy@danvan.example.org?subject=huy%20bentre-hoa>, "
                                       "<https://danvan.example.org/huy/bentre-hoa>")
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert msg["Message-ID"].endswith("@danvan.example.org>")
    # structure: alternative [plain, related [html, png]]
    assert msg.get_content_type() == "multipart/alternative"
    plain, related = msg.get_payload()
    assert plain.get_content_type() == "text/plain" and related.get_content_type() == "multipart/related"
    html, image = related.get_payload()
    assert html.get_content_type() == "text/html" and image.get_content_type() == "image/png"
    assert image.get_content().startswith(b"\x89PNG\r\n\x1a\n")
    cid = image["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html.get_content()
    assert image.get_content_disposition() == "inline"


def test_digest_mail_escapes_page_text_in_html(store, subs, smtp_server):
    handler, smtp = smtp_server
    send_digests(store, subs, W13, smtp)
    msg = _parse(handler.messages[0][2])
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&amp; “dân vận khéo” &#39;quoted&#39;" in html
    assert NASTY_TITLE in text  # plain text keeps the title as written
    assert 'href="https://dvbt.example.vn/tin/1"' in html


def test_digest_mail_respects_subscriber_provinces_and_categories(store, subs, smtp_server):
    handler, smtp = smtp_server
    send_digests(store, subs, W13, smtp)
    bentre = _parse(handler.messages[0][2]).get_body(("plain",)).get_content()
    vinhlong = _parse(handler.messages[1][2]).get_body(("plain",)).get_content()
    assert "== Bến Tre ==" in bentre and "== Vĩnh Long ==" not in bentre
    # 2025 geography: Vĩnh Long holds Bến Tre's article too; only events and models are listed
    assert "== Vĩnh Long ==" in vinhlong and NASTY_TITLE in vinhlong
    assert "40 hội nghị" in vinhlong and "25 mô hình" in vinhlong and "12 tập thể" not in vinhlong


def test_digest_mail_second_run_sends_nothing(store, subs, smtp_server):
    handler, smtp = smtp_server
    send_digests(store, subs, W13, smtp)
    again = send_digests(store, subs, W13, smtp)
    assert again.sent == [] and again.skipped == ["bentre-hoa", "vinhlong"]
    assert len(handler.messages) == 2
    assert delivery_status(store, "bentre-hoa", W13) == ("sent", 1)
    # another week is a new delivery
    assert send_digests(store, subs, W13.shifted(1), smtp).sent == ["bentre-hoa", "vinhlong"]


def test_digest_mail_failure_is_recorded_and_retried(store, subs, smtp_server):
    handler, smtp = smtp_server
    handler.refuse.add("hoa@bentre.example.vn")
    first = send_digests(store, subs, W13, smtp)
    assert first.sent == ["vinhlong"] and first.failed[0][0] == "bentre-hoa"
    assert "550" in first.failed[0][1] and "mailbox unavailable" in first.failed[0][1]
    status, reason, attempts = store.con.execute(
        "SELECT status, reason, attempts FROM digest_deliveries WHERE subscriber = 'bentre-hoa'").fetchone()
    assert (status, attempts) == ("failed", 1) and "550" in reason
    second = send_digests(store, subs, W13, smtp)   # still refused: a second failed attempt
    assert second.skipped == ["vinhlong"] and delivery_status(store, "bentre-hoa", W13) == ("failed", 2)
    handler.refuse.clear()
    third = send_digests(store, subs, W13, smtp)
    assert third.sent == ["bentre-hoa"] and third.skipped == ["vinhlong"]
    assert delivery_status(store, "bentre-hoa", W13) == ("sent", 3)
    assert store.con.execute("SELECT reason FROM digest_deliveries WHERE subscriber = 'bentre-hoa'").fetchone() == (None,)
    assert [m[1] for m in handler.messages] == [["vanphong@vinhlong.example.vn"], ["hoa@bentre.example.vn"]]


def test_digest_mail_rejected_content_is_recorded_and_retried(store, subs, smtp_server):
    handler, smtp = smtp_server
    handler.reject_data = True
    first = send_digests(store, subs, W13, smtp)
    assert first.sent == [] and [f[1] for f in first.failed] == ["554 5.6.0 message content rejected"] * 2
    handler.reject_data = False
    assert send_digests(store, subs, W13, smtp).sent == ["bentre-hoa", "vinhlong"]
    assert delivery_status(store, "vinhlong", W13) == ("sent", 2) and len(handler.messages) == 2


def test_digest_mail_unreachable_server_marks_all_failed(store, subs):
    smtp = SmtpOptions("127.0.0.1", _free_port(), timeout=2)   # nobody listens there
    report = send_digests(store, subs, W13, smtp)
    assert [f[0] for f in report.failed] == ["bentre-hoa", "vinhlong"]
    assert "cannot reach 127.0.0.1" in report.failed[0][1]
    assert delivery_status(store, "vinhlong", W13) == ("failed", 1)


def test_digest_mail_dry_run_writes_eml_and_records_nothing(store, subs, tmp_path):
    report = send_digests(store, subs, W13, outbox=tmp_path / "outbox")
    assert [p.name for p in report.written] == ["2023-W13-bentre-hoa.eml", "2023-W13-vinhlong.eml"]
    msg = _parse(report.written[0].read_bytes())
    assert msg["To"].addresses[0].addr_spec == "hoa@bentre.example.vn"
    assert msg.get_body(("html",)) is not None
    assert delivery_status(store, "bentre-hoa", W13) is None


def test_digest_mail_empty_week_says_so(store, subs):
    digest = build_digest(store, subscriber_options(subs.subscribers[0], W13.shifted(20)))
    msg = build_message(digest, subs.subscribers[0], subs.sender)
    assert "không có bài viết mới nào" in msg.get_body(("plain",)).get_content()
    assert "không có bài viết mới nào" in msg.get_body(("html",)).get_content()


@pytest.mark.parametrize("spec, host, port", [
    ("mail.example.org:587", "mail.example.org", 587), ("127.0.0.1", "127.0.0.1", 25), ("[::1]:2525", "::1", 2525),
])
def test_digest_mail_smtp_spec_parses(spec, host, port):
    opts = SmtpOptions.parse(spec)
    assert (opts.host, opts.port) == (host, port)


@pytest.mark.parametrize("spec", ["mail:notaport", ":25", "mail:0", "mail:70000"])
def test_digest_mail_smtp_spec_rejects(spec):
    with pytest.raises(DeliveryError, match="HOST:PORT"):
        SmtpOptions.parse(spec)


def test_digest_mail_refuses_password_in_clear_text():
    with pytest.raises(DeliveryError, match="--starttls"):
        SmtpOptions("mail.example.org", 587, user="digest", password="secret").check()
    with pytest.raises(DeliveryError, match="DANVAN_SMTP_PASSWORD"):
        SmtpOptions("mail.example.org", 587, starttls=True, user="digest").check()


@pytest.fixture
def tls_files(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


def test_digest_mail_starttls(store, subs, tls_files):
    cert, key = tls_files
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    handler = _CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port(), tls_context=server_context,
                            require_starttls=True)
    controller.start()
    try:
        plain = SmtpOptions("127.0.0.1", controller.port, timeout=5)
        refused = send_digests(store, subs, W13, plain)      # the server demands STARTTLS first
        assert len(refused.failed) == 2 and not handler.messages
        client_context = ssl.create_default_context(cafile=str(cert))
        tls = SmtpOptions("127.0.0.1", controller.port, starttls=True, timeout=5, tls_context=client_context)
        report = send_digests(store, subs, W13, tls)
    finally:
        controller.stop()
    assert report.sent == ["bentre-hoa", "vinhlong"] and len(handler.messages) == 2


def test_digest_mail_store_without_delivery_table_is_a_clear_error(store, subs, smtp_server):
    handler, smtp = smtp_server
    store.con.execute("DROP TABLE digest_deliveries")
    with pytest.raises(DeliveryError, match="no digest_deliveries table"):
        send_digests(store, subs, W13, smtp)
    assert not handler.messages
