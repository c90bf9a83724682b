"""Run a real crawl (crawler.run.run_crawl, Scrapy's CrawlerProcess) in a subprocess
and read back the items (FEEDS jsonlines export), the stats and the log."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAST = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,  # the stdlib servers listen with a backlog of 5
    "AZNEWS_BACKOFF_BASE": 0.05,
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": False,
}

SCRIPT = r"""
import json, sys
args = json.load(open(sys.argv[1]))
from aznews.crawler.run import run_crawl
stats = run_crawl(args["sources"], settings=args["settings"], base_url=args.get("base_url"),
                  since=args.get("since"), until=args.get("until"), max_articles=args.get("max_articles"),
                  jobdir=args.get("jobdir"), state_dir=args.get("state_dir"), progress=args.get("progress", False))
# the crawl process's own peak RSS: VmHWM belongs to this process's memory (ru_maxrss would
# carry the RSS of the forked parent, the test process, across exec)
with open("/proc/self/status") as fh:
    stats["_maxrss_kb"] = next((int(l.split()[1]) for l in fh if l.startswith("VmHWM:")), 0)
json.dump(stats, open(args["stats_out"], "w"), default=str)
"""


class CrawlResult:
    def __init__(self, items, stats, log, returncode, peak_rss_mb=None):
        self.items, self.stats, self.log, self.returncode = items, stats, log, returncode
        # the greatest RSS seen: of the process tree (psutil, sampled) or the crawl process's own peak
        self.peak_rss_mb = peak_rss_mb

    def by_path(self):
        from urllib.parse import urlsplit
        return {urlsplit(i["canonical_url"]).path: i for i in self.items}


def crawl(tmp: Path, sources, *, settings=None, timeout=60, name="run", **kwargs) -> CrawlResult:
    tmp = Path(tmp)
    tmp.mkdir(parents=True, exist_ok=True)
    items_path = tmp / f"{name}.jsonl"
    if items_path.exists():
        items_path.unlink()
    st = dict(FAST)
    st.update(settings or {})
    st["FEEDS"] = {str(items_path): {"format": "jsonlines", "encoding": "utf-8"}}
    args = {"sources": sources, "settings": st, "stats_out": str(tmp / f"{name}.stats.json"), **kwargs}
    argf = tmp / f"{name}.args.json"
    argf.write_text(json.dumps(args))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    logf = tmp / f"{name}.log"
    with open(logf, "w+", encoding="utf-8") as log:
        proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(argf)], cwd=str(ROOT), stdout=log,
                                stderr=subprocess.STDOUT, text=True, env=env)
        tree_peak = _watch(proc, timeout)
        log.seek(0)
        text = log.read()
    items = [json.loads(l) for l in items_path.read_text(encoding="utf-8").splitlines() if l.strip()] \
        if items_path.exists() else []
    sf = tmp / f"{name}.stats.json"
    stats = json.loads(sf.read_text()) if sf.exists() else {}
    own = stats.get("_maxrss_kb", 0) / 1024
    return CrawlResult(items, stats, text, proc.returncode, max(tree_peak, own))


def _watch(proc, timeout: float) -> float:
    """Wait for proc (killed after `timeout` s, like subprocess.run) while sampling the
    RSS of its process tree with psutil; returns the greatest sum in MB."""
    import time

    import psutil

    deadline = time.monotonic() + timeout
    peak = 0.0
    try:
        root = psutil.Process(proc.pid)
    except psutil.NoSuchProcess:
        root = None
    while proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            raise subprocess.TimeoutExpired(proc.args, timeout)
        if root is not None:
            try:
                procs = [root] + root.children(recursive=True)
                total = 0
                for p in procs:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
                peak = max(peak, total / 2**20)
            except psutil.Error:
                pass
        time.sleep(0.02)
    return peak
