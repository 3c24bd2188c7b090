-- Analytics: figures placed in both geographies, cross-source facts, comparisons, crawl coverage, citations.
-- Everything here is a view over the core tables, so it is never stale after a load.
-- Months and years of publication are taken in Vietnam's time (UTC+7, no daylight saving), whatever the
-- session time zone: make_timestamp(epoch_us(t) + 7 h) is the local wall-clock time as a plain TIMESTAMP.
-- Geographies: `province` is one of the 63 provinces before 1 July 2025, `province_2025` one of the 34 after.

-- Issuers of central documents, matched against each "-"-separated part of documents.issuer_code
-- (trailing legislature numbers dropped: "UBTVQH15" -> "UBTVQH"). Any part ending in "TW" is central too.
CREATE TABLE central_issuers (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL
);
INSERT INTO central_issuers VALUES
    ('TW', 'Ban Chấp hành, Bộ Chính trị, Ban Bí thư Trung ương Đảng'),
    ('BDVTW', 'Ban Dân vận Trung ương'),
    ('CP', 'Chính phủ'),
    ('TTg', 'Thủ tướng Chính phủ'),
    ('QH', 'Quốc hội'),
    ('UBTVQH', 'Ủy ban Thường vụ Quốc hội'),
    ('CTN', 'Chủ tịch nước'),
    ('MTTW', 'Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam');

-- Whether each document was issued by a central body.
CREATE VIEW document_issuers AS
SELECT d.number, bool_or(c.code IS NOT NULL OR (t.part LIKE '%TW' AND length(t.part) > 2)) AS central
FROM documents d
CROSS JOIN unnest(string_split(coalesce(d.issuer_code, ''), '-')) AS t(part)
LEFT JOIN central_issuers c ON c.code = regexp_replace(t.part, '\d+$', '')
GROUP BY d.number;

-- Every figure with its article's provenance and both province keys.
CREATE VIEW located_figures AS
SELECT f.id AS figure_id, f.article_id, f.value, f.denominator, f.entity, f.category, f.qualifier,
       f.period, f.period_start, f.period_end,
       CASE WHEN f.period_start = f.period_end THEN f.period_start END AS year,
       f."start", f."end", f.span, f.sentence, f.extractor_version,
       a.province, a.province_2025, a.district, a.source_id, a.url, a.published
FROM figures f JOIN articles a ON a.id = f.article_id;

-- Cross-source dedup: one fact per (province, period, category, value) and extractor version, however many
-- articles (the province's newspaper, its party site, …) report it. Figures without a period or a province
-- are not facts. evidence lists every article that reports the fact.
CREATE VIEW facts AS
SELECT substr(md5(concat_ws('|', extractor_version, coalesce(province_2025, ''), coalesce(province, ''),
                            period_start, period_end, category, value)), 1, 16) AS fact_id,
       extractor_version, province, province_2025, period_start, period_end,
       CASE WHEN period_start = period_end THEN period_start END AS year,
       category, value,
       count(*) AS figures,
       count(DISTINCT article_id) AS articles,
       count(DISTINCT source_id) AS sources,
       list(DISTINCT article_id ORDER BY article_id) AS evidence,
       list(DISTINCT source_id ORDER BY source_id) FILTER (WHERE source_id IS NOT NULL) AS evidence_sources,
       min(published) AS first_reported,
       max(published) AS last_reported
FROM located_figures
WHERE period_start IS NOT NULL AND (province IS NOT NULL OR province_2025 IS NOT NULL)
GROUP BY extractor_version, province, province_2025, period_start, period_end, category, value;

-- The evidence of each fact, one row per reporting figure (article, its source, the words quoted).
CREATE VIEW fact_evidence AS
SELECT substr(md5(concat_ws('|', extractor_version, coalesce(province_2025, ''), coalesce(province, ''),
                            period_start, period_end, category, value)), 1, 16) AS fact_id,
       extractor_version, province, province_2025, period_start, period_end, category, value,
       article_id, figure_id, source_id, url, published, span, sentence
FROM located_figures
WHERE period_start IS NOT NULL AND (province IS NOT NULL OR province_2025 IS NOT NULL);

-- Per (2025 province, old province, period, category): facts (deduplicated), raw figures, sum of the facts'
-- values, distinct articles. Within such a group facts differ only by value, hence the DISTINCT aggregates.
-- An article has one province, so the 2025 view can add up the old provinces' rows without double counting.
CREATE VIEW province_period_figures AS
SELECT extractor_version, province_2025, province, period_start, period_end,
       CASE WHEN period_start = period_end THEN period_start END AS year,
       category,
       count(DISTINCT value) AS facts,
       count(*) AS figures,
       sum(DISTINCT value) AS total,
       count(DISTINCT article_id) AS articles
FROM located_figures
WHERE period_start IS NOT NULL AND (province IS NOT NULL OR province_2025 IS NOT NULL)
GROUP BY extractor_version, province_2025, province, period_start, period_end, category;

-- Figures by province x period x category, 63-province geography.
CREATE VIEW figures_by_province AS
SELECT extractor_version, province, period_start, period_end, year, category,
       sum(facts) AS facts, sum(figures) AS figures, sum(total) AS total, sum(articles) AS articles
FROM province_period_figures
WHERE province IS NOT NULL
GROUP BY extractor_version, province, period_start, period_end, year, category;

-- Figures by province x period x category, 34-province geography.
CREATE VIEW figures_by_province_2025 AS
SELECT extractor_version, province_2025 AS province, period_start, period_end, year, category,
       sum(facts) AS facts, sum(figures) AS figures, sum(total) AS total, sum(articles) AS articles
FROM province_period_figures
WHERE province_2025 IS NOT NULL
GROUP BY extractor_version, province_2025, period_start, period_end, year, category;

-- Crawl coverage: articles seen per source and month of publication (month NULL: undated articles).
CREATE VIEW coverage_by_source_month AS
SELECT a.source_id, s.name AS source_name, coalesce(a.province, s.province) AS province,
       coalesce(a.province_2025, s.province_2025) AS province_2025,
       CAST(date_trunc('month', make_timestamp(epoch_us(a.published) + 25200000000)) AS DATE) AS month,
       count(*) AS articles,
       min(a.fetched_at) AS first_fetched,
       max(a.fetched_at) AS last_fetched
FROM articles a LEFT JOIN sources s ON s.id = a.source_id
GROUP BY ALL;

-- Crawl coverage per province and publication year, on both geographies (the denominators of --per-coverage).
-- A year's figures are mostly published in that year and the next (annual reviews), see pipeline/compare.py.
CREATE VIEW coverage_by_province AS
SELECT province, CAST(year(make_timestamp(epoch_us(published) + 25200000000)) AS INTEGER) AS year,
       count(*) AS articles, count(DISTINCT source_id) AS sources
FROM articles WHERE province IS NOT NULL AND published IS NOT NULL
GROUP BY ALL;

CREATE VIEW coverage_by_province_2025 AS
SELECT province_2025 AS province, CAST(year(make_timestamp(epoch_us(published) + 25200000000)) AS INTEGER) AS year,
       count(*) AS articles, count(DISTINCT source_id) AS sources
FROM articles WHERE province_2025 IS NOT NULL AND published IS NOT NULL
GROUP BY ALL;

-- Articles per (old province, 2025 province, publication year): the source of both coverage summaries.
CREATE VIEW province_year_coverage AS
SELECT province, province_2025, CAST(year(make_timestamp(epoch_us(published) + 25200000000)) AS INTEGER) AS year,
       count(*) AS articles
FROM articles WHERE published IS NOT NULL AND (province IS NOT NULL OR province_2025 IS NOT NULL)
GROUP BY ALL;

-- Documents each province cites: first and last citation (by the citing article's publication date).
CREATE VIEW documents_by_province AS
SELECT m.extractor_version, a.province, a.province_2025, m.number, d.kind, d.kind_name, d.issuer_code, d.year,
       coalesce(i.central, FALSE) AS central,
       count(*) AS mentions,
       count(DISTINCT m.article_id) AS articles,
       min(a.published) AS first_cited,
       max(a.published) AS last_cited
FROM document_mentions m
JOIN articles a ON a.id = m.article_id
LEFT JOIN documents d ON d.number = m.number
LEFT JOIN document_issuers i ON i.number = m.number
GROUP BY ALL;

-- What the full-text index (schema fts_main_articles, built by pipeline.search.refresh_search_index) covers:
-- the article count and a signature of ids and contents when it was built. A mismatch means it is stale.
CREATE TABLE search_index_state (
    articles   BIGINT NOT NULL,
    signature  UBIGINT,
    built_at   TIMESTAMPTZ DEFAULT now()
);

-- A materialised copy of province_period_figures and of the coverage counts, so comparisons over millions of
-- figures answer in milliseconds. pipeline.compare.refresh_analytics rebuilds them after loads; comparisons
-- use them only while analytics_state.signature matches the figures and articles stored (else the views).
CREATE TABLE province_period_summary AS SELECT * FROM province_period_figures LIMIT 0;
CREATE TABLE coverage_summary AS SELECT * FROM province_year_coverage LIMIT 0;
CREATE TABLE analytics_state (
    signature VARCHAR NOT NULL,
    built_at  TIMESTAMPTZ DEFAULT now()
);
