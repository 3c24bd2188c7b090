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
