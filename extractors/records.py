"""Records the extractors produce. Offsets (start, end) always refer to the original text."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

CATEGORIES = (
    "award_collective", "award_individual", "medal", "model", "rating", "petition", "reception",
    "event", "participants", "media", "money", "percent", "coverage", "other",
)
QUALIFIERS = ("approx", "increase", "decrease", "new")
# what a figure is in its sentence (extractors/roles.py)
ROLES = ("total", "part", "change", "cumulative", "comparison")


def _from_dict(cls, d: dict):
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class Figure:
    """A counted quantity: "tặng Bằng khen cho 10 tập thể" -> value 10, entity "tập thể", award_collective."""

    value: float
    entity: str
    category: str
    start: int
    end: int
    span: str
    denominator: float | None = None
    qualifier: str | None = None
    period: str | None = None
    sentence: str = ""
    authority: str | None = None   # for awards and medals: who gave them, as written
    role: str = "total"            # total | part | change | cumulative | comparison (extractors/roles.py)
    value_normalized: float | None = None   # scale words applied: "2,5 tỷ đồng" -> 2500000000 (extractors/units.py)
    unit: str | None = None        # "đồng", "%", "mô hình", … (money always in đồng or USD)
    period_span: str | None = None  # part of a year: H1, H2, Q1…Q4, 9M, <N>M; None = the whole period

    def as_dict(self) -> dict:
        d = asdict(self)
        for key in ("value", "denominator", "value_normalized"):
            v = d[key]
            if isinstance(v, float) and v.is_integer():
                d[key] = int(v)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Figure":
        return _from_dict(cls, d)


@dataclass
class DocumentRef:
    """A numbered document cited in text: "Chương trình số 150-CTr/BCSĐUBND-BDVTU, ngày 21-4-2017"."""

    number: str
    start: int
    end: int
    kind: str | None = None
    kind_name: str | None = None
    issuer_codes: list[str] = field(default_factory=list)
    date: str | None = None
    issuer: str | None = None
    year: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "DocumentRef":
        return _from_dict(cls, d)


@dataclass
class Person:
    """A person named with a position: "Ông Phạm Văn A - Chủ tịch UBND tỉnh"."""

    name: str
    start: int
    end: int
    position: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Person":
        return _from_dict(cls, d)


@dataclass
class Extraction:
    """Everything extracted from one text, with the version of the extractor that produced it."""

    id: str
    figures: list[Figure] = field(default_factory=list)
    documents: list[DocumentRef] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    extractor_version: str = ""
    truncated_at: int | None = None   # the text was cut here (extract.MAX_TEXT_CHARS); None when read whole

    def as_dict(self) -> dict:
        d = {
            "id": self.id,
            "extractor_version": self.extractor_version,
            "figures": [f.as_dict() for f in self.figures],
            "documents": [d.as_dict() for d in self.documents],
            "persons": [p.as_dict() for p in self.persons],
        }
        if self.truncated_at is not None:
            d["truncated_at"] = self.truncated_at
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Extraction":
        return cls(
            id=d["id"],
            extractor_version=d.get("extractor_version", ""),
            figures=[Figure.from_dict(f) for f in d.get("figures", [])],
            documents=[DocumentRef.from_dict(x) for x in d.get("documents", [])],
            persons=[Person.from_dict(p) for p in d.get("persons", [])],
            truncated_at=d.get("truncated_at"),
        )
