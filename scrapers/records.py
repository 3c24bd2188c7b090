"""The record a fetch hands to the corpus stage."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime


@dataclass
class FetchResult:
    """One HTTP exchange, as archived: what was asked, what came back.

    url: the address requested; final_url: after redirects.
    body: the raw bytes (decoded later by the adapter, with the charset found in headers or markup).
    warc_file / warc_offset: where the response record lies in the archive, once written.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    source_id: str | None = None
    warc_file: str | None = None
    warc_offset: int | None = None
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", self.headers.get("content-type", ""))

    def as_dict(self) -> dict:
        d = asdict(self)
        d["fetched_at"] = self.fetched_at.isoformat()
        d.pop("body")
        d["size"] = len(self.body)
        return d
