"""`aznews nlp`: run the NLP stage over a stored dataset, in parallel processes.

    aznews nlp --dataset DIR_OR_URL [--workers N] [--redo] [--batch-size N]

Picks the articles that were never analysed (stored by `aznews crawl --no-nlp`,
nlp_status empty) or whose analysis failed (nlp_status "error"); with --redo,
every article. The parent process reads them through the DuckDB views (the
visible version of each article) and hands batches to N worker processes
(multiprocessing, spawn). Each worker loads the model once, uses one torch
thread, and writes every batch atomically through `Dataset.write(force=True)`:
the article row with its new nlp_status plus its mentions, roles and dates
rows, as a new version of the article (readers switch to it at once; the old
copy goes at the next `aznews compact`). A worker killed mid-run loses at most
its current batch; run the command again to finish.

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


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/demo)")
    parser.add_argument("--workers", type=positive_int, default=1, metavar="N",
                        help="worker processes, each with its own model (default 1)")
    parser.add_argument("--redo", action="store_true", help="analyse every article again, not only the pending ones")
    parser.add_argument("--batch-size", type=positive_int, default=DEFAULT_BATCH, metavar="N",
                        help=f"articles per task and per dataset write (default {DEFAULT_BATCH})")
    parser.add_argument("--no-progress", action="store_true", help="no progress lines on stderr")


# --- worker side (runs in the spawned processes) -------------------------------------

_worker: dict = {}


def _init_worker(dataset_url: str) -> None:
    import os
    import socket

    import torch

    torch.set_num_threads(1)
    from aznews import nlp
    from aznews.pipelines.dataset.writer import Dataset

    host = "".join(c for c in socket.gethostname() if c.isalnum())[:20] or "host"
    _worker["analyzer"] = nlp.Analyzer()
    _worker["dataset"] = Dataset(dataset_url, writer_id=f"nlp-{host}-{os.getpid()}")


def analyse_rows(rows: list[dict], analyzer) -> tuple[list, list, list, list, dict]:
    """Article rows (from the articles view) -> (articles, mentions, roles, dates, counts) with
    nlp_status set. One failing article is stored with status "error"."""
    import logging

    from aznews.pipelines import nlp_limits
    from aznews.pipelines.dataset import records

    log = logging.getLogger(__name__)
    articles, mentions, roles, dates = [], [], [], []
    counts = {"analyzed": 0, "truncated": 0, "skipped-language": 0, "empty": 0, "error": 0}
    rows = [{k: v for k, v in r.items() if k not in ("version", "written_at", "year", "month")} for r in rows]
    todo = [r for r in rows if (r.get("body") or "").strip()]
    for r in rows:
        if not (r.get("body") or "").strip():
            r["nlp_status"] = "empty"
    try:
        analyses = list(nlp_limits.analyze_many(analyzer, ((r["body"], r.get("published_at_local")) for r in todo)))
    except Exception:  # one bad text must not sink the batch: one at a time
        log.exception("NLP batch failed; analysing its %d articles one by one", len(todo))
        analyses = []
        for r in todo:
            try:
                analyses.append(nlp_limits.analyze(analyzer, r["body"], published=r.get("published_at_local")))
            except Exception:
                log.exception("NLP failed on %s", r.get("url"))
                analyses.append(None)
    for r, analysis in zip(todo, analyses):
        r["nlp_status"] = records.nlp_status(analysis, r["body"], error=analysis is None)
        if analysis is not None and not analysis.skipped:
            m, ro, d = records.analysis_rows(r["article_id"], analysis, r.get("published_at"))
            mentions += m
            roles += ro
            dates += d
    for r in rows:
        counts[r["nlp_status"]] = counts.get(r["nlp_status"], 0) + 1
        articles.append(r)
    return articles, mentions, roles, dates, counts


def _run_batch(rows: list[dict]) -> dict:
    t0 = time.time()
    articles, mentions, roles, dates, counts = analyse_rows(rows, _worker["analyzer"])
    res = _worker["dataset"].write(articles, mentions, roles, dates, force=True)
    return {"articles": len(rows), "written": res.written, "stale": res.stale, "mentions": len(mentions),
            "roles": len(roles), "dates": len(dates), **counts, "t0": t0, "t1": time.time()}


# --- parent side ----------------------------------------------------------------------


def _batches(dataset_url: str, redo: bool, size: int):
    """(total, iterator of lists of article rows) of the articles to analyse."""
    from aznews.pipelines.dataset import schema
    from aznews.pipelines.dataset.query import connect

    con = connect(dataset_url)
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
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    from aznews.pipelines.dataset.writer import Dataset
    from aznews.pipelines.dataset.query import default_dataset

    url = args.dataset or default_dataset()
    Dataset(url).require()
    total, batches = _batches(url, args.redo, args.batch_size)
    if total == 0:
        print(f"nothing to analyse in {url} (every article has an NLP status; --redo analyses all again)")
        return 0
    workers = min(args.workers, max(1, -(-total // args.batch_size)))
    progress = not args.no_progress
    if progress:
        print(f"nlp: {total} articles, {workers} worker process(es), loading models...", file=sys.stderr, flush=True)
    started = time.monotonic()
    sums: dict[str, int] = {}
    done = 0
    span = [float("inf"), 0.0]  # first batch started, last batch ended (wall clock, models loaded)
    ctx = mp.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker, initargs=(url,)) as pool:
        running = set()
        exhausted = False
        while running or not exhausted:
            while not exhausted and len(running) < 2 * workers:  # a bounded window: rows are not all in memory
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                else:
                    running.add(pool.submit(_run_batch, batch))
            if not running:
                break
            finished, running = wait(running, return_when=FIRST_COMPLETED)
            for fut in finished:
                try:
                    res = fut.result()  # a worker error ends the run (batches written so far stay)
                except BrokenProcessPool:
                    raise UserError(f"an NLP worker process died (out of memory?) after {done} articles; "
                                    "the batches written so far are kept: run the command again", status=1) from None
                span = [min(span[0], res.pop("t0")), max(span[1], res.pop("t1"))]
                for k, v in res.items():
                    sums[k] = sums.get(k, 0) + v
                done += res["articles"]
                if progress:
                    el = time.monotonic() - started
                    print(f"nlp: {done}/{total} articles ({done / el:.1f}/s)", file=sys.stderr, flush=True)
    elapsed = time.monotonic() - started
    steady = max(span[1] - span[0], 1e-6)
    print(f"analysed {done} articles in {url} with {workers} worker(s) in {elapsed:.1f} s "
          f"({done / steady:.1f} articles/s after the models loaded): {sums.get('analyzed', 0)} analyzed, "
          f"{sums.get('truncated', 0)} analysed in part (text cap), "
          f"{sums.get('skipped-language', 0)} other language, {sums.get('empty', 0)} empty, "
          f"{sums.get('error', 0)} errors; {sums.get('mentions', 0)} mentions, {sums.get('roles', 0)} roles, "
          f"{sums.get('dates', 0)} dates written ({sums.get('stale', 0)} articles skipped: changed meanwhile)")
    return 1 if sums.get("error") else 0
