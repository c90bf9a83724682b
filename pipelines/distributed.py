"""Distributed crawls: the Scrapy settings of a worker and the dataset pipeline that
acknowledges the Redis scheduler's requests once their items are committed.

The scheduler and its reliable queue live in `crawler/redis_scheduler.py` (a Scrapy
component); its docstring describes the protocol. This module is the bridge to the dataset.
"""
from __future__ import annotations

import re

from aznews.pipelines.errors import UserError
from aznews.pipelines.item_pipeline import DatasetPipeline
from aznews.crawler.redis_scheduler import _SCHEDULERS, default_worker_id


def redis_settings(url: str, worker_id: str | None = None) -> dict:
    """Scrapy settings for a worker of the crawl shared through the Redis at `url`
    (redis://[:PASSWORD@]HOST:PORT/DB, rediss://..., unix:///path.sock?db=N).

    Checks that Redis answers; raises UserError when it does not."""
    import redis

    if not re.match(r"^(redis|rediss|unix)://", url or ""):
        raise UserError(f"--scheduler must be a redis://HOST:PORT/DB URL, not {url!r}")
    worker_id = worker_id or default_worker_id()
    if not re.fullmatch(r"[A-Za-z0-9_-]+", worker_id):
        raise UserError(f"--worker-id may contain only letters, digits, '-' and '_': {worker_id!r}")
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
        client.ping()
        client.close()
    except (redis.RedisError, ValueError, OSError) as exc:
        raise UserError(f"cannot reach Redis at {url}: {exc}") from None
    return {
        "SCHEDULER": "aznews.crawler.redis_scheduler.RedisScheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": url,
        "SCHEDULER_PERSIST": True,
        "ITEM_PIPELINES": {"aznews.pipelines.distributed.DistributedDatasetPipeline": 500},
        "AZNEWS_WRITER_ID": worker_id,
    }


class DistributedDatasetPipeline(DatasetPipeline):
    """The dataset pipeline; after each committed batch the scheduler acknowledges the
    requests whose items were in it (bound to the batch when it is handed off)."""

    @classmethod
    def from_crawler(cls, crawler):
        pipe = super().from_crawler(crawler)
        pipe._crawler = crawler
        return pipe

    def open_spider(self, spider=None):
        super().open_spider(spider)
        sched = _SCHEDULERS.get(self._crawler)
        if sched is not None:
            sched.pipeline = self

    def _take_tokens(self):
        """The finished requests whose items are in this batch (or were in an earlier one)."""
        sched = _SCHEDULERS.get(self._crawler)
        return sched.take_done() if sched is not None else None

    def _after_commit(self, tokens) -> None:
        sched = _SCHEDULERS.get(self._crawler)
        if sched is not None and tokens:
            sched.ack(tokens)
