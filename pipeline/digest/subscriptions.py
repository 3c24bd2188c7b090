"""subscriptions.toml: who receives the digest, with which provinces and categories. Errors name the entry."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from pathlib import Path
from urllib.parse import quote

from extractors.records import CATEGORIES
from pipeline.digest.defaults import SUBJECT
from pipeline.digest.query import DigestError, resolve_province

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_SENDER_KEYS = {"address", "name", "reply_to", "subject", "unsubscribe"}
_SUBSCRIBER_KEYS = {"id", "email", "name", "provinces", "categories", "geography", "unsubscribe"}


class SubscriptionError(ValueError):
    """subscriptions.toml is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Sender:
    address: str
    name: str = ""
    reply_to: str | None = None
    subject: str = SUBJECT                    # "{week}" is replaced by the ISO week
    unsubscribe: tuple[str, ...] = ()         # URI templates; "{id}" and "{email}" are filled in, URL-quoted


@dataclass(frozen=True)
class Subscriber:
    """One recipient. provinces/categories None: all. The id keys delivery records, so keep it stable."""

    id: str
    email: str
    name: str = ""
    provinces: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    geography: str = "1963"
    unsubscribe: tuple[str, ...] = ()         # overrides the sender's when given

    def unsubscribe_uris(self, sender: Sender) -> list[str]:
        templates = self.unsubscribe or sender.unsubscribe
        return [t.replace("{id}", quote(self.id, safe="")).replace("{email}", quote(self.email, safe="@"))
                for t in templates]


@dataclass(frozen=True)
class Subscriptions:
    sender: Sender
    subscribers: tuple[Subscriber, ...] = field(default_factory=tuple)
    path: Path | None = None


def _address(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SubscriptionError(f"{where}: an email address is required")
    try:
        addr = Address(addr_spec=value.strip())
    except (HeaderParseError, ValueError, IndexError) as exc:
        raise SubscriptionError(f"{where}: {value!r} is not an email address ({exc})") from None
    if not addr.username or not addr.domain or "." not in addr.domain.strip("."):
        raise SubscriptionError(f"{where}: {value!r} is not an email address (want name@domain.tld)")
    return addr.addr_spec


def _text(value, where: str, key: str) -> str:
    """A header text (name, subject): one line, no control characters."""
    if not isinstance(value, str):
        raise SubscriptionError(f"{where}: {key} must be a string")
    if _CONTROL.search(value):
        raise SubscriptionError(f"{where}: {key} must be one line without control characters")
    return value.strip()


def _strings(value, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SubscriptionError(f"{where}: {key} must be a list of strings")
    return tuple(v.strip() for v in value)


def _uris(value, where: str) -> tuple[str, ...]:
    uris = _strings(value, where, "unsubscribe")
    for uri in uris:
        if not re.match(r"^(mailto:[^\s<>]+@[^\s<>]+|https://[^\s<>]+)$", uri):
            raise SubscriptionError(f"{where}: unsubscribe {uri!r} must be a mailto: or https:// URI")
    return uris


def _check_keys(table: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise SubscriptionError(f"{where}: unknown key {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}")


def parse_subscriptions(text: str, path: Path | str = "subscriptions.toml") -> Subscriptions:
    """Read subscriptions from TOML text: one [sender] table and [[subscriber]] tables."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SubscriptionError(f"{path}: not valid TOML: {exc}") from None
    _check_keys(data, {"sender", "subscriber"}, str(path))
    raw_sender = data.get("sender")
    if not isinstance(raw_sender, dict):
        raise SubscriptionError(f"{path}: a [sender] table with address and unsubscribe is required")
    where = f"{path}: [sender]"
    _check_keys(raw_sender, _SENDER_KEYS, where)
    subject = _text(raw_sender.get("subject", SUBJECT), where, "subject")
    if not subject:
        raise SubscriptionError(f"{where}: subject must not be empty")
    sender = Sender(
        address=_address(raw_sender.get("address"), f"{where} address"),
        name=_text(raw_sender.get("name", ""), where, "name"),
        reply_to=_address(raw_sender["reply_to"], f"{where} reply_to") if "reply_to" in raw_sender else None,
        subject=subject,
        unsubscribe=_uris(raw_sender["unsubscribe"], where) if "unsubscribe" in raw_sender else (),
    )
    raw_subscribers = data.get("subscriber", [])
    if not isinstance(raw_subscribers, list):
        raise SubscriptionError(f"{path}: subscribers are [[subscriber]] tables")
    subscribers: list[Subscriber] = []
    seen: dict[str, int] = {}
    for n, raw in enumerate(raw_subscribers, 1):
        where = f"{path}: subscriber #{n}"
        _check_keys(raw, _SUBSCRIBER_KEYS, where)
        email = _address(raw.get("email"), f"{where} email")
        sid = str(raw.get("id") or email)
        where = f"{path}: subscriber #{n} ({sid})"
        if not _ID.match(sid) and sid != email:
            raise SubscriptionError(f"{where}: id must be letters, digits, '.', '_' or '-' (at most 64)")
        if sid in seen:
            raise SubscriptionError(f"{where}: id {sid!r} is used by subscriber #{seen[sid]} too")
        seen[sid] = n
        geography = str(raw.get("geography", "1963"))
        if geography not in ("1963", "2025"):
            raise SubscriptionError(f"{where}: geography must be \"1963\" or \"2025\", not {geography!r}")
        provinces = None
        if raw.get("provinces"):
            try:
                provinces = tuple(resolve_province(p, geography) for p in _strings(raw["provinces"], where, "provinces"))
            except DigestError as exc:
                raise SubscriptionError(f"{where}: {str(exc).split('; known')[0]}") from None
        categories = None
        if raw.get("categories"):
            categories = _strings(raw["categories"], where, "categories")
            bad = [c for c in categories if c not in CATEGORIES]
            if bad:
                raise SubscriptionError(f"{where}: unknown category {bad[0]!r}; one of: {', '.join(CATEGORIES)}")
        sub = Subscriber(
            id=sid, email=email, name=_text(raw.get("name", ""), where, "name"), provinces=provinces, categories=categories,
            geography=geography, unsubscribe=_uris(raw["unsubscribe"], where) if "unsubscribe" in raw else (),
        )
        if not sub.unsubscribe_uris(sender):
            raise SubscriptionError(f"{where}: no unsubscribe URI: give [sender] unsubscribe = [\"mailto:…\"]")
        subscribers.append(sub)
    if not subscribers:
        raise SubscriptionError(f"{path}: no [[subscriber]] entries")
    return Subscriptions(sender, tuple(subscribers), Path(path))


def load_subscriptions(path: str | Path) -> Subscriptions:
    """Read a subscriptions.toml file; SubscriptionError names the file and entry when something is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SubscriptionError(f"no subscriptions file at {path} (see docs/subscriptions.example.toml)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriptionError(f"{path}: cannot read ({exc})") from None
    return parse_subscriptions(text, path)
