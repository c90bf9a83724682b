"""aznews.crawler.extract_pool: extraction in worker processes gives what in-line extraction
gives, raises what it raises, survives a dead worker, and holds downloads back."""
from __future__ import annotations

import asyncio
import logging
import os
import re
import signal
import subprocess
import sys
import urllib.request

import pytest

from aznews.crawler.extract import extract_article
from aznews.crawler.extract_pool import ExtractionPool, MAX_IN_FLIGHT, processes_setting
from sites.crawlrun import crawl

FETCHED = "2025-11-20T10:00:00+04:00"


@pytest.fixture(scope="module")
def pages():
    """(url, body bytes) of real demo-site pages: articles, a tag page, a Russian post."""
    from aznews.pipelines.demo.site import load_posts, serve

    posts = load_posts()
    ru = [p for p in posts if p.language == "ru"][:1]
    with serve(posts) as demo:
        urls = [demo.link(p) for p in posts[:7] + ru]
        out = []
        for u in urls:
            with urllib.request.urlopen(u) as r:
                out.append((u, r.read()))
        tag = re.search(r'href="([^"]+/tag/[^"]+)"', out[0][1].decode())  # a tag page the article links to
        with urllib.request.urlopen(tag.group(1)) as r:
            out.append((tag.group(1), r.read()))
    return out


def _hints():
    from aznews.crawler.sources import get_source

    return get_source("bayraqdar")["extract"]


def test_processes_setting():
    assert processes_setting("0") == 0
    assert processes_setting(3) == 3
    assert processes_setting("auto") == processes_setting(None) == min(4, max(0, (os.cpu_count() or 1) - 1))
    for bad in ("-1", "many", "1.5"):
        with pytest.raises(ValueError, match="AZNEWS_EXTRACT_PROCESSES"):
            processes_setting(bad)


def test_workers_return_what_inline_extraction_returns(pages):
    hints = _hints()
    cp1251 = ("https://site.az/news/vstrecha-1/",
              "<html><head><meta charset='windows-1251'><title>Встреча</title></head><body><article><p>"
              + "В Баку состоялась встреча представителей министерства. " * 5 + "</p></article></body></html>")
    cases = [(u, b, {"hints": hints, "fetched_at": FETCHED}) for u, b in pages]
    cases.append((cp1251[0], cp1251[1].encode("cp1251"), {"encoding": "windows-1251"}))

    async def run():
        pool = ExtractionPool(2)
        try:
            got = await asyncio.gather(*[pool.extract(b, u, **kw) for u, b, kw in cases])
            return got, pool.in_workers, [w.process.pid for w in pool._workers]
        finally:
            pool.close()

    got, in_workers, pids = asyncio.run(run())
    assert in_workers and len(pids) == 2 and os.getpid() not in pids
    assert got == [extract_article(b, u, **kw) for u, b, kw in cases]
    assert got[-3]["language"] == "ru" and got[-2]["rejected"] == "tag page" and got[-1]["language"] == "ru"


def test_a_workers_exception_is_raised_as_inline(pages):
    async def run():
        pool = ExtractionPool(1)
        try:
            with pytest.raises(AttributeError):
                await pool.extract(12345, "https://site.az/x/")  # no .isspace(): the same error as in-line
            ok = await pool.extract(pages[0][1], pages[0][0])  # the worker goes on
            return ok, pool.in_workers
        finally:
            pool.close()

    with pytest.raises(AttributeError):
        extract_article(12345, "https://site.az/x/")
    ok, in_workers = asyncio.run(run())
    assert in_workers and ok["title"] and not ok.get("rejected")


def test_a_killed_worker_loses_no_page(pages, caplog):
    """SIGKILL the only worker with pages queued at it: every page still comes back,
    extracted in the crawl process, with one warning."""
    many = pages * 6

    async def run():
        pool = ExtractionPool(1)
        first = await pool.extract(*pages[0][::-1])  # workers start on the first page
        tasks = [asyncio.ensure_future(pool.extract(b, u)) for u, b in many]
        await asyncio.sleep(0)
        os.kill(pool._workers[0].process.pid, signal.SIGKILL)
        got = await asyncio.gather(*tasks)
        after = await pool.extract(pages[1][1], pages[1][0])
        in_workers = pool.in_workers
        pool.close()
        return first, got, after, in_workers

    with caplog.at_level(logging.WARNING, logger="aznews.crawler.extract_pool"):
        first, got, after, in_workers = asyncio.run(run())
    assert not in_workers
    assert got == [extract_article(b, u) for u, b in many]
    assert after == extract_article(pages[1][1], pages[1][0])
    assert len([r for r in caplog.records if "worker process exited" in r.message]) == 1


def test_room_waits_while_the_backlog_is_full(pages):
    async def run():
        pool = ExtractionPool(1)
        assert pool.max_backlog == 2 * MAX_IN_FLIGHT
        await pool.room()  # empty pool: no wait
        tasks = [asyncio.ensure_future(pool.extract(b, u)) for u, b in (pages * 4)[:pool.max_backlog]]
        await asyncio.sleep(0)
        waiting = asyncio.ensure_future(pool.room())
        await asyncio.sleep(0.01)
        blocked = not waiting.done() and pool.backlog == pool.max_backlog
        await asyncio.wait_for(waiting, 30)  # the worker drains the backlog
        await asyncio.gather(*tasks)
        pool.close()
        return blocked

    assert asyncio.run(run())


def test_crawl_with_workers_equals_inline_crawl(tmp_path):
    """The same demo crawl, extraction in 2 worker processes and in-line: the same articles."""
    from aznews.pipelines.demo.site import load_posts, serve
    from aznews.crawler.sources import get_source

    src = get_source("bayraqdar")
    with serve(load_posts()) as demo:
        runs = {n: crawl(tmp_path, [src], base_url=demo.url, name=f"p{n}",
                         settings={"AZNEWS_EXTRACT_PROCESSES": n, "CONCURRENT_REQUESTS": 8})
                for n in (0, 2)}

    def norm(res):
        assert res.returncode == 0, res.log[-2000:]
        return sorted((i["canonical_url"], i["title"], i["body"], i["published_at"], i["language"],
                       i["extraction_method"]) for i in res.items)

    assert len(runs[2].items) == len(load_posts())
    assert norm(runs[2]) == norm(runs[0])
    assert "extraction in 2 worker processes" in runs[2].log
    assert "extraction in the crawl process" in runs[0].log


@pytest.mark.parametrize("args, named", [
    (["--extract-processes", "lots"], "--extract-processes"),
    (["--set", "AZNEWS_EXTRACT_PROCESSES=-2"], "AZNEWS_EXTRACT_PROCESSES"),
    (["--set", "AZNEWS_GC_THRESHOLD=abc"], "AZNEWS_GC_THRESHOLD"),
])
def test_cli_rejects_bad_crawl_tuning(tmp_path, args, named):
    p = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "crawl", "bayraqdar", "--out", str(tmp_path / "o"), *args],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and "Traceback" not in p.stderr
    assert not (tmp_path / "o").exists()  # refused before anything is written


def test_workers_that_cannot_start_fall_back_to_inline(pages, monkeypatch, caplog):
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")

    async def run():
        pool = ExtractionPool(1)
        got = await pool.extract(pages[0][1], pages[0][0])
        return got, pool.in_workers

    with caplog.at_level(logging.WARNING, logger="aznews.crawler.extract_pool"):
        got, in_workers = asyncio.run(run())
    assert got == extract_article(pages[0][1], pages[0][0]) and not in_workers
    assert any("Could not start extraction worker" in r.message for r in caplog.records)
