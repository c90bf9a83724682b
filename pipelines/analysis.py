"""The one NLP driver: article rows in, rows of the four tables out.

Used by the crawl (`item_pipeline.DatasetPipeline`), by `aznews nlp` and by its
distributed workers (`aznews nlp --scheduler`), so the three cannot drift apart:

    analyse_rows(rows, analyzer) -> Analysed(articles, mentions, roles, dates, counts)
    AnalysisPool(processes).submit(rows) -> concurrent.futures.Future of Analysed

`rows` are `articles` rows (pipelines.dataset.records.article_row, or rows read
from the articles view). Each article gets its nlp_status (analyzed, truncated,
skipped-language, empty, error; texts go through pipelines.nlp_limits: long ones in
bounded pieces, at most its cap); one article that fails is stored with "error"
and does not sink its batch (`aznews nlp` picks errors up again).

Threads, in one place: every process that runs the model uses
`configure_threads()` (AZNEWS_NLP_THREADS, default 1). PyTorch's default, one
thread per core in every process, is what made a crawl with NLP ten times
slower than the same work done in two steps: the model's threads, the reactor
and the extraction workers fought over the same cores. One thread per process
and one process per core (`default_processes()`) keeps every core busy with no
oversubscription.

The pool runs the model in worker processes (spawned interpreters: no state of
the caller is inherited), so the crawl's reactor thread never waits for the
NLP; `processes=0` runs it in one thread of the calling process instead.
"""
from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MEMORY_PER_PROCESS = 1.5 * 2**30  # peak RSS of one analysing process, with margin (benchmarks/bench_nlp.py)
MAX_AUTO_PROCESSES = 4


@dataclass
class Analysed:
    articles: list
    mentions: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # nlp_status -> articles
    seconds: float = 0.0  # time spent analysing (in the worker)


def nlp_threads() -> int:
    """Torch threads per analysing process: AZNEWS_NLP_THREADS, default 1."""
    from aznews.pipelines.nlp_limits import env_int

    return env_int("AZNEWS_NLP_THREADS", 1)


def configure_threads(n: int | None = None) -> int:
    """Set torch's intra-op threads (and OpenMP's, for the libraries that read it) for this process."""
    n = n or nlp_threads()
    os.environ["OMP_NUM_THREADS"] = str(n)
    import torch

    torch.set_num_threads(n)
    return n


def _available_memory() -> float | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def default_processes() -> int:
    """One analysing process per core, at most MAX_AUTO_PROCESSES and as many as the free memory holds."""
    n = min(os.cpu_count() or 1, MAX_AUTO_PROCESSES)
    mem = _available_memory()
    if mem:
        n = min(n, max(1, int(mem // MEMORY_PER_PROCESS)))
    return max(1, n)


def processes_setting(value) -> int:
    """An `--nlp-processes` / `--workers` value: "auto" or a whole number >= 0 (0: in the calling process)."""
    if value is None or str(value).strip().lower() == "auto":
        return default_processes()
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"NLP processes must be 'auto' or a whole number >= 0, not {value!r}") from None
    if n < 0:
        raise ValueError(f"NLP processes must be >= 0, not {n}")
    return n


_WRITER_COLUMNS = ("version", "written_at", "year", "month")


def analyse_rows(rows: list[dict], analyzer) -> Analysed:
    """Analyse article rows; returns them with nlp_status set, plus their mentions, roles and dates rows.

    `analyzer=None` analyses nothing: the rows come back as they are (a crawl with --no-nlp)."""
    from aznews.pipelines import nlp_limits
    from aznews.pipelines.dataset import records

    t0 = time.perf_counter()
    rows = [{k: v for k, v in r.items() if k not in _WRITER_COLUMNS} for r in rows]
    out = Analysed(articles=rows)
    if analyzer is None:
        return out
    todo = [r for r in rows if (r.get("body") or "").strip()]
    for r in rows:
        if not (r.get("body") or "").strip():
            r["nlp_status"] = records.nlp_status(body=r.get("body"))
    try:
        analyses = list(nlp_limits.analyze_many(analyzer, ((r["body"], r.get("published_at_local")) for r in todo)))
    except Exception as exc:  # one bad text must not sink the batch: one at a time
        log.warning("NLP batch failed (%s: %s); analysing its %d articles one by one",
                    type(exc).__name__, exc, len(todo))
        analyses = []
        for r in todo:
            try:
                analyses.append(nlp_limits.analyze(analyzer, r["body"], published=r.get("published_at_local")))
            except Exception as one:
                log.warning("NLP failed on %s: %s: %s", r.get("url"), type(one).__name__, one)
                analyses.append(None)
    for r, analysis in zip(todo, analyses):
        r["nlp_status"] = records.nlp_status(analysis, r["body"], error=analysis is None)
        if analysis is not None and not analysis.skipped:
            m, ro, d = records.analysis_rows(r["article_id"], analysis, r.get("published_at"))
            out.mentions += m
            out.roles += ro
            out.dates += d
    for r in rows:
        out.counts[r["nlp_status"]] = out.counts.get(r["nlp_status"], 0) + 1
    out.seconds = time.perf_counter() - t0
    return out


# --- worker processes ------------------------------------------------------------------

_analyzer = None


def _init_worker(threads: int) -> None:
    import signal

    # Ctrl-C reaches the whole process group; the parent decides what stops (a crawl stops gracefully)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    configure_threads(threads)
    global _analyzer
    from aznews import nlp

    _analyzer = nlp.Analyzer()


def _exit_with_parent(poll_seconds: float = 1.0) -> None:
    """A worker whose parent is gone exits. A parent killed with SIGKILL (a crawl or a Redis
    worker stopped hard) cannot shut its pool down, and its workers would otherwise wait on the
    task queue for ever, each holding the model (~500 MB)."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(poll_seconds)
            if os.getppid() != parent:  # re-parented: the parent died
                os._exit(0)

    threading.Thread(target=watch, name="aznews-parent-watch", daemon=True).start()


def _analyse_in_worker(rows: list[dict]) -> Analysed:
    return analyse_rows(rows, _analyzer)


class AnalysisPool:
    """The NLP in `processes` worker processes (0: one thread of this process), each with the model
    loaded once. `submit(rows)` returns a Future of Analysed; results may arrive in any order."""

    def __init__(self, processes: int = 1, threads: int | None = None):
        self.processes = processes
        self.threads = threads or nlp_threads()
        self._pool = None
        self._start()

    def _start(self) -> None:
        if self.processes > 0:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            # spawned on demand: a second process starts only when a batch finds the first one busy,
            # so a small crawl loads the model once
            self._pool = ProcessPoolExecutor(max_workers=self.processes, mp_context=mp.get_context("spawn"),
                                             initializer=_init_worker, initargs=(self.threads,))
        else:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aznews-nlp",
                                            initializer=_init_thread, initargs=(self.threads,))

    def submit(self, rows: list[dict]):
        if self.processes > 0:
            return self._pool.submit(_analyse_in_worker, rows)
        return self._pool.submit(_analyse_in_thread, rows)

    def analyse(self, rows: list[dict]) -> Analysed:
        """submit() and wait; a worker that died (out of memory?) is replaced once and the batch retried."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self.submit(rows).result()
        except BrokenProcessPool:
            log.warning("an NLP worker process died; starting new ones and retrying its batch")
            self.restart()
            return self.submit(rows).result()

    def restart(self) -> None:
        try:
            self._pool.shutdown(wait=False, cancel_futures=True)
        except Exception:  # a broken pool may fail to shut down cleanly
            pass
        self._start()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


_thread_analyzer = None


def _init_thread(threads: int) -> None:
    configure_threads(threads)
    global _thread_analyzer
    from aznews import nlp

    _thread_analyzer = nlp.Analyzer()


def _analyse_in_thread(rows: list[dict]) -> Analysed:
    return analyse_rows(rows, _thread_analyzer)
