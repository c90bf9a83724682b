"""Hostile sites on 127.0.0.1 against the real crawl (Scrapy engine, run_crawl in a
subprocess): a gzip-bomb sitemap and feed, a 1M-URL sitemap streamed by the server, a page
claiming another source's article with its canonical URL, feed links and redirects to
another host. Work stays bounded, nothing leaves the source's hosts, and no article of one
source replaces another's."""
from __future__ import annotations

import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sites.crawlrun import crawl  # noqa: E402
from sites.newsfixture import article_html, fixture_source, para  # noqa: E402

RSS_LIMIT_MB = 500
NO_WORKERS = {"AZNEWS_EXTRACT_PROCESSES": 0}  # one process: its RSS is the crawl's


class Server:
    """A loopback HTTP server whose routes are functions handler -> None (they write the
    whole answer); counts requests per path."""

    def __init__(self, routes: dict, prefixes: dict | None = None):
        self.routes = routes
        self.prefixes = prefixes or {}
        self.hits: dict[str, int] = {}
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split("?", 1)[0]
                with lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                route = server.routes.get(path) or next(
                    (r for prefix, r in server.prefixes.items() if path.startswith(prefix)), None)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                try:
                    route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def total(self) -> int:
        return sum(self.hits.values())

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def send(body: bytes, ctype="text/html; charset=utf-8", status=200, headers=()):
    def route(h):
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            h.send_header(k, v)
        h.end_headers()
        h.wfile.write(body)
    return route


def redirect(location: str):
    def route(h):
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return route


def page(title: str, n: int, canonical: str | None = None) -> bytes:
    return article_html(title, [para(n), para(n + 1)], canonical=canonical).encode()


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>t</title><link>{u}</link><pubDate>Fri, 17 Dec 2021 11:15:00 +0400</pubDate></item>"
                    for u in links)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>f</title>{items}</channel></rss>'.encode()


def gzip_bomb(decompressed_mb: int = 1024) -> bytes:
    """About 1 KB per decompressed MB: concatenated gzip members of 1 MB of zeros."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = c.compress(b"\0" * (1 << 20)) + c.flush()
    return member * decompressed_mb


def dataset_settings(out) -> dict:
    return {"ITEM_PIPELINES": {"aznews.pipelines.item_pipeline.DatasetPipeline": 500},
            "AZNEWS_OUT": str(out), "AZNEWS_NLP": False}


# --- bounded work -----------------------------------------------------------------------

@pytest.mark.slow
def test_gzip_bomb_sitemap_and_feed_stay_bounded(tmp_path):
    bomb = gzip_bomb(1024)  # 1 MB that decompresses to 1 GB
    assert len(bomb) < 2 * 2**20
    srv = Server({})
    srv.routes.update({
        "/sitemap.xml.gz": send(bomb, "application/x-gzip"),
        # a feed whose Content-Encoding is the bomb: Scrapy decompresses it up to DOWNLOAD_MAXSIZE
        "/feed/": send(bomb, "application/rss+xml", headers=[("Content-Encoding", "gzip")]),
        "/news/": send(rss([srv.url + "/news/real-one/"]), "application/rss+xml"),
        "/news/real-one/": send(page("Həqiqi xəbər", 1)),
    })
    try:
        src = fixture_source(srv.url, [{"method": "sitemap", "urls": ["/sitemap.xml.gz"]},
                                       {"method": "feed", "urls": ["/feed/"]},
                                       {"method": "feed", "urls": ["/news/"]}])
        res = crawl(tmp_path, [src], settings=NO_WORKERS, timeout=120)
    finally:
        srv.close()
    assert res.returncode == 0, res.log[-3000:]
    print(f"gzip bombs: peak RSS {res.peak_rss_mb:.0f} MB")
    assert res.peak_rss_mb < RSS_LIMIT_MB
    assert "unparsable sitemap: larger than 50 MB decompressed" in res.log
    assert "discovery feed failed" in res.log  # the feed bomb: cancelled at DOWNLOAD_MAXSIZE
    assert [i["title"] for i in res.items] == ["Həqiqi xəbər"]  # the next method still works


@pytest.mark.slow
def test_million_url_sitemap_streamed_by_the_server_is_capped(tmp_path):
    n_urls = 1_000_000
    srv = Server({})

    def huge_sitemap(h):  # generated and compressed while it is sent: never whole in memory
        h.send_response(200)
        h.send_header("Content-Type", "application/x-gzip")
        h.end_headers()
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
        h.wfile.write(c.compress(b'<?xml version="1.0" encoding="UTF-8"?>\n'
                                 b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'))
        step = 10_000
        for start in range(0, n_urls, step):
            h.wfile.write(c.compress(b"".join(
                b"<url><loc>%s/news/a-%d/</loc><lastmod>2021-12-17T11:15:00+04:00</lastmod></url>\n"
                % (srv.url.encode(), i) for i in range(start, start + step))))
        h.wfile.write(c.compress(b"</urlset>\n") + c.flush())

    def article(h):
        n = int(h.path.rstrip("/").rsplit("-", 1)[1])
        send(page(f"Xəbər {n}", n))(h)

    srv.routes["/sitemap.xml.gz"] = huge_sitemap
    srv.prefixes["/news/a-"] = article
    try:
        src = fixture_source(srv.url, [{"method": "sitemap", "urls": ["/sitemap.xml.gz"]}])
        src["extract"]["article_pattern"] = r"^/news/a-\d+/$"
        res = crawl(tmp_path, [src], settings=NO_WORKERS, max_articles=200, timeout=300)
    finally:
        srv.close()
    assert res.returncode == 0, res.log[-3000:]
    print(f"1M-URL sitemap: peak RSS {res.peak_rss_mb:.0f} MB, {len(res.items)} articles, "
          f"{res.stats.get('elapsed_time_seconds', 0):.1f} s")
    assert res.peak_rss_mb < RSS_LIMIT_MB
    assert "has more than 50000 entries: only the first 50000 are taken" in res.log
    assert res.stats["aznews/sitemaps_truncated"] == 1
    assert 200 <= len(res.items) <= 220  # --max-articles 200 (plus what was in flight)


# --- source integrity -------------------------------------------------------------------

def test_a_canonical_on_another_host_does_not_replace_the_article(tmp_path):
    out = tmp_path / "ds"
    victim = Server({})
    victim.routes.update({
        "/feed/": send(rss([victim.url + "/news/the-story/"]), "application/rss+xml"),
        "/news/the-story/": send(page("Əsl xəbər", 10)),
    })
    evil = Server({})
    evil.routes.update({
        "/feed/": send(rss([evil.url + "/news/fake/", evil.url + "/news/js/"]), "application/rss+xml"),
        # claims the victim's URL (and so, before, its article id)
        "/news/fake/": send(page("Saxta xəbər", 50, canonical=victim.url + "/news/the-story/")),
        "/news/js/": send(page("Skript xəbəri", 60, canonical="javascript:alert(1)")),
    })
    try:
        feed = [{"method": "feed", "urls": ["/feed/"]}]
        first = crawl(tmp_path, [fixture_source(victim.url, feed, name="victim")], settings=dataset_settings(out),
                      name="victim")
        assert first.returncode == 0, first.log[-3000:]
        second = crawl(tmp_path, [fixture_source(evil.url, feed, name="evil")], settings=dataset_settings(out),
                       name="evil")
        assert second.returncode == 0, second.log[-3000:]
    finally:
        victim.close()
        evil.close()
    from aznews.pipelines.dataset.query import connect

    con = connect(out)
    rows = {r[0]: r[1:] for r in con.execute(
        "SELECT canonical_url, source, title, body FROM articles ORDER BY 1").fetchall()}
    assert rows[victim.url + "/news/the-story/"][:2] == ("victim", "Əsl xəbər")
    assert para(10) in rows[victim.url + "/news/the-story/"][2]
    assert rows[evil.url + "/news/fake/"][:2] == ("evil", "Saxta xəbər")  # stored under its own URL
    assert rows[evil.url + "/news/js/"][:2] == ("evil", "Skript xəbəri")
    assert not [u for u in rows if not u.startswith("http")]
    assert len(rows) == 3
    assert second.stats["aznews/canonical_ignored"] == 2


def test_links_and_redirects_to_other_hosts_are_not_followed(tmp_path):
    internal = Server({"/admin/": send(page("Daxili səhifə", 70)), "/other/": send(page("Başqa səhifə", 75)),
                       "/robots.txt": send(b"", "text/plain")})
    site = Server({})
    site.routes.update({
        "/feed/": send(rss([site.url + "/news/own/", internal.url + "/admin/", site.url + "/news/moved/",
                            "http://169.254.169.254/latest/meta-data/"]), "application/rss+xml"),
        "/news/own/": send(page("Öz xəbəri", 80)),
        "/news/moved/": redirect(internal.url + "/other/"),
    })
    try:
        src = fixture_source(site.url, [{"method": "feed", "urls": ["/feed/"]}])
        src["extract"]["article_pattern"] = r"^/(news|admin)/[a-z-]+/$"
        res = crawl(tmp_path, [src], name="closed")
        assert res.returncode == 0, res.log[-3000:]
        assert internal.total() == 0, internal.hits  # not a single request, not even robots.txt
        assert [i["title"] for i in res.items] == ["Öz xəbəri"]
        assert res.stats["aznews/offsite"] == res.stats["aznews/failed/offsite"] == 3
        assert f"Failed URL {site.url}/news/moved/: offsite: {internal.url.split('//')[1]} is not a host" in res.log
        assert f"Failed URL {internal.url}/admin/: offsite" in res.log

        # the registry lets a source use another host: then it is fetched
        src["hosts"] = [internal.url.split("//")[1]]
        res = crawl(tmp_path, [src], name="open")
        assert res.returncode == 0, res.log[-3000:]
        assert sorted(i["title"] for i in res.items) == ["Başqa səhifə", "Daxili səhifə", "Öz xəbəri"]
        assert internal.hits.get("/admin/", 0) >= 1 and res.stats["aznews/offsite"] == 1  # the metadata address
    finally:
        site.close()
        internal.close()


def test_writer_never_replaces_another_sources_article(tmp_path):
    from aznews.pipelines.dataset import records
    from aznews.pipelines.dataset.writer import Dataset

    def item(source, title):
        return {"url": "https://a.az/x/", "canonical_url": "https://a.az/x/", "source": source, "title": title,
                "body": f"{title} mətni.", "fetched_at": "2025-01-01T00:00:00+00:00", "language": "az"}

    ds = Dataset(tmp_path / "ds")
    assert ds.write([records.article_row(item("a", "Birinci"))]).new == 1
    res = Dataset(tmp_path / "ds").write([records.article_row(item("b", "İkinci"))])
    assert (res.written, res.foreign) == (0, 1)
    from aznews.pipelines.dataset.query import connect

    rows = connect(tmp_path / "ds").execute("SELECT source, title FROM articles").fetchall()
    assert rows == [("a", "Birinci")]
    files = [str(p) for p in (tmp_path / "ds").rglob("*.parquet") if "/articles/" in str(p)]
    assert len(files) == 1 and "source=a" in files[0]  # nothing of source b was written
    # the same source replaces its own article as before
    res = Dataset(tmp_path / "ds").write([records.article_row(item("a", "Yeni"))])
    assert (res.replaced, res.foreign) == (1, 0)
