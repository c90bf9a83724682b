"""`aznews crawl URL` for sites the registry does not list, and `--sources FILE`: the real
command line (a subprocess), the real Scrapy engine, loopback HTTP sites, the dataset read
back from Parquet. One site per discovery path, each given only by one URL:

- a WordPress home page (the demo site): the REST API it links;
- a feed URL, a sitemap URL: crawled as what they are;
- a home page that declares its feed (<link rel="alternate">);
- a home page that declares nothing, with its sitemap in robots.txt;
- a section page with article links and nothing else: its links.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as pads
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sites.newsfixture import FixtureSite, article_html, para  # noqa: E402

FAST = ["--set", "AUTOTHROTTLE_ENABLED=False", "--set", "DOWNLOAD_DELAY=0", "--set", "RETRY_TIMES=0",
        "--set", "TELNETCONSOLE_ENABLED=False"]
SLUGS = [f"/xeber/2025/11/nazir-rayona-seferi-{i}/" for i in range(1, 5)]


def aznews(*args, timeout=180):
    return subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *args], capture_output=True, text=True,
                          timeout=timeout)


def crawl(out: Path, *targets, extra=()):
    # -v: the INFO log (which discovery method was used) is on stderr; the default shows warnings only
    proc = aznews("-v", "crawl", *targets, "--out", str(out), "--no-nlp", "--no-progress", "--extract-processes", "0",
                  *FAST, *extra)
    return proc


def stored(out: Path) -> list[dict]:
    if not (out / "articles").exists():
        return []
    table = pads.dataset(str(out / "articles"), format="parquet", partitioning="hive").to_table()
    return table.select(["url", "source", "title", "extraction_method", "published_at_local"]).to_pylist()


def paths(rows) -> set[str]:
    from urllib.parse import urlsplit

    return {urlsplit(r["url"]).path for r in rows}


def slug_site(home: str | None = None, robots: str | None = None) -> FixtureSite:
    """The fixture site plus articles at slug URLs and the given home page / robots.txt."""
    site = FixtureSite(n_ok=6, faults=False)
    for i, p in enumerate(SLUGS, 1):
        site.routes[p] = (200, "text/html; charset=utf-8",
                          article_html(f"Nazirin rayona səfəri {i}", [para(200 + i), para(300 + i)],
                                       date=f"1{i} noyabr 2025 / 10:0{i}"))
    if home is not None:
        site.routes["/"] = (200, "text/html; charset=utf-8", home.replace("{url}", site.url))
    if robots is not None:
        site.routes["/robots.txt"] = (200, "text/plain", robots.replace("{url}", site.url))
    return site


HOME_LINKS = ("<html><head><title>Rayon xəbərləri</title>{head}</head><body><h1>Rayon xəbərləri</h1>"
              + "".join(f'<h2><a href="{p}">Nazirin rayona səfəri {i}</a></h2>' for i, p in enumerate(SLUGS, 1))
              + '<a href="/haqqimizda/">Haqqımızda</a></body></html>')


@pytest.fixture()
def out(tmp_path):
    return tmp_path / "ds"


def test_wordpress_home_page_uses_the_rest_api(out):
    from aznews.pipelines.demo.site import DemoSite, load_posts

    with DemoSite(load_posts()) as site:
        proc = crawl(out, site.url + "/", extra=["--max-articles", "6"])
        api_calls = [r for r in site.requests if r.startswith("/wp-json/wp/v2/posts")]
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = stored(out)
    assert len(rows) == 6
    assert {r["extraction_method"] for r in rows} == {"wp-json"} and api_calls
    assert {r["source"] for r in rows} == {f"127.0.0.1-{site.port}"}  # no registry entry: named by host
    assert all(r["published_at_local"] for r in rows)


def test_feed_url(out):
    site = slug_site()
    try:
        proc = crawl(out, site.url + "/feed/")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert paths(stored(out)) == set(site.ok_paths())
    assert "is a feed" in proc.stderr


def test_sitemap_url(out):
    site = slug_site()
    try:
        proc = crawl(out, site.url + "/sitemap_index.xml")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert paths(stored(out)) == set(site.ok_paths())
    assert "is a sitemap" in proc.stderr


def test_home_page_that_declares_its_feed(out):
    site = slug_site(home=HOME_LINKS.replace(
        "{head}", '<link rel="alternate" type="application/rss+xml" title="Lent" href="/atom.xml">'
                  '<link rel="alternate" type="application/rss+xml" title="Şərhlər" href="/comments/feed/">'))
    try:
        proc = crawl(out, site.url + "/")
        comments = site.count("/comments/")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert paths(stored(out)) == set(site.ok_paths())  # the Atom feed's articles, not the page's links
    assert comments == 0
    assert "discovery via feed" in proc.stderr


def test_home_page_with_the_sitemap_in_robots_txt(out):
    site = slug_site(home=HOME_LINKS.replace("{head}", ""), robots="User-agent: *\nSitemap: {url}/news-sitemap.xml\n")
    try:
        proc = crawl(out, site.url + "/")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert paths(stored(out)) == set(site.ok_paths()[3:])  # the news sitemap lists the second half
    assert "discovery via sitemap" in proc.stderr


def test_section_page_with_only_links(out):
    site = slug_site(home=HOME_LINKS.replace("{head}", ""))
    try:
        proc = crawl(out, site.url + "/")
        sitemap_tries = site.count("/sitemap.xml")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = stored(out)
    assert paths(rows) == set(SLUGS)
    assert sitemap_tries == 1  # tried (404) before the page's own links
    assert {r["published_at_local"] for r in rows} == {f"2025-11-1{i}T10:0{i}:00+04:00" for i in range(1, 5)}
    assert "discovery via listing" in proc.stderr


def test_sources_file(out, tmp_path):
    site = slug_site()
    reg = tmp_path / "mine.toml"
    reg.write_text(f"""
[[source]]
name = "mine"
base_url = "{site.url}"
languages = ["az"]
discovery = [{{ method = "sitemap", urls = ["/gone.xml"] }}, {{ method = "auto", url = "/atom.xml" }}]
[source.extract]
date = ".date"
utc_offset = "+03:00"
""", encoding="utf-8")
    try:
        proc = crawl(out, "--sources", str(reg))
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = stored(out)
    assert paths(rows) == set(site.ok_paths()) and {r["source"] for r in rows} == {"mine"}
    # the file's own clock for the dates its pages print without an offset
    assert {r["published_at_local"][-6:] for r in rows} == {"+03:00"}


@pytest.mark.parametrize("content, message", [
    ("[[source]]\nname = 'x'\n", "field 'base_url': missing or not a string"),
    ("[[source]]\nname = 'x'\nbase_url = 'https://x.az'\nlanguages = ['az']\ndiscovery = [{method = 'auto'}]\n",
     "field 'discovery[0].url': missing or not a string"),
    ("[[source]]\nname = 'x'\nbase_url = 'https://x.az'\nlanguages = ['az']\ndiscovery = [{method = 'feed', "
     "urls = ['/f']}]\n[source.extract]\nutc_offset = 'Baku'\n", "field 'extract.utc_offset'"),
    ("not toml [", "invalid TOML"),
])
def test_bad_sources_file_is_one_line(tmp_path, content, message):
    reg = tmp_path / "bad.toml"
    reg.write_text(content, encoding="utf-8")
    proc = aznews("crawl", "--sources", str(reg), "--out", str(tmp_path / "ds"))
    assert proc.returncode == 2 and proc.stdout == ""
    err = proc.stderr.strip()
    assert "\n" not in err and err.startswith("aznews crawl: error: ") and message in err and str(reg) in err
    assert not (tmp_path / "ds").exists()


def test_bad_source_arguments_are_one_line(tmp_path):
    for args, message in ((["ftp://example.az/feed"], "unknown source"), (["no-such-source"], "unknown source"),
                          ([], "give a SOURCE"), (["--sources", str(tmp_path / "none.toml")], "cannot read")):
        proc = aznews("crawl", *args, "--out", str(tmp_path / "ds"))
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and message in proc.stderr, (args, proc.stderr)


def test_every_documented_option_is_in_help():
    """Each --option the README's command table shows for a command is in its --help."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `aznews ")]
    assert len(rows) >= 10
    checked = 0
    for row in rows:
        cell = re.split(r"(?<!\\)\|", row)[1]  # cells split at unescaped pipes
        command = re.match(r" `aznews (\w+)", cell).group(1)
        options = set(re.findall(r"(--[a-z][a-z-]+)", cell))
        if not options:
            continue
        help_text = aznews(command, "--help", timeout=60).stdout
        for opt in options:
            assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", help_text), (command, opt)
            checked += 1
    assert checked >= 15


def test_sources_check_reads_an_auto_entry(tmp_path):
    site = slug_site(home=HOME_LINKS.replace("{head}", ""))
    reg = tmp_path / "mine.toml"
    reg.write_text(f"""
[[source]]
name = "mine"
base_url = "{site.url}"
languages = ["az"]
discovery = [{{ method = "auto", url = "/atom.xml" }}, {{ method = "auto", url = "/" }}]
""", encoding="utf-8")
    try:
        proc = aznews("sources", "check", "mine", "--registry", str(reg), "--json", "--samples", "1")
    finally:
        site.close()
    assert proc.returncode == 0, proc.stderr
    feed, page = json.loads(proc.stdout)["methods"]
    assert feed["ok"] and feed["summary"] == "a feed with 6 URLs"
    assert feed["samples"][0]["published_at"] and feed["samples"][0]["chars"] > 100
    assert page["ok"] and page["summary"] == "a page: the crawl tries sitemap, listing"
