"""Crawl throughput: the aznews spider against a bare Scrapy spider.

    python benchmarks/bench_crawl.py [--n 5000] [--concurrency 32]

Serves `pipelines.demosite.generate_posts(n)` on 127.0.0.1, then in the same run,
each in its own process (one Twisted reactor per process):

  * aznews: the `news` spider with the bayraqdar source re-based on the local site,
    discovering through the sitemap index and extracting every HTML article page
    (JSON-LD, selectors, language, dates); no NLP; items are dropped by the engine
    (no pipeline, no export);
  * bare:   a plain scrapy.Spider with the same settings that downloads the same
    article URLs (and the same sitemaps) and does nothing with them.

Fairness: both crawls run the same Scrapy settings (project settings plus SETTINGS
below, identical for both; robots.txt obeyed by both), fetch the same article HTML URLs
and the same sitemap documents from the same server, one after the other; the server
runs in this process, each crawler in its own child process, so the crawler's CPU time
is measured apart from the server's. `--rounds N` alternates the two crawls N times.

Prints articles/s of each and their ratio (target >= 0.8), the crawler CPU time per
page of each (their ratio is the throughput ratio wherever the crawler process, not the
server, is the bottleneck) and the part of the aznews CPU time spent in extraction.
On a shared, loaded machine the wall-clock ratio swings widely between runs; the CPU
figures are the steadier ones. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "ROBOTSTXT_OBEY": True,
}

CHILD = r"""
import json, sys, time
args = json.load(open(sys.argv[1]))
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings
import scrapy
from scrapy import signals

st = get_project_settings()
for k, v in args["settings"].items():
    st.set(k, v, priority="cmdline")
st.set("ITEM_PIPELINES", {}, priority="cmdline")
st.set("EXTENSIONS", {}, priority="cmdline")

times = {}


class Bare(scrapy.Spider):
    name = "bare"

    async def start(self):
        for u in args["sitemaps"]:
            yield scrapy.Request(u, callback=self.noop)
        for u in args["urls"]:
            yield scrapy.Request(u, callback=self.noop)

    def noop(self, response):
        return None


proc = CrawlerProcess(st)
if args["kind"] == "bare":
    crawler = proc.create_crawler(Bare)
    kwargs = {}
else:
    import crawler.spiders.news as news_mod
    from crawler.spiders.news import NewsSpider
    from crawler.sources import get_source

    # CPU time inside the extraction cascade, to split the aznews cost per page
    _extract = news_mod.extract_article

    def timed_extract(*a, **kw):
        c = time.process_time()
        try:
            return _extract(*a, **kw)
        finally:
            times["extract"] = times.get("extract", 0.0) + time.process_time() - c

    news_mod.extract_article = timed_extract
    src = get_source("bayraqdar")
    src["discovery"] = [{"method": "sitemap", "urls": ["/sitemap_index.xml"]}]
    crawler = proc.create_crawler(NewsSpider)
    kwargs = {"source_objs": [src], "base_url": args["base_url"]}
def opened(spider):
    times["t0"] = time.perf_counter()
    times["c0"] = time.process_time()


def closed(spider, reason):
    times["t1"] = time.perf_counter()
    times["c1"] = time.process_time()


crawler.signals.connect(opened, signal=signals.spider_opened)
crawler.signals.connect(closed, signal=signals.spider_closed)
proc.crawl(crawler, **kwargs)
proc.start()
s = crawler.stats.get_stats()
json.dump({"seconds": times["t1"] - times["t0"], "cpu": times["c1"] - times["c0"], "extract_cpu": times.get("extract", 0.0),
           "responses": s.get("response_received_count", 0),
           "items": s.get("item_scraped_count", 0), "errors": s.get("log_count/ERROR", 0)}, open(args["out"], "w"))
"""


def run_child(kind, base_url, urls, sitemaps, settings, tmp):
    argf = Path(tmp) / f"{kind}.json"
    out = Path(tmp) / f"{kind}.out.json"
    argf.write_text(json.dumps({"kind": kind, "base_url": base_url, "urls": urls, "sitemaps": sitemaps,
                                "settings": settings, "out": str(out)}))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    p = subprocess.run([sys.executable, "-c", CHILD, str(argf)], cwd=str(ROOT), env=env, capture_output=True, text=True)
    if p.returncode != 0 or not out.exists():
        sys.exit(f"{kind} crawl failed:\n{p.stderr[-3000:]}")
    return json.loads(out.read_text())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles on the synthetic site")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=1, help="alternate the two crawls this many times")
    a = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from crawler.discovery import parse_sitemap
    from pipelines.demosite import generate_posts, serve
    import urllib.request

    t = time.perf_counter()
    posts = generate_posts(a.n)
    site = serve(posts)
    # the stdlib server listens with a backlog of 5; a crawler with 32 connections
    # open at once would see dropped SYNs (1 s retransmits) on both sides of the ratio
    site._server.socket.listen(256)
    print(f"site: {len(posts)} posts at {site.url} ({time.perf_counter() - t:.1f} s to build)")

    def get(u):
        with urllib.request.urlopen(u) as r:
            return r.read()

    _, index = parse_sitemap(get(site.url + "/sitemap_index.xml"), site.url)
    sitemaps = [site.url + "/sitemap_index.xml"] + [e["url"] for e in index if "post-sitemap" in e["url"]]
    urls = []
    for e in index:
        if "post-sitemap" in e["url"]:
            urls += [u["url"] for u in parse_sitemap(get(e["url"]), site.url)[1]]
    settings = dict(SETTINGS, CONCURRENT_REQUESTS=a.concurrency, CONCURRENT_REQUESTS_PER_DOMAIN=a.concurrency)
    results = {"aznews": [], "bare": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.rounds):
            for kind in ("bare", "aznews"):
                results[kind].append(run_child(kind, site.url, urls, sitemaps, settings, tmp))
    site.close()

    def rate(rs, key):
        return sum(r[key] for r in rs) / sum(r["seconds"] for r in rs)

    bare_rate = rate(results["bare"], "responses")
    az_items = sum(r["items"] for r in results["aznews"])
    az_rate = rate(results["aznews"], "items")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"article URLs: {len(urls)}; concurrency {a.concurrency}; rounds {a.rounds}; "
          f"{os.cpu_count()} CPUs, load average {load:.1f} (other processes skew both sides)")
    for kind, rs in results.items():
        for r in rs:
            print(f"  {kind:6}: {r['responses']} responses, {r['items']} items, {r['seconds']:.2f} s, "
                  f"{r['cpu']:.2f} CPU s, {r['errors']} errors")
    print(f"bare Scrapy download : {bare_rate:8.1f} pages/s")
    print(f"aznews spider        : {az_rate:8.1f} articles/s ({az_items} articles, extraction on, no NLP)")
    print(f"ratio aznews/bare    : {az_rate / bare_rate:8.2f} (target >= 0.8)")
    cpu = {k: 1000 * sum(r["cpu"] for r in rs) / sum(r["responses"] for r in rs) for k, rs in results.items()}
    ext = 1000 * sum(r.get("extract_cpu", 0.0) for r in results["aznews"]) / max(1, az_items)
    print(f"crawler CPU per page : bare {cpu['bare']:.2f} ms, aznews {cpu['aznews']:.2f} ms "
          f"(ratio {cpu['bare'] / cpu['aznews']:.2f}: the throughput ratio when the crawler process is the bottleneck)")
    print(f"aznews extra per page: {cpu['aznews'] - cpu['bare']:.2f} ms CPU, of which {ext:.2f} ms in extract_article "
          f"(the rest: Scrapy's per-item path, sitemap parsing, the spider's bookkeeping)")


if __name__ == "__main__":
    main()
