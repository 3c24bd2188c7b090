-- Crawl state (scrapers/crawl.py): what is left to fetch, what was fetched, what failed.
-- Committed once per page, after the page's WARC record is written, so a killed crawl resumes
-- where it stopped and duplicates nothing.
CREATE TABLE crawl_frontier (
    url           VARCHAR PRIMARY KEY,
    source_id     VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,     -- listing | feed | sitemap | article
    depth         INTEGER DEFAULT 1,    -- 1 for a registry URL, +1 per "next page" or child sitemap
    referrer      VARCHAR,              -- articles: the page they were found on; listings: the walk's first URL
    discovered_at TIMESTAMPTZ NOT NULL,
    state         VARCHAR NOT NULL      -- pending | done | failed
);

CREATE TABLE crawl_seen (
    url            VARCHAR PRIMARY KEY,
    source_id      VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    final_url      VARCHAR,
    status         INTEGER,
    etag           VARCHAR,             -- validators for the next conditional GET
    last_modified  VARCHAR,
    content_sha256 VARCHAR,             -- of the response body
    article_id     VARCHAR,             -- articles.id when the page parsed as an article
    warc_file      VARCHAR,
    warc_offset    BIGINT,
    fetched_at     TIMESTAMPTZ
);

CREATE TABLE crawl_failures (
    url       VARCHAR PRIMARY KEY,
    source_id VARCHAR NOT NULL,
    reason    VARCHAR NOT NULL,         -- timeout, http_404, too_large, redirect_loop, not_html, ...
    detail    VARCHAR,
    "at"      TIMESTAMPTZ NOT NULL,     -- last failure
    attempts  INTEGER NOT NULL DEFAULT 1
);
