"""Duplicate clusters on Dask, the same clusters as corpus.dedup.cluster_store.

1. The store writes the dedup inputs as Parquet, in partitions by a hash of the article id.
2. Each worker computes the MinHash signatures of its partition (the costly part: shingles and hashing),
   writes them as Parquet and emits one record per LSH band: ((band, band values), article).
3. The band records are shuffled by band (dask.bag groupby, a task shuffle); each bucket of articles sharing a
   band gives candidate pairs.
4. This process replays the greedy placement of corpus.dedup in canonical order, reading the signatures back
   (DuckDB sorts them, out of core if need be) and taking candidates from the pairs instead of an LSH index.
"""
from __future__ import annotations

import hashlib
import math
import os
import shutil
from pathlib import Path

import numpy as np

from corpus.dedup import (
    DedupOptions, DedupReport, MinHasher, _ClusterBuilder, lsh_bands, replace_clusters, words,
)
from corpus.distributed import ScaleOptions, dask_client, make_staging


def _sign_partition(folder: str, index: int, out: str, opts: DedupOptions,
                    bands: list[tuple[int, int]]) -> list[tuple]:
    """Signatures of one input partition, written to out/part-<index>.parquet; returns its band records
    ((band number, band values), (order key, id, body hash)) and one ("counts", articles, too short) record."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    hasher = MinHasher(opts.num_perm, opts.shingle_words)
    rows = {"id": [], "ts": [], "url_len": [], "digest": [], "sig": []}
    records: list[tuple] = []
    articles = too_short = 0
    for path in sorted(Path(folder).glob("*.parquet")):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=opts.batch):
            for r in batch.to_pylist():
                articles += 1
                ws = words(r["text"] or "")
                if len(ws) < opts.min_words:
                    too_short += 1
                    continue
                ts = r["published"].timestamp() if r["published"] is not None else math.inf
                key = (ts, len(r["url"]), r["id"])
                digest = r["content_sha256"] or hashlib.sha256((r["text"] or "").encode("utf-8")).hexdigest()
                sig = hasher.minhash(ws).hashvalues.astype(np.uint32)
                rows["id"].append(r["id"])
                rows["ts"].append(ts)
                rows["url_len"].append(key[1])
                rows["digest"].append(digest)
                rows["sig"].append(sig.tobytes())
                for b, (start, end) in enumerate(bands):
                    records.append(((b, sig[start:end].tobytes()), (key, r["id"], digest)))
    Path(out).mkdir(parents=True, exist_ok=True)
    tmp = Path(out) / f".part-{index:05d}.{os.getpid()}.tmp"
    pq.write_table(pa.table({"id": pa.array(rows["id"], pa.string()), "ts": pa.array(rows["ts"], pa.float64()),
                             "url_len": pa.array(rows["url_len"], pa.int64()),
                             "digest": pa.array(rows["digest"], pa.string()),
                             "sig": pa.array(rows["sig"], pa.binary())}), tmp)
    os.replace(tmp, Path(out) / f"part-{index:05d}.parquet")
    records.append(("counts", articles, too_short))
    return records


def _bucket_pairs(group: tuple) -> list[tuple[str, str]]:
    """Candidate pairs (earlier id, later id) of one LSH bucket, between the first articles of each body hash
    (the later copies of a body are placed by their hash and never query the index)."""
    _, members = group
    first: dict[str, tuple] = {}
    for key, id_, digest in members:
        if digest not in first or key < first[digest][0]:
            first[digest] = (key, id_)
    reps = sorted(first.values())
    return [(reps[i][1], reps[j][1]) for i in range(len(reps)) for j in range(i + 1, len(reps))]


def cluster_store_dask(store, options: DedupOptions | None = None, scale: ScaleOptions | None = None,
                       partitions: int = 16) -> DedupReport:
    """Recompute the duplicate clusters of every article in the store on Dask and replace article_clusters.

    Gives the same rows as corpus.dedup.cluster_store. partitions: input partitions (tasks) the articles are
    split into. Workers read and write Parquet under the staging folder (scale.staging on a cluster).
    """
    import dask.bag as db

    opts = options or DedupOptions()
    scale = scale or ScaleOptions()
    report = DedupReport()
    staging = make_staging(store.path, scale)
    try:
        inputs = staging / "inputs"
        store.con.execute(
            f"COPY (SELECT id, url, published, content_sha256, text, hash(id) % {int(partitions)} AS part "
            f"FROM articles) TO '{inputs}' (FORMAT parquet, PARTITION_BY (part))")
        folders = sorted(str(p) for p in inputs.glob("part=*"))
        bands = lsh_bands(opts)
        with dask_client(scale) as client:
            signed = db.from_sequence(list(enumerate(folders)), npartitions=max(1, len(folders))).map(
                lambda job: _sign_partition(job[1], job[0], str(staging / "signatures"), opts, bands)).flatten()
            counts = signed.filter(lambda r: r[0] == "counts")
            pairs = (signed.filter(lambda r: r[0] != "counts")
                     .groupby(lambda r: r[0], shuffle="tasks", npartitions=max(1, len(folders)))
                     .map(lambda g: _bucket_pairs((g[0], [m for _, m in g[1]])))
                     .flatten().distinct())
            count_rows, pair_list = client.compute([counts, pairs], sync=True)
        report.articles = sum(r[1] for r in count_rows)
        report.too_short = sum(r[2] for r in count_rows)
        earlier: dict[str, set[str]] = {}
        for a, b in pair_list:
            earlier.setdefault(b, set()).add(a)
        members = _replay(store, staging / "signatures", earlier, opts, report)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    replace_clusters(store, members)
    return report


def _replay(store, signatures: Path, earlier: dict[str, set[str]], opts: DedupOptions, report: DedupReport):
    builder = _ClusterBuilder(opts, report)
    if not any(signatures.glob("*.parquet")):
        return builder.result()
    cur = store.con.cursor()
    try:
        cur.execute(f"SELECT id, digest, sig FROM read_parquet('{signatures}/*.parquet') ORDER BY ts, url_len, id")
        while rows := cur.fetchmany(opts.batch):
            for id_, digest, sig in rows:
                if builder.same_body(id_, digest):
                    continue
                candidates = sorted(c for c in earlier.get(id_, ()) if builder.is_canonical(c))
                builder.place(id_, digest, np.frombuffer(sig, dtype=np.uint32), candidates)
    finally:
        cur.close()
    return builder.result()
