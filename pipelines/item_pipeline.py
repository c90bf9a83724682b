"""Scrapy item pipeline: article items -> NLP stage -> Parquet dataset, off the reactor thread.

Enabled by `aznews crawl` and `aznews demo` (or by `ITEM_PIPELINES` when running
`scrapy crawl` by hand) with these settings:

    AZNEWS_OUT               dataset root (path or fsspec URL), required
    AZNEWS_NLP               run the NLP stage (default True); False stores articles only,
                             `aznews nlp` analyses them later
    AZNEWS_NLP_PROCESSES     NLP worker processes: "auto" (default: one per core, as memory
                             allows) or N; 0 analyses in a thread of the crawl process
    AZNEWS_BATCH_SIZE        articles per NLP batch and per Parquet write (default 50)
    AZNEWS_PUBLISH_INTERVAL  seconds between publishes during a crawl (default 120): what
                             plain Parquet readers see (see pipelines/dataset/writer.py)
    AZNEWS_WRITER_ID         part-file prefix, unique per worker process (default: host-pid)

Items are buffered in batches of AZNEWS_BATCH_SIZE. A full batch goes at once to
the NLP worker processes (`aznews.pipelines.analysis.AnalysisPool`, the driver
`aznews nlp` uses too) and to the committer thread, which waits for its analysis,
writes it atomically (`Dataset.write`) and reports the commit back to the
reactor thread. So the reactor only downloads and hands pages to extraction while
the NLP runs on the other cores. Backpressure: while 2 batches per NLP process
(at least 2) are handed off and not yet written, `process_item` waits, which
holds back the scraper and so the downloads (Scrapy's scraper slot limit).

A batch reaches the dataset in the order it was handed off; after each commit the
pipeline sends the `items_committed` signal (crawler.signals) with the items of
that batch. At the close the pipeline waits for every batch and publishes. A crash
loses at most the batches not yet written, never data already written. A failed
write stops the crawl (the stat `aznews/dataset/error` holds the reason; the CLI
exits 1) and no later batch is written.
"""
from __future__ import annotations

import logging
import queue
import threading
import time

from aznews.crawler.signals import items_committed
from aznews.pipelines.dataset import records

log = logging.getLogger(__name__)

DEFAULT_PUBLISH_INTERVAL = 120.0


class DatasetPipeline:
    def __init__(self, out: str, nlp: bool = True, batch_size: int = 50, writer_id: str | None = None, stats=None,
                 nlp_processes="auto", publish_interval: float = DEFAULT_PUBLISH_INTERVAL, crawler=None):
        if not out:
            raise ValueError("AZNEWS_OUT is not set: no dataset to write to")
        self.out = out
        self.use_nlp = nlp
        self.batch_size = max(1, int(batch_size))
        self.writer_id = writer_id
        self.stats = stats
        self.nlp_processes = nlp_processes
        self.publish_interval = float(publish_interval)
        self.crawler = crawler
        self.buffer: list[dict] = []
        self.dataset = None
        self.pool = None
        self.error: str | None = None  # the first write failure (reactor thread)
        self._failed = threading.Event()  # set by the committer thread at once: nothing more is written
        self._queue: queue.Queue = queue.Queue()
        self._inflight = 0  # batches handed off and not yet committed (reactor thread only)
        self._room = None  # Deferred fired when a batch commits, for a waiting process_item
        self._drained = None  # Deferred fired when the committer has finished (close)
        self._thread = None
        self._max_inflight = 2

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(
            out=s.get("AZNEWS_OUT"),
            nlp=s.getbool("AZNEWS_NLP", True),
            batch_size=s.getint("AZNEWS_BATCH_SIZE", 50),
            writer_id=s.get("AZNEWS_WRITER_ID"),
            stats=crawler.stats,
            nlp_processes=s.get("AZNEWS_NLP_PROCESSES", "auto"),
            publish_interval=s.getfloat("AZNEWS_PUBLISH_INTERVAL", DEFAULT_PUBLISH_INTERVAL),
            crawler=crawler,
        )

    def open_spider(self, spider=None):
        from aznews.pipelines.dataset.writer import Dataset

        self.dataset = Dataset(self.out, writer_id=self.writer_id)
        if self.use_nlp:
            from aznews.pipelines.analysis import AnalysisPool, processes_setting

            n = processes_setting(self.nlp_processes)
            self.pool = AnalysisPool(processes=n)
            self._max_inflight = max(2, 2 * n)
            log.info("NLP in %s", f"{n} worker process{'es' if n > 1 else ''}" if n else "a thread of the crawl process")
        self._thread = threading.Thread(target=self._commit_loop, name="aznews-committer", daemon=True)
        self._thread.start()
        if self.crawler is not None:
            from aznews.crawler.middlewares import add_backpressure

            add_backpressure(self.crawler, self)

    # ---- reactor thread ------------------------------------------------------------
    def uncommitted(self) -> bool:
        """Items buffered or handed off and not yet written."""
        return bool(self.buffer) or self._inflight > 0

    def process_item(self, item, spider=None):
        self.buffer.append(dict(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def backlog(self) -> int:
        """Articles taken and not yet written."""
        return len(self.buffer) + self._inflight * self.batch_size

    async def room(self) -> None:
        """Wait while the NLP and the writes are behind (crawler.middlewares holds article downloads here)."""
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.defer import Deferred

        while self.backlog() >= (self._max_inflight + 1) * self.batch_size and not self.error:
            if self._room is None:
                self._room = Deferred()
            await maybe_deferred_to_future(self._room)

    def flush(self) -> None:
        """Hand the buffered items to the NLP and the committer (returns at once)."""
        if not self.buffer or self.error:
            self.buffer = [] if self.error else self.buffer
            return
        batch, self.buffer = self.buffer, []
        rows = [records.article_row(item) for item in batch]
        future = self.pool.submit(rows) if self.pool is not None else None
        self._inflight += 1
        self._queue.put((batch, rows, future, self._take_tokens()))

    def _take_tokens(self):
        """What must wait for this batch's commit besides its items (the distributed pipeline's acks)."""
        return None

    def _on_commit(self, batch, result, tokens) -> None:
        self._inflight -= 1
        if self.stats is not None:
            self.stats.inc_value("aznews/dataset/written", result.written)
            self.stats.inc_value("aznews/dataset/unchanged", result.unchanged)
            self.stats.inc_value("aznews/dataset/mentions", result.rows.get("mentions", 0))
            self.stats.inc_value("aznews/dataset/batches")
        if self.crawler is not None:
            self.crawler.signals.send_catch_log(signal=items_committed, items=batch, result=result)
        self._after_commit(tokens)
        self._wake()

    def _after_commit(self, tokens) -> None:
        pass

    def _on_error(self, message: str) -> None:
        self._inflight = 0
        if self.error is None:
            self.error = message
            log.error("dataset write failed, stopping the crawl: %s", message)
            if self.stats is not None:
                self.stats.set_value("aznews/dataset/error", message)
            if self.crawler is not None and self.crawler.engine is not None:
                _close_spider(self.crawler, "dataset_error")
        self._wake()

    def _wake(self) -> None:
        room, self._room = self._room, None
        if room is not None:
            room.callback(None)

    async def close_spider(self, spider=None):
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet.defer import Deferred

        self.flush()
        self._drained = Deferred()
        self._queue.put(None)
        await maybe_deferred_to_future(self._drained)
        if self.pool is not None:
            self.pool.close()

    # ---- committer thread ------------------------------------------------------------
    def _commit_loop(self) -> None:
        from twisted.internet import reactor

        try:
            self._commit_all()
        finally:  # close_spider waits for this, whatever happened
            reactor.callFromThread(self._drained_callback)

    def _drained_callback(self) -> None:
        if self._drained is not None and not self._drained.called:
            self._drained.callback(None)

    def _commit_all(self) -> None:
        from twisted.internet import reactor

        last_publish = time.monotonic()
        while True:
            job = self._queue.get()
            if job is None:
                break
            if self._failed.is_set():  # after a failure nothing more is written (nor reported committed)
                continue
            batch, rows, future, tokens = job
            try:
                analysed = self._analysed(rows, future)
                result = self.dataset.write(analysed.articles, analysed.mentions, analysed.roles, analysed.dates)
                log.info("wrote %d articles (%d unchanged) and %d mentions to %s",
                         result.written, result.unchanged, result.rows.get("mentions", 0), self.out)
            except Exception as exc:  # reported on the reactor thread; the crawl stops
                self._failed.set()
                log.debug("dataset write failed", exc_info=True)
                reactor.callFromThread(self._on_error, _one_line(exc))
                continue
            reactor.callFromThread(self._on_commit, batch, result, tokens)
            if time.monotonic() - last_publish >= self.publish_interval:
                self._publish()
                last_publish = time.monotonic()
        if not self._failed.is_set():
            self._publish()

    def _analysed(self, rows, future):
        from aznews.pipelines.analysis import Analysed, analyse_rows

        if future is None:
            return analyse_rows(rows, None)
        try:
            return future.result()
        except Exception as exc:  # a dead worker: retried once in a new pool, else stored unanalysed as "error"
            try:
                return self.pool.analyse(rows)
            except Exception:
                log.warning("NLP failed for a batch of %d articles (%s: %s); stored with nlp_status error "
                            "(`aznews nlp` analyses them again)", len(rows), type(exc).__name__, exc)
                for r in rows:
                    r["nlp_status"] = "error"
                return Analysed(articles=rows, counts={"error": len(rows)})

    def _publish(self) -> None:
        """Make the committed batches what plain Parquet readers see; a failure only delays that."""
        try:
            if not self.dataset.exists():  # nothing written, by anyone
                return
            started = time.monotonic()
            res = self.dataset.publish()
            if res.partitions:
                log.info("published %d partitions of %s in %.1f s", res.partitions, self.out, time.monotonic() - started)
        except Exception as exc:
            log.warning("publishing %s failed (%s); the next write or `aznews compact` publishes it", self.out, _one_line(exc))


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _close_spider(crawler, reason: str) -> None:
    engine = crawler.engine
    if hasattr(engine, "close_spider_async"):
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=reason))
    else:
        engine.close_spider(crawler.spider, reason)
