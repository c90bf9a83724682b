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
"""
from __future__ import annotations

import logging
import time

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

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(
            out=s.get("AZNEWS_OUT"),
            nlp=s.getbool("AZNEWS_NLP", True),
            batch_size=s.getint("AZNEWS_BATCH_SIZE", 50),
            writer_id=s.get("AZNEWS_WRITER_ID"),
            stats=crawler.stats,
        )

    def open_spider(self, spider=None):
        from aznews.pipelines.dataset.writer import Dataset

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
        self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        articles, mentions, roles, dates = analyse_items(batch, self.analyzer)
        result = self.dataset.write(articles, mentions, roles, dates)
        if self.stats is not None:
            self.stats.inc_value("aznews/dataset/written", result.written)
            self.stats.inc_value("aznews/dataset/unchanged", result.unchanged)
            self.stats.inc_value("aznews/dataset/mentions", result.rows.get("mentions", 0))
        log.info("wrote %d articles (%d unchanged) and %d mentions to %s",
                 result.written, result.unchanged, result.rows.get("mentions", 0), self.out)


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
        analyses = list(analyzer.analyze_many((r["body"], r["published_at_local"]) for r in todo))
    except Exception:  # fall back to one at a time so one bad text cannot sink the batch
        log.exception("NLP batch failed; analysing the %d articles one by one", len(todo))
        analyses = []
        for r in todo:
            try:
                analyses.append(analyzer.analyze(r["body"], published=r["published_at_local"]))
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
