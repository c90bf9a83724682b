"""The crawl process's own tuning: no per-item DEBUG record nobody sees, and the GC
threshold raised while a crawl runs and given back when it closes."""
from __future__ import annotations

import gc
import logging

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from aznews.crawler.logformatter import AznewsLogFormatter
from aznews.crawler.sources import get_source
from aznews.crawler.spiders.news import NewsSpider


def test_scraped_record_only_when_a_handler_writes_debug():
    fmt = AznewsLogFormatter()
    resp = HtmlResponse("https://site.az/a/", body=b"<html></html>", request=Request("https://site.az/a/"))
    root = logging.getLogger()
    saved = root.level, root.handlers[:]
    info, debug = logging.StreamHandler(), logging.StreamHandler()
    info.setLevel(logging.INFO)
    debug.setLevel(logging.DEBUG)
    try:
        root.setLevel(logging.DEBUG)  # as Scrapy leaves it: loggers at DEBUG, handlers filter
        root.handlers[:] = [info]
        assert fmt.scraped({"title": "x"}, resp, None) is None
        root.handlers[:] = [info, debug]
        rec = fmt.scraped({"title": "x"}, resp, None)
        assert rec["level"] == logging.DEBUG and "Scraped from" in rec["msg"]
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


def test_gc_threshold_raised_during_the_crawl_and_restored():
    before = gc.get_threshold()
    crawler = get_crawler(NewsSpider, {"AZNEWS_GC_THRESHOLD": 12345, "AZNEWS_EXTRACT_PROCESSES": 0})
    spider = NewsSpider.from_crawler(crawler, source_objs=[get_source("bayraqdar")])
    spider._opened(spider)
    try:
        assert gc.get_threshold() == (12345, *before[1:])
    finally:
        spider._closed(spider, "finished")
    assert gc.get_threshold() == before

    crawler = get_crawler(NewsSpider, {"AZNEWS_GC_THRESHOLD": 0, "AZNEWS_EXTRACT_PROCESSES": 0})
    spider = NewsSpider.from_crawler(crawler, source_objs=[get_source("bayraqdar")])
    spider._opened(spider)
    assert gc.get_threshold() == before  # 0: Python's own threshold
    spider._closed(spider, "finished")
