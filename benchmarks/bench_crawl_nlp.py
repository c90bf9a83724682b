"""A crawl with the NLP in it against a crawl with --no-nlp followed by `aznews nlp`, same site, same run.

    python benchmarks/bench_crawl_nlp.py [--posts 420] [--rounds 3] [--nlp-processes auto]

Serves `--posts` generated Azerbaijani news articles on a loopback demo site (its own
process), then per round runs, in alternating order:

* in-crawl: `aznews crawl bayraqdar --base-url SITE --out A` (the NLP in the crawl: worker
  processes fed by the item pipeline, writes in its committer thread);
* two steps: `aznews crawl ... --out B --no-nlp`, then `aznews nlp --dataset B`.

Each is timed from launch to exit (Python start-up, model loads and the final publish
included), every round into fresh datasets, politeness delays off (the site is ours).
Both datasets must hold every article once with the same mentions. Prints each
round and the medians; the target is in-crawl <= two steps (ratio <= 1). The machine
may be shared: the load average is printed with the figures.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOCAL = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def run(args: list[str]) -> float:
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *args], cwd=ROOT, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        raise SystemExit(f"aznews {' '.join(args[:2])} failed:\n{p.stderr[-3000:]}")
    return wall


def counts(ds: Path) -> tuple:
    from aznews.pipelines.dataset.query import connect

    con = connect(str(ds))
    try:
        return con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT article_id) FROM articles), "
                           "(SELECT count(*) FROM mentions), (SELECT count(*) FROM roles), "
                           "(SELECT count(*) FILTER (WHERE nlp_status IS NULL) FROM articles)").fetchone()
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--posts", type=int, default=420, help="articles on the site (default 420)")
    ap.add_argument("--rounds", type=int, default=3, help="paired rounds (default 3)")
    ap.add_argument("--nlp-processes", default="auto", help="--nlp-processes of the crawl and --workers of aznews nlp")
    a = ap.parse_args()

    from aznews.pipelines.demo.site import SiteProcess

    tmp = Path(tempfile.mkdtemp(prefix="bench-crawl-nlp-"))
    print(f"cores: {os.cpu_count()}, load average at start: {os.getloadavg()[0]:.2f}; {a.posts} articles, "
          f"NLP processes: {a.nlp_processes}", flush=True)
    in_crawl, two_steps, ratios = [], [], []
    try:
        with SiteProcess(posts=a.posts, demo=False) as site:
            crawl = ["crawl", "bayraqdar", "--base-url", site.url, "--no-progress", *LOCAL]
            for r in range(a.rounds):
                da, db = tmp / f"a{r}", tmp / f"b{r}"
                order = ("in-crawl", "two steps") if r % 2 == 0 else ("two steps", "in-crawl")
                times = {}
                for which in order:
                    if which == "in-crawl":
                        times[which] = run([*crawl, "--out", str(da), "--nlp-processes", a.nlp_processes])
                    else:
                        t1 = run([*crawl, "--out", str(db), "--no-nlp"])
                        t2 = run(["nlp", "--dataset", str(db), "--workers", a.nlp_processes, "--no-progress"])
                        times[which] = t1 + t2
                        times["crawl --no-nlp"], times["aznews nlp"] = t1, t2
                ca, cb = counts(da), counts(db)
                if ca[:2] != (a.posts, a.posts) or ca != cb or ca[4]:
                    raise SystemExit(f"datasets differ or are incomplete: in-crawl {ca}, two steps {cb}")
                ratio = times["in-crawl"] / times["two steps"]
                in_crawl.append(times["in-crawl"])
                two_steps.append(times["two steps"])
                ratios.append(ratio)
                print(f"round {r + 1}: in-crawl {times['in-crawl']:.1f} s; two steps {times['two steps']:.1f} s "
                      f"(crawl --no-nlp {times['crawl --no-nlp']:.1f} s + aznews nlp {times['aznews nlp']:.1f} s); "
                      f"ratio {ratio:.2f}; {ca[2]} mentions; load {os.getloadavg()[0]:.2f}", flush=True)
                shutil.rmtree(da, ignore_errors=True)
                shutil.rmtree(db, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    med = statistics.median(ratios)
    print(f"median: in-crawl {statistics.median(in_crawl):.1f} s, two steps {statistics.median(two_steps):.1f} s, "
          f"ratio {med:.2f} (range {min(ratios):.2f}-{max(ratios):.2f}); target ratio <= 1: "
          f"{'met' if med <= 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
