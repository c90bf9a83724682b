"""`aznews parse` and `aznews sources` (real CLI in a subprocess, loopback HTTP)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_TITLE = "Qurumlararası kommunikasiyanın müzakirəsi"


def aznews(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=str(ROOT), env=env, timeout=60)


@pytest.fixture(scope="module")
def demo():
    from aznews.pipelines.demo.site import load_posts, serve

    with serve(load_posts()) as site:
        yield site


def _seed_url(demo):
    return demo.link(next(p for p in demo.posts if p.title == SEED_TITLE))


def test_parse_url_and_file(demo, tmp_path):
    url = _seed_url(demo)
    p = aznews("parse", url)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["title"] == SEED_TITLE
    assert out["published_at"] == "2021-12-17T11:15:00+04:00"
    assert out["body"].startswith("Bayraqdar.info – Dekabrın 16-da")
    assert out["language"] == "az" and out["extraction_method"] == "json-ld" and out["author"]
    import urllib.request
    f = tmp_path / "page.html"
    f.write_bytes(urllib.request.urlopen(url).read())
    p2 = aznews("parse", str(f), "--url", url)
    assert p2.returncode == 0 and json.loads(p2.stdout)["body"] == out["body"]


def test_parse_errors(demo):
    p = aznews("parse", "/no/such/file.html")
    assert p.returncode == 2 and p.stderr.strip().startswith("aznews parse: error: cannot read")
    assert "Traceback" not in p.stderr
    p = aznews("parse", demo.url + "/no-such-page/")
    assert p.returncode == 2 and "HTTP 404" in p.stderr


def test_parse_jsonl(demo):
    import urllib.request
    html = urllib.request.urlopen(_seed_url(demo)).read().decode()
    tag = '<html><body class="archive tag"><h1>Teq</h1><p>Bir neçə xəbərin siyahısı burada verilib.</p></body></html>'
    lines = [
        json.dumps({"id": "a1", "url": _seed_url(demo), "html": html}),
        "{not json",
        json.dumps({"id": "a3", "url": "https://x.az/tag/t/", "html": tag}),
        json.dumps({"id": "a4", "url": "https://x.az/2021/01/01/y/"}),
        json.dumps({"id": 5, "url": "https://x.az/2021/01/01/z/",
                    "html": "<html lang='ru'><body><h1>Заголовок</h1><div class='entry'><p>В Баку прошла встреча "
                            "министров, на которой обсуждались вопросы сотрудничества и развития.</p></div></body></html>"}),
    ]
    p = aznews("parse", "--jsonl", stdin="\n".join(lines) + "\n")
    assert p.returncode == 0, p.stderr
    out = [json.loads(l) for l in p.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == "a1" and out[0]["title"] == SEED_TITLE
    assert set(out[0]) == {"id", "title", "body", "published_at", "author", "language"}
    assert out[1]["id"] == "line 2" and "error" in out[1]
    assert out[2] == {"id": "a3", "error": "not an article: tag page"}
    assert out[3]["id"] == "a4" and "html" in out[3]["error"]
    assert out[4]["id"] == 5 and out[4]["language"] == "ru" and out[4]["title"] == "Заголовок"


def test_sources_list_and_unknown():
    p = aznews("sources", "--json")
    assert p.returncode == 0
    names = [s["name"] for s in json.loads(p.stdout)]
    assert names[0] == "bayraqdar" and len(names) >= 25
    p = aznews("sources")
    assert p.returncode == 0 and "bayraqdar" in p.stdout and "president.az" in p.stdout
    p = aznews("sources", "check", "no-such-source")
    assert p.returncode == 2
    assert p.stderr.strip() == "aznews sources: error: unknown source 'no-such-source' (see `aznews sources`)"


def test_sources_check_against_loopback(demo):
    p = aznews("sources", "check", "bayraqdar", "--base-url", demo.url, "--json", "--samples", "1")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    methods = {r["method"]: r for r in rep["methods"]}
    assert set(methods) == {"wp-json", "feed", "sitemap", "listing"}
    assert all(r["ok"] for r in rep["methods"]), rep
    assert methods["wp-json"]["samples"][0]["extraction_method"] == "wp-json"
    assert methods["feed"]["samples"][0]["title"]
    # a server with nothing there: every method fails, exit status 1
    from http.server import HTTPServer, BaseHTTPRequestHandler
    import threading

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = HTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    try:
        p = aznews("sources", "check", "apa.az", "--base-url", f"http://127.0.0.1:{srv.server_address[1]}")
        assert p.returncode == 1 and "FAILED: HTTP 404" in p.stdout
    finally:
        srv.shutdown()
