"""Distributed crawl and parallel NLP throughput on this machine.

    python benchmarks/bench_distributed.py [--posts 2000] [--per-page 50] [--nlp-articles 200] [--skip-nlp]

Starts its own redis-server (free loopback port, no persistence) and the demo site with
`--posts` synthetic articles in a separate process, then:

* crawl: `aznews crawl bayraqdar --scheduler redis://… --no-nlp` with 1 worker, then with 2
  worker processes, each into a fresh dataset (politeness delays off: the site is ours);
  prints articles/s over the wall time from launch to the last worker's exit (Python and
  Scrapy start-up included) and over Scrapy's own crawl time (longest worker);
* NLP: `aznews nlp --workers 1` and `--workers 2` over copies of a dataset of
  `--nlp-articles` articles crawled with --no-nlp; prints the articles/s the command
  reports after its models loaded, and the wall time including the model loads.

Every run checks that the dataset holds every article once. The figures depend on the
cores free at the time: the load average is printed with them.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCAL = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(workdir: Path):
    import redis

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(200):
        try:
            client.ping()
            return proc, f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("redis-server did not start")


def count(dataset: Path) -> tuple[int, int]:
    from aznews.pipelines.dataset.query import connect

    con = connect(str(dataset))
    try:
        return con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall()[0]
    finally:
        con.close()


def crawl(site_url: str, redis_url: str, out: Path, workers: int, per_page: int, logs: Path) -> dict:
    extra = [*LOCAL, "--set", f"AZNEWS_WP_PER_PAGE={per_page}"]
    t0 = time.monotonic()
    procs = []
    for i in range(workers):
        log = open(logs / f"crawl-{workers}-{i}.log", "w")
        procs.append((subprocess.Popen(
            [sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--base-url", site_url, "--scheduler",
             redis_url, "--out", str(out), "--no-nlp", "--no-progress", "--worker-id", f"bench{workers}x{i}", *extra],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT), log))
    for p, log in procs:
        if p.wait() != 0:
            raise SystemExit(f"a worker failed: see {log.name}")
        log.close()
    wall = time.monotonic() - t0
    elapsed = []
    for i in range(workers):
        m = re.search(r"'elapsed_time_seconds': ([0-9.]+)", (logs / f"crawl-{workers}-{i}.log").read_text())
        if m:
            elapsed.append(float(m.group(1)))
    return {"wall": wall, "crawl": max(elapsed) if elapsed else wall}


def nlp(dataset: Path, workers: int) -> dict:
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "nlp", "--dataset", str(dataset), "--workers",
                        str(workers), "--no-progress"], cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(p.stderr[-2000:])
    m = re.search(r"\(([0-9.]+) articles/s after the models loaded\)", p.stdout)
    return {"wall": wall, "rate": float(m.group(1)) if m else float("nan"), "summary": p.stdout.strip()}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=2000, help="synthetic articles on the site (default 2000)")
    ap.add_argument("--per-page", type=int, default=50, help="posts per wp-json page (default 50, the crawler's)")
    ap.add_argument("--nlp-articles", type=int, default=200, help="articles for the NLP runs (default 200)")
    ap.add_argument("--skip-nlp", action="store_true")
    ap.add_argument("--skip-crawl", action="store_true")
    a = ap.parse_args()

    from aznews.pipelines.demo.site import SiteProcess

    tmp = Path(tempfile.mkdtemp(prefix="bench-distributed-"))
    redis_proc, redis_url = start_redis(tmp)
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}")
    try:
        with SiteProcess(posts=a.posts, demo=False) as site:
            if not a.skip_crawl:
                for workers in (1, 2):
                    out = tmp / f"crawl{workers}"
                    r = crawl(site.url, redis_url, out, workers, a.per_page, tmp)
                    n, distinct = count(out)
                    assert n == distinct == a.posts, (n, distinct)
                    print(f"crawl, {workers} worker(s): {a.posts} articles in {r['wall']:.1f} s wall "
                          f"({a.posts / r['wall']:.0f} articles/s), Scrapy crawl time {r['crawl']:.1f} s "
                          f"({a.posts / r['crawl']:.0f} articles/s); load {os.getloadavg()[0]:.2f}", flush=True)
            if not a.skip_nlp:
                base = tmp / "nlp-base"
                p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--base-url", site.url,
                                    "--out", str(base), "--no-nlp", "--no-progress", "--max-articles",
                                    str(a.nlp_articles), *LOCAL], cwd=ROOT, capture_output=True, text=True)
                if p.returncode != 0:
                    raise SystemExit(p.stderr[-2000:])
                n = count(base)[0]
                for workers in (1, 2):
                    ds = tmp / f"nlp{workers}"
                    shutil.copytree(base, ds)
                    r = nlp(ds, workers)
                    print(f"nlp, {workers} process(es): {n} articles, {r['rate']:.1f} articles/s after model load, "
                          f"{r['wall']:.1f} s wall with the model loads; load {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        redis_proc.terminate()
        redis_proc.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
