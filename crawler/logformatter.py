"""Scrapy's log formatter, without the per-item record that nobody will see.

Scrapy builds a "Scraped from <200 url>" DEBUG record (the whole item rendered as
text) for every item; its logging setup leaves the loggers at DEBUG and lets the
handlers drop the record at LOG_LEVEL INFO. At a few hundred articles a second that
is a measurable share of the crawl process's CPU (benchmarks/bench_crawl.py). Here
the record is built only when some handler would write it.
"""
from __future__ import annotations

import logging

from scrapy.logformatter import LogFormatter

_SCRAPER_LOGGER = logging.getLogger("scrapy.core.scraper")


def _written_at(logger: logging.Logger, level: int) -> bool:
    """Would a record of `level` from `logger` reach a handler that writes it?"""
    if not logger.isEnabledFor(level):
        return False
    node = logger
    while node is not None:
        if any(h.level <= level for h in node.handlers):
            return True
        if not node.propagate:
            return False
        node = node.parent
    return logging.lastResort is not None and logging.lastResort.level <= level


class AznewsLogFormatter(LogFormatter):
    def scraped(self, item, response, spider):
        if not _written_at(_SCRAPER_LOGGER, logging.DEBUG):
            return None
        return super().scraped(item, response, spider)
