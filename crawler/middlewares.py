"""Downloader middlewares: exponential backoff for retried requests, the contact
User-Agent, and backpressure from the extraction workers."""
from __future__ import annotations

import random
import weakref


class BackoffMiddleware:
    """Delay a request that RetryMiddleware re-scheduled (5xx, 429, timeouts).

    The n-th retry waits AZNEWS_BACKOFF_BASE * 2**(n-1) seconds (capped at
    AZNEWS_BACKOFF_MAX, with up to 10% jitter) before it is downloaded, without
    blocking the other downloads.
    """

    def __init__(self, base: float, cap: float):
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(s.getfloat("AZNEWS_BACKOFF_BASE", 1.0), s.getfloat("AZNEWS_BACKOFF_MAX", 60.0))

    async def process_request(self, request, spider=None):
        n = request.meta.get("retry_times", 0)
        if n <= 0 or self.base <= 0 or request.meta.get("_aznews_backed_off") == n:
            return None
        request.meta["_aznews_backed_off"] = n
        delay = min(self.cap, self.base * 2 ** (n - 1)) * (1 + random.random() * 0.1)
        from twisted.internet import reactor
        from twisted.internet.task import deferLater
        from scrapy.utils.defer import maybe_deferred_to_future

        await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return None


class ContactUserAgentMiddleware:
    """Put the AZNEWS_CONTACT setting into the aznews User-Agent, so that
    `-s AZNEWS_CONTACT=me@example.org` (or run_crawl(settings=...)) works as well as
    the AZNEWS_CONTACT environment variable. A custom USER_AGENT is left alone."""

    def __init__(self, ua: str | None):
        self.ua = ua

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        ua, contact = s.get("USER_AGENT", ""), s.get("AZNEWS_CONTACT")
        if contact and ua.startswith("aznews/") and contact not in ua:
            return cls(f"{ua.split(' (', 1)[0]} (+https://github.com/aznews/aznews; {contact})")
        return cls(None)

    def process_request(self, request, spider=None):
        if self.ua:
            request.headers[b"User-Agent"] = self.ua
        return None


_BACKPRESSURE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def add_backpressure(crawler, source) -> None:
    """Every download of this crawl also waits for `await source.room()`: a later stage
    that is behind (the dataset pipeline's NLP and writes) holds the crawl back."""
    _BACKPRESSURE.setdefault(crawler, []).append(source)


class ExtractionBackpressureMiddleware:
    """Hold an article download while the spider's extraction workers, or a later stage, are behind.

    Article pages are parsed in worker processes (crawler.extract_pool); the reactor
    downloads faster than they parse. An article request waits here (still counted
    against CONCURRENT_REQUESTS, so the engine backs off as well) until fewer than
    ExtractionPool.max_backlog pages await extraction, and until every source given
    to add_backpressure() has room (the NLP and the dataset writes run in other
    processes and threads, and a crawl must not run ahead of them without bound).
    Discovery requests wait only for the latter: API pages carry whole articles.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        if request.meta.get("article"):
            pool = getattr(self.crawler.spider, "extraction", None)
            if pool is not None:
                await pool.room()
        # every request: API pages (wp-json) carry whole articles, and a feed or sitemap only adds work
        for source in _BACKPRESSURE.get(self.crawler, ()):
            await source.room()
        return None
