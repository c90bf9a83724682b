"""The demo news site (pipelines/demo/site.py), over real HTTP on 127.0.0.1."""
from __future__ import annotations

import email.utils
import http.client
import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from parsel import Selector

from aznews.nlp.text import detect_language
from aznews.pipelines.demo.site import (BAKU, DEMO_SITE_DIR, SiteProcess, generate_posts, load_posts,
                                serve)

SEED_ID = 2714
SEED_TITLE = "Qurumlararası kommunikasiyanın müzakirəsi"
SEED_FIRST = ("Bayraqdar.info – Dekabrın 16-da Təhsil Nazirliyi və tabe qurumların, layihələrin "
              "kommunikasiyasına dair görüş keçirilib.")
SEED_FILE = (Path(__file__).resolve().parents[2] / "shared" / "seed"
             / "bayraqdar-2021-12-17-qurumlararasi-kommunikasiya.txt")
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


@pytest.fixture(scope="module")
def posts():
    return load_posts()


@pytest.fixture(scope="module")
def site(posts):
    with serve(posts) as s:
        yield s


def get(url: str, headers: dict | None = None):
    """(status, headers, body bytes) without following redirects."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        r = conn.getresponse()
        return r.status, r.headers, r.read()
    finally:
        conn.close()


def get_json(url: str):
    status, headers, body = get(url)
    return status, headers, json.loads(body)


# --- content ---------------------------------------------------------------------------


def test_bundled_posts(posts):
    assert len(posts) >= 18
    assert len({p.id for p in posts}) == len(posts)
    by_lang = {}
    for p in posts:
        by_lang.setdefault(p.language, []).append(p)
    assert len(by_lang["ru"]) == 1 and detect_language(by_lang["ru"][0].text) == "ru"
    assert len(by_lang["az"]) >= 17
    for p in by_lang["az"]:
        assert detect_language(p.text) == "az", p.slug
        assert 120 <= len(p.text.split()) <= 400, (p.slug, len(p.text.split()))
        assert p.date.utcoffset() == timedelta(hours=4) and p.modified >= p.date
        assert p.categories and p.tags
    years = {p.date.year for p in posts}
    assert years == {2021, 2022, 2023, 2024, 2025}
    assert len({(p.date.year, p.date.month) for p in posts}) >= 12
    # at least one post was edited after publication (for modified_after tests)
    assert any(p.modified > p.date for p in posts)


def test_seed_post_is_the_reference_text(posts):
    seed = next(p for p in posts if p.id == SEED_ID)
    assert seed.title == SEED_TITLE
    assert seed.date == datetime(2021, 12, 17, 11, 15, tzinfo=BAKU)
    assert seed.body[0] == SEED_FIRST
    assert seed.body[-1].endswith("– deyə xəbərdə bildirlir.")
    if not SEED_FILE.exists():
        pytest.skip("shared seed text not available")
    text = SEED_FILE.read_text(encoding="utf-8")
    start = text.index("Bayraqdar.info – Dekabrın 16-da")
    end = text.index("deyə xəbərdə bildirlir.") + len("deyə xəbərdə bildirlir.")
    expected = [p for p in text[start:end].split("\n") if p.strip()]
    assert seed.body == expected
    assert seed.text == "\n\n".join(expected)


def test_generate_posts_is_deterministic():
    a = generate_posts(5000)
    b = generate_posts(5000)
    assert a == b  # dataclass equality: every field
    assert generate_posts(3, seed=1)[0].text != a[0].text
    assert len({p.id for p in a}) == 5000 and len({p.path for p in a}) == 5000
    words = [len(p.text.split()) for p in a]
    assert 250 <= sum(words) / len(words) <= 350
    assert min(p.date for p in a).year == 2021 and max(p.date for p in a).year == 2025
    assert all(a[i].date < a[i + 1].date for i in range(len(a) - 1))
    assert detect_language(a[0].text) == "az"
    assert {p.id for p in a}.isdisjoint({p.id for p in load_posts()})


def test_load_posts_reports_bad_files(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"id": 1, "slug": "x", "title": "T",
                                                 "date": "2021-01-01T10:00:00", "author": "A",
                                                 "body": ["b"]}), encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.json: dates need an offset"):
        load_posts(tmp_path)
    (tmp_path / "a.json").write_text('{"id": 1', encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.json: invalid JSON"):
        load_posts(tmp_path)
    assert DEMO_SITE_DIR.joinpath("README.md").exists()


# --- REST API ---------------------------------------------------------------------------


def test_rest_paging_headers_and_order(site, posts):
    status, headers, first = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=5")
    assert status == 200
    assert headers["X-WP-Total"] == str(len(posts))
    pages = int(headers["X-WP-TotalPages"])
    assert pages == -(-len(posts) // 5)
    assert 'rel="next"' in headers["Link"]
    seen = [p["id"] for p in first]
    for page in range(2, pages + 1):
        _, _, items = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=5&page={page}")
        seen += [p["id"] for p in items]
    assert sorted(seen) == sorted(p.id for p in posts) and len(seen) == len(set(seen))
    newest_first = [p.id for p in sorted(posts, key=lambda p: p.date, reverse=True)]
    assert seen == newest_first
    _, _, asc = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=100&orderby=date&order=asc")
    assert [p["id"] for p in asc] == newest_first[::-1]


def test_rest_invalid_page_and_params(site, posts):
    status, _, body = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=10&page=3")
    assert status == 400 and body["code"] == "rest_post_invalid_page_number"
    assert body["data"]["status"] == 400
    status, _, body = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=101")
    assert status == 400 and body["code"] == "rest_invalid_param"
    status, _, body = get_json(f"{site.url}/wp-json/wp/v2/posts?after=yesterday")
    assert status == 400 and body["code"] == "rest_invalid_param"
    status, _, body = get_json(f"{site.url}/wp-json/wp/v2/posts/999999")
    assert status == 404 and body["code"] == "rest_post_invalid_id"
    status, _, body = get_json(f"{site.url}/wp-json/wp/v2/nothing")
    assert status == 404 and body["code"] == "rest_no_route"


def test_rest_fields_of_the_seed_post(site):
    status, headers, p = get_json(f"{site.url}/wp-json/wp/v2/posts/{SEED_ID}")
    assert status == 200
    assert p["date"] == "2021-12-17T11:15:00" and p["date_gmt"] == "2021-12-17T07:15:00"
    assert p["modified"] == "2021-12-17T11:15:00" and p["modified_gmt"] == "2021-12-17T07:15:00"
    assert p["slug"] == "qurumlararasi-kommunikasiyanin-muzakiresi"
    assert p["link"] == f"{site.url}/2021/12/17/qurumlararasi-kommunikasiyanin-muzakiresi/"
    assert p["title"]["rendered"] == SEED_TITLE
    assert p["content"]["rendered"].startswith(f"<p>{SEED_FIRST}</p>")
    assert p["content"]["rendered"].count("<p>") == 7
    assert p["excerpt"]["rendered"].startswith("<p>Bayraqdar.info")
    assert p["guid"]["rendered"] == f"{site.url}/?p={SEED_ID}"
    assert "_embedded" not in p
    # ids resolve through the taxonomy endpoints
    _, _, cats = get_json(f"{site.url}/wp-json/wp/v2/categories?per_page=100")
    _, _, tags = get_json(f"{site.url}/wp-json/wp/v2/tags?per_page=100&include={','.join(map(str, p['tags']))}")
    assert [c["name"] for c in cats if c["id"] in p["categories"]] == ["Təhsil"]
    assert sorted(t["name"] for t in tags) == sorted(["Təhsil Nazirliyi", "kommunikasiya", "ictimaiyyətlə əlaqələr"])
    _, _, user = get_json(f"{site.url}/wp-json/wp/v2/users/{p['author']}")
    assert user["name"] == "Bayraqdar"


def test_rest_embed_author_and_terms(site, posts):
    _, _, items = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=100&_embed")
    assert len(items) == len(posts)
    by_id = {p.id: p for p in posts}
    for item in items:
        post = by_id[item["id"]]
        assert item["_embedded"]["author"][0]["name"] == post.author
        cats, tags = item["_embedded"]["wp:term"]
        assert [c["name"] for c in cats] == post.categories
        assert [t["name"] for t in tags] == post.tags
    _, _, slim = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=2&_fields=id,link,modified")
    assert all(set(i) == {"id", "link", "modified"} for i in slim)


def test_rest_after_and_modified_after(site, posts):
    def ids(query):
        status, headers, items = get_json(f"{site.url}/wp-json/wp/v2/posts?per_page=100&{query}")
        assert status == 200
        assert headers["X-WP-Total"] == str(len(items))
        return {i["id"] for i in items}

    cut = datetime(2024, 1, 1, tzinfo=BAKU)
    assert ids("after=2024-01-01T00:00:00") == {p.id for p in posts if p.date > cut}
    # strictly after, offsets honoured; no offset means site time (+04:00)
    assert SEED_ID not in ids("after=2021-12-17T11:15:00%2B04:00")
    assert SEED_ID in ids("after=2021-12-17T07:14:59Z")
    assert SEED_ID not in ids("after=2021-12-17T07:15:00Z")
    assert SEED_ID in ids("after=2021-12-17T11:14:00&before=2021-12-17T11:16:00")
    edited = [p for p in posts if p.modified > p.date]
    assert edited
    for p in edited:
        # published before the cut, edited after it: only modified_after finds it
        cut = (p.date + timedelta(minutes=1)).isoformat().replace("+", "%2B")
        assert p.id not in ids("after=" + cut)
        assert ids(f"modified_after={cut}&before={cut}") == {p.id}
        assert ids("modified_after=" + p.modified.isoformat().replace("+", "%2B")).isdisjoint({p.id})
    assert ids("modified_after=2030-01-01T00:00:00") == set()
    status, _, items = get_json(f"{site.url}/wp-json/wp/v2/posts?modified_after=2030-01-01T00:00:00&page=1")
    assert status == 200 and items == []


# --- feed, sitemaps, robots ---------------------------------------------------------------


def test_rss_feed(site, posts):
    status, headers, body = get(f"{site.url}/feed/")
    assert status == 200 and headers["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(body).find("channel")
    items = channel.findall("item")
    newest = sorted(posts, key=lambda p: p.date, reverse=True)
    assert len(items) == 10
    by_link = {site.link(p): p for p in posts}
    for item, post in zip(items, newest):
        assert item.findtext("link") == site.link(post)
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "false" and guid.text == f"{site.url}/?p={post.id}"
        assert email.utils.parsedate_to_datetime(item.findtext("pubDate")) == post.date
        assert item.findtext("dc:creator", namespaces=NS) == post.author
        assert [c.text for c in item.findall("category")] == post.categories + post.tags
        assert item.findtext("description").strip()
        assert post.body[0] in item.findtext("content:encoded", namespaces=NS)
    _, _, body2 = get(f"{site.url}/feed/?paged=2")
    links2 = [i.findtext("link") for i in ET.fromstring(body2).find("channel").findall("item")]
    assert links2 == [site.link(p) for p in newest[10:20]]
    assert set(links2) <= set(by_link)
    assert get(f"{site.url}/feed/?paged=9")[0] == 404


def test_sitemaps_and_robots(site, posts):
    status, _, robots = get(f"{site.url}/robots.txt")
    lines = robots.decode().splitlines()
    assert status == 200 and "User-agent: *" in lines and "Disallow: /wp-admin/" in lines
    assert f"Sitemap: {site.url}/sitemap_index.xml" in lines
    status, headers, _ = get(f"{site.url}/sitemap.xml")
    assert status == 301 and headers["Location"] == f"{site.url}/sitemap_index.xml"
    index = ET.fromstring(get(f"{site.url}/sitemap_index.xml")[2])
    assert index.tag == "{%s}sitemapindex" % NS["sm"]
    locs = [s.findtext("sm:loc", namespaces=NS) for s in index.findall("sm:sitemap", NS)]
    assert f"{site.url}/post-sitemap.xml" in locs and f"{site.url}/news-sitemap.xml" in locs
    urlset = ET.fromstring(get(f"{site.url}/post-sitemap.xml")[2])
    assert urlset.tag == "{%s}urlset" % NS["sm"]
    entries = {u.findtext("sm:loc", namespaces=NS): u.findtext("sm:lastmod", namespaces=NS)
               for u in urlset.findall("sm:url", NS)}
    assert entries == {site.link(p): p.modified.isoformat() for p in posts}
    news = ET.fromstring(get(f"{site.url}/news-sitemap.xml")[2])
    pubs = {u.findtext("sm:loc", namespaces=NS): u.findtext("news:news/news:publication_date", namespaces=NS)
            for u in news.findall("sm:url", NS)}
    assert pubs[site.link(SEED_ID)] == "2021-12-17T11:15:00+04:00"
    tag_map = ET.fromstring(get(f"{site.url}/post_tag-sitemap.xml")[2])
    assert f"{site.url}/tag/teyinat/" in [u.findtext("sm:loc", namespaces=NS) for u in tag_map.findall("sm:url", NS)]


# --- HTML pages -------------------------------------------------------------------------


def test_seed_article_page(site):
    url = site.link(SEED_ID)
    assert url == f"{site.url}/2021/12/17/qurumlararasi-kommunikasiyanin-muzakiresi/"
    status, headers, body = get(url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=UTF-8"
    page = body.decode("utf-8")
    sel = Selector(text=page)
    assert sel.xpath("/html/@lang").get() == "az"
    assert sel.css("a.skip-content::text").get() == 'Press "Enter" to skip to content'
    assert sel.css("a.skip-content::attr(href)").get() == "#main-content"
    assert sel.css("h1.post-title::text").getall() == [SEED_TITLE]
    assert sel.css("article div.post-byline").xpath("string()").get() == "By Bayraqdar on 17 Dekabr 2021"
    assert "Son yeniləmə: 17 Dekabr 2021 11:15" in sel.css("p.post-updated").xpath("string()").get()
    paragraphs = sel.css("div.post-content > p::text").getall()
    assert paragraphs[0] == SEED_FIRST and len(paragraphs) == 7
    assert paragraphs[-1].endswith("– deyə xəbərdə bildirlir.")
    assert "Mission News Theme" in sel.css("footer#site-footer").xpath("string()").get()
    assert "by Compete Themes" in sel.css("footer#site-footer").xpath("string()").get()
    sidebar = sel.css("aside#main-sidebar")
    assert sidebar.css("h2.widget-title::text").get() == "Son xəbərlər"
    assert len(sidebar.css("#recent-posts-2 li a")) == 5
    assert SEED_TITLE not in sidebar.css("#recent-posts-2").get()
    assert sel.css('link[rel="canonical"]::attr(href)').get() == url
    meta = {m.attrib.get("property") or m.attrib.get("name"): m.attrib.get("content") for m in sel.css("meta")}
    assert meta["og:title"] == SEED_TITLE and meta["og:url"] == url and meta["og:type"] == "article"
    assert meta["article:published_time"] == "2021-12-17T11:15:00+04:00"
    assert meta["article:modified_time"] == "2021-12-17T11:15:00+04:00"
    graph = json.loads(sel.css('script[type="application/ld+json"]::text').get())["@graph"]
    article = next(g for g in graph if g["@type"] == "NewsArticle")
    assert article["headline"] == SEED_TITLE
    assert article["datePublished"] == "2021-12-17T11:15:00+04:00"
    assert article["dateModified"] == "2021-12-17T11:15:00+04:00"
    assert article["author"]["name"] == "Bayraqdar"
    assert headers["Last-Modified"] == "Fri, 17 Dec 2021 07:15:00 GMT"
    status, _, _ = get(url, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304


def test_redirects_and_404(site):
    url = site.link(SEED_ID)
    status, headers, _ = get(f"{site.url}/?p={SEED_ID}")
    assert status == 301 and headers["Location"] == url
    status, headers, _ = get(url.rstrip("/"))
    assert status == 301 and headers["Location"] == url
    for path in ("/2021/12/17/no-such-post/", "/wp-admin/", "/tag/no-such-tag/", "/page/99/", "/x.php"):
        assert get(site.url + path)[0] == 404, path
    conn = http.client.HTTPConnection(site.host, site.port, timeout=10)
    conn.request("HEAD", urlsplit(url).path)
    r = conn.getresponse()
    assert r.status == 200 and int(r.headers["Content-Length"]) > 1000 and r.read() == b""
    conn.close()


def test_tag_and_category_pages_are_not_articles(site, posts):
    appointed = [p for p in posts if "təyinat" in p.tags]
    assert len(appointed) >= 3
    for path in ("/tag/teyinat/", "/category/tehsil/", "/author/bayraqdar/", "/", "/?s=Nazirliyi"):
        status, _, body = get(site.url + path)
        assert status == 200, path
        sel = Selector(text=body.decode())
        assert not sel.css("h1.post-title"), path
        assert not sel.css('meta[property="article:published_time"]'), path
        assert not sel.css('script[type="application/ld+json"]'), path
        assert sel.css('meta[property="og:type"]::attr(content)').get() == "website"
        assert sel.css("h2.post-title a::attr(href)").getall(), path
    sel = Selector(text=get(site.url + "/tag/teyinat/")[2].decode())
    assert {"archive", "tag"} <= set(sel.css("body::attr(class)").get().split())
    links = sel.css("h2.post-title a::attr(href)").getall()
    assert sorted(links) == sorted(site.link(p) for p in appointed)
    # home page: 10 a page, the second page exists, the last page has the rest
    home = Selector(text=get(site.url + "/")[2].decode())
    assert len(home.css("h2.post-title")) == 10
    assert home.css("a.next.page-numbers::attr(href)").get() == f"{site.url}/page/2/"
    page2 = Selector(text=get(site.url + "/page/2/")[2].decode())
    assert len(page2.css("h2.post-title")) == len(posts) - 10


def test_russian_post(site, posts):
    ru = next(p for p in posts if p.language == "ru")
    sel = Selector(text=get(site.link(ru))[2].decode())
    assert sel.xpath("/html/@lang").get() == "ru-RU"
    assert sel.css('meta[property="og:locale"]::attr(content)').get() == "ru_RU"
    assert sel.css("h1.post-title::text").get() == ru.title
    assert detect_language(" ".join(sel.css("div.post-content p::text").getall())) == "ru"


# --- changes between crawls -------------------------------------------------------------


def test_modify_and_add_between_crawls(posts):
    with serve(posts) as s:
        before = get(s.link(SEED_ID))[2].decode()
        s.modify(SEED_ID, ["Yeni mətn birinci abzas.", "İkinci abzas."],
                 modified=datetime(2022, 1, 10, 9, 0, tzinfo=BAKU))
        after = Selector(text=get(s.link(SEED_ID))[2].decode())
        assert after.css("div.post-content p::text").getall() == ["Yeni mətn birinci abzas.", "İkinci abzas."]
        assert after.css('meta[property="article:modified_time"]::attr(content)').get() == "2022-01-10T09:00:00+04:00"
        assert after.css('meta[property="article:published_time"]::attr(content)').get() == "2021-12-17T11:15:00+04:00"
        assert before != after.get()
        _, _, items = get_json(f"{s.url}/wp-json/wp/v2/posts?per_page=100&modified_after=2022-01-01T00:00:00")
        changed = {i["id"] for i in items}
        assert SEED_ID in changed
        assert changed == {p.id for p in posts if p.modified > datetime(2022, 1, 1, tzinfo=BAKU)} | {SEED_ID}
        # a new post appears everywhere; the request log counts what a crawler fetched
        new = generate_posts(1, start_id=99999, start=datetime(2026, 1, 5, 10, 0, tzinfo=BAKU),
                             end=datetime(2026, 1, 6, tzinfo=BAKU))[0]
        s.add(new)
        s.reset_requests()
        _, headers, items = get_json(f"{s.url}/wp-json/wp/v2/posts?per_page=1")
        assert items[0]["id"] == 99999 and headers["X-WP-Total"] == str(len(posts) + 1)
        assert site_link_in_feed(s, new)
        assert s.count("/wp-json/") == 1 and s.count("/feed/") == 1 and s.count() == 2
        # modified without a date: now, later than before
        p = s.modify(new.id, title="Yeni başlıq")
        assert p.modified > new.modified and p.title == "Yeni başlıq" and p.body == new.body


def test_close_drops_keep_alive_connections(posts):
    s = serve(posts)
    conn = http.client.HTTPConnection(s.host, s.port, timeout=5)
    conn.request("GET", "/robots.txt")
    assert conn.getresponse().read().startswith(b"User-agent")
    s.close()
    with pytest.raises((http.client.HTTPException, OSError)):
        conn.request("GET", "/robots.txt")
        conn.getresponse().read()
    conn.close()


def site_link_in_feed(s, post) -> bool:
    channel = ET.fromstring(get(f"{s.url}/feed/")[2]).find("channel")
    return channel.find("item").findtext("link") == s.link(post)


def test_large_generated_site():
    posts = generate_posts(1200, seed=3)
    with serve(posts) as s:
        status, headers, items = get_json(f"{s.url}/wp-json/wp/v2/posts?per_page=100&page=12")
        assert status == 200 and headers["X-WP-TotalPages"] == "12" and len(items) == 100
        assert get_json(f"{s.url}/wp-json/wp/v2/posts?per_page=100&page=13")[0] == 400
        index = ET.fromstring(get(f"{s.url}/sitemap_index.xml")[2])
        locs = [x.findtext("sm:loc", namespaces=NS) for x in index.findall("sm:sitemap", NS)]
        assert f"{s.url}/post-sitemap2.xml" in locs
        n = sum(len(ET.fromstring(get(f"{s.url}/{name}")[2]).findall("sm:url", NS))
                for name in ("post-sitemap.xml", "post-sitemap2.xml"))
        assert n == 1200
        for p in posts[:200]:
            assert get(s.link(p))[0] == 200


def test_site_in_a_subprocess():
    with SiteProcess(posts=30, seed=2, demo=False) as proc:
        with urllib.request.urlopen(f"{proc.url}/wp-json/wp/v2/posts?per_page=1") as r:
            assert r.headers["X-WP-Total"] == "30"
            assert json.loads(r.read())[0]["id"] == generate_posts(30, seed=2)[-1].id
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(proc.url + "/", timeout=2)
