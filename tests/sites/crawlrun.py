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
json.dump(stats, open(args["stats_out"], "w"), default=str)
"""


class CrawlResult:
    def __init__(self, items, stats, log, returncode):
        self.items, self.stats, self.log, self.returncode = items, stats, log, returncode

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
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(argf)], cwd=str(ROOT), capture_output=True, text=True,
                       timeout=timeout, env=env)
    items = [json.loads(l) for l in items_path.read_text(encoding="utf-8").splitlines() if l.strip()] \
        if items_path.exists() else []
    sf = tmp / f"{name}.stats.json"
    stats = json.loads(sf.read_text()) if sf.exists() else {}
    return CrawlResult(items, stats, p.stdout + p.stderr, p.returncode)
