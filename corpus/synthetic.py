"""Synthetic articles from templates (corpus/data/synthetic.toml): benchmark input and dedup test cases."""
from __future__ import annotations

import random
import tomllib
import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from importlib import resources

from corpus.records import Article

VN_TZ = timezone(timedelta(hours=7))


class SyntheticCorpus:
    """A seeded generator: the same seed gives the same articles."""

    def __init__(self, seed: int = 0):
        data = tomllib.loads(resources.files("corpus").joinpath("data/synthetic.toml").read_text(encoding="utf-8"))
        self.random = random.Random(seed)
        self.templates = data["topic"]
        self.topics = sorted(self.templates)
        self.names = data["names"]

    def _fill(self, template: str, year: int) -> str:
        r = self.random
        return template.format(
            district=r.choice(self.names["districts"]), org=r.choice(self.names["orgs"]),
            person=r.choice(self.names["persons"]), n1=r.randint(2, 12), n2=r.randint(20, 900),
            n3=r.randint(3, 60), day=r.randint(1, 28), month=r.randint(1, 12), year=year,
        )

    def body(self, topic: str, year: int = 2023) -> str:
        """A body of 4 to 7 paragraphs drawn from one topic's templates."""
        paras = self.random.sample(self.templates[topic]["paragraphs"], self.random.randint(4, 7))
        return "\n\n".join(self._fill(p, year) for p in paras)

    def articles(self, n: int, provinces: list[str], copy_rate: float = 0.05, near_rate: float = 0.05,
                 ) -> Iterator[Article]:
        """n articles; about copy_rate of them exact copies and near_rate edited copies of earlier ones."""
        from common.gazetteer import province_2025_of

        r = self.random
        recent: list[Article] = []
        start = datetime(2018, 1, 1, 8, tzinfo=VN_TZ)
        for i in range(n):
            province = provinces[i % len(provinces)]
            published = start + timedelta(minutes=37 * i)
            url = f"https://{zlib.crc32(province.encode()) % 997}.example.vn/tin-tuc/bai-{i:07d}.html"
            x = r.random()
            if recent and x < copy_rate + near_rate:
                orig = r.choice(recent)
                text = orig.text if x < copy_rate else "Nguồn: báo tỉnh\n\n" + orig.text.rsplit("\n\n", 1)[0]
                title = orig.title
            else:
                topic = r.choice(self.topics)
                text = self.body(topic, published.year)
                title = self._fill(r.choice(self.templates[topic]["titles"]), published.year)
            art = Article(url=url, title=title, text=text, published=published, source_id=f"src-{i % 50}",
                          province=province, province_2025=province_2025_of(province), cms="synthetic",
                          warc_file="synthetic.warc.gz", warc_offset=i * 4096)
            recent.append(art)
            if len(recent) > 200:
                recent.pop(0)
            yield art


# A synthetic site: NukeViet article pages (the adapter reads title, date and body) and its one-source registry.
_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="generator" content="NukeViet v4.5">
<title>{title}</title></head><body><div id="news_detail"><h1 class="title" itemprop="headline">{title}</h1>
<span class="h5">{date}</span><div id="news-bodyhtml">{body}</div></div></body></html>"""
_REGISTRY = """[[source]]
id = "bench"
name = "Synthetic benchmark site"
base_url = "https://bench.example.vn/"
cms = "nukeviet"
province = "Bến Tre"
"""


def write_archive(folder, pages: int, files: int = 1, seed: int = 0, paragraphs: int | None = None,
                  name: str = "bench") -> tuple[list, object]:
    """Write `pages` synthetic article pages into `files` gzip WARC files (round robin) under folder, with a
    sources registry for them. paragraphs: keep at most this many paragraphs of each body (smaller pages).

    Returns (the WARC files, the registry file). Existing files of the same names are replaced.
    """
    from pathlib import Path

    from common.gazetteer import provinces_63
    from corpus.warc import WarcArchive
    from scrapers.records import FetchResult

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    registry = folder / f"{name}_sources.toml"
    registry.write_text(_REGISTRY, encoding="utf-8")
    paths = [folder / (f"{name}.warc.gz" if files == 1 else f"{name}-{k:04d}.warc.gz") for k in range(files)]
    for path in paths:
        path.unlink(missing_ok=True)
    warcs = [WarcArchive(path) for path in paths]
    try:
        for i, a in enumerate(SyntheticCorpus(seed=seed).articles(pages, provinces_63())):
            paras = a.text.split("\n\n")[:paragraphs]
            body = "".join(f"<p>{p}</p>" for p in paras)
            html = _PAGE.format(title=a.title, date=a.published.strftime("%d/%m/%Y %H:%M"), body=body)
            url = f"https://bench.example.vn/tin/{i}.html"
            warcs[i % files].write(FetchResult(
                url=url, final_url=url, status=200, headers={"Content-Type": "text/html; charset=utf-8"},
                body=html.encode("utf-8"), fetched_at=a.published.astimezone(timezone.utc), source_id="bench"))
    finally:
        for warc in warcs:
            warc.close()
    return paths, registry
