"""Crawling the demo site (pipelines.demosite, the bayraqdar.info look-alike) with
the bayraqdar source re-based on it: the seed article, non-articles, the Russian
post, incremental runs that fetch nothing unchanged, and JOBDIR resume."""
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent))
from sites.crawlrun import crawl  # noqa: E402

SEED_TITLE = "Qurumlararası kommunikasiyanın müzakirəsi"
BAKU = timezone(timedelta(hours=4))


def _posts(n_generated):
    from aznews.pipelines.demo.site import Post, generate_posts, load_posts

    posts = load_posts() + generate_posts(n_generated)
    if not any(p.language == "ru" for p in posts):
        d = datetime(2024, 11, 13, 10, 0, tzinfo=BAKU)
        posts.append(Post(id=99901, slug="v-baku-obsudili", title="В Баку обсудили сотрудничество", date=d,
                          modified=d, author="Редакция", language="ru",
                          body=["В Баку состоялась встреча представителей министерства образования.",
                                "Стороны обсудили вопросы сотрудничества в сфере цифровых услуг."]))
    return posts


def _identity(post):
    """The canonical URL of a demo post as the re-based source stores it: on the original host."""
    return "https://bayraqdar.info" + post.path


def _bayraqdar(methods):
    from aznews.crawler.sources import get_source

    src = get_source("bayraqdar")
    src["discovery"] = [d for d in src["discovery"] if d["method"] in methods]
    return src


def _check_seed_and_languages(res, posts):
    assert res.returncode == 0, res.log[-3000:]
    by_title = {i["title"]: i for i in res.items}
    assert len(res.items) == len(posts) == len({i["canonical_url"] for i in res.items})
    seed = by_title[SEED_TITLE]
    assert seed["published_at"] == "2021-12-17T11:15:00+04:00"
    assert seed["body"].startswith("Bayraqdar.info – Dekabrın 16-da")
    seed_post = next(p for p in posts if p.title == SEED_TITLE)
    assert seed["body"] == seed_post.text  # the paragraphs and nothing else: no theme chrome
    assert seed["source"] == "bayraqdar" and seed["language"] == "az"
    for p in posts:
        if p.language == "ru":
            assert by_title[p.title]["language"] == "ru"
    for item in res.items:
        assert "/tag/" not in item["url"] and "/category/" not in item["url"]
        assert item["published_at"] and item["fetched_at"] and item["crawl_id"]


def test_demo_wp_json(tmp_path):
    from aznews.pipelines.demo.site import serve

    posts = _posts(0)
    with serve(posts) as demo:
        res = crawl(tmp_path, ["bayraqdar"], base_url=demo.url)  # the registry entry as is
        _check_seed_and_languages(res, posts)
        assert {i["extraction_method"] for i in res.items} == {"wp-json"}


def test_demo_html_pages_via_sitemap(tmp_path):
    from aznews.pipelines.demo.site import serve

    posts = _posts(0)
    with serve(posts) as demo:
        res = crawl(tmp_path, [_bayraqdar({"sitemap"})], base_url=demo.url)
        _check_seed_and_languages(res, posts)
        assert {i["extraction_method"] for i in res.items} == {"json-ld"}
        assert demo.count("/tag/") == 0
        # a tag page met during a crawl is fetched, rejected with a logged reason, not yielded
        tag_urls = sorted({r for r in _links(demo) if "/tag/" in r})
        seed = next(p for p in posts if p.title == SEED_TITLE)
        src = _bayraqdar({"sitemap"})
        # a listing that starts on the seed article and follows its tag links too
        src["discovery"] = [{"method": "listing", "url": seed.path, "max_pages": 1}]
        src["extract"]["article_pattern"] = r"^/(tag/[^/]+|\d{4}/\d{2}/\d{2}/[^/]+)/$"
        res2 = crawl(tmp_path / "tag", [src], base_url=demo.url)
        assert res2.returncode == 0
        assert tag_urls and res2.stats.get("aznews/rejected/tag page", 0) == len(tag_urls)
        for tag_url in tag_urls:
            assert f"Not an article: {demo.url}{tag_url} (tag page)" in res2.log
        assert all("/tag/" not in i["url"] for i in res2.items) and res2.items


def _links(demo):
    import re
    import urllib.request

    seed = next(p for p in demo.posts if p.title == SEED_TITLE)
    html = urllib.request.urlopen(demo.link(seed), timeout=10).read().decode()
    return [h.replace(demo.url, "") for h in re.findall(r'href="([^"]+)"', html) if h.startswith(demo.url)]


def test_demo_incremental_wp_json(tmp_path):
    from aznews.pipelines.demo.site import generate_posts, serve

    posts = _posts(0)
    state = tmp_path / "state"
    with serve(posts) as demo:
        first = crawl(tmp_path, ["bayraqdar"], base_url=demo.url, state_dir=str(state), name="first")
        assert len(first.items) == len(posts)
        demo.reset_requests()
        second = crawl(tmp_path, ["bayraqdar"], base_url=demo.url, state_dir=str(state), name="second")
        assert second.returncode == 0 and second.items == []
        wp = [r for r in demo.requests if r.startswith("/wp-json/")]
        assert len(wp) == 1 and "modified_after=" in wp[0]  # one API page, nothing else
        assert [r for r in demo.requests if not r.startswith(("/wp-json/", "/robots.txt"))] == []
        seed = next(p for p in posts if p.title == SEED_TITLE)
        demo.modify(seed.id, body=["Bayraqdar.info – Dekabrın 16-da yenilənmiş mətn."])
        # a post published now (WordPress sets `modified` to the publication time)
        from dataclasses import replace
        now = datetime.now(BAKU).replace(microsecond=0)
        new = replace(generate_posts(1, seed=7, start_id=777001)[0], date=now, modified=now)
        demo.add(new)
        third = crawl(tmp_path, ["bayraqdar"], base_url=demo.url, state_dir=str(state), name="third")
        assert sorted(i["title"] for i in third.items) == sorted([SEED_TITLE, new.title])
        changed = next(i for i in third.items if i["title"] == SEED_TITLE)
        assert changed["body"] == "Bayraqdar.info – Dekabrın 16-da yenilənmiş mətn."
        assert changed["modified_at"] > changed["published_at"]


def test_demo_incremental_sitemap_fetches_nothing_unchanged(tmp_path):
    from aznews.pipelines.demo.site import serve

    posts = _posts(0)
    state = tmp_path / "state"
    src = _bayraqdar({"sitemap"})
    with serve(posts) as demo:
        first = crawl(tmp_path, [src], base_url=demo.url, state_dir=str(state), name="first")
        assert len(first.items) == len(posts)
        demo.reset_requests()
        second = crawl(tmp_path, [src], base_url=demo.url, state_dir=str(state), name="second")
        assert second.returncode == 0 and second.items == []
        articles = [r for r in demo.requests if r.startswith("/20")]
        assert articles == []  # no article page requested
        target = next(p for p in posts if p.language == "az" and p.title != SEED_TITLE)
        demo.modify(target.id, body=["Yenilənmiş mətn: nazirlikdə görüş keçirilib və qərarlar qəbul edilib."])
        demo.reset_requests()
        third = crawl(tmp_path, [src], base_url=demo.url, state_dir=str(state), name="third")
        assert [i["title"] for i in third.items] == [target.title]
        assert [r for r in demo.requests if r.startswith("/20")] == [target.path]


def test_demo_jobdir_resume_no_loss_no_duplicates(tmp_path):
    from aznews.pipelines.demo.site import serve

    posts = _posts(20)
    jobdir = tmp_path / "job"
    src = _bayraqdar({"sitemap"})
    settings = {"CONCURRENT_REQUESTS": 4, "CONCURRENT_REQUESTS_PER_DOMAIN": 4}
    with serve(posts) as demo:
        first = crawl(tmp_path, [src], base_url=demo.url, jobdir=str(jobdir), name="first",
                      settings={**settings, "CLOSESPIDER_ITEMCOUNT": 15})
        assert first.stats["finish_reason"] == "closespider_itemcount"
        assert 15 <= len(first.items) < len(posts)
        second = crawl(tmp_path, [src], base_url=demo.url, jobdir=str(jobdir), name="second", settings=settings)
        assert second.stats["finish_reason"] == "finished", second.log[-2000:]
        urls = [i["canonical_url"] for i in first.items + second.items]
        assert len(urls) == len(set(urls)), "duplicates across the resumed crawl"
        assert sorted(urls) == sorted(_identity(p) for p in posts), "articles lost"


def test_demo_sigint_resume(tmp_path):
    """Ctrl-C (SIGINT) in the middle of a crawl, then the same JOBDIR again."""
    import json
    import os
    import signal
    import subprocess
    import time

    from aznews.pipelines.demo.site import serve
    from sites.crawlrun import FAST, ROOT, SCRIPT

    posts = _posts(0)
    src = _bayraqdar({"sitemap"})
    jobdir = tmp_path / "job"
    with serve(posts) as demo:
        def start(name):
            args = {"sources": [src], "base_url": demo.url, "jobdir": str(jobdir),
                    "stats_out": str(tmp_path / f"{name}.stats.json"),
                    "settings": {**FAST, "CONCURRENT_REQUESTS": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
                                 "DOWNLOAD_DELAY": 0.05,
                                 "FEEDS": {str(tmp_path / f"{name}.jsonl"): {"format": "jsonlines"}}}}
            (tmp_path / f"{name}.json").write_text(json.dumps(args))
            return subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path / f"{name}.json")], cwd=str(ROOT),
                                    env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)

        p = start("first")
        deadline = time.time() + 30
        while demo.count("/20") < 8 and time.time() < deadline:
            time.sleep(0.05)
        p.send_signal(signal.SIGINT)
        out, _ = p.communicate(timeout=60)
        stats = json.loads((tmp_path / "first.stats.json").read_text())
        assert stats["finish_reason"] == "shutdown", out[-2000:]
        first = [json.loads(line) for line in (tmp_path / "first.jsonl").read_text().splitlines()]
        assert 0 < len(first) < len(posts)
        p = start("second")
        out, _ = p.communicate(timeout=60)
        assert p.returncode == 0, out[-2000:]
        second = [json.loads(line) for line in (tmp_path / "second.jsonl").read_text().splitlines()]
        urls = [i["canonical_url"] for i in first + second]
        assert len(urls) == len(set(urls)), "duplicates"
        assert sorted(urls) == sorted(_identity(p) for p in posts), "lost articles"
