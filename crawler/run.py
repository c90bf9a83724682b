"""Run a crawl in this process and return its stats.

    from aznews.crawler.run import run_crawl
    stats = run_crawl(["bayraqdar"], base_url="http://127.0.0.1:8000",
                      out_items_pipelines={"aznews.pipelines.item_pipeline.DatasetPipeline": 300},
                      settings={"FEEDS": {"items.jsonl": {"format": "jsonlines"}}})

Uses Scrapy's CrawlerProcess, which starts the Twisted reactor: a reactor cannot be
restarted, so run_crawl can be called ONCE per Python process. Run further crawls
in a subprocess (`aznews crawl`, `scrapy crawl news`) or put several sources in one
call.
"""
from __future__ import annotations

import sys


def run_crawl(sources: list, *, out_items_pipelines: dict | None = None, settings: dict | None = None,
              since=None, until=None, max_articles=None, jobdir=None, state_dir=None, base_url=None,
              progress=True, summary=True, crawl_id=None) -> dict:
    """Crawl `sources` (registry names, hosts or source dicts) and return the Scrapy
    stats dict (plus aznews/* counters: articles, rejected, failed, per source).

    base_url points every given source at another server (the demo site);
    since/until ('YYYY-MM-DD' or ISO) limit publication dates; max_articles stops
    the crawl after that many items; jobdir makes it resumable (same jobdir =
    resume); state_dir keeps the incremental state (seen URLs, hashes, marks); progress
    shows the live display or progress lines, summary the final table (crawler/progress.py).

    Logging: when the caller has configured the root logger (the aznews CLI), Scrapy
    installs no handler of its own and its loggers are set to the root's level, so
    records no handler writes are never built (Scrapy sets its loggers to DEBUG)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from aznews.crawler.sources import get_source, load_sources
    from aznews.crawler.spiders.news import NewsSpider

    reg = None
    objs = []
    for s in sources:
        if isinstance(s, dict):
            objs.append(s)
        else:
            reg = reg if reg is not None else load_sources()
            objs.append(get_source(s, reg))
    if not objs:
        raise ValueError("no sources to crawl")
    st = get_project_settings()
    if st.get("BOT_NAME") != "aznews":  # not run from the repository root
        from aznews.crawler import settings as mod

        st.setmodule(mod, priority="project")
    st.set("ITEM_PIPELINES", dict(out_items_pipelines or {}), priority="cmdline")
    if jobdir:
        st.set("JOBDIR", str(jobdir), priority="cmdline")
    if max_articles:
        st.set("CLOSESPIDER_ITEMCOUNT", int(max_articles), priority="cmdline")
    st.set("AZNEWS_PROGRESS", bool(progress), priority="cmdline")
    st.set("AZNEWS_SUMMARY", bool(summary), priority="cmdline")
    import logging

    root = logging.getLogger()
    configured = bool(root.handlers)
    # the aznews CLI configures logging itself; Scrapy adding a second root handler doubles every line
    st.set("LOG_INSTALL_ROOT_HANDLER", not configured, priority="cmdline")
    for k, v in (settings or {}).items():
        st.set(k, v, priority="cmdline")
    process = CrawlerProcess(st)
    if configured:
        for name in ("scrapy", "py.warnings"):
            logging.getLogger(name).setLevel(root.level)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, source_objs=objs, base_url=base_url, since=since, until=until,
                  max_articles=max_articles, state_dir=str(state_dir) if state_dir else None, crawl_id=crawl_id)
    process.start()
    stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in stats.items()}


if __name__ == "__main__":  # python -m aznews.crawler.run SOURCE [BASE_URL]
    out = run_crawl([sys.argv[1]], base_url=sys.argv[2] if len(sys.argv) > 2 else None)
    print({k: v for k, v in out.items() if k.startswith("aznews/")})
