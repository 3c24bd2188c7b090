"""Duplicate clusters: exact copies (same body hash) and near copies (MinHash LSH on word shingles).

Syndicated copies stay in the corpus; each copy is linked to its cluster and the cluster's canonical article
(earliest published, then shortest URL, then smallest id). Nothing is dropped.
"""
from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

from common import settings

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class DedupOptions:
    """threshold: estimated Jaccard of shingle sets at or above which two bodies are copies.
    shingle_words: words per shingle; num_perm: MinHash permutations;
    min_words: bodies shorter than this are left out (never called copies).
    """

    threshold: float = settings.DEDUP_THRESHOLD
    shingle_words: int = settings.DEDUP_SHINGLE_WORDS
    num_perm: int = settings.DEDUP_NUM_PERM
    min_words: int = settings.DEDUP_MIN_WORDS
    batch: int = settings.EXPORT_BATCH_ROWS


@dataclass(frozen=True)
class DedupInput:
    """What dedup reads of one article."""

    id: str
    url: str
    published: datetime | None
    text: str
    content_sha256: str | None = None


@dataclass(frozen=True)
class ClusterMember:
    """One row of article_clusters."""

    article_id: str
    cluster_id: str
    canonical_id: str
    kind: str          # canonical | exact | near
    similarity: float


@dataclass
class DedupReport:
    articles: int = 0
    too_short: int = 0
    clusters: int = 0
    exact: int = 0     # members that are exact copies of their canonical
    near: int = 0      # members that are near copies of their canonical
    kinds: dict[str, int] = field(default_factory=dict)


def words(text: str) -> list[str]:
    """Lower-case words of a text (NFC-normalised, punctuation dropped)."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def shingles(text: str | list[str], k: int = settings.DEDUP_SHINGLE_WORDS) -> set[bytes]:
    """The set of k-word shingles of a text or word list (one shingle when it has fewer than k words)."""
    ws = words(text) if isinstance(text, str) else text
    if len(ws) <= k:
        return {" ".join(ws).encode("utf-8")} if ws else set()
    return {" ".join(ws[i:i + k]).encode("utf-8") for i in range(len(ws) - k + 1)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class MinHasher:
    """MinHash signatures with permutations computed once."""

    def __init__(self, num_perm: int = settings.DEDUP_NUM_PERM, shingle_words: int = settings.DEDUP_SHINGLE_WORDS):
        self.num_perm, self.k = num_perm, shingle_words
        self._empty = MinHash(num_perm=num_perm, seed=1)

    def minhash(self, text: str | list[str]) -> MinHash:
        m = self._empty.copy()
        m.update_batch(sorted(shingles(text, self.k)))
        return m


def estimated_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal MinHash values: an estimate of the Jaccard similarity of the shingle sets."""
    return np.count_nonzero(a == b) / len(a)


class _SignatureTable:
    """MinHash signatures in one growing uint32 matrix, for comparing a signature with many rows at once."""

    def __init__(self, num_perm: int):
        self._rows: dict[str, int] = {}
        self._matrix = np.zeros((1024, num_perm), dtype=np.uint32)

    def add(self, key: str, sig: np.ndarray) -> None:
        n = len(self._rows)
        if n == len(self._matrix):
            self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
        self._matrix[n] = sig
        self._rows[key] = n

    def __getitem__(self, key: str) -> np.ndarray:
        return self._matrix[self._rows[key]]

    def similarities(self, keys: list[str], sig: np.ndarray) -> np.ndarray:
        rows = self._matrix[[self._rows[k] for k in keys]]
        return np.count_nonzero(rows == sig, axis=1) / rows.shape[1]


def canonical_order(item: DedupInput) -> tuple:
    """The order in which articles must reach find_clusters: earliest published, then shortest URL, then id."""
    ts = item.published.timestamp() if item.published is not None else math.inf
    return (ts, len(item.url), item.id)


# The same order in SQL, for streaming from the store.
CANONICAL_ORDER_SQL = "published ASC NULLS LAST, length(url), id"


class _ClusterBuilder:
    """The greedy placement shared by both engines: each article, in canonical order, joins the cluster whose
    canonical body it matches best among its LSH candidates, or starts a cluster of its own."""

    def __init__(self, opts: DedupOptions, report: DedupReport):
        self.opts, self.report = opts, report
        self.signatures = _SignatureTable(opts.num_perm)  # canonical id -> its signature
        self.canonical_of_hash: dict[str, tuple[str, float]] = {}   # body hash -> (canonical id, similarity)
        self.canonical_hash: dict[str, str] = {}          # canonical id -> its body hash
        self.members: dict[str, list[tuple[str, str, float]]] = {}   # canonical id -> [(id, kind, similarity)]

    def same_body(self, item_id: str, digest: str) -> bool:
        """Place an article whose body hash was seen before (no signature needed); False when it is new."""
        seen = self.canonical_of_hash.get(digest)
        if seen is None:
            return False
        canon, sim = seen
        kind = "exact" if sim == 1.0 and self.canonical_hash[canon] == digest else "near"
        self.members[canon].append((item_id, kind, sim))
        return True

    def is_canonical(self, item_id: str) -> bool:
        return item_id in self.members

    def place(self, item_id: str, digest: str, sig: np.ndarray, candidates: list[str]) -> bool:
        """Place a new body given its LSH candidates (canonical ids, sorted); True when it starts a cluster."""
        best, best_sim = None, -1.0
        if candidates:
            sims = self.signatures.similarities(candidates, sig)
            top = int(np.argmax(sims))          # the first of equals: the smallest id
            if sims[top] >= self.opts.threshold:
                best, best_sim = candidates[top], float(sims[top])
        if best is None:
            self.canonical_of_hash[digest] = (item_id, 1.0)
            self.canonical_hash[item_id] = digest
            self.signatures.add(item_id, sig)
            self.members[item_id] = []
            return True
        self.canonical_of_hash[digest] = (best, round(best_sim, 4))
        self.members[best].append((item_id, "near", round(best_sim, 4)))
        return False

    def result(self) -> list[ClusterMember]:
        report = self.report
        out: list[ClusterMember] = []
        for canon, copies in self.members.items():
            if not copies:
                continue
            report.clusters += 1
            cluster_id = min([canon] + [i for i, _, _ in copies])
            out.append(ClusterMember(canon, cluster_id, canon, "canonical", 1.0))
            out += [ClusterMember(i, cluster_id, canon, kind, sim) for i, kind, sim in copies]
        for m in out:
            report.kinds[m.kind] = report.kinds.get(m.kind, 0) + 1
        report.exact = report.kinds.get("exact", 0)
        report.near = report.kinds.get("near", 0)
        out.sort(key=lambda m: m.article_id)
        return out


def lsh_bands(options: DedupOptions) -> list[tuple[int, int]]:
    """The (start, end) slices of a signature that the LSH index hashes as bands (datasketch's choice for the
    candidate threshold, a little below the cut)."""
    return list(_lsh(options).hashranges)


def _lsh(opts: DedupOptions) -> MinHashLSH:
    # A looser LSH threshold finds candidates a little below the cut; each candidate is then checked.
    return MinHashLSH(threshold=max(0.05, opts.threshold - 0.1), num_perm=opts.num_perm)


def _digest(item: DedupInput) -> str:
    return item.content_sha256 or hashlib.sha256(item.text.encode("utf-8")).hexdigest()


def find_clusters(items: Iterable[DedupInput], options: DedupOptions | None = None,
                  report: DedupReport | None = None) -> list[ClusterMember]:
    """Group articles into duplicate clusters in one streaming pass.

    items must come in canonical_order: the first article of a cluster is its canonical one. Each later
    article joins the cluster whose canonical body it matches best (same hash, or estimated Jaccard
    >= threshold), or starts a cluster of its own. Matching against the canonical only (not any member)
    keeps chains of small edits from gluing unrelated articles together.

    Memory grows with the number of clusters (one signature of num_perm values and the LSH bands, about
    1.5 KB each), not with the text. Returns one ClusterMember per article in a cluster of two or more,
    sorted by article id.
    """
    opts = options or DedupOptions()
    report = report if report is not None else DedupReport()
    hasher = MinHasher(opts.num_perm, opts.shingle_words)
    lsh = _lsh(opts)
    builder = _ClusterBuilder(opts, report)
    previous = None
    for item in items:
        key = canonical_order(item)
        if previous is not None and key < previous:
            raise ValueError(f"find_clusters needs its input in canonical order; {item.id} came too late")
        previous = key
        report.articles += 1
        ws = words(item.text)
        if len(ws) < opts.min_words:
            report.too_short += 1
            continue
        digest = _digest(item)
        if builder.same_body(item.id, digest):     # the same body as an article already placed
            continue
        mh = hasher.minhash(ws)
        if builder.place(item.id, digest, mh.hashvalues.astype(np.uint32), sorted(lsh.query(mh))):
            lsh.insert(item.id, mh, check_duplication=False)
    return builder.result()


def _store_inputs(store, batch: int) -> Iterator[DedupInput]:
    # DuckDB sorts only the small key columns; the bodies are fetched by id, one batch at a time.
    keys, texts = store.con.cursor(), store.con.cursor()
    try:
        keys.execute(f"SELECT id, url, published, content_sha256 FROM articles ORDER BY {CANONICAL_ORDER_SQL}")
        while rows := keys.fetchmany(batch):
            body = dict(texts.execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                      [[r[0] for r in rows]]).fetchall())
            for r in rows:
                yield DedupInput(r[0], r[1], r[2], body.get(r[0]) or "", r[3])
    finally:
        keys.close()
        texts.close()


def cluster_store(store, options: DedupOptions | None = None) -> DedupReport:
    """Recompute the duplicate clusters of every article in the store and replace article_clusters.

    One pass over the articles in batches, in canonical order; the table is replaced in one transaction.
    """
    opts = options or DedupOptions()
    report = DedupReport()
    replace_clusters(store, find_clusters(_store_inputs(store, opts.batch), opts, report))
    return report


CLUSTER_COLUMNS = ("article_id", "cluster_id", "canonical_id", "kind", "similarity")


def write_clusters(store, rows) -> None:
    """Make article_clusters hold exactly `rows` (an Arrow table or record batch reader with CLUSTER_COLUMNS),
    in one transaction: rows that did not change stay, only the others are deleted and inserted. A re-run on an
    unchanged corpus writes nothing, and far fewer keys are deleted and inserted again in one transaction,
    which DuckDB's unique indexes handle poorly (a delete-all-then-insert can fail with a duplicate key)."""
    cols = ", ".join(CLUSTER_COLUMNS)
    same = " AND ".join(f"n.{c} IS NOT DISTINCT FROM a.{c}" for c in CLUSTER_COLUMNS)
    with store.transaction() as con:
        con.register("_new_clusters", rows)
        try:
            con.execute(f"CREATE TEMP TABLE _dedup_new AS SELECT {cols} FROM _new_clusters")
        finally:
            con.unregister("_new_clusters")
        con.execute(f"DELETE FROM article_clusters a WHERE NOT EXISTS (SELECT 1 FROM _dedup_new n WHERE {same})")
        con.execute(f"INSERT INTO article_clusters ({cols}) SELECT {cols} FROM _dedup_new n "
                    "WHERE NOT EXISTS (SELECT 1 FROM article_clusters a WHERE a.article_id = n.article_id)")
        con.execute("DROP TABLE _dedup_new")   # a failure rolls the whole transaction back, this table too


def replace_clusters(store, members: list[ClusterMember]) -> None:
    """Replace the article_clusters table with these members, in one transaction (unchanged rows stay)."""
    write_clusters(store, pa.table({
        "article_id": pa.array([m.article_id for m in members], type=pa.string()),
        "cluster_id": pa.array([m.cluster_id for m in members], type=pa.string()),
        "canonical_id": pa.array([m.canonical_id for m in members], type=pa.string()),
        "kind": pa.array([m.kind for m in members], type=pa.string()),
        "similarity": pa.array([m.similarity for m in members], type=pa.float64()),
    }))


# -- the labelled pair set: how the threshold was chosen --------------------------------------------

@dataclass(frozen=True)
class LabelledPair:
    a: str
    b: str
    same: bool          # True: one is a copy of the other
    kind: str           # which edit made the copy, or why the pair differs


@dataclass(frozen=True)
class ThresholdScore:
    threshold: float
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0


def _data_text(name: str) -> str:
    from importlib import resources

    return resources.files("corpus").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _variants(text: str) -> dict[str, str]:
    import tomllib

    v = tomllib.loads(_data_text("dedup_variants.toml"))
    paras = text.split("\n\n")
    boiler = "\n".join(v["header"]) + "\n\n" + text + "\n\n" + "\n".join(v["footer"])
    edited = text
    for old, new in v["edits"]:
        edited = edited.replace(old, new)
    return {
        "boilerplate": boiler,
        "paragraph_removed": "\n\n".join(paras[:-1]),
        "paragraph_added": text + "\n\n" + v["added_paragraph"],
        "words_edited": edited,
        "lead_removed": "\n\n".join(paras[1:]),
        "boilerplate_and_paragraph_removed": "\n".join(v["header"]) + "\n\n" + "\n\n".join(paras[:-1]),
    }


def labelled_pairs(synthetic_pairs: int = 100) -> list[LabelledPair]:
    """The pair set used to choose the threshold.

    Copies: six edits of each hand-written article (corpus/data/dedup_articles.jsonl, edits in
    dedup_variants.toml). Distinct: different articles on the same topic, on other topics, an edited copy of
    one article against the other articles of its topic, and pairs of synthetic articles built from the same
    templates (corpus.synthetic), the hardest case for shingles.
    """
    import json
    from itertools import combinations

    from corpus.synthetic import SyntheticCorpus

    arts = [json.loads(line) for line in _data_text("dedup_articles.jsonl").splitlines() if line.strip()]
    pairs: list[LabelledPair] = []
    for art in arts:
        for kind, copy in _variants(art["text"]).items():
            pairs.append(LabelledPair(art["text"], copy, True, kind))
    for x, y in combinations(arts, 2):
        same_topic = x["topic"] == y["topic"]
        pairs.append(LabelledPair(x["text"], y["text"], False, "same_topic" if same_topic else "other_topic"))
        if same_topic:
            for kind, copy in _variants(x["text"]).items():
                pairs.append(LabelledPair(copy, y["text"], False, f"same_topic_{kind}"))
    gen = SyntheticCorpus(seed=7)
    for _ in range(synthetic_pairs):
        topic = gen.random.choice(gen.topics)
        pairs.append(LabelledPair(gen.body(topic), gen.body(topic), False, "synthetic_same_template"))
    return pairs


def score_thresholds(pairs: list[LabelledPair], thresholds: Iterable[float],
                     options: DedupOptions | None = None) -> list[ThresholdScore]:
    """Precision and recall of "estimated Jaccard >= threshold" on labelled pairs."""
    opts = options or DedupOptions()
    hasher = MinHasher(opts.num_perm, opts.shingle_words)
    sims = [(estimated_similarity(hasher.minhash(p.a).hashvalues, hasher.minhash(p.b).hashvalues), p.same)
            for p in pairs]
    out = []
    for t in thresholds:
        tp = sum(1 for s, same in sims if s >= t and same)
        fp = sum(1 for s, same in sims if s >= t and not same)
        fn = sum(1 for s, same in sims if s < t and same)
        out.append(ThresholdScore(t, tp, fp, fn))
    return out
