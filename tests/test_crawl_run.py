"""Entry points: `scrapy crawl bayraqdar` from the repository root, run_crawl's
max_articles and progress summary, re-based sources whose feeds name the original
host."""
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sites.crawlrun import crawl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def test_scrapy_crawl_bayraqdar_alias(tmp_path):
    from aznews.pipelines.demo.site import load_posts, serve

    out = tmp_path / "items.jsonl"
    with serve(load_posts()) as demo:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        p = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "bayraqdar", "-a", f"base_url={demo.url}",
                            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_DELAY=0", "-O", f"{out}:jsonlines"],
                           cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr[-2000:]
        items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(items) == len(demo.posts)
        assert {i["source"] for i in items} == {"bayraqdar"}
        lst = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=str(ROOT), env=env,
                             capture_output=True, text=True, timeout=60)
        assert set(lst.stdout.split()) >= {"news", "bayraqdar"}


def test_max_articles_and_progress_summary(tmp_path):
    from aznews.pipelines.demo.site import generate_posts, serve

    with serve(generate_posts(30)) as demo:
        res = crawl(tmp_path, ["bayraqdar"], base_url=demo.url, max_articles=7, progress=True,
                    settings={"AZNEWS_PROGRESS_INTERVAL": 0.2})
    assert res.returncode == 0
    assert len(res.items) == 7
    assert "crawl finished (max_articles)" in res.log
    row = [line for line in res.log.splitlines() if line.startswith("│ bayraqdar")]
    assert row and row[0].split("│")[4].strip() == "7"  # source, discovered, fetched, articles
    assert res.stats["aznews/articles"] == 7


def test_rebased_source_follows_feed_links_to_the_new_base(tmp_path):
    """A feed of a mirrored site still names https://bayraqdar.info/...: the spider
    fetches those URLs from the re-based server."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import threading

    from aznews.crawler.sources import get_source, with_base_url
    from aznews.pipelines.demo.site import load_posts, serve

    with serve(load_posts()) as demo:
        posts = demo.posts[:3]
        feed = ("<?xml version='1.0'?><rss version='2.0'><channel>" + "".join(
            f"<item><link>https://bayraqdar.info{p.path}</link></item>" for p in posts) + "</channel></rss>")

        class H(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/mirror-feed.xml":
                    body = feed.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                else:  # everything else from the demo site
                    import urllib.request
                    try:
                        with urllib.request.urlopen(demo.url + self.path) as r:
                            body = r.read()
                            self.send_response(200)
                            self.send_header("Content-Type", r.headers["Content-Type"])
                    except Exception:
                        body = b"not found"
                        self.send_response(404)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        try:
            src = get_source("bayraqdar")
            src["discovery"] = [{"method": "feed", "urls": ["/mirror-feed.xml"]}]
            base = f"http://127.0.0.1:{srv.server_address[1]}"
            res = crawl(tmp_path, [with_base_url(src, base)])
        finally:
            srv.shutdown()
    assert res.returncode == 0
    assert sorted(i["title"] for i in res.items) == sorted(p.title for p in posts)
    assert all(i["url"].startswith(base) for i in res.items)
