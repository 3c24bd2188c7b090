"""Digest emails: building the MIME message, sending it over SMTP, and recording each delivery in the store.

Each (subscriber, week) has one row in digest_deliveries (migration 004). A subscriber whose row says "sent" is
skipped; a "failed" row is retried on the next run, its attempts counted and its last reason kept.
"""
from __future__ import annotations

import hashlib
import secrets
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from pipeline.digest.chart import chart_png
from pipeline.digest.defaults import COMPARE_WEEKS, SMTP_TIMEOUT, TIMEZONE
from pipeline.digest.query import build_digest
from pipeline.digest.records import Digest, DigestOptions
from pipeline.digest.render import render_digest
from pipeline.digest.subscriptions import Sender, Subscriber, Subscriptions
from pipeline.digest.week import IsoWeek
from pipeline.store import Store

_LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


class DeliveryError(Exception):
    """Sending cannot start (bad SMTP settings); nothing was sent or recorded."""


class MailPolicy(policy.EmailPolicy):
    """policy.SMTP, except that List-Unsubscribe stays a plain header whatever its length.

    The standard policy turns a header holding a token longer than a line (a long subscriber id in a mailto
    URI) into an RFC 2047 encoded-word, which mail clients no longer read as a link. Here it is folded only
    between its <URI> entries (each on its own line, RFC 2369; lines stay far below the 998-octet limit).
    """

    PLAIN_HEADERS = ("list-unsubscribe", "list-unsubscribe-post")

    def _plain(self, name: str, value) -> str:
        uris = [u.strip() for u in str(value).replace("\r", " ").replace("\n", " ").split(">,")]
        uris = [u if u.endswith(">") else u + ">" for u in uris[:-1]] + uris[-1:]
        return f"{name}: " + ("," + self.linesep + " ").join(uris) + self.linesep

    def fold(self, name, value):
        if name.lower() in self.PLAIN_HEADERS:
            return self._plain(name, value)
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if name.lower() in self.PLAIN_HEADERS:
            return self._plain(name, value).encode("ascii", "surrogateescape")
        return super().fold_binary(name, value)


SMTP_POLICY = MailPolicy(linesep="\r\n")


@dataclass(frozen=True)
class SmtpOptions:
    """How to reach the mail server. password comes from the environment (see docs/digest.md), never argv.

    tls_context: used for STARTTLS (default: the system's trusted CAs, hostname checked).
    """

    host: str
    port: int = 25
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    timeout: float = SMTP_TIMEOUT
    tls_context: ssl.SSLContext | None = None

    @classmethod
    def parse(cls, spec: str, **kw) -> "SmtpOptions":
        """'HOST:PORT' (or 'HOST', port 25; '[::1]:2525' for IPv6) -> SmtpOptions."""
        spec = spec.strip()
        host, port = spec, "25"
        if spec.startswith("["):
            host, _, rest = spec[1:].partition("]")
            port = rest.lstrip(":") or "25"
        elif spec.count(":") == 1:
            host, port = spec.split(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise DeliveryError(f"--smtp must be HOST:PORT, e.g. mail.example.org:587, not {spec!r}")
        return cls(host=host, port=int(port), **kw)

    def check(self) -> None:
        if self.user and not self.password:
            raise DeliveryError("an SMTP user needs a password in the environment (DANVAN_SMTP_PASSWORD)")
        if self.user and not self.starttls and self.host not in _LOCAL_HOSTS:
            raise DeliveryError(f"refusing to send a password to {self.host} in clear text: add --starttls")


@dataclass
class SendReport:
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)    # (subscriber id, reason)
    skipped: list[str] = field(default_factory=list)               # already sent this week
    written: list[Path] = field(default_factory=list)              # dry run: the .eml files


def subscriber_options(subscriber: Subscriber, week: IsoWeek, compare_weeks: int = COMPARE_WEEKS) -> DigestOptions:
    return DigestOptions(week, subscriber.provinces, subscriber.categories, subscriber.geography, compare_weeks)


def _domain(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


def build_message(digest: Digest, subscriber: Subscriber, sender: Sender, now: datetime | None = None) -> EmailMessage:
    """One subscriber's email: multipart/alternative of text and HTML, the HTML with the chart inline.

    Structure: multipart/alternative [text/plain, multipart/related [text/html, image/png (Content-ID)]].
    Subject and display names are UTF-8 (RFC 2047 encoded on the wire); List-Unsubscribe comes from the
    subscriptions file (with List-Unsubscribe-Post for one-click when an https URI is given).
    """
    domain = _domain(sender.address)
    cid = f"<chart.{digest.week}.{secrets.token_hex(6)}@{domain}>"   # short: a folded Content-ID confuses some clients
    unsubscribe = subscriber.unsubscribe_uris(sender)
    link = next((u for u in unsubscribe if u.startswith("https://")), unsubscribe[0] if unsubscribe else None)
    name = subscriber.name or None
    text = render_digest(digest, "txt", recipient_name=name, unsubscribe_url=link)
    html = render_digest(digest, "html", chart_src=f"cid:{cid[1:-1]}", recipient_name=name, unsubscribe_url=link)

    msg = EmailMessage(policy=SMTP_POLICY)
    msg["Subject"] = sender.subject.replace("{week}", str(digest.week))
    msg["From"] = Address(display_name=sender.name, addr_spec=sender.address)
    msg["To"] = Address(display_name=subscriber.name, addr_spec=subscriber.email)
    if sender.reply_to:
        msg["Reply-To"] = Address(addr_spec=sender.reply_to)
    msg["Date"] = format_datetime((now or datetime.now(timezone.utc)).astimezone(TIMEZONE))   # +0700
    tag = hashlib.sha256(f"{subscriber.id}|{digest.week}".encode()).hexdigest()[:12]
    msg["Message-ID"] = make_msgid(idstring=f"digest.{digest.week}.{tag}", domain=domain)
    if unsubscribe:
        msg["List-Unsubscribe"] = ", ".join(f"<{u}>" for u in unsubscribe)
        if any(u.startswith("https://") for u in unsubscribe):
            msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    html_part = msg.get_payload()[1]
    html_part.add_related(chart_png(digest), maintype="image", subtype="png", cid=cid,
                          filename=f"bieu-do-{digest.week}.png", disposition="inline")
    return msg


# -- delivery records ------------------------------------------------------------------------------

def delivery_status(store: Store, subscriber_id: str, week: IsoWeek) -> tuple[str, int] | None:
    """(status, attempts) recorded for a subscriber and week, or None."""
    row = store.con.execute(
        "SELECT status, attempts FROM digest_deliveries WHERE subscriber = ? AND week = ?", [subscriber_id, str(week)]
    ).fetchone()
    return (row[0], row[1]) if row else None


def record_delivery(store: Store, subscriber: Subscriber, week: IsoWeek, status: str, reason: str | None,
                    message_id: str | None) -> None:
    with store.transaction() as con:
        con.execute(
            """INSERT INTO digest_deliveries (subscriber, week, status, reason, attempts, message_id, recipient, "at")
               VALUES (?, ?, ?, ?, 1, ?, ?, ?)
               ON CONFLICT (subscriber, week) DO UPDATE SET status = excluded.status, reason = excluded.reason,
                 attempts = digest_deliveries.attempts + 1, message_id = excluded.message_id,
                 recipient = excluded.recipient, "at" = excluded."at" """,
            [subscriber.id, str(week), status, reason, message_id, subscriber.email, datetime.now(timezone.utc)],
        )


# -- sending -----------------------------------------------------------------------------------------

def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{rcpt}: {code} {msg.decode(errors='replace') if isinstance(msg, bytes) else msg}"
                         for rcpt, (code, msg) in exc.recipients.items())
    if isinstance(exc, smtplib.SMTPResponseException):
        msg = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {msg}"
    return f"{type(exc).__name__}: {exc}"


def _connect(smtp: SmtpOptions) -> smtplib.SMTP:
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
    try:
        client.ehlo()
        if smtp.starttls:
            client.starttls(context=smtp.tls_context or ssl.create_default_context())
            client.ehlo()
        if smtp.user:
            client.login(smtp.user, smtp.password or "")
    except BaseException:
        client.close()
        raise
    return client


def send_digests(
    store: Store,
    subscriptions: Subscriptions,
    week: IsoWeek,
    smtp: SmtpOptions | None = None,
    outbox: Path | None = None,
    compare_weeks: int = COMPARE_WEEKS,
    progress: Callable[[str, str], None] | None = None,
) -> SendReport:
    """Send the week's digest to every subscriber not yet served this week.

    outbox: a dry run: the messages are written there as .eml files, nothing is sent or recorded.
    smtp: the server for a real run. A subscriber already recorded as sent is skipped; every attempt is
    recorded (sent, or failed with the server's reply) so failures are retried on the next run.
    A connection failure marks every pending subscriber failed with that reason and stops.
    progress: called with (subscriber id, outcome) after each subscriber.
    """
    if outbox is None and smtp is None:
        raise DeliveryError("name an SMTP server, or an outbox folder for a dry run")
    if smtp is not None and outbox is None:
        smtp.check()
    if outbox is None and not store.con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'digest_deliveries'"
    ).fetchone()[0]:
        raise DeliveryError(f"the store {store.path} has no digest_deliveries table (migration 004_digest.sql); "
                            "it was created before that migration existed and was not upgraded")
    report = SendReport()
    note = progress or (lambda _id, _outcome: None)
    pending: list[Subscriber] = []
    for sub in subscriptions.subscribers:
        status = delivery_status(store, sub.id, week)
        if status and status[0] == "sent":
            report.skipped.append(sub.id)
            note(sub.id, "already sent")
        else:
            pending.append(sub)
    if outbox is not None:
        try:
            outbox.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeliveryError(f"cannot create the outbox {outbox}: {exc.strerror or exc}") from None
    client: smtplib.SMTP | None = None
    try:
        for i, sub in enumerate(pending):
            msg = build_message(build_digest(store, subscriber_options(sub, week, compare_weeks)), sub,
                                subscriptions.sender)
            if outbox is not None:
                path = outbox / f"{week}-{sub.id.replace('@', '_at_')}.eml"
                try:
                    path.write_bytes(msg.as_bytes(policy=SMTP_POLICY))
                except OSError as exc:
                    raise DeliveryError(f"cannot write to the outbox {outbox}: {exc.strerror or exc}") from None
                report.written.append(path)
                note(sub.id, f"written to {path}")
                continue
            try:
                if client is None:
                    client = _connect(smtp)
            except (smtplib.SMTPException, OSError) as exc:
                reason = f"cannot reach {smtp.host}:{smtp.port}: {_reason(exc)}"
                for rest in pending[i:]:
                    record_delivery(store, rest, week, "failed", reason, None)
                    report.failed.append((rest.id, reason))
                    note(rest.id, f"failed: {reason}")
                break
            try:
                client.send_message(msg)
            except (smtplib.SMTPException, OSError, UnicodeError) as exc:
                reason = _reason(exc)
                record_delivery(store, sub, week, "failed", reason, msg["Message-ID"])
                report.failed.append((sub.id, reason))
                note(sub.id, f"failed: {reason}")
                if isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(exc, smtplib.SMTPException):
                    client.close()
                    client = None   # the connection is gone: reconnect for the next subscriber
                continue
            record_delivery(store, sub, week, "sent", None, msg["Message-ID"])
            report.sent.append(sub.id)
            note(sub.id, "sent")
    finally:
        if client is not None:
            try:
                client.quit()
            except (smtplib.SMTPException, OSError):
                client.close()
    return report
