"""One generic news spider driven by the source registry.

    scrapy crawl news -a sources=bayraqdar,apa.az [-a base_url=http://127.0.0.1:8000]
        [-a since=2025-11-01] [-a until=2025-11-30] [-a max_articles=100] [-a state_dir=DIR]
    scrapy crawl bayraqdar            # alias: the bayraqdar source

For each source the spider tries its discovery methods in order (wp-json, feeds,
sitemaps, listing pages) and falls down the list when one fails (HTTP error,
unparsable or empty answer). Articles are extracted by `crawler.extract`
(one code path for real sites and the local demo). Non-articles (tag, category,
author, search, index pages) and empty pages are logged with a reason and counted
in the stats; so is every URL that fails for good. The crawl never raises.
"""
from __future__ import annotations

import gc
import json
import logging
import re
from datetime import datetime, timezone
from urllib.parse import urlencode, urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider

from aznews.crawler.discovery import (TAXONOMY_SITEMAP, document_kind, listing_links, page_discovery, parse_feed,
                                      parse_sitemap, robots_sitemaps)
from aznews.crawler.extract import (
    canonicalize_url,
    extract_wp_post,
    parse_iso_date,
)
from aznews.crawler.extract_pool import ExtractionPool
from aznews.crawler.items import ArticleItem
from aznews.crawler.sources import get_source, load_sources, with_base_url
from aznews.crawler.state import StateStore, _ts, content_hash

log = logging.getLogger("aznews.crawler.news")



_OWN_META = ("src", "disc", "method", "page", "wp_base", "root", "conf", "seq", "feed_url", "plan")


def _own(meta) -> dict:
    """The spider's own keys of a response's meta (never Scrapy's internal ones)."""
    return {k: meta[k] for k in _OWN_META if k in meta}


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _date_bound(value, end=False) -> str | None:
    """'2025-11-01' or an ISO datetime -> ISO with offset (Baku for naive values)."""
    if not value:
        return None
    v = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        v += "T23:59:59" if end else "T00:00:00"
    iso = parse_iso_date(v)
    if iso is None:
        raise ValueError(f"not a date: {value!r}")
    return iso


def failure_reason(failure) -> str:
    """A short reason for a failed request (logged and counted in the stats)."""
    from scrapy.exceptions import IgnoreRequest
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import (ConnectionRefusedError, DNSLookupError, TCPTimedOutError,
                                        TimeoutError as TxTimeout)
    from twisted.internet.defer import CancelledError
    from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

    exc = failure.value
    cname = type(exc).__name__
    if "Timeout" in cname:
        return "timeout"
    if "Cancelled" in cname:
        return "download cancelled (page larger than DOWNLOAD_MAXSIZE?)"
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}"
    if isinstance(exc, (TxTimeout, TCPTimedOutError)):
        return "timeout"
    if isinstance(exc, DNSLookupError):
        return "DNS lookup failed"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, CancelledError):
        return "download cancelled (page larger than DOWNLOAD_MAXSIZE?)"
    if isinstance(exc, IgnoreRequest):
        msg = str(exc) or "ignored"
        if "robots" in msg.lower():
            return "forbidden by robots.txt"
        if "redirect" in msg.lower():
            return "too many redirects"
        return msg[:80]
    if isinstance(exc, (ResponseNeverReceived, ResponseFailed)):
        return "connection lost"
    return type(exc).__name__


class NewsSpider(scrapy.Spider):
    name = "news"
    default_sources: str | None = None
    custom_settings: dict = {}

    def __init__(self, sources=None, source_objs=None, base_url=None, since=None, until=None,
                 max_articles=None, state_dir=None, crawl_id=None, registry=None, wp_per_page=None,
                 *args, **kwargs):
        super().__init__(*args, **kwargs)
        if source_objs:
            srcs = [dict(s) for s in source_objs]
        else:
            names = sources or kwargs.get("source") or self.default_sources
            if not names:
                raise ValueError("no sources: pass -a sources=NAME[,NAME...]")
            reg = load_sources(registry)
            if isinstance(names, str):
                names = [n.strip() for n in names.split(",") if n.strip()]
            srcs = [get_source(n, reg) for n in names]
        if base_url:
            srcs = [with_base_url(s, base_url) for s in srcs]
        self.sources = {s["name"]: s for s in srcs}
        self.since = _date_bound(since)
        self.until = _date_bound(until, end=True)
        self.since_ts = _ts(self.since)
        self.until_ts = _ts(self.until)
        self.max_articles = int(max_articles) if max_articles not in (None, "", 0, "0") else None
        self.state_dir = state_dir
        self.store = None
        self.crawl_id = crawl_id or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.wp_per_page = int(wp_per_page) if wp_per_page else None  # default: AZNEWS_WP_PER_PAGE
        self.n_yielded = 0
        self.yielded: set[str] = set()
        self.requested: set[str] = set()
        self.max_modified: dict[str, str] = {}  # source -> newest wp `modified` seen
        self.sitemap_marks: dict[str, str] = {}
        self._base_moves: dict[str, tuple] = {}  # source -> (original host, new scheme, new host)
        self.extraction = ExtractionPool(0)  # from_crawler sizes it from AZNEWS_EXTRACT_PROCESSES

    # ------------------------------------------------------------ lifecycle

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.wp_per_page is None:
            spider.wp_per_page = crawler.settings.getint("AZNEWS_WP_PER_PAGE", 50)
        spider.extraction = ExtractionPool.from_settings(crawler.settings)
        crawler.signals.connect(spider._opened, signal=signals.spider_opened)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        if spider.state_dir:  # the handler only feeds the state store; no per-item signal work without one
            crawler.signals.connect(spider._item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(spider._request_dropped, signal=signals.request_dropped)
        return spider

    def _opened(self, spider):
        threshold = self.crawler.settings.getint("AZNEWS_GC_THRESHOLD", 0)
        if threshold > 0:  # restored at close (run_crawl may run inside a longer-lived process)
            self._gc_saved = gc.get_threshold()
            gc.set_threshold(threshold, *self._gc_saved[1:])
        n = self.extraction.processes
        log.info("aznews crawl %s: extraction %s", self.crawl_id,
                 f"in {n} worker process{'es' if n > 1 else ''}" if n else "in the crawl process")
        if self.state_dir:
            self.store = StateStore(self.state_dir)
        # JOBDIR: spider.state is persisted by Scrapy's SpiderState extension
        st = getattr(self, "state", None)
        if isinstance(st, dict):
            self.yielded = st.setdefault("yielded", set())
            self.requested = st.setdefault("requested", set())
            self.n_yielded = len(self.yielded)

    def _closed(self, spider, reason):
        self.extraction.close()
        if getattr(self, "_gc_saved", None):
            gc.set_threshold(*self._gc_saved)
        if self.store is not None:
            if reason == "finished" and self.until is None:
                for src, mod in self.max_modified.items():
                    old = self.store.get_mark(src, "wp_modified")
                    if old is None or (_ts(mod) or 0) > (_ts(old) or 0):
                        self.store.set_mark(src, "wp_modified", mod)
                for key, val in self.sitemap_marks.items():
                    self.store.set_mark("_sitemaps", key, val)
            self.store.close()
        stats = self.crawler.stats
        log.info("aznews crawl %s closed (%s): %s articles, %s rejected, %s failed URLs",
                 self.crawl_id, reason, stats.get_value("aznews/articles", 0),
                 stats.get_value("aznews/rejected", 0), stats.get_value("aznews/failed", 0))

    def _item_scraped(self, item, response, spider):
        if self.store is not None and isinstance(item, ArticleItem):
            self.store.record(item["canonical_url"], item["source"], item.get("modified_at") or item.get("published_at"),
                              content_hash(item.get("title"), item.get("body")), item["fetched_at"])

    def _request_dropped(self, request, spider):
        """The scheduler's dupefilter dropped a request. For a redirected article request
        that means a redirect loop (the URL is already in its own chain) or a redirect to
        a page fetched before; neither may vanish silently."""
        chain = request.meta.get("redirect_urls")
        if not chain or request.callback != self.parse_article:
            return
        first = chain[0]
        if canonicalize_url(request.url) in {canonicalize_url(u) for u in chain}:
            self._fail(first, "redirect loop", request.meta.get("src"))
        else:
            log.info("Redirect from %s to %s, which was fetched already", first, request.url)
            self.crawler.stats.inc_value("aznews/redirect_to_seen")

    def _count(self, key, source=None, n=1):
        stats = self.crawler.stats
        stats.inc_value(key, n)
        if source:
            stats.inc_value(f"{key}/{source}", n)

    def _per_source(self, what, source, n=1):
        """Per-source counters of the progress display: discovered, fetched, skipped (failed: _fail)."""
        if source:
            self.crawler.stats.inc_value(f"aznews/{what}_by_source/{source}", n)

    def _fail(self, url, reason, source=None):
        log.warning("Failed URL %s: %s", url, reason)
        self._count("aznews/failed", None)
        self.crawler.stats.inc_value(f"aznews/failed/{reason}")
        if source:
            self.crawler.stats.inc_value(f"aznews/failed_by_source/{source}")

    # ------------------------------------------------------------ discovery

    def _attempts(self, discovery):
        out = []
        for d in discovery:
            if d["method"] in ("feed", "sitemap"):
                out.extend((d["method"], u, d) for u in d["urls"])
            elif d["method"] == "wp-json":
                out.append(("wp-json", d.get("url", "/wp-json/wp/v2/posts"), d))
            else:
                out.append((d["method"], d["url"], d))  # listing, auto
        return out

    def _abs(self, src, url):
        return urljoin(src["base_url"] + "/", url.lstrip("/")) if not urlsplit(url).scheme else url

    async def start(self):
        for src in self.sources.values():
            req = self._discover(src, 0)
            if req is not None:
                yield req

    def start_requests(self):  # older Scrapy
        for src in self.sources.values():
            req = self._discover(src, 0)
            if req is not None:
                yield req

    def _discover(self, src, idx, plan=None):
        """The request of discovery attempt `idx` of the source's list, or of `plan`: the
        list an `auto` attempt made from what its URL answered (kept in the requests' meta,
        so that any worker of a distributed crawl falls down the same list)."""
        attempts = self._attempts(src["discovery"] if plan is None else plan)
        if idx >= len(attempts):
            log.error("Source %s: no discovery method worked", src["name"])
            self.crawler.stats.inc_value("aznews/discovery_exhausted")
            return None
        method, url, conf = attempts[idx]
        meta = {"src": src["name"], "disc": idx, "method": method}
        if plan is not None:
            meta["plan"] = plan
        self.crawler.stats.inc_value(f"aznews/discovery/{method}")
        log.info("Source %s: discovery via %s (%s)", src["name"], method, url)
        again = bool(conf.get("probed"))  # the URL the auto attempt fetched: fetch it again
        if method == "auto":
            return scrapy.Request(self._abs(src, url), callback=self.parse_auto, errback=self.discovery_failed,
                                  meta={**_own(meta), "conf": conf}, priority=10)
        if method == "wp-json":
            return scrapy.Request(self._wp_url(src, url, 1), callback=self.parse_wp, errback=self.discovery_failed,
                                  meta={**_own(meta), "page": 1, "wp_base": url}, priority=10)
        if method == "feed":
            return scrapy.Request(self._abs(src, url), callback=self.parse_feed, errback=self.discovery_failed,
                                  meta={**meta, "page": 1, "conf": conf, "feed_url": self._abs(src, url)}, priority=10,
                                  dont_filter=again)
        if method == "sitemap":
            return scrapy.Request(self._abs(src, url), callback=self.parse_sitemap, errback=self.discovery_failed,
                                  meta={**_own(meta), "root": True}, priority=10, dont_filter=again)
        return scrapy.Request(self._abs(src, url), callback=self.parse_listing, errback=self.discovery_failed,
                              meta={**_own(meta), "page": 1, "conf": conf}, priority=10, dont_filter=again)

    def discovery_failed(self, failure):
        req = failure.request
        meta = req.meta
        reason = failure_reason(failure)
        if meta.get("page", 1) > 1 or not (meta.get("root", True)):
            # a later page or a child sitemap: the method worked, this part did not
            if meta.get("method") in ("listing", "feed") and reason == "HTTP 404":
                return None
            self._fail(req.url, reason, meta.get("src"))
            return None
        return self._fallback(meta, req.url, reason)

    def _fallback(self, meta, url, reason):
        src = self.sources[meta["src"]]
        log.warning("Source %s: discovery %s failed at %s (%s); trying the next method",
                    src["name"], meta["method"], url, reason)
        self.crawler.stats.inc_value(f"aznews/discovery_failed/{meta['method']}")
        return self._discover(src, meta["disc"] + 1, meta.get("plan"))

    # auto: a site known by one URL ------------------------------------------

    def parse_auto(self, response):
        """An `auto` attempt's URL answered: a feed, a sitemap or the REST API's posts are
        crawled as such; a page (home or section) says where its WordPress API, feeds and
        sitemaps are, and robots.txt adds its sitemaps: those are tried in order, the
        page's own article links last. The attempt is replaced by that list."""
        meta = response.meta
        src = self.sources[meta["src"]]
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        kind = document_kind(response.body, ctype)
        url = response.url
        log.info("Source %s: %s is a %s", src["name"], url, kind if kind != "html" else "page")
        if kind == "feed":
            found = [{"method": "feed", "urls": [url], "probed": True}]
        elif kind == "sitemap":
            found = [{"method": "sitemap", "urls": [url], "probed": True}]
        elif kind == "json":
            path = urlsplit(url)._replace(query="", fragment="").geturl()
            try:
                data = json.loads(response.text)
            except ValueError:
                data = None
            if isinstance(data, dict) and "namespaces" in data:  # the API's index: /wp-json/
                path = path.rstrip("/") + "/wp/v2/posts"
            found = [{"method": "wp-json", "url": path}] if isinstance(data, (list, dict)) else []
        elif kind == "html":
            found = page_discovery(response.text, url)
            for d in found:
                if d["method"] == "listing":
                    d["probed"] = True
            robots = urljoin(src["base_url"] + "/", "robots.txt")
            yield scrapy.Request(robots, callback=self._auto_robots, errback=self._auto_robots_failed,
                                 meta={**_own(meta), "found": found}, priority=10, dont_filter=True)
            return
        else:
            found = []
        req = self._auto_plan(meta, found)
        if req is not None:
            yield req

    def _auto_robots(self, response):
        """robots.txt answered: the sitemaps it declares go first in the sitemap attempt."""
        meta = response.meta
        declared = robots_sitemaps(getattr(response, "text", ""), self.sources[meta["src"]]["base_url"])
        found = [dict(d) for d in meta["found"]]
        for d in found:
            if d["method"] == "sitemap":
                d["urls"] = declared + [u for u in d["urls"] if u not in declared]
        req = self._auto_plan(meta, found)
        if req is not None:
            yield req

    def _auto_robots_failed(self, failure):
        """No robots.txt: the page's own list as it is."""
        meta = failure.request.meta
        req = self._auto_plan(meta, meta["found"])
        return [req] if req is not None else []

    def _auto_plan(self, meta, found):
        """The discovery list with the auto attempt replaced by what it found; its first request."""
        src = self.sources[meta["src"]]
        plan = meta.get("plan")
        entries = list(src["discovery"] if plan is None else plan)
        # the entry of this attempt: attempts and entries differ where an entry has several URLs
        attempts = self._attempts(entries)
        conf = attempts[meta["disc"]][2]
        i = next(k for k, d in enumerate(entries) if d is conf or d == conf)
        before = len(self._attempts(entries[:i]))
        new = entries[:i] + found + entries[i + 1:]
        if found:
            log.info("Source %s: discovery will try %s", src["name"],
                     ", ".join(d["method"] for d in found))
        else:
            self.crawler.stats.inc_value("aznews/discovery_failed/auto")
        return self._discover(src, before, new)

    # wp-json -------------------------------------------------------------

    def _wp_url(self, src, path, page):
        params = {"per_page": self.wp_per_page, "page": page, "_embed": 1}
        if self.since:
            params["after"] = self.since[:19]
        if self.until:
            params["before"] = self.until[:19]
        if self.store is not None:
            mark = self.store.get_mark(src["name"], "wp_modified")
            if mark:
                params["modified_after"] = mark[:19]
                params["orderby"] = "modified"
        return self._abs(src, path) + "?" + urlencode(params)

    def parse_wp(self, response):
        meta = response.meta
        src = self.sources[meta["src"]]
        try:
            posts = json.loads(response.text)
            if not isinstance(posts, list):
                raise ValueError("not a list of posts")
        except ValueError as exc:
            if meta["page"] == 1:
                req = self._fallback(meta, response.url, f"bad JSON: {exc}")
                if req is not None:
                    yield req
            else:
                self._fail(response.url, "bad JSON", src["name"])
            return
        if meta["page"] == 1:
            try:
                total = int(response.headers.get(b"X-WP-TotalPages", b"0").decode() or 0)
            except ValueError:
                total = 0
            for page in range(2, total + 1):
                yield response.request.replace(url=self._wp_url(src, meta["wp_base"], page),
                                               meta={**_own(meta), "page": page}, priority=5)
            if not total and len(posts) >= self.wp_per_page:
                meta["seq"] = True
        if meta.get("seq") and len(posts) >= self.wp_per_page:
            yield response.request.replace(url=self._wp_url(src, meta["wp_base"], meta["page"] + 1),
                                           meta={**_own(meta), "page": meta["page"] + 1}, priority=5)
        fetched = _now_iso()
        for post in posts:
            if not isinstance(post, dict):
                continue
            self._per_source("discovered", src["name"])
            self._per_source("fetched", src["name"])  # the post came whole with the API page
            art = extract_wp_post(post)
            mod = post.get("modified") or post.get("date")
            if mod:
                cur = self.max_modified.get(src["name"])
                if cur is None or (_ts(parse_iso_date(mod)) or 0) > (_ts(parse_iso_date(cur)) or 0):
                    self.max_modified[src["name"]] = mod
            yield from self._emit(src, art, post.get("link") or response.url, fetched)

    # feeds ----------------------------------------------------------------

    def parse_feed(self, response):
        meta = response.meta
        src = self.sources[meta["src"]]
        try:
            entries = parse_feed(response.text, response.url)
        except Exception as exc:
            req = self._fallback(meta, response.url, f"unparsable feed: {exc}")
            if req is not None:
                yield req
            return
        raw = entries[0]["raw_entries"] if entries else 0
        self.crawler.stats.inc_value("aznews/feed_entries", raw)
        self.crawler.stats.inc_value("aznews/duplicate_feed_entries", raw - len(entries))
        new = 0
        older = 0
        for e in entries:
            if not self._in_range(e["published"]):
                if e["published"] and self.since_ts and (_ts(e["published"]) or 0) < self.since_ts:
                    older += 1
                continue
            req = self._article_request(src, self._move_to_base(src, e["url"]), e["updated"])
            if req is not None:
                new += 1
                yield req
        # WordPress feeds page with ?paged=N; stop at a page with nothing new
        conf = meta.get("conf") or {}
        page = meta.get("page", 1)
        if conf.get("paged") and entries and page < conf.get("max_pages", 50) and older < len(entries):
            if self.store is not None and new == 0:
                return
            sep = "&" if "?" in meta["feed_url"] else "?"
            yield scrapy.Request(f"{meta['feed_url']}{sep}paged={page + 1}", callback=self.parse_feed,
                                 errback=self.discovery_failed, meta={**_own(meta), "page": page + 1}, priority=8)

    # sitemaps -------------------------------------------------------------

    def parse_sitemap(self, response):
        meta = response.meta
        src = self.sources[meta["src"]]
        try:
            kind, entries = parse_sitemap(response.body, response.url)
        except Exception as exc:
            if meta.get("root"):
                req = self._fallback(meta, response.url, f"unparsable sitemap: {exc}")
                if req is not None:
                    yield req
            else:
                self._fail(response.url, "unparsable sitemap", src["name"])
            return
        if kind == "index":
            for e in entries:
                url, lastmod = self._move_to_base(src, e["url"]), e["lastmod"]
                if TAXONOMY_SITEMAP.search(url):
                    log.debug("Skipping taxonomy sitemap %s", url)
                    continue
                if lastmod and self.since_ts and (_ts(lastmod) or 0) < self.since_ts:
                    continue
                if lastmod and self.store is not None:
                    old = self.store.get_mark("_sitemaps", url)
                    self.sitemap_marks[url] = lastmod
                    if old and (_ts(lastmod) or 0) <= (_ts(old) or 0):
                        self.crawler.stats.inc_value("aznews/sitemaps_unchanged")
                        continue
                yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.discovery_failed,
                                     meta={**_own(meta), "root": False}, priority=8)
            return
        for e in entries:
            published, lastmod = e["published"], e["lastmod"]
            if published and not self._in_range(published):
                continue
            if not published and lastmod and self.since_ts and (_ts(lastmod) or 0) < self.since_ts:
                continue
            req = self._article_request(src, self._move_to_base(src, e["url"]), lastmod)
            if req is not None:
                yield req

    def _move_to_base(self, src, url):
        """Sitemaps and feeds of a re-based source (with_base_url: a mirror, the demo)
        may still name the original host: fetch those URLs from the new base."""
        orig = src.get("original_base_url")
        if not orig:
            return url
        moves = self._base_moves.get(src["name"])
        if moves is None:  # once per source: this runs for every discovered URL
            o, b = urlsplit(orig), urlsplit(src["base_url"])
            moves = self._base_moves[src["name"]] = (o.netloc.lower().removeprefix("www."), b.scheme, b.netloc)
        p = urlsplit(url)
        if p.netloc.lower().removeprefix("www.") == moves[0]:
            return p._replace(scheme=moves[1], netloc=moves[2]).geturl()
        return url

    # listing pages -------------------------------------------------------

    def parse_listing(self, response):
        meta = response.meta
        src = self.sources[meta["src"]]
        conf = meta["conf"]
        try:
            links = listing_links(response, response.url, src["extract"].get("article_pattern"))
        except Exception:
            links = []
        if not links:
            if meta["page"] == 1:
                req = self._fallback(meta, response.url, "no article links")
                if req is not None:
                    yield req
            return
        new = 0
        for url in links:
            req = self._article_request(src, url, None)
            if req is not None:
                new += 1
                yield req
        pag = conf.get("pagination")
        page = meta["page"]
        if pag and page < conf.get("max_pages", 50):
            if self.store is not None and new == 0:
                return  # nothing new on this page: older pages are known too
            yield scrapy.Request(self._abs(src, pag.format(page=page + 1)), callback=self.parse_listing,
                                 errback=self.discovery_failed, meta={**_own(meta), "page": page + 1}, priority=8)

    # articles -------------------------------------------------------------

    def _in_range(self, published) -> bool:
        if not published or (self.since_ts is None and self.until_ts is None):
            return True
        t = _ts(published)
        if t is None:
            return True
        if self.since_ts is not None and t < self.since_ts:
            return False
        if self.until_ts is not None and t > self.until_ts:
            return False
        return True

    def _article_request(self, src, url, lastmod):
        canon = canonicalize_url(url)
        if canon in self.yielded or canon in self.requested:
            return None
        self._per_source("discovered", src["name"])
        if self.store is not None and not self.store.should_fetch(canon, lastmod):
            self.crawler.stats.inc_value("aznews/skipped_unchanged")
            self._per_source("skipped", src["name"])
            return None
        self.requested.add(canon)
        # The dupefilter stays on (it is shared by distributed workers and kept in JOBDIR);
        # a redirect that it drops is reported by _request_dropped.
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed,
                              meta={"src": src["name"], "lastmod": lastmod, "article": True})

    def article_failed(self, failure):
        req = failure.request
        first = (req.meta.get("redirect_urls") or [req.url])[0]
        self._fail(first, failure_reason(failure), req.meta.get("src"))

    async def parse_article(self, response):
        # a coroutine that returns its items, not an async generator: Scrapy then passes
        # the output through its spider middlewares' plain (cheaper) generator path
        src = self.sources[response.meta["src"]]
        fetched = _now_iso()
        self._per_source("fetched", src["name"])
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if ctype and "html" not in ctype and "xml" not in ctype:
            self._fail(response.url, f"not HTML ({ctype.split(';')[0]})", src["name"])
            return []
        m = re.search(r"charset=([\w-]+)", ctype)
        try:
            art = await self.extraction.extract(response.body, response.url, hints=src["extract"],
                                                fetched_at=fetched, encoding=m.group(1) if m else None)
        except Exception as exc:  # the crawl never crashes on one page
            log.exception("Extraction failed for %s", response.url)
            self._fail(response.url, f"extraction error: {type(exc).__name__}", src["name"])
            return []
        return list(self._emit(src, art, response.url, fetched, response.meta.get("lastmod")))

    def _emit(self, src, art, url, fetched, lastmod=None):
        name = src["name"]
        if art.get("rejected"):
            reason = art["rejected"]
            if reason == "empty body":
                log.warning("Empty body at %s (title %r)", url, art.get("title"))
            else:
                log.info("Not an article: %s (%s)", url, reason)
            self.crawler.stats.inc_value("aznews/rejected")
            self.crawler.stats.inc_value(f"aznews/rejected/{reason}")
            self._per_source("skipped", name)
            return
        canon = art.get("canonical_url") or canonicalize_url(url)
        if canon in self.yielded:
            self.crawler.stats.inc_value("aznews/duplicates")
            self._per_source("skipped", name)
            return
        if not self._in_range(art.get("published_at")):
            self.crawler.stats.inc_value("aznews/out_of_range")
            self._per_source("skipped", name)
            return
        if self.store is not None and self.store.is_unchanged(canon, content_hash(art.get("title"), art.get("body"))):
            self.crawler.stats.inc_value("aznews/skipped_unchanged")
            self._per_source("skipped", name)
            self.yielded.add(canon)
            return
        if self.max_articles is not None and self.n_yielded >= self.max_articles:
            raise CloseSpider("max_articles")
        self.yielded.add(canon)
        self.n_yielded += 1
        self._count("aznews/articles", name)
        yield ArticleItem(
            url=url,
            canonical_url=canon,
            source=name,
            language=art.get("language") or "und",
            title=art.get("title"),
            author=art.get("author"),
            published_at=art.get("published_at"),
            modified_at=art.get("modified_at"),
            fetched_at=fetched,
            body=art.get("body") or "",
            categories=list(art.get("categories") or []),
            tags=list(art.get("tags") or []),
            extraction_method=art.get("extraction_method"),
            crawl_id=self.crawl_id,
        )


class BayraqdarSpider(NewsSpider):
    """`scrapy crawl bayraqdar`: the news spider on the bayraqdar.info source."""

    name = "bayraqdar"
    default_sources = "bayraqdar"
