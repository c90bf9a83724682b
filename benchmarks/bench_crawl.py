"""Crawl throughput: the aznews spider against a bare Scrapy spider.

    python benchmarks/bench_crawl.py [--n 5000] [--concurrency 32] [--rounds 3] [--inline]
                                     [--set NAME=VALUE ...]

Serves `pipelines.demosite.generate_posts(n)` on 127.0.0.1, then in the same run,
each in its own process (one reactor per process):

  * aznews: the `news` spider with the bayraqdar source re-based on the local site,
    discovering through the sitemap index and extracting every HTML article page
    (JSON-LD, selectors, language, dates) with the project's default settings, i.e.
    in AZNEWS_EXTRACT_PROCESSES=auto worker processes; no NLP; items are dropped by
    the engine (no pipeline, no export);
  * bare:   a plain scrapy.Spider with the same settings that downloads the same
    article URLs (and the same sitemaps) and does nothing with them;
  * aznews in-line (--inline): aznews with extraction in the crawl process;
  * bare, aznews GC (--bare-gc): the bare spider with aznews's GC threshold, to show
    what of the ratio that setting accounts for.

Fairness: all crawls run the same Scrapy settings (project settings plus SETTINGS
below; robots.txt obeyed), fetch the same article HTML URLs and the same sitemap
documents from the same server, one after the other. The AZNEWS_* settings (extraction
processes, the GC threshold while crawling) are the aznews spider's own; a plain Scrapy
spider has neither. The server runs in this process, each crawler in its own child
process. `--rounds N` alternates the crawls N times.

Prints pages (bare) or articles (aznews) per second, the ratio to bare — the median of
the per-round paired ratios is the figure to quote (target >= 0.8) — and CPU ms per
page: the crawl process, its extraction workers, and the server. On a shared machine
the wall-clock figures of single rounds swing by about 10 %. Not part of the test suite.
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
import json, resource, sys, time
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
    if args.get("bare_gc"):  # the aznews spider's GC threshold, given to the bare spider too
        import gc
        gc.set_threshold(int(st.get("AZNEWS_GC_THRESHOLD")), *gc.get_threshold()[1:])
else:
    from aznews.crawler.spiders.news import NewsSpider
    from aznews.crawler.sources import get_source

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
ch = resource.getrusage(resource.RUSAGE_CHILDREN)  # extraction workers, joined at spider close
json.dump({"seconds": times["t1"] - times["t0"], "cpu": times["c1"] - times["c0"], "workers_cpu": ch.ru_utime + ch.ru_stime,
           "responses": s.get("response_received_count", 0),
           "items": s.get("item_scraped_count", 0), "errors": s.get("log_count/ERROR", 0)}, open(args["out"], "w"))
"""


def run_child(kind, base_url, urls, sitemaps, settings, tmp, bare_gc=False):
    argf = Path(tmp) / f"{kind}.json"
    out = Path(tmp) / f"{kind}.out.json"
    argf.write_text(json.dumps({"kind": kind, "bare_gc": bare_gc, "base_url": base_url, "urls": urls, "sitemaps": sitemaps,
                                "settings": settings, "out": str(out)}))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server_cpu = time.process_time()  # this process only serves the site meanwhile
    p = subprocess.run([sys.executable, "-c", CHILD, str(argf)], cwd=str(ROOT), env=env, capture_output=True, text=True)
    server_cpu = time.process_time() - server_cpu
    if p.returncode != 0 or not out.exists():
        sys.exit(f"{kind} crawl failed:\n{p.stderr[-3000:]}")
    return dict(json.loads(out.read_text()), server_cpu=server_cpu)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="articles on the synthetic site")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=3, help="alternate the crawls this many times")
    ap.add_argument("--inline", action="store_true",
                    help="also run aznews with extraction in the crawl process (AZNEWS_EXTRACT_PROCESSES=0)")
    ap.add_argument("--bare-gc", action="store_true",
                    help="also run the bare spider with aznews's GC threshold (AZNEWS_GC_THRESHOLD)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a Scrapy/aznews setting for both crawls (repeatable), e.g. AZNEWS_GC_THRESHOLD=0")
    a = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from aznews.crawler.discovery import parse_sitemap
    from aznews.crawler.extract_pool import processes_setting
    from aznews.pipelines.demo.site import generate_posts, serve
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
    for kv in a.set:
        k, _, v = kv.partition("=")
        settings[k.strip()] = v.strip()
    # (label, spider, extra settings): the bare spider ignores AZNEWS_* settings
    runs = [("bare", "bare", {}), ("aznews", "aznews", {})]
    if a.inline:
        runs.append(("aznews in-line", "aznews", {"AZNEWS_EXTRACT_PROCESSES": 0}))
    if a.bare_gc:
        runs.append(("bare, aznews GC", "bare", {}))
    results = {label: [] for label, _, _ in runs}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(a.rounds):
            for label, kind, extra in runs:
                results[label].append(run_child(kind, site.url, urls, sitemaps, dict(settings, **extra), tmp,
                                                bare_gc=label == "bare, aznews GC"))
    site.close()

    def total(label, key):
        return sum(r[key] for r in results[label])

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"article URLs: {len(urls)}; concurrency {a.concurrency}; rounds {a.rounds}; {os.cpu_count()} CPUs, "
          f"load average {load:.1f} (other processes skew every figure); extraction processes for 'aznews': "
          f"{processes_setting(None)} (AZNEWS_EXTRACT_PROCESSES=auto)")
    for label, rs in results.items():
        for r in rs:
            print(f"  {label:15}: {r['responses']} responses, {r['items']} items, {r['seconds']:.2f} s")
    bare_rate = total("bare", "responses") / total("bare", "seconds")
    print(f"{'':17}{'pages/s':>9} {'ratio':>6}   CPU ms per page: {'crawl':>6} {'workers':>8} {'server':>7}")
    for label in results:
        n = total(label, "items") if not label.startswith("bare") else total(label, "responses")
        rate = n / total(label, "seconds")
        per = {k: 1000 * total(label, k) / total(label, "responses") for k in ("cpu", "workers_cpu", "server_cpu")}
        print(f"  {label:15}{rate:9.1f} {rate / bare_rate:6.2f}   {'':16}{per['cpu']:6.2f} {per['workers_cpu']:8.2f} "
              f"{per['server_cpu']:7.2f}")
    az_rate = total("aznews", "items") / total("aznews", "seconds")
    # each round runs bare then aznews back to back: the paired ratios cancel slow
    # drifts of a shared machine, their median is the figure to quote
    paired = sorted((az["items"] / az["seconds"]) / (bare["responses"] / bare["seconds"])
                    for bare, az in zip(results["bare"], results["aznews"]))
    median = paired[len(paired) // 2] if len(paired) % 2 else sum(paired[len(paired) // 2 - 1:][:2]) / 2
    print(f"ratio aznews/bare: {median:.2f} median of {len(paired)} paired rounds "
          f"({', '.join(f'{r:.2f}' for r in paired)}), {az_rate / bare_rate:.2f} pooled (target >= 0.8); "
          f"'aznews' counts articles extracted, 'bare' pages downloaded (the same article URLs plus the sitemaps)")


if __name__ == "__main__":
    main()
