-- Research corpus: duplicate clusters, relevance scores, extraction runs per extractor version.

-- One row per article that has at least one copy (exact or near) in the store; articles without copies
-- have no row (the export gives them their own id as cluster). Rewritten as a whole by `danvan dedup`.
CREATE TABLE article_clusters (
    article_id   VARCHAR PRIMARY KEY,
    cluster_id   VARCHAR NOT NULL,     -- the smallest article id of the cluster (stable when the canonical changes)
    canonical_id VARCHAR NOT NULL,     -- earliest published, then shortest URL, then smallest id
    kind         VARCHAR NOT NULL,     -- canonical | exact (same body hash as the canonical) | near
    similarity   DOUBLE NOT NULL       -- estimated Jaccard of 5-word shingles with the canonical (1.0 for exact)
);
CREATE INDEX article_clusters_cluster ON article_clusters (cluster_id);

-- Relevance to công tác dân vận, by corpus.relevance: a score column, never a filter.
CREATE TABLE article_relevance (
    article_id    VARCHAR PRIMARY KEY,
    score         DOUBLE NOT NULL,     -- probability-like score in [0, 1]
    model_version VARCHAR NOT NULL     -- "relevance-<hash of labels, seeds and parameters>"
);

-- Which extractor version ran over which article text, including runs that found nothing
-- (figures / document_mentions / persons only show runs with results).
CREATE TABLE extraction_runs (
    article_id        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    content_sha256    VARCHAR,          -- hash of the body the version read (re-parsed from the archive)
    figures           INTEGER NOT NULL,
    documents         INTEGER NOT NULL,
    persons           INTEGER NOT NULL,
    extracted_at      TIMESTAMPTZ DEFAULT now(),
    PRIMARY KEY (article_id, extractor_version)
);

-- Results per extractor version, side by side: one row per (article, version) that has any result.
CREATE VIEW extraction_versions AS
SELECT article_id, extractor_version,
       sum(figures)::INTEGER AS figures, sum(documents)::INTEGER AS documents, sum(persons)::INTEGER AS persons
FROM (
    SELECT article_id, extractor_version, 1 AS figures, 0 AS documents, 0 AS persons FROM figures
    UNION ALL
    SELECT article_id, extractor_version, 0, 1, 0 FROM document_mentions
    UNION ALL
    SELECT article_id, extractor_version, 0, 0, 1 FROM persons
    UNION ALL
    SELECT article_id, extractor_version, 0, 0, 0 FROM extraction_runs
)
GROUP BY article_id, extractor_version;
