"""`aznews nlp`: run the NLP stage over a stored dataset, in parallel processes, on one or many machines.

    aznews nlp --dataset DIR_OR_URL [--workers N|auto] [--redo] [--batch-size N]
    aznews nlp --dataset DIR_OR_URL --scheduler redis://HOST:PORT/DB [--worker-id ID] ...   # on every machine

Picks the articles that were never analysed (stored by `aznews crawl --no-nlp`,
nlp_status empty) or whose analysis failed (nlp_status "error"); with --redo,
every article. Batches go to N worker processes (`aznews.pipelines.analysis`,
the same driver the crawl uses: one torch thread per process); this process
writes every analysed batch atomically through `Dataset.write(force=True)`: the
article row with its new nlp_status plus its mentions, roles and dates rows, as
a new version of the article (aznews readers switch to it at once; the command
publishes at its end, so plain Parquet readers do then). An interrupted run
keeps its finished batches; run it again to finish.

With --scheduler, the articles to analyse are shared among any number of such
commands on any number of machines through Redis (pipelines/nlp_queue.py): each
article version is analysed by exactly one of them, and the batches of a
killed one go back to the queue.

An article that a crawl re-writes with new content while this runs may be
overwritten by the analysed older copy (each writer decides with the versions it
read when it started); the next crawl that sees the new content stores it again.
Progress goes to stderr, a summary to stdout.
"""
from __future__ import annotations

import sys
import time

from aznews.pipelines.commands.argtypes import positive_int
from aznews.pipelines.errors import UserError

HELP = "run the NLP stage over a stored dataset (articles crawled with --no-nlp), in parallel processes"
DEFAULT_BATCH = 32


def workers_arg(value: str):
    if value.strip().lower() == "auto":
        return "auto"
    return positive_int(value)


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--workers", type=workers_arg, default="auto", metavar="N|auto",
                        help="worker processes, each with its own model (default auto: one per core, as memory allows)")
    parser.add_argument("--redo", action="store_true", help="analyse every article again, not only the pending ones")
    parser.add_argument("--batch-size", type=positive_int, default=DEFAULT_BATCH, metavar="N",
                        help=f"articles per task and per dataset write (default {DEFAULT_BATCH})")
    parser.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--scheduler", metavar="redis://HOST:PORT/DB",
                        help="share the articles to analyse with `aznews nlp` commands on other machines through Redis")
    parser.add_argument("--worker-id", help="with --scheduler: this command's id in Redis (default host-pid); "
                                            "restarted with the same id it takes its unfinished batches back at once")


def _batches(dataset_url: str, redo: bool, size: int):
    """(total, iterator of lists of article rows) of the articles to analyse, in article_id order."""
    from aznews.pipelines.dataset import schema
    from aznews.pipelines.dataset.query import connect

    con = connect(dataset_url, views={"articles"})
    where = "" if redo else "WHERE nlp_status IS NULL OR nlp_status = 'error'"
    total = con.sql(f"SELECT count(*) FROM articles {where}").fetchall()[0][0]
    cols = ", ".join(f'"{c}"' for c in schema.ARTICLES.names)
    reader = con.sql(f"SELECT {cols} FROM articles {where} ORDER BY article_id").to_arrow_reader(size)

    def gen():
        pending: list[dict] = []
        try:
            for rb in reader:
                pending += rb.to_pylist()
                while len(pending) >= size:
                    yield pending[:size]
                    pending = pending[size:]
            if pending:
                yield pending
        finally:
            con.close()

    return total, gen()


def run(args):
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    from aznews.pipelines.analysis import AnalysisPool, processes_setting
    from aznews.pipelines.dataset.query import default_dataset
    from aznews.pipelines.nlp_queue import Tally
    from aznews.pipelines.dataset.writer import Dataset

    url = args.dataset or default_dataset()
    ds = Dataset(url, writer_id=_writer_id(getattr(args, "worker_id", None)))
    ds.require()
    show = not args.no_progress and not getattr(args, "quiet", False)
    if args.scheduler:
        from aznews.pipelines.nlp_queue import run_worker

        return run_worker(args, ds, url, show)
    if args.worker_id:
        raise UserError("--worker-id needs --scheduler")
    total, batches = _batches(url, args.redo, args.batch_size)
    if total == 0:
        print(f"nothing to analyse in {url} (every article has an NLP status; --redo analyses all again)")
        return 0
    workers = min(processes_setting(args.workers), max(1, -(-total // args.batch_size)))
    if show:
        print(f"nlp: {total} articles, {workers} worker process(es), loading models...", file=sys.stderr, flush=True)
    tally = Tally(total, show)
    with AnalysisPool(processes=workers) as pool:
        running = set()
        exhausted = False
        while running or not exhausted:
            while not exhausted and len(running) < 2 * workers:  # a bounded window: rows are not all in memory
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                else:
                    running.add(pool.submit(batch))
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                try:
                    analysed = fut.result()  # a worker error ends the run (batches written so far stay)
                except BrokenProcessPool:
                    ds.publish()
                    raise UserError(f"an NLP worker process died (out of memory?) after {tally.done} articles; "
                                    "the batches written so far are kept: run the command again", status=1) from None
                res = ds.write(analysed.articles, analysed.mentions, analysed.roles, analysed.dates, force=True)
                tally.add(analysed, res)
    ds.publish()
    print(tally.summary(url, workers))
    return 1 if tally.sums.get("error") else 0


def _writer_id(worker_id: str | None) -> str:
    import os
    import socket

    if worker_id:
        import re

        if not re.fullmatch(r"[A-Za-z0-9_-]+", worker_id):
            raise UserError(f"--worker-id may contain only letters, digits, '-' and '_': {worker_id!r}")
        return f"nlp-{worker_id}"
    host = "".join(c for c in socket.gethostname() if c.isalnum())[:20] or "host"
    return f"nlp-{host}-{os.getpid()}"
