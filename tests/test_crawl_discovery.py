"""Each discovery method through the real Scrapy engine (run_crawl in a subprocess)
against loopback sites: RSS, Atom, sitemap index + news sitemap, paginated listing,
the WordPress REST API (demo site), and falling down the list when a method fails."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sites.crawlrun import crawl  # noqa: E402
from sites.newsfixture import FixtureSite, fixture_source  # noqa: E402


@pytest.fixture(scope="module")
def site():
    s = FixtureSite(n_ok=6, faults=False)
    yield s
    s.close()


def _articles(res):
    assert res.returncode == 0, res.log[-3000:]
    paths = [Path(i["canonical_url"].split("://", 1)[1].split("/", 1)[1]) for i in res.items]
    assert len(paths) == len(set(paths)), "duplicate items"
    return sorted("/" + str(p) + "/" for p in paths)


def test_rss_feed_with_repeated_guids_and_duplicates(site, tmp_path):
    site.reset()
    res = crawl(tmp_path, [fixture_source(site.url, [{"method": "feed", "urls": ["/feed/"]}])])
    assert _articles(res) == sorted(site.ok_paths())
    # every item repeats one guid; three links come again without guid / with utm_ parameters
    assert res.stats["aznews/duplicate_feed_entries"] == 6
    for p in site.ok_paths():
        assert site.hits[p] == 1
    assert res.stats["aznews/discovery/feed"] == 1
    # an identifying User-Agent with a contact
    (ua,) = site.user_agents
    assert ua.startswith("aznews/0.1 (+https://github.com/aznews/aznews; ") and ua.endswith(")")
    assert all(i["extraction_method"] == "selectors" for i in res.items)
    assert {i["published_at"] for i in res.items} == {f"2021-12-0{i}T1{i}:15:00+04:00" for i in range(1, 7)}


def test_atom_feed(site, tmp_path):
    site.reset()
    site.user_agents.clear()
    res = crawl(tmp_path, [fixture_source(site.url, [{"method": "feed", "urls": ["/atom.xml"]}])],
                settings={"AZNEWS_CONTACT": "press@example.org"})
    assert _articles(res) == sorted(site.ok_paths())
    assert site.user_agents == {"aznews/0.1 (+https://github.com/aznews/aznews; press@example.org)"}


def test_sitemap_index_and_news_sitemap(site, tmp_path):
    site.reset()
    res = crawl(tmp_path, [fixture_source(site.url, [{"method": "sitemap", "urls": ["/sitemap_index.xml"]}])])
    # half the articles are in post-sitemap.xml, the other half only in news-sitemap.xml
    assert _articles(res) == sorted(site.ok_paths())
    assert site.count("/post_tag-sitemap.xml") == 0  # taxonomy sitemaps are skipped
    # the tag page listed in the post sitemap is fetched, rejected, logged, not yielded
    assert site.count("/tag/tehsil/") == 1
    assert res.stats["aznews/rejected/tag page"] == 1
    assert "Not an article: " + site.url + "/tag/tehsil/ (tag page)" in res.log


def test_sitemap_since_filter(site, tmp_path):
    # news-sitemap publication dates: ok-4 2021-12-10, ok-5 2021-12-11, ok-6 2021-12-12 (11:15)
    site.reset()
    res = crawl(tmp_path, [fixture_source(site.url, [{"method": "sitemap", "urls": ["/sitemap_index.xml"]}])],
                since="2021-12-11")
    assert res.returncode == 0
    assert site.count("/news/ok-4/") == 0  # filtered by the sitemap's date, never requested
    assert site.count("/news/ok-5/") == 1 and site.count("/news/ok-6/") == 1
    # the pages themselves say 2021-12-01..06: all before `since`, none yielded
    assert res.items == []
    assert res.stats["aznews/out_of_range"] == 5


def test_listing_pagination(site, tmp_path):
    site.reset()
    res = crawl(tmp_path, [fixture_source(
        site.url, [{"method": "listing", "url": "/news/", "pagination": "/news/page/{page}/", "max_pages": 10}])])
    assert _articles(res) == sorted(site.ok_paths())
    # 2 articles a page: /news/, /news/page/2/, /news/page/3/, then page 4 answers 404 and ends it
    assert site.count("/news/page/") == 3 and site.count("/news/page/4/") == 1
    assert site.count("/tag/") == 0  # links outside article_pattern are not followed
    assert res.stats.get("aznews/failed", 0) == 0


def test_fallback_down_the_list(site, tmp_path):
    site.reset()
    res = crawl(tmp_path, [fixture_source(site.url, [
        {"method": "wp-json"},                                   # 404 here
        {"method": "feed", "urls": ["/broken-feed.xml", "/not-a-feed.xml"]},  # unparsable, not a feed
        {"method": "sitemap", "urls": ["/gone/"]},               # 404
        {"method": "feed", "urls": ["/atom.xml"]},               # works
        {"method": "sitemap", "urls": ["/sitemap_index.xml"]},   # never needed
    ])])
    assert _articles(res) == sorted(site.ok_paths())
    assert res.stats["aznews/discovery_failed/wp-json"] == 1
    assert res.stats["aznews/discovery_failed/feed"] == 2
    assert res.stats["aznews/discovery_failed/sitemap"] == 1
    assert site.count("/sitemap_index.xml") == 0
    assert "discovery wp-json failed" in res.log and "(HTTP 404)" in res.log


def test_wp_json_paging_on_demo_site(tmp_path):
    from aznews.crawler.sources import get_source
    from aznews.pipelines.demo.site import generate_posts, load_posts, serve

    posts = load_posts() + generate_posts(25)
    with serve(posts) as demo:
        src = get_source("bayraqdar")
        # the spider asks for 50 a page; make it page: per_page comes from the spider argument
        res = crawl(tmp_path, ["bayraqdar"], base_url=demo.url,
                    settings={"AZNEWS_WP_PER_PAGE": 10})
        paths = _articles(res)
        assert len(paths) == len(posts)
        assert demo.count("/wp-json/wp/v2/posts") == -(-len(posts) // 10)  # X-WP-TotalPages pages
        assert all(i["extraction_method"] == "wp-json" for i in res.items)
        assert demo.count("/20") == 0  # no HTML article page was needed
        assert src["discovery"][0]["method"] == "wp-json"
