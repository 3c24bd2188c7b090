"""The extractor: runs the registered steps over a text and returns an Extraction record."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from corpus.records import Article
from corpus.validate import encodable
from extractors import EXTRACTOR_VERSION
from extractors.components import COMPONENTS
from extractors.doc import TextDoc
from extractors.numbers import in_range
from extractors.persons import to_person
from extractors.records import Extraction, Figure

DEFAULT_STEPS = ("sentences", "documents", "dates", "figures", "periods", "authority", "roles", "units", "year_parts",
                 "persons")
MAX_TEXT_CHARS = 2_000_000   # longer texts are cut here (a 5 MB page is boilerplate, not an article)

log = logging.getLogger(__name__)


class ExtractInputError(Exception):
    """An input line is not what `danvan extract` reads; the message names the file and line."""


class ConfigError(Exception):
    """The configured steps are unknown or in an order where a step lacks its inputs."""


@dataclass
class ExtractorOptions:
    """steps: step names in order; ner: also ask underthesea's NER about award sentences and title sentences
    where the rules found no authority or name (slower: ~40 NER sentences/s)."""

    steps: tuple[str, ...] = DEFAULT_STEPS
    ner: bool = False
    version: str = EXTRACTOR_VERSION
    extra: dict = field(default_factory=dict)


def check_steps(steps: tuple[str, ...]) -> None:
    """Raise ConfigError if a step is unknown or placed before the steps that provide its inputs."""
    provided: set[str] = set()
    for name in steps:
        if name not in COMPONENTS:
            raise ConfigError(f"unknown extraction step {name!r}; known: {', '.join(COMPONENTS)}")
        comp = COMPONENTS[name]
        missing = [r for r in comp.requires if r not in provided]
        if missing:
            raise ConfigError(f"step {name!r} needs {missing}, which no earlier step provides")
        provided.update(comp.assigns)


class Extractor:
    """Turns Vietnamese text into figures, documents and persons.

    >>> ex = Extractor().extract("Năm 2022, tỉnh tặng Bằng khen cho 10 tập thể, 15 cá nhân.", id="a")
    >>> [(f.value, f.category, f.period) for f in ex.figures]
    [(10.0, 'award_collective', '2022'), (15.0, 'award_individual', '2022')]
    """

    def __init__(self, options: ExtractorOptions | None = None):
        self.options = options or ExtractorOptions()
        check_steps(self.options.steps)
        self._steps = [COMPONENTS[n] for n in self.options.steps]
        self._opts = {"ner": self.options.ner, **self.options.extra}

    @property
    def version(self) -> str:
        return self.options.version

    def annotate(self, text: str, published=None) -> TextDoc:
        doc = TextDoc(text[:MAX_TEXT_CHARS] if text else "", published=published)
        for step in self._steps:
            step.func(doc, self._opts)
            doc.done.add(step.name)
        return doc

    def extract(self, text: str, id: str = "", published=None) -> Extraction:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        truncated_at = MAX_TEXT_CHARS if len(text) > MAX_TEXT_CHARS else None
        if truncated_at is not None:
            log.warning("text %s has %d characters: only the first %d were read (truncated_at in its record)",
                        id or "(no id)", len(text), MAX_TEXT_CHARS)
        doc = self.annotate(text, published)
        figures = []
        sentence_text: dict[tuple[int, int], str] = {}   # one string per sentence, shared by its figures
        for i, f in enumerate(doc.figures):
            if in_range(f.value) is None:  # never an infinite or absurd value in a record
                continue
            o0, o1 = doc.norm.to_original(f.start, f.end)
            if f.sentence not in sentence_text:
                s0, s1 = doc.norm.to_original(*f.sentence)
                sentence_text[f.sentence] = doc.original[s0:s1].strip()
            figures.append(Figure(
                value=f.value, entity=f.entity, category=f.category, start=o0, end=o1,
                span=doc.original[o0:o1], denominator=f.denominator, qualifier=f.qualifier,
                period=doc.periods[i] if i < len(doc.periods) else None,
                sentence=sentence_text[f.sentence], authority=f.authority,
                role=doc.roles[i] if i < len(doc.roles) else "total",
                value_normalized=doc.values[i][0] if i < len(doc.values) else None,
                unit=doc.values[i][1] if i < len(doc.values) else None,
                period_span=doc.period_spans[i] if i < len(doc.period_spans) else None,
            ))
        persons = [to_person(p, doc.norm.to_original) for p in doc.persons]
        return Extraction(id=id, figures=figures, documents=doc.documents, persons=persons,
                          extractor_version=self.version, truncated_at=truncated_at)

    def extract_article(self, article: Article) -> Extraction:
        """Extract from an article's title, lead and body; offsets refer to Article.full_text."""
        return self.extract(article.full_text, id=article.id, published=article.published)


@dataclass
class InputText:
    id: str
    text: str
    published: str | None = None
    province: str | None = None
    url: str | None = None


def read_inputs(path: str | Path) -> Iterator[InputText]:
    """Lines of {"id", "text", "published"?, "province"?, "url"?}; a bad line raises ExtractInputError naming it.

    Bad means: not UTF-8, not JSON (or nested too deeply to read), not an object with a string "text", or a
    string holding a lone surrogate (a "\\ud800" escape with no pair), which is not text.
    """
    path = Path(path)
    if not path.exists():
        raise ExtractInputError(f"no file {path}")
    with open(path, "rb") as fh:
        for i, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ExtractInputError(f"{path}:{i}: not UTF-8 (byte {exc.start} of the line)") from None
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ExtractInputError(f"{path}:{i}: not JSON ({exc.msg})") from None
            except RecursionError:
                raise ExtractInputError(f"{path}:{i}: JSON nested too deeply") from None
            if not isinstance(d, dict) or "text" not in d or not isinstance(d["text"], str):
                raise ExtractInputError(f"{path}:{i}: each line needs a string field \"text\"")
            for key in ("id", "text", "published", "province", "url"):
                if isinstance(d.get(key), str) and not encodable(d[key]):
                    raise ExtractInputError(f"{path}:{i}: {key!r} holds a lone surrogate (\\ud800-\\udfff), "
                                            "which is not text")
            yield InputText(id=str(d.get("id", i)), text=d["text"], published=d.get("published"),
                            province=d.get("province"), url=d.get("url"))

