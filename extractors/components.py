"""Extraction steps. Each takes the TextDoc and annotates it, under a short registered name, declaring
what it needs and what it adds; extractors.extract.Extractor runs them in configured order and checks
that every step's needs were met by a step before it."""
from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from extractors.authority import find_authority, ner_authority
from extractors.doc import TextDoc
from extractors.documents import document_number_spans, find_documents
from extractors.figures import find_figures
from extractors.learned.decide import choose_categories, choose_periods
from extractors.periods import (assign_period, bracketed_year, from_to_periods, headline_periods, mark_frames,
                                weak_period, year_mentions)
from extractors.persons import find_persons
from extractors.roles import FigureView, sentence_roles
from extractors.units import normalize_value
from extractors.year_parts import period_span
from extractors.spans import SpanSet
from extractors.text import non_figure_spans, paragraphs, sentences


@dataclass(frozen=True)
class Component:
    name: str
    func: Callable[[TextDoc, dict], None]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


COMPONENTS: dict[str, Component] = {}


def component(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Register an extraction step under a name."""
    def wrap(func):
        COMPONENTS[name] = Component(name, func, requires, assigns)
        return func
    return wrap


@component("sentences", assigns=("sentences", "paragraphs"))
def split_sentences(doc: TextDoc, options: dict) -> None:
    doc.paragraphs = paragraphs(doc.text)
    doc.sentences = sentences(doc.text, doc.paragraphs)


@component("documents", requires=("sentences",), assigns=("documents", "blocked"))
def documents(doc: TextDoc, options: dict) -> None:
    doc.documents = find_documents(doc.original, doc.text, doc.norm.to_original, doc.sentence_of)
    # block the numbers (in normalised offsets) so they are not read as figures
    doc.blocked += document_number_spans(doc.text)


@component("dates", requires=("sentences",), assigns=("blocked", "years"))
def dates(doc: TextDoc, options: dict) -> None:
    spans = non_figure_spans(doc.text)
    document_spans = list(doc.blocked)
    doc.blocked += spans
    doc.years = year_mentions(doc.text, document_spans, spans, doc.year)
    mark_frames(doc.text, doc.years, doc.sentence_of)


@component("figures", requires=("sentences", "blocked"), assigns=("figures",))
def figures(doc: TextDoc, options: dict) -> None:
    doc.figures = find_figures(doc.text, doc.sentences, doc.blocked)
    choose_categories(doc, options)   # the rules propose, the category model decides where it is confident


@component("periods", requires=("figures", "years"), assigns=("periods",))
def periods(doc: TextDoc, options: dict) -> None:
    own = [bracketed_year(doc.text, f.end) for f in doc.figures]
    # a year written right after a figure belongs to it alone: "tăng từ 12% (quý I/2023) lên 46%"
    owned_spans = SpanSet((f.end, f.end + 25) for f, year in zip(doc.figures, own)
                          if year and doc.text[f.end:f.end + 3].lstrip().startswith("("))
    strong = [y for y in doc.years if not y.weak and not owned_spans.overlaps(y.start, y.start + 1)]
    weak = [y for y in doc.years if y.weak]
    starts, weak_starts = [y.start for y in strong], [y.start for y in weak]
    out, paragraph_starts = [], [p0 for p0, _ in doc.paragraphs]
    for f in doc.figures:
        inferred = weak_period(f.num_start, weak, weak_starts) if weak else None
        p0 = paragraph_starts[max(0, bisect.bisect_right(paragraph_starts, f.num_start) - 1)] if paragraph_starts else None
        out.append(assign_period(f.num_start, f.sentence, strong, doc.year, starts, inferred, doc.text, p0))
    out = headline_periods(doc.figures, out, doc.paragraphs)   # the body's period of a headline's figure
    for i in range(len(doc.figures)):
        if own[i]:
            out[i] = own[i]
    for i, f in enumerate(doc.figures):
        if f.pair_with_previous and i > 0:
            if bracketed_year(doc.text, doc.figures[i - 1].num_start + 1) is None:
                out[i - 1], out[i] = from_to_periods(out[i])
    # the period model ranks the candidates; a year bracketed to a figure and "từ X lên Y" pairs stay the rules'
    fixed = {i for i, f in enumerate(doc.figures) if own[i] or f.pair_with_previous
             or (i + 1 < len(doc.figures) and doc.figures[i + 1].pair_with_previous)}
    learned = choose_periods(doc, out, options)
    doc.periods = [out[i] if i in fixed else p for i, p in enumerate(learned)]


@component("authority", requires=("figures",), assigns=("authorities",))
def authority(doc: TextDoc, options: dict) -> None:
    """The awarding body of award and medal figures."""
    cache: dict[tuple[int, int], str | None] = {}
    for f in doc.figures:
        if f.category not in ("award_collective", "award_individual", "medal"):
            continue
        s0, s1 = f.sentence
        who = find_authority(doc.text[s0:s1], f.num_start - s0)
        if who is None and options.get("ner"):
            if f.sentence not in cache:
                cache[f.sentence] = ner_authority(doc.text[s0:s1])
            who = cache[f.sentence]
        f.authority = who


@component("persons", requires=("sentences",), assigns=("persons",))
def persons(doc: TextDoc, options: dict) -> None:
    doc.persons = find_persons(doc.text, doc.sentences, use_ner=options.get("ner", False))


@component("roles", requires=("figures",), assigns=("roles",))
def roles(doc: TextDoc, options: dict) -> None:
    """total / part / change / cumulative / comparison, sentence by sentence (extractors/roles.py)."""
    out: list[str] = []
    previous: set[str] = set()
    i, figures = 0, doc.figures
    while i < len(figures):
        s0, s1 = figures[i].sentence
        j = i
        while j < len(figures) and figures[j].sentence == (s0, s1):
            j += 1
        views = [FigureView(f.start - s0, f.num_start - s0, _number_end(doc.text, f.num_start) - s0, f.end - s0,
                            f.category, f.qualifier) for f in figures[i:j]]
        found = sentence_roles(doc.text[s0:s1], views, previous)
        previous = {f.category for f, r in zip(figures[i:j], found) if r == "total"}
        out += found
        i = j
    doc.roles = out


def _number_end(text: str, pos: int) -> int:
    m = re.match(r"[\d.,]*\d", text[pos:pos + 30])
    return pos + (m.end() if m else 0)


@component("units", requires=("figures",), assigns=("values",))
def units(doc: TextDoc, options: dict) -> None:
    """Scale words applied, money in đồng, rates as "%" (extractors/units.py)."""
    doc.values = [normalize_value(f.value, f.entity, f.category) for f in doc.figures]


@component("year_parts", requires=("figures", "periods"), assigns=("period_spans",))
def year_parts(doc: TextDoc, options: dict) -> None:
    """H1 / 9M / Q1 … for figures covering part of a year (extractors/year_parts.py)."""
    headline = ""
    if doc.paragraphs:
        p0, p1 = doc.paragraphs[0]
        if p1 - p0 <= 250:
            headline = doc.text[p0:p1]
    starts = [p0 for p0, _ in doc.paragraphs]
    out = []
    for f, period in zip(doc.figures, doc.periods):
        s0, s1 = f.sentence
        sentence = doc.text[s0:s1]
        frames = []
        i = bisect.bisect_right(starts, s0) - 1
        if i >= 0:
            p0, p1 = doc.paragraphs[i]
            o0, o1 = doc.sentence_of(p0)
            if (o0, o1) != (s0, s1) and o0 >= p0:
                frames.append(doc.text[o0:o1])     # the opening sentence of the figure's paragraph
        if headline and headline != sentence:
            frames.append(headline)
        out.append(period_span(sentence, f.num_start - s0, period, tuple(frames)))
    doc.period_spans = out
