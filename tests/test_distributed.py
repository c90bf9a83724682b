"""Distributed crawl: several `aznews crawl --scheduler redis://…` worker processes, a real
redis-server and a 1,000-article loopback site; one worker is killed with SIGKILL mid-crawl.

The tests start their own redis-server (Debian's /usr/bin/redis-server, installed by
scripts/system-deps.sh) on a free loopback port and skip only when there is none.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
N_POSTS = 1000
# our own loopback server: no politeness delays; small API pages so the crawl has many requests
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "--set", "AZNEWS_WP_PER_PAGE=5", "--set", "AZNEWS_BATCH_SIZE=20", "--set", "AZNEWS_REDIS_WORKER_TTL=3",
        "--set", "LOG_LEVEL=INFO"]


@pytest.fixture(scope="module")
def site():
    from aznews.pipelines.demo.site import SiteProcess

    with SiteProcess(posts=N_POSTS, demo=False) as s:  # its own process: no GIL shared with the test
        yield s


N_SMALL = 300


@pytest.fixture(scope="module")
def small_site():
    from aznews.pipelines.demo.site import SiteProcess

    with SiteProcess(posts=N_SMALL, demo=False) as s:
        yield s


def _worker(url, redis_url, out, worker_id, log_dir, extra=(), log_name=None):
    log = open(log_dir / f"{log_name or worker_id}.log", "w")
    cmd = [sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--base-url", url, "--scheduler", redis_url,
           "--out", str(out), "--no-nlp", "--no-progress", "--worker-id", worker_id, *FAST, *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def _raw_rows(out: Path, folder: str = "_pending/articles") -> int:
    """Articles rows in the files under `folder`: by default every copy written (the pending files
    stay for their grace period after a publish has merged them)."""
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(p).metadata.num_rows for p in (out / folder).rglob("*.parquet")) \
        if (out / folder).is_dir() else 0


def _raw_ids(out: Path, folder: str = "_pending/articles") -> list[str]:
    import pyarrow.parquet as pq

    ids: list[str] = []
    for p in (out / folder).rglob("*.parquet"):
        ids += pq.read_table(p, columns=["article_id"]).column("article_id").to_pylist()
    return ids


def _expected_ids(site_url: str, n: int = N_POSTS) -> set[str]:
    from aznews.pipelines.dataset import schema
    from aznews.pipelines.demo.site import generate_posts

    return {schema.article_id(site_url + p.path) for p in generate_posts(n)}


def _log(log_dir, worker_id, tail=3000) -> str:
    text = (log_dir / f"{worker_id}.log").read_text(errors="replace")
    return text[-tail:] if tail else text


@pytest.mark.redis
@pytest.mark.slow
def test_workers_share_one_crawl_and_survive_sigkill(redis_url, site, tmp_path):
    import redis

    from aznews.pipelines.dataset.query import connect

    out = tmp_path / "dataset"
    logs = tmp_path
    client = redis.Redis.from_url(redis_url)
    w1 = _worker(site.url, redis_url, out, "w1", logs)
    w2 = _worker(site.url, redis_url, out, "w2", logs)
    procs = {"w2": w2}
    try:
        # kill w1 mid-crawl: once a quarter of the articles are stored
        deadline = time.monotonic() + 60
        while _raw_rows(out) < N_POSTS // 4 and w1.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert w1.poll() is None, "w1 finished before it could be killed:\n" + _log(logs, "w1")
        w1.send_signal(signal.SIGKILL)
        w1.wait(10)
        stored_at_kill = _raw_rows(out)
        assert stored_at_kill < N_POSTS, "the crawl was over before the kill"
        inflight = [k for k in client.scan_iter("aznews:*:inflight:w1")]
        # what makes the kill matter: w1 held requests that scrapy-redis alone would have lost
        assert inflight and client.hlen(inflight[0]) > 0
        # restart it (a new id: its requests come back through the expired heartbeat)
        procs["w3"] = _worker(site.url, redis_url, out, "w3", logs)
        for name, p in procs.items():
            assert p.wait(80) == 0, _log(logs, name)
    finally:
        for p in (w1, *procs.values()):
            if p.poll() is None:
                p.kill()
                p.wait()

    expected = _expected_ids(site.url)
    # every article exactly once through the views (one visible version per article)
    con = connect(str(out))
    n, distinct = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
    assert (n, distinct) == (N_POSTS, N_POSTS)
    assert {r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()} == expected
    con.close()
    # the workers wrote part files (w3 too, unless w2 had finished the crawl before w3 was up);
    # the re-queued requests were fetched again
    writers = {p.name.split("-")[1] for p in (out / "_pending" / "articles").rglob("part-*.parquet")}
    assert {"w1", "w2"} <= writers, writers
    assert "Re-queued" in _log(logs, "w2", 0) + _log(logs, "w3", 0)
    raw = _raw_ids(out)
    assert set(raw) == expected and len(raw) >= N_POSTS
    # a finished crawl leaves no keys behind: the next crawl starts afresh
    assert not list(client.scan_iter("aznews:*"))

    # the published files (what plain Parquet readers see) hold each article exactly once, the
    # duplicates of the killed worker included; so do the raw files after a compaction with no grace
    published = _raw_ids(out, "articles")
    assert len(published) == N_POSTS and set(published) == expected
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "compact", "--dataset", str(out), "--grace", "0"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert not _raw_ids(out)  # nothing pending any more
    raw = _raw_ids(out, "articles")
    assert len(raw) == N_POSTS and set(raw) == expected


def _wait_rows(proc, out, n, timeout=60):
    deadline = time.monotonic() + timeout
    while _raw_rows(out) < n and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


def _check_complete(out, site_url, n, exact_raw=False):
    from aznews.pipelines.dataset.query import connect

    con = connect(str(out))
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()]
    con.close()
    assert len(ids) == n and set(ids) == _expected_ids(site_url, n)
    if exact_raw:
        assert len(_raw_ids(out)) == n


@pytest.mark.redis
@pytest.mark.slow
def test_restart_with_the_same_id_takes_its_requests_back(redis_url, small_site, tmp_path):
    """SIGKILL, then the same --worker-id: its in-flight requests are re-queued at once
    (the heartbeat TTL is 60 s here, so nothing else could have recovered them)."""
    import redis

    out = tmp_path / "dataset"
    slow = ["--set", "AZNEWS_REDIS_WORKER_TTL=60", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2"]
    w = _worker(small_site.url, redis_url, out, "solo", tmp_path, slow, log_name="solo-1")
    try:
        _wait_rows(w, out, N_SMALL // 4)
        assert w.poll() is None, _log(tmp_path, "solo-1")
        w.send_signal(signal.SIGKILL)
        w.wait(10)
    finally:
        if w.poll() is None:
            w.kill()
            w.wait()
    client = redis.Redis.from_url(redis_url)
    [key] = client.scan_iter("aznews:*:inflight:solo")
    held = client.hlen(key)
    assert held > 0
    started = time.monotonic()
    w = _worker(small_site.url, redis_url, out, "solo", tmp_path, slow, log_name="solo-2")
    assert w.wait(60) == 0, _log(tmp_path, "solo-2")
    assert time.monotonic() - started < 50  # did not wait for the 60 s heartbeat TTL
    assert f"Re-queued {held} in-flight requests of stopped workers solo" in _log(tmp_path, "solo-2", 0)
    _check_complete(out, small_site.url, N_SMALL)
    assert not list(client.scan_iter("aznews:*"))


@pytest.mark.redis
@pytest.mark.slow
def test_graceful_stop_hands_back_its_requests(redis_url, small_site, tmp_path):
    """SIGINT: the worker finishes what it downloads, writes its buffer and leaves the rest
    queued; a later worker resumes the crawl. No article is written twice."""
    import redis

    out = tmp_path / "dataset"
    w = _worker(small_site.url, redis_url, out, "g1", tmp_path, ["--set", "CONCURRENT_REQUESTS_PER_DOMAIN=2"])
    _wait_rows(w, out, N_SMALL // 4)
    assert w.poll() is None, _log(tmp_path, "g1")
    w.send_signal(signal.SIGINT)
    assert w.wait(30) == 0, _log(tmp_path, "g1")
    client = redis.Redis.from_url(redis_url)
    assert not list(client.scan_iter("aznews:*:inflight:*")) and not list(client.scan_iter("aznews:*:alive:*"))
    [queue] = client.scan_iter("aznews:*:requests")
    assert client.zcard(queue) > 0
    assert _raw_rows(out) < N_SMALL
    w = _worker(small_site.url, redis_url, out, "g2", tmp_path)
    assert w.wait(60) == 0, _log(tmp_path, "g2")
    _check_complete(out, small_site.url, N_SMALL, exact_raw=True)


def test_bad_scheduler_url_is_one_line(tmp_path):
    port = free_port()  # nothing listens there
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--out", str(tmp_path / "o"),
                        "--scheduler", f"redis://127.0.0.1:{port}/0", "--no-progress"],
                       cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    assert p.stderr.startswith(f"aznews crawl: error: cannot reach Redis at redis://127.0.0.1:{port}/0")
    assert "Traceback" not in p.stderr
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--out", str(tmp_path / "o"),
                        "--scheduler", "http://127.0.0.1/0", "--no-progress"], cwd=ROOT, capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2 and "must be a redis://" in p.stderr
