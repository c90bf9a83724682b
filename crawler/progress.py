"""Crawl progress as a Scrapy extension: a live display, progress lines, a final summary table.

Settings (run_crawl sets them from the command line):

    AZNEWS_PROGRESS           show progress (default False; `aznews crawl` turns it on unless
                              --no-progress or -q)
    AZNEWS_PROGRESS_INTERVAL  seconds between progress lines when stderr is not a terminal (default 10)
    AZNEWS_SUMMARY            print the summary table when the crawl ends (default True; off with -q)

On a terminal the display is a table redrawn in place (rich): per source the URLs
discovered, pages fetched, articles, pages skipped (not an article, duplicate, out
of the date range, unchanged) and errors; the article rate, the elapsed time, the
articles written to the dataset, and an ETA once the total is known. Not on a
terminal (a log file, CI), it writes one line every AZNEWS_PROGRESS_INTERVAL
seconds instead. Both go straight to stderr, not through logging: they show at
the default log level, which only lets warnings and errors through. Log records
written while the live display runs appear above it (rich swaps sys.stderr, and
the CLI's handler writes to whatever sys.stderr is).

The total is known when `--max-articles` is given, or once discovery is over: no
feed, sitemap, listing or API page is waiting or being downloaded, for two ticks
in a row (a sitemap index's children are scheduled only after its response is
parsed). The ETA is what is left of the total over the rate of pages finished.
"""
from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.exceptions import NotConfigured

COLUMNS = ("discovered", "fetched", "articles", "skipped", "errors")


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class ProgressExtension:
    def __init__(self, crawler, interval: float, live: bool, summary: bool):
        self.crawler = crawler
        self.stats = crawler.stats
        self.interval = interval
        self.show = live
        self.summary = summary
        self.t0 = None
        self.live = None
        self.task = None
        self.discovery_pending = 0  # feed/sitemap/listing/API requests scheduled and not yet downloaded
        self.quiet_ticks = 0  # consecutive ticks with no discovery pending
        self.max_articles = crawler.settings.getint("CLOSESPIDER_ITEMCOUNT", 0) or None
        self._rate = (None, 0)  # (time, pages finished) of the previous tick, for a recent rate
        self._recent = 0.0

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        show = s.getbool("AZNEWS_PROGRESS")
        summary = s.getbool("AZNEWS_SUMMARY", True)
        if not show and not summary:
            raise NotConfigured
        ext = cls(crawler, s.getfloat("AZNEWS_PROGRESS_INTERVAL", 10.0), show, summary)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext._scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext._dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext._left, signal=signals.request_left_downloader)
        return ext

    # discovery requests in flight ---------------------------------------------------
    @staticmethod
    def _is_discovery(request) -> bool:
        return "src" in request.meta and not request.meta.get("article")

    def _scheduled(self, request, spider):
        if self._is_discovery(request):
            self.discovery_pending += 1

    def _dropped(self, request, spider):
        if self._is_discovery(request):
            self.discovery_pending -= 1

    def _left(self, request, spider):
        if self._is_discovery(request):
            self.discovery_pending -= 1

    # figures ----------------------------------------------------------------------------
    def figures(self) -> dict:
        s = self.stats.get_stats()
        now = time.monotonic()
        elapsed = max(1e-6, now - (self.t0 or now))
        per = {}
        keys = {"discovered": "aznews/discovered_by_source/", "fetched": "aznews/fetched_by_source/",
                "articles": "aznews/articles/", "skipped": "aznews/skipped_by_source/",
                "errors": "aznews/failed_by_source/"}
        for col, prefix in keys.items():
            for k, v in s.items():
                if k.startswith(prefix) and "/" not in k[len(prefix):]:
                    per.setdefault(k[len(prefix):], dict.fromkeys(COLUMNS, 0))[col] = v
        total = {c: sum(row[c] for row in per.values()) for c in COLUMNS}
        articles = s.get("aznews/articles", 0)
        finished = total["articles"] + total["skipped"] + total["errors"]
        known = self.quiet_ticks >= 2 and total["discovered"] > 0
        target = None
        if self.max_articles:
            target = self.max_articles if not known else min(self.max_articles, total["discovered"])
        elif known:
            target = total["discovered"]
        eta = None
        rate = self._recent or finished / elapsed
        if target is not None and rate > 0:
            left = max(0, target - (articles if self.max_articles and target == self.max_articles else finished))
            eta = left / rate
        return {"elapsed_s": round(elapsed, 1), "articles": articles, "articles_per_s": round(articles / elapsed, 1),
                "per_source": per, "total": total, "written": s.get("aznews/dataset/written", 0),
                "target": target, "eta_s": eta, "pages": s.get("response_received_count", 0)}

    def _headline(self, f: dict) -> str:
        parts = [f"{f['articles']}" + (f"/{f['target']}" if f["target"] is not None else "") + " articles",
                 f"{f['articles_per_s']}/s", f"elapsed {_duration(f['elapsed_s'])}"]
        if f["eta_s"] is not None:
            parts.append(f"ETA {_duration(f['eta_s'])}")
        parts.append(f"{f['written']} written")
        return ", ".join(parts)

    def _table(self, f: dict, title: str | None):
        from rich.table import Table

        t = Table(title=title, title_justify="left", min_width=60)
        t.add_column("source", no_wrap=True)
        for c in COLUMNS:
            t.add_column(c, justify="right", no_wrap=True)
        for name, row in sorted(f["per_source"].items()):
            t.add_row(name, *(str(row[c]) for c in COLUMNS))
        if len(f["per_source"]) > 1:
            t.add_row("all", *(str(f["total"][c]) for c in COLUMNS), style="bold")
        return t

    # lifecycle ----------------------------------------------------------------------------
    def opened(self, spider):
        from twisted.internet import task

        self.t0 = time.monotonic()
        if not self.show:
            return
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.live import Live

            console = Console(stderr=True)
            self.live = Live(self._table(self.figures(), "aznews crawl: starting"), console=console,
                             refresh_per_second=4, transient=True, redirect_stdout=False, redirect_stderr=True)
            self.live.start()
            self.task = task.LoopingCall(self._tick)
            self.task.start(0.5, now=False)
        else:
            self.task = task.LoopingCall(self._tick)
            self.task.start(min(self.interval, 1.0), now=False)
            self._next_line = self.t0 + self.interval

    def _tick(self):
        self.quiet_ticks = self.quiet_ticks + 1 if self.discovery_pending <= 0 else 0
        now = time.monotonic()
        f = self.figures()
        finished = f["total"]["articles"] + f["total"]["skipped"] + f["total"]["errors"]
        t_prev, n_prev = self._rate
        if t_prev is not None and now - t_prev >= 2.0:  # a rate over the last seconds, smoothed
            r = (finished - n_prev) / (now - t_prev)
            self._recent = r if not self._recent else 0.7 * self._recent + 0.3 * r
            self._rate = (now, finished)
        elif t_prev is None:
            self._rate = (now, finished)
        if self.live is not None:
            self.live.update(self._table(f, f"aznews crawl: {self._headline(f)}"))
        elif now >= self._next_line:
            self._next_line = now + self.interval
            t = f["total"]
            print(f"progress: {self._headline(f)}; {t['discovered']} discovered, {t['fetched']} fetched, "
                  f"{t['skipped']} skipped, {t['errors']} errors", file=sys.stderr, flush=True)

    def closed(self, spider, reason):
        if self.task is not None and self.task.running:
            self.task.stop()
        if self.live is not None:
            self.live.stop()
        f = self.figures()
        self.stats.set_value("aznews/elapsed_s", f["elapsed_s"])
        self.stats.set_value("aznews/articles_per_s", f["articles_per_s"])
        if not self.summary:
            return
        from rich.console import Console

        console = Console(stderr=True, width=max(100, Console(stderr=True).width), soft_wrap=False)
        title = (f"crawl finished ({reason}) in {_duration(f['elapsed_s'])}: {f['articles']} articles "
                 f"({f['articles_per_s']}/s), {f['written']} written to the dataset, {f['pages']} pages")
        console.print(title, soft_wrap=True, highlight=False)
        console.print(self._table(f, None))
