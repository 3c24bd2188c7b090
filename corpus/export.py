"""The research corpus on disk: articles, figures, documents and mentions as Parquet or JSONL, plus a dataset card.

Everything streams from the store in record batches (bounded memory), in a fixed order, so exporting the same
store twice gives the same files byte for byte.
"""
from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.splits import split_of
from common import settings

VN_TZ = timezone(timedelta(hours=7))
TABLES = ("articles", "figures", "documents", "document_mentions")


class ExportError(Exception):
    """The export could not be written; files already in the output folder are left as they were."""


@dataclass(frozen=True)
class ExportOptions:
    """out: the output folder; fmt: parquet | jsonl; since: articles published on or after this day
    (Vietnam time); province: a pre-2025 or post-2025 province name (matches either key);
    refresh: recompute duplicate clusters and missing relevance scores first;
    archive_root: the crawl's WARC folder; exported warc_file values are relative to it.
    extractor_version: only the figures and document mentions of this extractor version (None: every version,
        each row naming its own).
    """

    out: Path
    fmt: str = "parquet"
    since: date | None = None
    province: str | None = None
    refresh: bool = True
    archive_root: Path = settings.ARCHIVE_DIR
    extractor_version: str | None = None
    batch: int = settings.EXPORT_BATCH_ROWS
    sort_rows: int = settings.EXPORT_SORT_ROWS


@dataclass
class ExportReport:
    counts: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    dedup: object | None = None
    relevance: object | None = None


# -- writers ----------------------------------------------------------------------------------------

class TableWriter:
    """Writes one table, batch by batch, to a temporary file renamed into place on close."""

    suffix = ""

    def __init__(self, path: Path):
        self.path = path
        self.tmp = path.with_name(f".{path.name}.tmp")

    def write(self, batch: pa.RecordBatch) -> None:
        raise NotImplementedError

    def close(self, schema: pa.Schema) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        self.tmp.unlink(missing_ok=True)


class ParquetTableWriter(TableWriter):
    suffix = ".parquet"

    def __init__(self, path: Path):
        super().__init__(path)
        self._writer: pq.ParquetWriter | None = None

    def write(self, batch: pa.RecordBatch) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.tmp, batch.schema, compression="zstd")
        self._writer.write_batch(batch)

    def close(self, schema: pa.Schema) -> None:
        if self._writer is None:   # no rows: still write the schema
            self._writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self._writer.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        if self._writer is not None:
            self._writer.close()
        super().abort()


class JsonlTableWriter(TableWriter):
    suffix = ".jsonl"

    def __init__(self, path: Path):
        super().__init__(path)
        self._fh = open(self.tmp, "w", encoding="utf-8")

    def write(self, batch: pa.RecordBatch) -> None:
        for row in batch.to_pylist():
            self._fh.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")

    def close(self, schema: pa.Schema) -> None:
        self._fh.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self._fh.close()
        super().abort()


def _json_default(value):
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


WRITERS: dict[str, type[TableWriter]] = {"parquet": ParquetTableWriter, "jsonl": JsonlTableWriter}


# -- queries ----------------------------------------------------------------------------------------

# Each query holds {where} (the article filter) and {part} (a range of the sort key, see _parts).
_ARTICLES = """
SELECT a.id, a.url, a.source_id, a.province, a.province_2025, a.district, a.published, a.title, a.lead,
       a.author, a.text, a.content_sha256, a.cms, a.fetched_at, a.warc_file, a.warc_offset,
       coalesce(c.cluster_id, a.id) AS cluster_id, coalesce(c.canonical_id, a.id) AS canonical_id,
       c.kind AS duplicate_kind, c.similarity AS duplicate_similarity,
       r.score AS relevance, r.model_version AS relevance_model
FROM articles a
LEFT JOIN article_clusters c ON c.article_id = a.id
LEFT JOIN article_relevance r ON r.article_id = a.id
WHERE {where} AND {part}
ORDER BY a.id
"""
_FIGURES = """
SELECT f.* FROM figures f WHERE f.article_id IN (SELECT a.id FROM articles a WHERE {where}) AND {part}
ORDER BY f.article_id, f.extractor_version, f."start", f.id
"""
_MENTIONS = """
SELECT m.* FROM document_mentions m WHERE m.article_id IN (SELECT a.id FROM articles a WHERE {where}) AND {part}
ORDER BY m.article_id, m.extractor_version, m."start", m.number
"""
_DOCUMENTS = """
SELECT d.* FROM documents d WHERE d.number IN (
    SELECT m.number FROM document_mentions m WHERE m.article_id IN (SELECT a.id FROM articles a WHERE {where}))
    AND {part}
ORDER BY d.number
"""
# (output name, query, sort key, table whose size sets the number of key ranges)
_QUERIES = (("articles", _ARTICLES, "a.id", "articles"), ("figures", _FIGURES, "f.article_id", "figures"),
            ("documents", _DOCUMENTS, "d.number", "documents"),
            ("document_mentions", _MENTIONS, "m.article_id", "document_mentions"))


# tables whose rows belong to one extractor version, and their alias in _QUERIES
_VERSIONED = {"figures": "f", "document_mentions": "m"}


def _parts(store, table: str, key: str, rows_per_part: int) -> list[tuple[str, list]]:
    """Contiguous ranges of the sort key, each holding about rows_per_part rows, in key order.

    DuckDB sorts a whole result before returning its first row, and wide rows (article text) do not spill well;
    sorting one range at a time bounds that memory. Ids are hex digests, so ranges of their first four hex digits
    are about equal in size; the first and last range are open, so any other key is still exported.
    """
    n = store.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    k = max(1, min(4096, -(-n // rows_per_part)))
    bounds = [format(i * 0x10000 // k, "04x") for i in range(1, k)]
    if not bounds:
        return [("TRUE", [])]
    parts = [(f"{key} < ?", [bounds[0]])]
    parts += [(f"{key} >= ? AND {key} < ?", [lo, hi]) for lo, hi in zip(bounds, bounds[1:])]
    parts.append((f"{key} >= ?", [bounds[-1]]))
    return parts


def _filter(options: ExportOptions) -> tuple[str, list]:
    """The article filter as SQL over alias a ("TRUE" when there is none) and its parameters."""
    from common.gazetteer import canonical_province, fold, provinces_2025

    clauses, params = [], []
    if options.since:
        clauses.append("a.published >= ?")
        params.append(datetime.combine(options.since, time(0), VN_TZ))
    if options.province:
        old = canonical_province(options.province)
        new = next((p.name for p in provinces_2025() if fold(p.name) == fold(options.province)), None)
        if old is None and new is None:
            raise ExportError(f"unknown province {options.province!r}: give one of the 63 or the 34 names")
        clauses.append("(a.province = ? OR a.province_2025 = ?)")
        params += [old, new]
    return (" AND ".join(clauses) if clauses else "TRUE"), params


def _with_vn_time(batch: pa.RecordBatch) -> pa.RecordBatch:
    """Timestamps in Vietnam time (+07:00) whatever the session's time zone: the same bytes everywhere."""
    cols, names = [], []
    for name, col in zip(batch.schema.names, batch.columns):
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            col = col.cast(pa.timestamp("us", tz="+07:00"))
        cols.append(col)
        names.append(name)
    return pa.RecordBatch.from_arrays(cols, names=names)


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0


class _ArticleStats:
    """What the dataset card says about the articles, gathered while they stream past."""

    def __init__(self) -> None:
        self.provinces: Counter = Counter()
        self.provinces_2025: Counter = Counter()
        self.splits: Counter = Counter()
        self.kinds: Counter = Counter()
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.undated = 0
        self.words = 0
        self.relevant = 0
        self.scored = 0

    def add(self, batch: pa.RecordBatch) -> None:
        d = batch.to_pydict()
        self.provinces.update(p or "(none)" for p in d["province"])
        self.provinces_2025.update(p or "(none)" for p in d["province_2025"])
        self.splits.update(d["split"])
        self.kinds.update(k for k in d["duplicate_kind"] if k)
        self.words += sum(d["word_count"])
        for ts in d["published"]:
            if ts is None:
                self.undated += 1
                continue
            self.first = ts if self.first is None or ts < self.first else self.first
            self.last = ts if self.last is None or ts > self.last else self.last
        for score in d["relevance"]:
            if score is not None:
                self.scored += 1
                self.relevant += score >= 0.5


def relative_warc_path(value: str | None, root: Path) -> str | None:
    """A stored WARC path as exported: relative to the archive root, else the file name alone (no local paths)."""
    if not value:
        return value
    path = Path(value)
    try:
        return path.resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return path.name


def _article_batch(batch: pa.RecordBatch, archive_root: Path = settings.ARCHIVE_DIR) -> pa.RecordBatch:
    batch = _with_vn_time(batch)
    ids = batch.column("id").to_pylist()
    texts = batch.column("text").to_pylist()
    cols = dict(zip(batch.schema.names, batch.columns))
    out = {}
    for name, col in cols.items():
        if name == "warc_file":
            col = pa.array([relative_warc_path(v, archive_root) for v in col.to_pylist()], type=pa.string())
        out[name] = col
        if name == "text":
            out["word_count"] = pa.array([word_count(t) for t in texts], type=pa.int32())
    out["split"] = pa.array([split_of(i) for i in ids], type=pa.string())
    # The same hash on the cluster: every copy of a story in one split (leak-free, but moves if clusters change).
    out["cluster_split"] = pa.array([split_of(c) for c in batch.column("cluster_id").to_pylist()], type=pa.string())
    return pa.RecordBatch.from_pydict(out)


def _stream(store, sql: str, params: list, batch: int):
    cur = store.con.cursor()
    try:
        reader = cur.execute(sql, params).to_arrow_reader(batch)
        yield from reader
    finally:
        cur.close()


MANIFEST = ".danvan-export.json"     # lists the files of the export in its folder
_STAGING = ".danvan-export-staging"  # a new export is written here, then moved into place


def _manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, list) or not all(isinstance(f, str) and "/" not in f and f not in ("", ".", "..")
                                              for f in files):
        return None
    return data


def check_output(out: Path) -> list[str]:
    """Refuse an output folder that is not ours to fill; the files of its earlier export (to replace).

    A new or empty folder is fine, and so is one holding only an earlier export (listed in its manifest,
    .danvan-export.json). Anything inside a .git folder, a file, or a folder with other files is refused.
    """
    resolved = Path(out).resolve()
    if ".git" in resolved.parts:
        raise ExportError(f"{out} is inside a .git folder: export somewhere else")
    if resolved.exists() and not resolved.is_dir():
        raise ExportError(f"{out} is a file, not a folder")
    if not resolved.exists():
        return []
    present = {p.name for p in resolved.iterdir()} - {_STAGING}
    if not present:
        return []
    manifest = _manifest(resolved)
    if manifest is None:
        raise ExportError(f"{out} is not empty and holds no earlier danvan export (no {MANIFEST}): "
                          "export into a new or empty folder")
    foreign = sorted(present - set(manifest["files"]) - {MANIFEST})
    if foreign:
        raise ExportError(f"{out} holds files that are not part of its earlier export ({', '.join(foreign[:5])}): "
                          "move them away or export somewhere else")
    return [f for f in manifest["files"] if (resolved / f).exists()]


def _write_manifest(folder: Path, files: list[str], fmt: str) -> None:
    tmp = folder / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"generator": "danvan export", "format": fmt, "files": sorted(files)}, indent=1)
                   + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def export_corpus(store, options: ExportOptions) -> ExportReport:
    """Write the corpus tables and the dataset card (README.md) into options.out.

    options.out must be new, empty, or hold an earlier export (its .danvan-export.json manifest), which is
    replaced whole: files of the earlier export that the new one does not have are removed. Everything is
    written into a staging folder first and moved into place when complete, so a failed export leaves the
    folder as it was. With options.refresh, duplicate clusters are recomputed and unscored articles scored first.
    """
    if options.fmt not in WRITERS:
        raise ExportError(f"unknown format {options.fmt!r}; one of: {', '.join(WRITERS)}")
    where, params = _filter(options)
    earlier = check_output(options.out)
    report = ExportReport()
    if options.refresh and not store.read_only:
        from corpus.dedup import DedupOptions, cluster_store
        from corpus.relevance import score_store

        report.dedup = cluster_store(store, DedupOptions(batch=options.batch))
        report.relevance = score_store(store, batch=options.batch)
    out = Path(options.out).resolve()
    staging = out / _STAGING
    try:
        out.mkdir(parents=True, exist_ok=True)
        if staging.exists():
            shutil.rmtree(staging)  # left by an export that was killed: ours, and incomplete
        staging.mkdir()
    except OSError as exc:
        raise ExportError(f"cannot create {options.out}: {exc.strerror or exc}") from None
    try:
        names = _write_tables(store, options, where, params, staging, report)
        # Replace the earlier export: first a manifest naming both (so a crash leaves nothing unowned),
        # then each file moved into place, then the earlier files the new export lacks removed.
        _write_manifest(out, sorted(set(earlier) | set(names)), options.fmt)
        for name in names:
            os.replace(staging / name, out / name)
        for name in set(earlier) - set(names):
            (out / name).unlink(missing_ok=True)
        _write_manifest(out, names, options.fmt)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.files = [Path(options.out) / name for name in names]
    return report


def _write_tables(store, options: ExportOptions, where: str, params: list, folder: Path,
                  report: ExportReport) -> list[str]:
    """Write every table and the card into `folder`; the names of the files written."""
    writer_cls = WRITERS[options.fmt]
    stats = _ArticleStats()
    categories: Counter = Counter()
    names = []
    for table, sql, key, sized_by in _QUERIES:
        path = folder / f"{table}{writer_cls.suffix}"
        writer = writer_cls(path)
        n, schema = 0, None
        try:
            version = _VERSIONED.get(table) if options.extractor_version else None
            for part, part_params in _parts(store, sized_by, key, options.sort_rows):
                if version:
                    part, part_params = f"{part} AND {version}.extractor_version = ?", \
                        part_params + [options.extractor_version]
                query = sql.format(where=where, part=part)
                for batch in _stream(store, query, params + part_params, options.batch):
                    batch = (_article_batch(batch, options.archive_root) if table == "articles"
                             else _with_vn_time(batch))
                    if table == "articles":
                        stats.add(batch)
                    elif table == "figures":
                        categories.update(zip(batch.column("extractor_version").to_pylist(),
                                              batch.column("category").to_pylist()))
                    schema = batch.schema
                    writer.write(batch)
                    n += batch.num_rows
            if schema is None:
                schema = _empty_schema(store, sql.format(where=where, part="TRUE"), params, table)
            writer.close(schema)
        except BaseException:
            writer.abort()
            raise
        report.counts[table] = n
        names.append(path.name)
    card = folder / "README.md"
    card.write_text(render_card(options, report.counts, stats, categories), encoding="utf-8")
    names.append(card.name)
    return names


def _empty_schema(store, sql: str, params: list, table: str) -> pa.Schema:
    cur = store.con.cursor()
    try:
        t = cur.execute(f"SELECT * FROM ({sql}) LIMIT 0", params).to_arrow_table()
    finally:
        cur.close()
    batch = pa.RecordBatch.from_pylist([], schema=t.schema)
    return (_article_batch(batch) if table == "articles" else _with_vn_time(batch)).schema


# -- the dataset card -------------------------------------------------------------------------------

def size_category(n: int) -> str:
    """The Hugging Face size category of n rows."""
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M")):
        if n < limit:
            return name
    return "10M<n<100M"


def render_card(options: ExportOptions, counts: dict[str, int], stats: _ArticleStats,
                categories: Counter) -> str:
    """The dataset card: YAML front matter then Markdown. No clock time in it, so re-exports are identical."""
    from jinja2 import Environment

    env = Environment(keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    env.filters["yaml_str"] = lambda s: json.dumps(str(s), ensure_ascii=False)
    template = env.from_string(resources.files("corpus").joinpath("data/dataset_card.md.j2")
                               .read_text(encoding="utf-8"))
    return template.render(
        fmt=options.fmt, suffix=WRITERS[options.fmt].suffix, counts=counts, tables=TABLES,
        size_category=size_category(counts.get("articles", 0)),
        since=options.since.isoformat() if options.since else None, province=options.province,
        first=stats.first.date().isoformat() if stats.first else None,
        last=stats.last.date().isoformat() if stats.last else None, undated=stats.undated,
        words=stats.words, splits=sorted(stats.splits.items()), kinds=sorted(stats.kinds.items()),
        relevant=stats.relevant, scored=stats.scored,
        provinces=sorted(stats.provinces.items(), key=lambda kv: (-kv[1], kv[0])),
        provinces_2025=sorted(stats.provinces_2025.items(), key=lambda kv: (-kv[1], kv[0])),
        categories=sorted(((v, c, n) for (v, c), n in categories.items()), key=lambda r: (r[0], -r[2], r[1])),
        split_ratios=settings.SPLIT_RATIOS,
    )
