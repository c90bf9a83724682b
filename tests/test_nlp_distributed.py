"""`aznews nlp --scheduler redis://…`: two workers share one dataset's unanalysed articles through a
real redis-server; one is SIGKILLed mid-run and restarted with the same id. Every article version
is analysed exactly once, and the result equals a one-process `aznews nlp` run."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
N_POSTS = 60
LOCAL = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def cmd(*args):
    return [sys.executable, "-m", "aznews.pipelines.cli", *map(str, args)]


def rows(ds, sql):
    from aznews.pipelines.dataset.query import connect

    con = connect(str(ds))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def analysed_copies(ds: Path) -> dict:
    """article_id -> how many analysed copies were ever written (the pending files keep every
    copy for their grace period, merged or not)."""
    import duckdb

    return dict(duckdb.sql(
        f"SELECT article_id, count(*) FROM read_parquet('{ds}/_pending/articles/**/*.parquet') "
        "WHERE nlp_status IS NOT NULL GROUP BY 1").fetchall())


def nlp_files(ds: Path, worker: str) -> int:
    return len(list((ds / "_pending" / "articles").rglob(f"part-nlp-{worker}-*.parquet")))


@pytest.fixture(scope="module")
def unanalysed(tmp_path_factory) -> Path:
    from aznews.pipelines.demo.site import SiteProcess

    out = tmp_path_factory.mktemp("nlpq") / "crawled"
    with SiteProcess(posts=N_POSTS, demo=False) as site:
        p = subprocess.run(cmd("crawl", "bayraqdar", "--base-url", site.url, "--out", out, "--no-nlp", "--no-progress",
                               *LOCAL), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    return out


def worker(ds, redis_url, worker_id, log: Path):
    env = dict(os.environ, AZNEWS_REDIS_WORKER_TTL="3")
    f = open(log, "a")
    return subprocess.Popen(cmd("nlp", "--dataset", ds, "--scheduler", redis_url, "--worker-id", worker_id,
                                "--workers", 1, "--batch-size", 3), cwd=ROOT, stdout=f, stderr=subprocess.STDOUT, env=env)


@pytest.mark.redis
@pytest.mark.slow
def test_two_workers_one_killed_and_restarted(unanalysed, redis_url, tmp_path):
    import redis

    total = rows(unanalysed, "SELECT count(*) FROM articles WHERE nlp_status IS NULL")[0][0]
    assert total == N_POSTS
    shared, single = tmp_path / "shared", tmp_path / "single"
    shutil.copytree(unanalysed, shared)
    shutil.copytree(unanalysed, single)
    logs = {w: tmp_path / f"{w}.log" for w in ("a", "b")}
    a = worker(shared, redis_url, "a", logs["a"])
    b = worker(shared, redis_url, "b", logs["b"])
    procs = [a, b]
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        # kill a once it has written a batch and holds others
        deadline = time.monotonic() + 180
        while nlp_files(shared, "a") < 1 and a.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert a.poll() is None, "worker a ended before it could be killed:\n" + logs["a"].read_text()[-3000:]
        a.send_signal(signal.SIGKILL)
        a.wait(10)
        held = [k for k in client.scan_iter("aznews:nlp:*:inflight:a")]
        done_at_kill = len(analysed_copies(shared))
        assert done_at_kill < N_POSTS, "the run was over before the kill"
        # restarted with the same id: it takes its batches back at once
        a2 = worker(shared, redis_url, "a", logs["a"])
        procs.append(a2)
        for p, name in ((b, "b"), (a2, "a")):
            assert p.wait(240) == 0, logs[name].read_text()[-3000:]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert held and "queue is done" in logs["a"].read_text() + logs["b"].read_text()
    assert not list(client.scan_iter("aznews:nlp:*"))  # the last worker deleted the keys

    # every article version analysed exactly once, by one of the workers
    copies = analysed_copies(shared)
    assert len(copies) == N_POSTS and set(copies.values()) == {1}, copies
    assert nlp_files(shared, "a") >= 1 and nlp_files(shared, "b") >= 1

    # the same as one process doing it all
    p = subprocess.run(cmd("nlp", "--dataset", single, "--workers", 1), cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    for sql in ("SELECT article_id, nlp_status, body FROM articles ORDER BY ALL",
                'SELECT article_id, sentence, start, "end", text, label, canonical, entity_id FROM mentions ORDER BY ALL',
                "SELECT article_id, person, title, organization, parent_organization, event FROM roles ORDER BY ALL",
                'SELECT article_id, start, "end", text, value, precision FROM dates ORDER BY ALL'):
        got, want = rows(shared, sql), rows(single, sql)
        assert got == want and got, sql
    assert len(rows(shared, "SELECT * FROM mentions")) > 3 * N_POSTS
    # both published: a plain Parquet read returns the same as the views
    import pandas as pd

    for t in ("articles", "mentions", "roles", "dates"):
        assert len(pd.read_parquet(shared / t)) == rows(shared, f"SELECT count(*) FROM {t}")[0][0], t
