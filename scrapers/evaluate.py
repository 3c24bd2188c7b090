"""Parsing quality on gold pages: our CMS adapters beside trafilatura (+ htmldate) on the same pages.

Body quality is a token-level bag-of-words F1 against the gold body (as in trafilatura's evaluation);
dates are right when the calendar day matches the gold (a null gold date is right only when no date is
returned: a header's "today" or a sidebar date counts as wrong). Speed is pages per second over the
whole run, decoding included.
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from scrapers.adapters import Page, ParseError, detect_cms, get_adapter
from scrapers.dates import parse_iso

DEFAULT_GOLD = Path("tests/fixtures/sites/gold.jsonl")
_TOKEN = re.compile(r"\w+")


class EvaluationError(Exception):
    """The gold file is missing or malformed; the message names the file and line."""


@dataclass
class GoldPage:
    """One gold entry: a fixture page and what a parser should read from it."""

    path: str
    url: str
    family: str
    title: str
    published: datetime | None
    body: str
    note: str = ""


@dataclass
class Parsed:
    """What one system read from a page."""

    title: str | None
    published: datetime | date | None
    body: str
    family: str | None = None
    error: str | None = None
    days_only: bool = False  # the system gives calendar days, not times


@dataclass
class PageScore:
    path: str
    family: str
    detected: str | None
    f1: float
    precision: float
    recall: float
    date_ok: bool
    exact_date_ok: bool | None  # None when the system returns days only (htmldate)
    title_ok: bool
    error: str | None = None


@dataclass
class SystemScore:
    """One system's scores over all gold pages."""

    name: str
    pages: list[PageScore] = field(default_factory=list)
    seconds: float = 0.0
    runs: int = 1

    @property
    def mean_f1(self) -> float:
        return sum(p.f1 for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def date_accuracy(self) -> float:
        return sum(p.date_ok for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def exact_date_accuracy(self) -> float | None:
        if not self.pages or any(p.exact_date_ok is None for p in self.pages):
            return None
        return sum(bool(p.exact_date_ok) for p in self.pages) / len(self.pages)

    @property
    def title_accuracy(self) -> float:
        return sum(p.title_ok for p in self.pages) / len(self.pages) if self.pages else 0.0

    @property
    def detect_accuracy(self) -> float | None:
        if not self.pages or any(p.detected is None for p in self.pages):
            return None
        return sum(p.detected == p.family for p in self.pages) / len(self.pages)

    @property
    def pages_per_second(self) -> float:
        return len(self.pages) * self.runs / self.seconds if self.seconds > 0 else 0.0


@dataclass
class ParseBenchmark:
    """Both systems on the same pages."""

    gold: Path
    ours: SystemScore
    baseline: SystemScore
    fallback: SystemScore | None = None  # our generic adapter alone, on every page

    @property
    def systems(self) -> tuple[SystemScore, ...]:
        return (self.ours, self.baseline) + ((self.fallback,) if self.fallback else ())

    def summary_rows(self) -> list[list[str]]:
        rows = []
        for s in self.systems:
            detect, exact = s.detect_accuracy, s.exact_date_accuracy
            rows.append([s.name, str(len(s.pages)), f"{s.mean_f1:.3f}", f"{s.date_accuracy:.3f}",
                         "-" if exact is None else f"{exact:.3f}", f"{s.title_accuracy:.3f}",
                         "-" if detect is None else f"{detect:.3f}", f"{s.pages_per_second:.1f}"])
        return rows

    def page_rows(self) -> list[list[str]]:
        rows = []
        for ours, base in zip(self.ours.pages, self.baseline.pages):
            rows.append([ours.path, ours.family, ours.detected or "", f"{ours.f1:.3f}", f"{base.f1:.3f}",
                         "ok" if ours.date_ok else "WRONG", "ok" if base.date_ok else "WRONG",
                         ours.error or base.error or ""])
        return rows

    @property
    def ours_at_least_as_good(self) -> bool:
        return (self.ours.mean_f1 >= self.baseline.mean_f1 and self.ours.date_accuracy >= self.baseline.date_accuracy)


SUMMARY_COLUMNS = ["system", "pages", "body F1", "date (day)", "date (exact)", "title", "CMS", "pages/s"]
PAGE_COLUMNS = ["page", "family", "detected", "F1 ours", "F1 trafilatura", "date ours", "date htmldate", "error"]


def load_gold(path: str | Path = DEFAULT_GOLD) -> list[GoldPage]:
    """Read a gold file: one JSON object per line with path, url, family, title, published, body."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from None
    pages = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            published = d.get("published")
            dt = parse_iso(published) if published else None
            if published and dt is None:
                raise ValueError(f"bad date {published!r}")
            pages.append(GoldPage(path=d["path"], url=d["url"], family=d["family"], title=d["title"],
                                  published=dt, body=d["body"], note=d.get("note", "")))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"{path}:{n}: malformed gold entry ({exc})") from None
    if not pages:
        raise EvaluationError(f"{path}: no gold pages")
    return pages


def tokens(text: str) -> Counter:
    """Bag of lower-cased word tokens (NFC first, so decomposed Windows-1258 text compares equal)."""
    return Counter(_TOKEN.findall(unicodedata.normalize("NFC", text or "").casefold()))


def bag_f1(expected: str, got: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the token bags; two empty texts score 1."""
    want, have = tokens(expected), tokens(got)
    if not want and not have:
        return 1.0, 1.0, 1.0
    common = sum((want & have).values())
    precision = common / sum(have.values()) if have else 0.0
    recall = common / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def score_page(gold: GoldPage, parsed: Parsed) -> PageScore:
    precision, recall, f1 = bag_f1(gold.body, parsed.body)
    exact = None if parsed.days_only else parsed.published == gold.published
    return PageScore(
        path=gold.path, family=gold.family, detected=parsed.family, f1=f1, precision=precision, recall=recall,
        date_ok=_day(parsed.published) == _day(gold.published), exact_date_ok=exact,
        title_ok=" ".join((parsed.title or "").split()) == " ".join(gold.title.split()), error=parsed.error,
    )


def parse_ours(url: str, body: bytes, content_type: str = "") -> Parsed:
    """Our pipeline: decode, detect the CMS family, parse with its adapter."""
    try:
        page = Page.from_bytes(url, body, content_type)
        family = detect_cms(page)
        article = get_adapter(family).parse_article(page)
    except ParseError as exc:
        return Parsed(title=None, published=None, body="", family=None, error=str(exc))
    return Parsed(title=article.title, published=article.published, body=article.text, family=family)


def parse_generic(url: str, body: bytes, content_type: str = "") -> Parsed:
    """Our generic fallback on every page, as if no family had been detected."""
    try:
        article = get_adapter("generic").parse_article(Page.from_bytes(url, body, content_type))
    except ParseError as exc:
        return Parsed(title=None, published=None, body="", error=str(exc))
    return Parsed(title=article.title, published=article.published, body=article.text)


def parse_trafilatura(url: str, body: bytes, content_type: str = "") -> Parsed:
    """The baseline: trafilatura for title and body (comments off), htmldate for the date."""
    import trafilatura
    from htmldate import find_date

    doc = trafilatura.bare_extraction(body, url=url, include_comments=False, with_metadata=True)
    text = (doc.text if doc is not None else "") or ""
    title = doc.title if doc is not None else None
    try:
        found = find_date(body, url=url, original_date=True)
    except (ValueError, TypeError):
        found = None
    return Parsed(title=title, published=date.fromisoformat(found) if found else None, body=text,
                  days_only=True)


def evaluate_system(name: str, parse: Callable[[str, bytes, str], Parsed], gold: list[GoldPage], base_dir: Path,
                    repeat: int = 1) -> SystemScore:
    """Run one parser over the gold pages `repeat` times; scores come from the first run, time from all."""
    bodies = [(g, (base_dir / g.path).read_bytes()) for g in gold]
    score = SystemScore(name=name, runs=repeat)
    results: list[Parsed] = []
    start = time.perf_counter()
    for run in range(repeat):
        for g, body in bodies:
            parsed = parse(g.url, body, "")
            if run == 0:
                results.append(parsed)
    score.seconds = time.perf_counter() - start
    score.pages = [score_page(g, p) for (g, _), p in zip(bodies, results)]
    return score


def benchmark_parse(gold_path: str | Path = DEFAULT_GOLD, repeat: int = 1, with_fallback: bool = True) -> ParseBenchmark:
    """Score our adapters (auto-detected family) and trafilatura + htmldate on every gold page.

    gold_path: the gold JSONL; page paths in it are relative to its folder. repeat: timed passes.
    with_fallback: also score our generic adapter alone (how a site of an unknown family would fare).
    """
    gold_path = Path(gold_path)
    gold = load_gold(gold_path)
    base_dir = gold_path.parent
    missing = [g.path for g in gold if not (base_dir / g.path).is_file()]
    if missing:
        raise EvaluationError(f"{gold_path}: {len(missing)} gold pages are missing, e.g. {missing[0]}")
    # warm both systems up (imports, lazy models) so that the timing compares parsing, not loading
    first = (base_dir / gold[0].path).read_bytes()
    parse_ours(gold[0].url, first)
    parse_trafilatura(gold[0].url, first)
    ours = evaluate_system("danvan", parse_ours, gold, base_dir, repeat)
    baseline = evaluate_system("trafilatura+htmldate", parse_trafilatura, gold, base_dir, repeat)
    fallback = evaluate_system("danvan generic only", parse_generic, gold, base_dir, repeat) if with_fallback else None
    return ParseBenchmark(gold=gold_path, ours=ours, baseline=baseline, fallback=fallback)


# -- real pages (../shared/sites/real_pages: gold.json with must_contain / must_not_contain) -------------------

DEFAULT_REAL = Path("../shared/sites/real_pages")


@dataclass
class RealGold:
    """One real page of ../shared/sites/real_pages/gold.json."""

    file: str
    url: str
    kind: str  # "article" or "listing"
    title: str
    days: set[date]  # the published day, and published_alt where the page declares another
    must_contain: list[str]
    must_not_contain: list[str]


@dataclass
class RealScore:
    """One system on the real pages: counts over article pages, refusals over listing pages, timings."""

    name: str
    articles: int = 0
    titles: int = 0
    dates: int = 0
    recall_sum: float = 0.0
    recall_pages: int = 0
    leaks: int = 0
    listings: int = 0
    refused: int = 0
    seconds: list[float] = field(default_factory=list)  # per page, best of the repeats

    @property
    def recall(self) -> float:
        return self.recall_sum / self.recall_pages if self.recall_pages else 1.0

    @property
    def pages_per_second(self) -> float:
        total = sum(self.seconds)
        return len(self.seconds) / total if total else 0.0

    @property
    def median_ms(self) -> float:
        ordered = sorted(self.seconds)
        return 1000 * ordered[len(ordered) // 2] if ordered else 0.0


@dataclass
class RealBenchmark:
    folder: Path
    ours: RealScore
    baseline: RealScore

    def rows(self) -> list[list[str]]:
        rows = []
        for s in (self.ours, self.baseline):
            rows.append([s.name, f"{s.titles}/{s.articles}", f"{s.dates}/{s.articles}", f"{s.recall:.3f}",
                         str(s.leaks), f"{s.refused}/{s.listings}", f"{s.median_ms:.1f}", f"{s.pages_per_second:.1f}"])
        return rows

    @property
    def median_ratio(self) -> float:
        """Median over pages of our time / the baseline's time on the same page."""
        ratios = sorted(a / b for a, b in zip(self.ours.seconds, self.baseline.seconds) if b > 0)
        return ratios[len(ratios) // 2] if ratios else 0.0


REAL_COLUMNS = ["system", "title", "date (day)", "body recall", "leaks", "listings refused", "median ms/page", "pages/s"]


def _norm(text: str | None) -> str:
    import html as _html

    return " ".join(unicodedata.normalize("NFC", _html.unescape(text or "")).casefold().split())


def load_real_gold(folder: str | Path = DEFAULT_REAL) -> list[RealGold]:
    """Read folder/gold.json ({"pages": {file: {url, kind, title, published, published_alt, must_contain, …}}})."""
    path = Path(folder) / "gold.json"
    try:
        pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    except (OSError, ValueError, KeyError) as exc:
        raise EvaluationError(f"cannot read real-page gold {path}: {exc}") from None
    out = []
    for name, g in sorted(pages.items()):
        days = {date.fromisoformat(d[:10]) for d in (g.get("published"), g.get("published_alt")) if d}
        out.append(RealGold(file=name, url=g["url"], kind=g.get("kind", "article"), title=g.get("title") or "",
                            days=days, must_contain=list(g.get("must_contain") or []),
                            must_not_contain=list(g.get("must_not_contain") or [])))
    return out


def _score_real(score: RealScore, gold: RealGold, parsed: Parsed) -> None:
    if gold.kind == "listing":
        score.listings += 1
        score.refused += bool(parsed.error) or not parsed.body
        return
    score.articles += 1
    score.titles += _norm(parsed.title) == _norm(gold.title)
    score.dates += _day(parsed.published) in gold.days
    body = _norm(parsed.body)
    if gold.must_contain:
        score.recall_pages += 1
        score.recall_sum += sum(_norm(s) in body for s in gold.must_contain) / len(gold.must_contain)
    score.leaks += sum(_norm(s) in body for s in gold.must_not_contain)


def benchmark_real(folder: str | Path = DEFAULT_REAL, repeat: int = 3) -> RealBenchmark:
    """Our parser and trafilatura + htmldate on the real pages, side by side in one run.

    Scores come from the first pass; each page's time is the best of `repeat` passes (the machine is shared).
    """
    folder = Path(folder)
    gold = load_real_gold(folder)
    bodies = [(g, (folder / "pages" / g.file).read_bytes()) for g in gold]
    parse_ours(bodies[0][0].url, bodies[0][1])
    parse_trafilatura(bodies[0][0].url, bodies[0][1])
    result = RealBenchmark(folder, RealScore("danvan"), RealScore("trafilatura+htmldate"))
    for g, body in bodies:
        for parse, score in ((parse_ours, result.ours), (parse_trafilatura, result.baseline)):
            best = float("inf")
            for run in range(repeat):
                start = time.perf_counter()
                parsed = parse(g.url, body, "")
                best = min(best, time.perf_counter() - start)
                if run == 0:
                    _score_real(score, g, parsed)
            score.seconds.append(best)
    return result
