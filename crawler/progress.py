"""Live crawl progress (rich) as a Scrapy extension, and the final summary.

Enabled by the setting AZNEWS_PROGRESS (run_crawl turns it on). On a terminal it
shows a live table (articles/s, per-source counts, rejected pages, failed URLs);
otherwise it logs one progress line every AZNEWS_PROGRESS_INTERVAL seconds.
"""
from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

log = logging.getLogger("aznews.crawler.progress")


class ProgressExtension:
    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.t0 = None
        self.live = None
        self.task = None
        self.last_log = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("AZNEWS_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("AZNEWS_PROGRESS_INTERVAL", 5.0))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider):
        from twisted.internet import task

        self.t0 = time.monotonic()
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.live import Live

            self.live = Live(self._table(), console=Console(stderr=True), refresh_per_second=4, transient=True)
            self.live.start()
            self.task = task.LoopingCall(self._tick)
            self.task.start(0.5, now=False)
        else:
            self.task = task.LoopingCall(self._tick)
            self.task.start(self.interval, now=False)

    def _figures(self):
        s = self.stats.get_stats()
        elapsed = max(1e-6, time.monotonic() - (self.t0 or time.monotonic()))
        arts = s.get("aznews/articles", 0)
        per_source = {k.split("/", 2)[2]: v for k, v in s.items() if k.startswith("aznews/articles/")}
        return {
            "elapsed_s": round(elapsed, 1),
            "articles": arts,
            "articles_per_s": round(arts / elapsed, 2),
            "pages": s.get("response_received_count", 0),
            "rejected": s.get("aznews/rejected", 0),
            "failed": s.get("aznews/failed", 0),
            "per_source": per_source,
        }

    def _table(self):
        from rich.table import Table

        f = self._figures() if self.t0 else {"articles": 0, "articles_per_s": 0, "pages": 0, "rejected": 0,
                                              "failed": 0, "per_source": {}, "elapsed_s": 0}
        t = Table(title=f"aznews crawl — {f['articles']} articles, {f['articles_per_s']}/s, "
                        f"{f['pages']} pages, {f['rejected']} rejected, {f['failed']} errors, {f['elapsed_s']} s")
        t.add_column("source")
        t.add_column("articles", justify="right")
        for name, n in sorted(f["per_source"].items()):
            t.add_row(name, str(n))
        return t

    def _tick(self):
        if self.live is not None:
            self.live.update(self._table())
        else:
            f = self._figures()
            log.info("progress: %d articles (%.1f/s), %d pages, %d rejected, %d errors",
                     f["articles"], f["articles_per_s"], f["pages"], f["rejected"], f["failed"])

    def closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.live is not None:
            self.live.stop()
        f = self._figures()
        self.stats.set_value("aznews/elapsed_s", f["elapsed_s"])
        self.stats.set_value("aznews/articles_per_s", f["articles_per_s"])
        lines = [f"crawl finished ({reason}) in {f['elapsed_s']} s: {f['articles']} articles "
                 f"({f['articles_per_s']}/s), {f['pages']} pages, {f['rejected']} rejected, {f['failed']} failed URLs"]
        for name, n in sorted(f["per_source"].items()):
            lines.append(f"  {name}: {n}")
        print("\n".join(lines), file=sys.stderr)
