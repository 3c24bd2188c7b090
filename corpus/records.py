"""The article record: what the corpus stage hands to the extractors."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime


def article_id_for(url: str) -> str:
    """A stable article id: 16 hex digits of the SHA-256 of the URL (scheme and trailing slash ignored)."""
    key = url.strip()
    for prefix in ("https://", "http://"):
        if key.startswith(prefix):
            key = key[len(prefix):]
    key = key.rstrip("/")
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    """One news article with its provenance.

    province is the pre-2025 province (one of 63); province_2025 the post-merger one (one of 34).
    published is timezone-aware (+07:00) or None when the page gives no date.
    text is the body only: no title, lead, captions or boilerplate.
    """

    url: str
    title: str
    text: str
    published: datetime | None = None
    source_id: str | None = None
    province: str | None = None
    province_2025: str | None = None
    district: str | None = None
    lead: str | None = None
    author: str | None = None
    captions: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    cms: str | None = None
    fetched_at: datetime | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = article_id_for(self.url)

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def full_text(self) -> str:
        """Title, lead and body joined by blank lines: what the extractors read."""
        parts = [self.title, self.lead or "", self.text]
        return "\n\n".join(p for p in parts if p)

    def as_dict(self) -> dict:
        d = asdict(self)
        for key in ("published", "fetched_at"):
            if d[key] is not None:
                d[key] = d[key].isoformat()
        d["content_sha256"] = self.content_sha256
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Article":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        for key in ("published", "fetched_at"):
            if isinstance(kw.get(key), str):
                kw[key] = datetime.fromisoformat(kw[key])
        return cls(**kw)
