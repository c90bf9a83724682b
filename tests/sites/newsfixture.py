"""A small fault-injecting news site for the crawler tests (stdlib only).

    site = FixtureSite(); site.url; site.count("/news/flaky/"); site.close()

Pages: plain HTML articles (no JSON-LD, selectors only), an RSS feed with repeated
guids, items without guid and tracking-parameter duplicates, an Atom feed, a
sitemap index with a post sitemap, a news sitemap and a tag sitemap, a paginated
listing, and faults: 503-then-OK, always-500, slow, too slow (timeout), redirect
loop, redirect to a real article, 404, huge page, windows-1251 without charset,
UTF-8 BOM under a wrong header, UTF-8 under a windows-1251 header, malformed HTML,
empty body, a tag page, a page disallowed by robots.txt, a broken feed.
"""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

RU_TEXT = ("Министр образования Азербайджана провёл встречу с представителями школ. "
           "На встрече обсуждались вопросы подготовки учителей и цифровизации образования.")


def article_html(title, paragraphs, date="17 Dekabr 2021 11:15", lang="az", canonical=None, extra_head="",
                 charset_meta=True):
    paras = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    canon = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    meta = '<meta charset="utf-8">' if charset_meta else ""
    return f"""<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title} | Fixture</title>{canon}{extra_head}</head>
<body class="single">
<a class="skip-link screen-reader-text" href="#main">Press "Enter" to skip to content</a>
<nav class="menu"><a href="/">Əsas</a> <a href="/news/">Xəbərlər</a></nav>
<main id="main"><article>
<h1 class="title">{title}</h1>
<span class="date">{date}</span> <span class="by">Müəllif: Fixture Redaksiya</span>
<div class="article-body">
{paras}<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
</div></article></main>
<aside class="sidebar"><h3>Son xəbərlər</h3><ul><li>Başqa xəbər</li></ul></aside>
<footer>© Fixture news 2021. Bütün hüquqlar qorunur.</footer>
</body></html>"""


def para(i):
    return (f"Fixture xəbəri {i}: Təhsil Nazirliyində görüş keçirilib və iştirakçılar "
            f"kommunikasiya məsələlərini müzakirə ediblər. Bu barədə nazirlikdən məlumat verilib.")


class FixtureSite:
    def __init__(self, n_ok: int = 6, faults: bool = True):
        self.faults = faults
        self.requests: list[str] = []
        self.hits: dict[str, int] = {}
        self.user_agents: set[str] = set()
        self._lock = threading.Lock()
        self.routes: dict[str, object] = {}
        self.n_ok = n_ok
        self._build()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                site._handle(self)

        class Server(ThreadingHTTPServer):
            request_queue_size = 128  # the default 5 drops connections under 16 concurrent requests
            def handle_error(self, request, client_address):
                pass  # clients that hang up (huge page cancelled, timeouts) are expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    # ------------------------------------------------------------ content
    def ok_paths(self):
        return [f"/news/ok-{i}/" for i in range(1, self.n_ok + 1)]

    def _build(self):
        r = self.routes
        r["/robots.txt"] = (200, "text/plain", "User-agent: *\nDisallow: /private/\n")
        for i, p in enumerate(self.ok_paths(), 1):
            r[p] = (200, "text/html; charset=utf-8",
                    article_html(f"Fixture xəbər {i}", [para(i), para(i) + " İkinci abzas."],
                                 date=f"{i} Dekabr 2021 1{i % 10}:15"))
        r["/news/flaky/"] = ("flaky", 2, article_html("Dəyişkən server xəbəri", [para(101)]))
        r["/news/slow/"] = ("slow", 0.5, article_html("Yavaş server xəbəri", [para(102)]))
        r["/news/too-slow/"] = ("slow", 30, article_html("Çox yavaş", [para(103)]))
        r["/news/always-500/"] = (500, "text/html", "<h1>Internal error</h1>")
        r["/news/loop-a/"] = ("redirect", "/news/loop-b/")
        r["/news/loop-b/"] = ("redirect", "/news/loop-a/")
        r["/news/moved/"] = ("redirect", "/news/moved-here/")
        r["/news/alias/"] = ("redirect", "/news/ok-1/")  # to an article that is listed too
        for i in range(1, 10):  # a long chain, no loop: cut by REDIRECT_MAX_TIMES
            r[f"/news/chain-{i}/"] = ("redirect", f"/news/chain-{i + 1}/")
        r["/news/moved-here/"] = (200, "text/html", article_html("Köçürülmüş xəbər", [para(104)]))
        r["/news/huge/"] = (200, "text/html", article_html("Nəhəng səhifə", [para(105)] * 12000))
        r["/news/cp1251/"] = (200, "text/html",
                              article_html("Встреча министра", [RU_TEXT, RU_TEXT], lang="ru",
                                           date="17 декабря 2021, 11:15", charset_meta=False).encode("cp1251", "xmlcharrefreplace"))
        r["/news/bom/"] = (200, "text/html; charset=iso-8859-1",
                           b"\xef\xbb\xbf" + article_html("BOM ilə gələn xəbər", [para(106)], charset_meta=False).encode())
        r["/news/wrong-charset/"] = (200, "text/html; charset=windows-1251",
                                     article_html("Səhv kodlaşdırma xəbəri", [para(107)], charset_meta=False).encode())
        r["/news/malformed/"] = (200, "text/html",
                                 "<html><head><title>Pozuq</title><body><h1 class=title>Pozuq HTML xəbəri</h1>"
                                 "<div class='article-body'><p>" + para(108) + "<p>İkinci <b>abzas <i>bağlanmayıb"
                                 "<table><tr><td>xana</div></body>")
        r["/news/empty/"] = (200, "text/html", article_html("Boş xəbər", []))
        r["/tag/tehsil/"] = (200, "text/html",
                             "<html><body class='archive tag tag-tehsil'><h1>Teq: təhsil</h1>"
                             + "".join(f"<article><h2><a href='{p}'>x</a></h2><p>{para(1)}</p></article>"
                                       for p in self.ok_paths()) + "</body></html>")
        r["/private/secret/"] = (200, "text/html", article_html("Gizli", [para(109)]))
        r["/gone/"] = (404, "text/html", "<h1>Not found</h1>")
        r["/broken-feed.xml"] = (200, "application/rss+xml", "<rss><channel><item><title>broken")
        r["/not-a-feed.xml"] = (200, "text/html", "<html><body>hello</body></html>")

    def recoverable(self):
        """Article paths that must arrive exactly once."""
        return self.ok_paths() + ["/news/flaky/", "/news/slow/", "/news/moved-here/", "/news/cp1251/",
                                  "/news/bom/", "/news/wrong-charset/", "/news/malformed/"]

    def unrecoverable(self):
        return {"/news/too-slow/": "timeout", "/news/always-500/": "HTTP 500", "/news/loop-a/": "redirect loop",
                "/news/chain-1/": "too many redirects",
                "/news/huge/": "cancelled", "/gone/": "HTTP 404", "/private/secret/": "robots"}

    def all_links(self):
        return self.recoverable()[:-7] + ["/news/flaky/", "/news/slow/", "/news/moved/", "/news/cp1251/",
                                          "/news/bom/", "/news/wrong-charset/", "/news/malformed/"] \
            + list(self.unrecoverable()) + ["/news/empty/", "/tag/tehsil/", "/news/alias/"]

    # feeds / sitemaps built on demand (need self.url)
    def rss(self):
        items = []
        for p in (self.all_links() if self.faults else self.ok_paths()):
            items.append(f"<item><title>x</title><link>{self.url}{p}</link><guid>{self.url}/?p=1</guid>"
                         f"<pubDate>Fri, 17 Dec 2021 07:15:00 +0000</pubDate></item>")
        # items without guid, and the same links again with tracking parameters
        for p in self.ok_paths()[:3]:
            items.append(f"<item><title>dup</title><link>{self.url}{p}?utm_source=rss&amp;utm_medium=feed</link></item>")
            items.append(f"<item><title>dup2</title><link>{self.url}{p}</link></item>")
        return ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel><title>F</title>"
                + "".join(items) + "</channel></rss>")

    def atom(self):
        entries = "".join(
            f"<entry><title>x</title><link rel='alternate' href='{self.url}{p}'/><id>tag:{p}</id>"
            f"<updated>2021-12-17T11:15:00+04:00</updated></entry>" for p in self.ok_paths())
        return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>"
                + entries + "</feed>")

    def sitemap_index(self):
        return ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                f"<sitemap><loc>{self.url}/post-sitemap.xml</loc><lastmod>2021-12-20T10:00:00+04:00</lastmod></sitemap>"
                f"<sitemap><loc>{self.url}/news-sitemap.xml</loc></sitemap>"
                f"<sitemap><loc>{self.url}/post_tag-sitemap.xml</loc></sitemap>"
                "</sitemapindex>")

    def post_sitemap(self):
        half = self.ok_paths()[: len(self.ok_paths()) // 2]
        urls = "".join(f"<url><loc>{self.url}{p}</loc><lastmod>2021-12-17T11:15:00+04:00</lastmod></url>" for p in half)
        urls += f"<url><loc>{self.url}/tag/tehsil/</loc></url>"
        return ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + urls + "</urlset>")

    def news_sitemap(self):
        rest = self.ok_paths()[len(self.ok_paths()) // 2:]
        urls = "".join(
            f"<url><loc>{self.url}{p}</loc><news:news><news:publication><news:name>F</news:name>"
            f"<news:language>az</news:language></news:publication>"
            f"<news:publication_date>2021-12-1{i}T11:15:00+04:00</news:publication_date>"
            f"<news:title>x</news:title></news:news></url>" for i, p in enumerate(rest))
        return ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
                "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>" + urls + "</urlset>")

    def listing(self, page):
        per = 2
        paths = self.ok_paths()
        chunk = paths[(page - 1) * per: page * per]
        if not chunk:
            return None
        links = "".join(f"<h2><a href='{p}'>x</a></h2>" for p in chunk)
        return (f"<html><body class='blog'><a href='/tag/tehsil/'>teq</a> <a href='/about-us-page-here/'>haqqında</a>"
                f"{links}<a class='next' href='/news/page/{page + 1}/'>Növbəti</a></body></html>")

    # ------------------------------------------------------------ serving
    def count(self, prefix=""):
        with self._lock:
            return sum(1 for r in self.requests if r.startswith(prefix))

    def reset(self):
        with self._lock:
            self.requests.clear()
            self.hits.clear()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def _send(self, h, status, ctype, body, headers=()):
        if isinstance(body, str):
            body = body.encode("utf-8")
        try:
            h.send_response(status)
            h.send_header("Content-Type", ctype)
            h.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _handle(self, h):
        path = h.path
        with self._lock:
            self.user_agents.add(h.headers.get("User-Agent", ""))
            self.requests.append(path)
            self.hits[path] = self.hits.get(path, 0) + 1
            n = self.hits[path]
        route_path = urlsplit(path).path
        dynamic = {
            "/feed/": lambda: self.rss(),
            "/atom.xml": lambda: self.atom(),
            "/sitemap_index.xml": lambda: self.sitemap_index(),
            "/post-sitemap.xml": lambda: self.post_sitemap(),
            "/news-sitemap.xml": lambda: self.news_sitemap(),
            "/post_tag-sitemap.xml": lambda: "<urlset/>",
        }
        if route_path in dynamic:
            return self._send(h, 200, "application/xml; charset=utf-8", dynamic[route_path]())
        if route_path == "/news/" or route_path.startswith("/news/page/"):
            page = 1 if route_path == "/news/" else int(route_path.rstrip("/").rsplit("/", 1)[1])
            body = self.listing(page)
            return self._send(h, 200 if body else 404, "text/html; charset=utf-8", body or "<h1>404</h1>")
        route = self.routes.get(route_path)
        if route is None:
            return self._send(h, 404, "text/html", "<h1>Not found</h1>")
        kind = route[0]
        if kind == "flaky":
            if n <= route[1]:
                return self._send(h, 503, "text/html", "<h1>Service unavailable</h1>")
            return self._send(h, 200, "text/html; charset=utf-8", route[2])
        if kind == "slow":
            time.sleep(route[1])
            return self._send(h, 200, "text/html; charset=utf-8", route[2])
        if kind == "redirect":
            return self._send(h, 301, "text/html", "", headers=[("Location", route[1])])
        status, ctype, body = route
        return self._send(h, status, ctype, body)


def fixture_source(url, discovery, name="fixture"):
    """A registry-shaped source for the fixture site."""
    return {
        "name": name, "base_url": url, "languages": ["az", "ru"], "platform": "custom",
        "discovery": discovery,
        "extract": {"title": "h1.title", "body": "div.article-body", "date": ".date", "author": ".by",
                    "article_pattern": r"^/news/[a-z0-9-]+/$"},
        "notes": "",
    }
