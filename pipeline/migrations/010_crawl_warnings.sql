-- The crawl keeps its own state in a file of its own (scrapers/state.py, <db>.crawl.duckdb), so that it
-- never holds the store's write lock while it waits on the network. The store keeps what analysts and the
-- digest read, handed over in short batches: crawl_failures (002) and the crawl warnings below.
-- crawl_frontier and crawl_seen are no longer written here: dropped (a store that held them is re-crawled
-- once, and its articles are upserted by id, so nothing is stored twice).
DROP TABLE IF EXISTS crawl_frontier;
DROP TABLE IF EXISTS crawl_seen;

CREATE TABLE crawl_warnings (
    source_id VARCHAR NOT NULL,
    code      VARCHAR NOT NULL,     -- listing_without_links, article_without_title, article_without_date,
                                    -- selectors_stopped_matching, all_fetches_failed, nothing_fetched,
                                    -- source_yielded_nothing
    url       VARCHAR,
    detail    VARCHAR,
    "at"      TIMESTAMPTZ NOT NULL
);
