"""Pipeline: orchestration, the DuckDB store, the `danvan` CLI, comparisons and digests."""
