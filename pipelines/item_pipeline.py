"""Scrapy item pipeline: article items -> NLP stage -> Parquet dataset.

Enabled by `aznews crawl` and `aznews demo` (or by `ITEM_PIPELINES` when running
`scrapy crawl` by hand) with these settings:

    AZNEWS_OUT         dataset root (path or fsspec URL), required
    AZNEWS_NLP         run the NLP stage (default True); False stores articles only,
                       `aznews nlp` analyses them later
    AZNEWS_BATCH_SIZE  articles per NLP batch and per Parquet write (default 50)
    AZNEWS_WRITER_ID   part-file prefix, unique per worker process (default: host-pid)

Items are buffered and flushed in batches: one NLP call (the model batches sentences
across articles) and one atomic dataset write per batch. A crash loses at most the
unflushed batch, never data already written; a rerun re-fetches and writes it.

The spider's incremental state follows the writes: the pipeline tells the spider
(`hold_state_until_committed`) that it will report every committed batch
(`items_committed`), and only those articles are recorded as seen. A batch that cannot
be written (a full disk, a file where a folder should be) is an error: it is counted in
the stats (`aznews/dataset/write_failed`, `aznews/dataset/write_error`), nothing of it
is marked seen, and the crawl stops; `aznews crawl` then exits 1.
"""
from __future__ import annotations

import logging
import time

from aznews.pipelines import nlp_limits
from aznews.pipelines.dataset import records

log = logging.getLogger(__name__)


class DatasetPipeline:
    def __init__(self, out: str, nlp: bool = True, batch_size: int = 50, writer_id: str | None = None, stats=None):
        if not out:
            raise ValueError("AZNEWS_OUT is not set: no dataset to write to")
        self.out = out
        self.use_nlp = nlp
        self.batch_size = max(1, int(batch_size))
        self.writer_id = writer_id
        self.stats = stats
        self.buffer: list[dict] = []
        self.dataset = None
        self.analyzer = None
        self.crawler = None
        self.spider = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        pipe = cls(
            out=s.get("AZNEWS_OUT"),
            nlp=s.getbool("AZNEWS_NLP", True),
            batch_size=s.getint("AZNEWS_BATCH_SIZE", 50),
            writer_id=s.get("AZNEWS_WRITER_ID"),
            stats=crawler.stats,
        )
        pipe.crawler = crawler
        return pipe

    def open_spider(self, spider=None):
        from aznews.pipelines.dataset.writer import Dataset

        self.spider = spider if spider is not None else getattr(self.crawler, "spider", None)
        hold = getattr(self.spider, "hold_state_until_committed", None)
        if hold is not None:
            hold()
        self.dataset = Dataset(self.out, writer_id=self.writer_id)
        if self.use_nlp:
            from aznews import nlp

            started = time.monotonic()
            self.analyzer = nlp.Analyzer()
            log.info("NLP models loaded in %.1f s", time.monotonic() - started)

    def process_item(self, item, spider=None):
        self.buffer.append(dict(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self, spider=None):
        self._stopping = True  # the crawl is ending anyway
        self.flush()

    def flush(self) -> bool:
        """Analyse and write the buffered batch; True when it is durable (or there was none)."""
        if not self.buffer:
            return True
        batch, self.buffer = self.buffer, []
        try:
            articles, mentions, roles, dates = analyse_items(batch, self.analyzer)
            result = self.dataset.write(articles, mentions, roles, dates)
        except Exception as exc:  # noqa: BLE001 - any failure to store is reported, never swallowed
            self._write_failed(batch, exc)
            return False
        committed = getattr(self.spider, "items_committed", None)
        if committed is not None:
            committed(batch)
        if self.stats is not None:
            self.stats.inc_value("aznews/dataset/written", result.written)
            self.stats.inc_value("aznews/dataset/unchanged", result.unchanged)
            if result.foreign:
                self.stats.inc_value("aznews/dataset/foreign", result.foreign)
            self.stats.inc_value("aznews/dataset/mentions", result.rows.get("mentions", 0))
        log.info("wrote %d articles (%d unchanged) and %d mentions to %s",
                 result.written, result.unchanged, result.rows.get("mentions", 0), self.out)
        return True

    def _write_failed(self, batch: list[dict], exc: Exception) -> None:
        message = write_error_message(exc)
        log.error("could not write %d articles to %s: %s; they are not marked seen, the crawl stops",
                  len(batch), self.out, message)
        log.debug("write failure", exc_info=exc)
        if self.stats is not None:
            self.stats.inc_value("aznews/dataset/write_failed", len(batch))
            if self.stats.get_value("aznews/dataset/write_error") is None:
                self.stats.set_value("aznews/dataset/write_error", message)
        failed = getattr(self.spider, "commit_failed", None)
        if failed is not None:
            failed()
        self._stop_crawl()

    def _stop_crawl(self) -> None:
        engine = getattr(self.crawler, "engine", None)
        if engine is None or self.spider is None or getattr(self, "_stopping", False):
            return
        self._stopping = True
        close = getattr(engine, "close_spider_async", None)
        if close is not None:  # Scrapy >= 2.14
            from scrapy.utils.defer import deferred_from_coro

            deferred_from_coro(close(reason="dataset write failed"))
        else:
            engine.close_spider(self.spider, "dataset write failed")


def write_error_message(exc: Exception) -> str:
    """One line for a failed dataset write."""
    if isinstance(exc, OSError):
        what = exc.strerror or type(exc).__name__
        return f"{what}: {exc.filename}" if exc.filename else what
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def analyse_items(items: list[dict], analyzer=None, crawl_id: str | None = None):
    """Rows for the four tables from article items; `analyzer=None` stores articles only.

    One bad article (an NLP error) is stored with nlp_status "error" and does not stop
    the batch."""
    articles, mentions, roles, dates = [], [], [], []
    rows = [records.article_row(item, crawl_id=crawl_id) for item in items]
    if analyzer is None:
        return rows, mentions, roles, dates
    todo = [r for r in rows if (r["body"] or "").strip()]
    for r in rows:
        if not (r["body"] or "").strip():
            r["nlp_status"] = records.nlp_status(body=r["body"])
    try:
        analyses = list(nlp_limits.analyze_many(analyzer, ((r["body"], r["published_at_local"]) for r in todo)))
    except Exception:  # fall back to one at a time so one bad text cannot sink the batch
        log.exception("NLP batch failed; analysing the %d articles one by one", len(todo))
        analyses = []
        for r in todo:
            try:
                analyses.append(nlp_limits.analyze(analyzer, r["body"], published=r["published_at_local"]))
            except Exception:
                log.exception("NLP failed on %s", r["url"])
                analyses.append(None)
    for r, analysis in zip(todo, analyses):
        r["nlp_status"] = records.nlp_status(analysis, r["body"], error=analysis is None)
        if analysis is not None:
            m, ro, d = records.analysis_rows(r["article_id"], analysis, r["published_at"])
            mentions += m
            roles += ro
            dates += d
    return rows, mentions, roles, dates
