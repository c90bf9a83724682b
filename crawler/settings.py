"""Scrapy settings for the aznews crawler (`scrapy.cfg` points here).

Polite by default: robots.txt obeyed, AutoThrottle on, a few requests per domain
at a time, an identifying User-Agent with a contact address. Item pipelines are
configured by the caller (`crawler.run.run_crawl`, `aznews crawl`), never here.
"""
import os

BOT_NAME = "aznews"
SPIDER_MODULES = ["aznews.crawler.spiders"]
NEWSPIDER_MODULE = "aznews.crawler.spiders"

# Who we are. Set AZNEWS_CONTACT (setting or environment variable) to an e-mail
# address or URL where site operators can reach you.
AZNEWS_CONTACT = os.environ.get("AZNEWS_CONTACT", "contact: see project page")
USER_AGENT = f"aznews/0.1 (+https://github.com/aznews/aznews; {AZNEWS_CONTACT})"

ROBOTSTXT_OBEY = True

# Politeness and throughput
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output; the
# default 100 costs more than the extraction itself when a page yields one item.
CONCURRENT_ITEMS = 8
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

# Faults: retries for 5xx and timeouts, with exponential backoff
# (crawler.middlewares.BackoffMiddleware delays each retry).
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
AZNEWS_BACKOFF_BASE = 1.0  # seconds before the first retry; doubles each time
AZNEWS_BACKOFF_MAX = 60.0
DOWNLOADER_MIDDLEWARES = {
    "aznews.crawler.middlewares.BackoffMiddleware": 560,  # just after RetryMiddleware (550) on the way in
    "aznews.crawler.middlewares.ContactUserAgentMiddleware": 510,  # after UserAgentMiddleware (500)
    "aznews.crawler.middlewares.ExtractionBackpressureMiddleware": 950,  # last before the download itself
}

# Redirect loops are cut after a few hops.
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False

# Huge or slow pages
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_TIMEOUT = 30

HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

LOG_FORMATTER = "aznews.crawler.logformatter.AznewsLogFormatter"

# Extraction (HTML parsing, the cascade) runs in this many worker processes, so the
# reactor thread only downloads: "auto" = one per spare core (at most 4), 0 = in-line.
AZNEWS_EXTRACT_PROCESSES = "auto"
# Python's cyclic GC runs a young-generation pass every 700 net allocations; a fast
# crawl allocates a Deferred chain per request and spends a fifth of its CPU there.
# While a crawl runs the young-generation threshold is raised to this (0: Python's).
AZNEWS_GC_THRESHOLD = 20000

# JOBDIR: pass `-s JOBDIR=DIR` (or run_crawl(jobdir=DIR)) to make a crawl resumable.
LOG_LEVEL = "INFO"

EXTENSIONS = {
    "aznews.crawler.progress.ProgressExtension": 500,
}
AZNEWS_PROGRESS = False  # live display on a terminal, else progress lines; run_crawl turns it on
AZNEWS_PROGRESS_INTERVAL = 10.0  # seconds between progress lines when stderr is not a terminal
AZNEWS_SUMMARY = True  # the summary table at the end of a crawl

AZNEWS_WP_PER_PAGE = 50  # posts per WordPress REST API page (1..100)

FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
