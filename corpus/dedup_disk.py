"""Duplicate clusters with the LSH index on disk (DuckDB): the clusters of corpus.dedup.cluster_store, in memory
that does not grow with the corpus.

1. One scan of the store's articles (in storage order, Arrow batches): each body's words, hash and MinHash
   signature; the signature and its LSH band keys (datasketch's band layout, corpus.dedup.lsh_bands) go to a
   work database in batches.
2. DuckDB (memory_limit, spilling to temp_directory) ranks the articles in canonical order, keeps the first
   article of each body hash, and joins the band keys into candidate pairs.
3. Each candidate pair is checked from the two signatures (numpy, a batch at a time): it must share a whole band
   (the band keys are 64-bit hashes, so a collision is dropped here) and reach the threshold; the pairs that pass
   are the edges.
4. The greedy placement of corpus.dedup runs over the edges in canonical order: an article joins the canonical
   article it matches best (ties: the smallest id), or is a canonical article itself. The only state is one bit
   per article (is it canonical?), so it is the same as the in-memory LSH of canonical articles.
5. Copies of a body follow its first article; cluster ids and rows are computed in SQL and replace
   article_clusters in one transaction.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa

from corpus.dedup import (CLUSTER_COLUMNS, DedupOptions, DedupReport, MinHasher, lsh_bands, words,
                          write_clusters)

_ROWS = 20_000     # rows per batch of candidate pairs and of edges read back into Python


class DiskDedupError(Exception):
    """Bad options, or a run of the disk engine that stopped (one-line message; the store is unchanged)."""


@dataclass(frozen=True)
class DiskOptions:
    """memory_limit: DuckDB's memory limit for the work database ("1GB", "512MB");
    temp_dir: where the work database and DuckDB's spill files go (default: beside the store, or the system's
    temporary folder for an in-memory store); removed at the end, also after a failure."""

    memory_limit: str = "1GB"
    temp_dir: Path | None = None
    threads: int | None = None


def _band_multipliers(width: int) -> np.ndarray:
    rng = np.random.default_rng(20261203)
    return rng.integers(1, 2**63, size=width, dtype=np.uint64) | np.uint64(1)


def _band_keys(sigs: np.ndarray, bands: list[tuple[int, int]], mult: np.ndarray) -> np.ndarray:
    """A 64-bit key per (article, band): a hash of the band's values (equal bands, equal keys)."""
    keys = np.empty((len(sigs), len(bands)), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for b, (start, end) in enumerate(bands):
            part = sigs[:, start:end].astype(np.uint64)
            h = np.full(len(sigs), np.uint64(b + 1) * np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64)
            for j in range(end - start):
                h = (h ^ part[:, j]) * mult[j]
                h ^= h >> np.uint64(29)
            keys[:, b] = h
    return keys


def _connect_work(folder: Path, disk: DiskOptions) -> duckdb.DuckDBPyConnection:
    spill = folder / "spill"
    spill.mkdir()
    con = duckdb.connect(str(folder / "work.duckdb"))
    try:
        con.execute("SET memory_limit = ?", [disk.memory_limit])
    except duckdb.Error:
        con.close()
        raise DiskDedupError(f"--memory-limit wants a size like 1GB or 512MB, not {disk.memory_limit!r}") from None
    con.execute("SET temp_directory = ?", [str(spill)])
    con.execute("SET preserve_insertion_order = false")
    if disk.threads:
        con.execute(f"SET threads = {int(disk.threads)}")
    return con


def _work_folder(store, disk: DiskOptions) -> Path:
    if disk.temp_dir is not None:
        base = Path(disk.temp_dir)
        if base.exists() and not base.is_dir():
            raise DiskDedupError(f"--temp-dir {base} is not a folder")
    elif store.path not in (None, ":memory:"):
        base = Path(store.path).resolve().parent
    else:
        base = Path(tempfile.gettempdir())
    try:
        base.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".danvan-dedup-", dir=base))
    except OSError as exc:
        raise DiskDedupError(f"cannot create a work folder in {base}: {exc.strerror or exc}") from None


def _sign_articles(store, con, opts: DedupOptions, report: DedupReport) -> None:
    """Step 1: signatures and band keys of every body long enough to compare."""
    hasher = MinHasher(opts.num_perm, opts.shingle_words)
    bands = lsh_bands(opts)
    mult = _band_multipliers(max(end - start for start, end in bands))
    con.execute("CREATE TABLE raw (seq BIGINT, id VARCHAR, published TIMESTAMPTZ, url_len BIGINT, "
                "digest VARCHAR, sig BLOB)")
    con.execute("CREATE TABLE bands (band SMALLINT, key UBIGINT, seq BIGINT)")
    cur = store.con.cursor()
    seq = 0
    try:
        reader = cur.execute("SELECT id, published, length(url) AS url_len, content_sha256, text FROM articles"
                             ).to_arrow_reader(opts.batch)
        for batch in reader:
            cols = batch.to_pydict()
            keep, digests, sigs = [], [], []
            for i, text in enumerate(cols["text"]):
                report.articles += 1
                ws = words(text or "")
                if len(ws) < opts.min_words:
                    report.too_short += 1
                    continue
                keep.append(i)
                digests.append(cols["content_sha256"][i]
                               or hashlib.sha256((text or "").encode("utf-8")).hexdigest())
                sigs.append(hasher.minhash(ws).hashvalues.astype(np.uint32))
            if not keep:
                continue
            matrix = np.vstack(sigs)
            seqs = np.arange(seq, seq + len(keep), dtype=np.int64)
            seq += len(keep)
            raw = pa.table({
                "seq": pa.array(seqs),
                "id": pa.array([cols["id"][i] for i in keep], pa.string()),
                "published": pa.array([cols["published"][i] for i in keep], batch.schema.field("published").type),
                "url_len": pa.array([cols["url_len"][i] for i in keep], pa.int64()),
                "digest": pa.array(digests, pa.string()),
                "sig": pa.array([row.tobytes() for row in matrix], pa.binary()),
            })
            keys = _band_keys(matrix, bands, mult)
            band_rows = pa.table({
                "band": pa.array(np.tile(np.arange(len(bands), dtype=np.int16), len(keep))),
                "key": pa.array(keys.reshape(-1)),
                "seq": pa.array(np.repeat(seqs, len(bands))),
            })
            con.register("_raw", raw)
            con.register("_bands", band_rows)
            con.execute("INSERT INTO raw SELECT * FROM _raw")
            con.execute("INSERT INTO bands SELECT * FROM _bands")
            con.unregister("_raw")
            con.unregister("_bands")
    finally:
        cur.close()


def _rank_and_pair(con) -> None:
    """Step 2: canonical ranks, the first article of each body hash, candidate pairs between those."""
    con.execute("""CREATE TABLE ranks AS
        SELECT seq, id, digest, row_number() OVER (ORDER BY published ASC NULLS LAST, url_len, id) - 1 AS rank
        FROM raw""")
    con.execute("""CREATE TABLE reps AS
        SELECT seq, rank, id FROM (SELECT *, min(rank) OVER (PARTITION BY digest) AS first FROM ranks)
        WHERE rank = first""")
    con.execute("CREATE TABLE rep_bands AS SELECT band, key, seq FROM bands SEMI JOIN reps USING (seq)")
    con.execute("DROP TABLE bands")
    con.execute("""CREATE TABLE pairs AS
        SELECT DISTINCT a.seq AS s1, b.seq AS s2 FROM rep_bands a JOIN rep_bands b
        ON a.band = b.band AND a.key = b.key AND a.seq < b.seq""")
    con.execute("DROP TABLE rep_bands")


def _check_pairs(con, opts: DedupOptions) -> None:
    """Step 3: keep the pairs that share a whole band and reach the threshold (counts of equal values)."""
    bands = lsh_bands(opts)
    con.execute("CREATE TABLE edges (early BIGINT, late BIGINT, equal SMALLINT)")
    cur = con.cursor()
    try:
        reader = cur.execute("""SELECT ra.rank AS ra, rb.rank AS rb, x.sig AS sa, y.sig AS sb FROM pairs p
            JOIN raw x ON x.seq = p.s1 JOIN raw y ON y.seq = p.s2
            JOIN ranks ra ON ra.seq = p.s1 JOIN ranks rb ON rb.seq = p.s2""").to_arrow_reader(_ROWS)
        for batch in reader:
            a = np.frombuffer(b"".join(batch.column("sa").to_pylist()), np.uint32).reshape(-1, opts.num_perm)
            b = np.frombuffer(b"".join(batch.column("sb").to_pylist()), np.uint32).reshape(-1, opts.num_perm)
            same = a == b
            shares_band = np.zeros(len(a), dtype=bool)
            for start, end in bands:
                shares_band |= same[:, start:end].all(axis=1)
            equal = np.count_nonzero(same, axis=1)
            ok = shares_band & (equal / opts.num_perm >= opts.threshold)
            if not ok.any():
                continue
            ra = batch.column("ra").to_numpy()[ok]
            rb = batch.column("rb").to_numpy()[ok]
            con.register("_edges", pa.table({"early": np.minimum(ra, rb), "late": np.maximum(ra, rb),
                                             "equal": equal[ok].astype(np.int16)}))
            con.execute("INSERT INTO edges SELECT * FROM _edges")
            con.unregister("_edges")
    finally:
        cur.close()


def _place(con, opts: DedupOptions) -> None:
    """Step 4: the greedy placement of corpus.dedup._ClusterBuilder over the edges, in canonical order."""
    total = con.execute("SELECT count(*) FROM ranks").fetchone()[0]
    canonical = bytearray(b"\xff" * ((total + 7) // 8))     # one bit per article: still canonical?
    con.execute("CREATE TABLE near (rank BIGINT, canon BIGINT, similarity DOUBLE)")
    out: dict[str, list] = {"rank": [], "canon": [], "similarity": []}

    def flush():
        if out["rank"]:
            con.register("_near", pa.table({"rank": pa.array(out["rank"], pa.int64()),
                                            "canon": pa.array(out["canon"], pa.int64()),
                                            "similarity": pa.array(out["similarity"], pa.float64())}))
            con.execute("INSERT INTO near SELECT * FROM _near")
            con.unregister("_near")
            for v in out.values():
                v.clear()

    def decide(late, group):
        best = None
        for early, early_id, equal in group:
            if canonical[early >> 3] >> (early & 7) & 1:
                if best is None or equal > best[2] or (equal == best[2] and early_id < best[1]):
                    best = (early, early_id, equal)
        if best is not None:
            canonical[late >> 3] &= ~(1 << (late & 7)) & 0xFF
            out["rank"].append(late)
            out["canon"].append(best[0])
            out["similarity"].append(round(best[2] / opts.num_perm, 4))

    cur = con.cursor()
    try:
        reader = cur.execute("""SELECT e.late, e.early, r.id, e.equal FROM edges e JOIN ranks r ON r.rank = e.early
            ORDER BY e.late, e.early""").to_arrow_reader(_ROWS)
        late, group = None, []
        for batch in reader:
            for row_late, early, early_id, equal in zip(*(c.to_pylist() for c in batch.columns)):
                if row_late != late:
                    if group:
                        decide(late, group)
                    late, group = row_late, []
                group.append((early, early_id, equal))
            if len(out["rank"]) >= _ROWS:
                flush()
        if group:
            decide(late, group)
        flush()
    finally:
        cur.close()


def _members(con) -> None:
    """Step 5: the rows of article_clusters, in the work database."""
    con.execute("""CREATE TABLE first_of AS SELECT digest, min(rank) AS first FROM ranks GROUP BY digest""")
    con.execute("""CREATE TABLE members AS
        WITH placed AS (
            SELECT r.rank, r.id, coalesce(n.canon, r.rank) AS canon, coalesce(n.similarity, 1.0) AS similarity,
                   n.rank IS NOT NULL AS is_near
            FROM reps r LEFT JOIN near n ON n.rank = r.rank),
        copies AS (       -- later articles with the body of a first article: they follow it
            SELECT k.id AS article_id, p.canon, CASE WHEN p.is_near THEN 'near' ELSE 'exact' END AS kind,
                   p.similarity
            FROM ranks k JOIN first_of f ON f.digest = k.digest AND f.first < k.rank
            JOIN placed p ON p.rank = f.first),
        named AS (
            SELECT m.article_id, c.id AS canonical_id, m.kind, m.similarity
            FROM (SELECT * FROM copies UNION ALL SELECT id, canon, 'near', similarity FROM placed WHERE is_near) m
            JOIN ranks c ON c.rank = m.canon),
        clusters AS (
            SELECT canonical_id, least(canonical_id, min(article_id)) AS cluster_id FROM named GROUP BY canonical_id)
        SELECT n.article_id, c.cluster_id, n.canonical_id, n.kind, n.similarity
        FROM named n JOIN clusters c USING (canonical_id)
        UNION ALL
        SELECT canonical_id, cluster_id, canonical_id, 'canonical', 1.0 FROM clusters""")


def _report(con, report: DedupReport) -> None:
    report.clusters = con.execute("SELECT count(*) FROM members WHERE kind = 'canonical'").fetchone()[0]
    for kind, n in con.execute("SELECT kind, count(*) FROM members GROUP BY kind ORDER BY kind").fetchall():
        report.kinds[kind] = n
    report.exact = report.kinds.get("exact", 0)
    report.near = report.kinds.get("near", 0)


def _cluster_batches(cur, batch: int) -> pa.RecordBatchReader:
    return cur.execute(f"SELECT {', '.join(CLUSTER_COLUMNS)} FROM members ORDER BY article_id"
                       ).to_arrow_reader(batch)


def _check(con, sql: str, what: str) -> None:
    if con.execute(sql).fetchone()[0]:
        raise DiskDedupError(f"dedup stopped, article_clusters unchanged: internal check failed ({what})")


def _replace(store, con, batch: int) -> None:
    """Replace article_clusters with the work database's rows (`corpus.dedup.write_clusters`)."""
    cur = con.cursor()
    try:
        write_clusters(store, _cluster_batches(cur, batch))
    finally:
        cur.close()


def cluster_store_disk(store, options: DedupOptions | None = None, disk: DiskOptions | None = None
                       ) -> DedupReport:
    """Recompute the duplicate clusters of every article in the store with the LSH index on disk and replace
    article_clusters in one transaction.

    Gives the same rows as corpus.dedup.cluster_store. Memory: the imports, one batch of articles, DuckDB's
    memory_limit (disk.memory_limit; DuckDB spills beyond it to disk.temp_dir) and one bit per article. The
    work database is removed at the end; the store is written only by the final transaction.
    """
    opts = options or DedupOptions()
    disk = disk or DiskOptions()
    report = DedupReport()
    folder = _work_folder(store, disk)
    try:
        con = _connect_work(folder, disk)
        try:
            _sign_articles(store, con, opts, report)
            _rank_and_pair(con)
            _check_pairs(con, opts)
            _place(con, opts)
            _check(con, "SELECT count(*) - count(DISTINCT rank) FROM near", "an article placed twice")
            _members(con)
            _check(con, "SELECT count(*) - count(DISTINCT article_id) FROM members", "an article in two clusters")
            _report(con, report)
            _replace(store, con, opts.batch)
        except duckdb.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DiskDedupError(f"dedup stopped, article_clusters unchanged: {message}") from exc
        finally:
            con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return report
