"""Defaults, grouped. Overrides go: these defaults < source entry < command line."""
from pathlib import Path

# -- store ------------------------------------------------------------------------------------------
DB_PATH = Path("data/danvan.duckdb")        # env DANVAN_DB or --db overrides
DB_ENV = "DANVAN_DB"

# -- corpus -----------------------------------------------------------------------------------------
ARCHIVE_DIR = Path("data/warc")             # where crawls write their WARC files

# -- fetching ---------------------------------------------------------------------------------------
USER_AGENT = "danvan/0.1 (+https://github.com/danvan-project/danvan; research crawler)"
CRAWL_DELAY = 5.0                           # seconds between requests to one host
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
MAX_BODY_BYTES = 10 * 1024 * 1024           # larger responses are cut and recorded as failures
MAX_REDIRECTS = 5
MAX_RETRIES = 3
RETRY_BACKOFF = 2.0                         # first retry wait (s), doubled at each retry
MAX_RETRY_WAIT = 300.0                      # cap on one wait, whatever Retry-After asks
MAX_FETCH_SECONDS = 120.0                   # cap on reading one response (slow-drip servers)
RETRY_FAILED_RUNS = 3                       # runs that retry a URL after transient failures

# -- crawling (scrapers/crawl.py, scrapers/state.py) -------------------------------------------------
CRAWL_WORKERS = 8                           # sources crawled at once (one request at a time per host)
HANDOFF_ARTICLES = 25                       # articles handed to the store in one short write
HANDOFF_SECONDS = 30.0                      # ... or after this long, whichever comes first
REVALIDATE_DAYS = 30                        # articles this recent are re-asked with a conditional GET
REVALIDATE_AFTER_HOURS = 20.0               # ... at most once in this many hours
STORE_LOCK_WAIT = 10.0                      # seconds to wait for another process's DuckDB lock on the store

# -- research corpus (corpus/dedup.py, corpus/relevance.py, corpus/splits.py, corpus/export.py) ------
DEDUP_SHINGLE_WORDS = 5                     # words per shingle for near-duplicate detection
DEDUP_NUM_PERM = 128                        # MinHash permutations
DEDUP_THRESHOLD = 0.5                       # estimated Jaccard at or above which two bodies are copies
DEDUP_MIN_WORDS = 20                        # shorter bodies (photo captions, stubs) are never called copies
RELEVANCE_MAX_CHARS = 3000                  # the classifier reads title + lead + this much of the body
SPLIT_RATIOS = (("train", 0.8), ("dev", 0.1), ("test", 0.1))   # by SHA-256 of the article id; never reorder
EXPORT_BATCH_ROWS = 2000                    # rows per streamed batch (and per Parquet row group)
EXPORT_SORT_ROWS = 20000                    # rows DuckDB sorts at once when exporting (bounds its memory)
