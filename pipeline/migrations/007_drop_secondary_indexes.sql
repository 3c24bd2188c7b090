-- DuckDB answers our filters from its zone maps; the secondary ART indexes of 001 only slowed bulk loads
-- (measured: `danvan bench store`, docs/analytics.md). Primary keys stay: they keep loads idempotent.
DROP INDEX IF EXISTS figures_article;
DROP INDEX IF EXISTS articles_province;
