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
