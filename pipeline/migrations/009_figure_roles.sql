-- What each figure is in its sentence and its value in comparable units (issue 10, extractors/roles.py,
-- extractors/units.py, extractors/year_parts.py):
--   role             total | part | change | cumulative | comparison
--   value_normalized scale words applied ("2,5 tỷ đồng" -> 2500000000); money in đồng, rates in %
--   unit             "đồng", "%", "mô hình", "lượt công dân", …
--   period_span      part of a year (H1, H2, Q1…Q4, 9M, <N>M); NULL = the figure's whole period
-- Figures stored before this migration are backfilled by pipeline.store.backfill_figure_roles, which the store
-- runs right after applying it (from the stored sentence, span, entity, qualifier and the article's title).
ALTER TABLE figures ADD COLUMN role VARCHAR;
ALTER TABLE figures ADD COLUMN value_normalized DOUBLE;
ALTER TABLE figures ADD COLUMN unit VARCHAR;
ALTER TABLE figures ADD COLUMN period_span VARCHAR;

-- `danvan compare` values (pipeline.indicators) materialised by pipeline.compare.refresh_analytics for the latest
-- extractor version, on both geographies; compare reads it only while analytics_state matches the store.
CREATE TABLE indicator_summary (
    extractor_version VARCHAR NOT NULL,
    geography         VARCHAR NOT NULL,      -- 1963 | 2025
    province          VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    indicator         VARCHAR NOT NULL,
    value             DOUBLE,
    unit              VARCHAR,
    period_span       VARCHAR,
    articles          INTEGER,
    sources           INTEGER,
    agree             BOOLEAN,
    derived           BOOLEAN,
    note              VARCHAR,
    alternatives      VARCHAR                -- the values not chosen, as `compare --show-alternatives` prints them
);
-- roles and values changed: the materialised summaries are stale until the next refresh_analytics
DELETE FROM analytics_state;
