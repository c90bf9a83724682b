"""The incremental state and the dataset commit together (the real `aznews crawl` in a
subprocess against the demo site on 127.0.0.1): an article is marked seen only once its
rows are durable, whatever the batch size; a write that fails is an error, and nothing
of it is marked seen."""
from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import AZNEWS, ROOT, run_aznews

FAST = ["--set", "AUTOTHROTTLE_ENABLED=0", "--set", "DOWNLOAD_DELAY=0"]


def crawl_args(site, out, *extra):
    return ["crawl", "bayraqdar", "--base-url", site.url, "--out", out, "--no-nlp", "--no-progress", *FAST, *extra]


def seen(out) -> int:
    db = Path(out) / "_state" / "crawl_state.sqlite"
    if not db.exists():
        return 0
    con = sqlite3.connect(str(db))
    try:
        return con.execute("SELECT count(*) FROM seen").fetchone()[0]
    except sqlite3.OperationalError:  # created, its tables not yet
        return 0
    finally:
        con.close()


def stored(out) -> tuple[int, int, set]:
    """(articles rows, distinct article ids, titles) in every stored articles file, published
    (ROOT/articles) or committed and not yet published (ROOT/_pending/articles)."""
    files = list(Path(out).glob("articles/**/*.parquet")) + list(Path(out).glob("_pending/articles/**/*.parquet"))
    if not files:
        return 0, 0, set()
    con = duckdb.connect()
    src = "read_parquet([" + ", ".join(f"'{f}'" for f in files) + "], union_by_name = true)"
    try:
        n, distinct = con.execute(f"SELECT count(*), count(DISTINCT article_id) FROM {src}").fetchone()
        titles = {r[0] for r in con.execute(f"SELECT title FROM {src}").fetchall()}
    except duckdb.IOException:  # a pending file absorbed and retired between the listing and the read
        return stored(out)
    return n, distinct, titles


def published(out) -> tuple[int, int]:
    """(rows, distinct ids) of the published articles table: what a plain Parquet reader sees."""
    con = duckdb.connect()
    return con.execute(f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{out}/articles/**/*.parquet')"
                       ).fetchone()


@pytest.fixture(scope="module")
def site():
    from aznews.pipelines.demo.site import generate_posts, load_posts, serve

    with serve(load_posts() + generate_posts(300)) as s:
        yield s


@pytest.fixture(scope="module")
def small_site():
    from aznews.pipelines.demo.site import load_posts, serve

    with serve(load_posts()) as s:
        yield s


def test_out_with_a_file_for_a_table_is_refused_before_anything_is_fetched(small_site, tmp_path):
    out = tmp_path / "ds"
    (out).mkdir()
    (out / "articles").write_text("not a folder")
    before = small_site.count("/")
    p = run_aznews(*crawl_args(small_site, out))
    assert p.returncode == 2, p.stderr[-2000:]
    assert p.stderr.strip().splitlines()[-1] == (
        f"aznews crawl: error: {out} is not a usable dataset: {out}/articles is a file, not a folder")
    assert "Traceback" not in p.stderr
    assert small_site.count("/") == before  # nothing fetched
    assert seen(out) == 0

    f = tmp_path / "file"
    f.write_text("x")
    p = run_aznews(*crawl_args(small_site, f))
    assert p.returncode == 2 and p.stderr.strip() == f"aznews crawl: error: {f} is a file, not a dataset folder"

    (out / "articles").unlink()  # fixed: every article is stored
    p = run_aznews(*crawl_args(small_site, out))
    assert p.returncode == 0, p.stderr[-2000:]
    assert published(out) == (len(small_site.posts), len(small_site.posts))
    assert seen(out) == len(small_site.posts)


def test_failed_write_marks_nothing_seen_exits_1_and_a_rerun_stores_everything(small_site, tmp_path):
    out = tmp_path / "ds"
    (out / "_pending" / "articles").mkdir(parents=True)
    # the partition folder of the committed batches cannot be made: every write fails
    blocker = out / "_pending" / "articles" / "source=bayraqdar"
    blocker.write_text("x")
    p = run_aznews(*crawl_args(small_site, out))
    assert p.returncode == 1, p.stderr[-3000:]
    assert "Traceback" not in p.stderr
    last = p.stderr.strip().splitlines()[-1]
    assert last.startswith(f"aznews crawl: error: writing to {out} failed: NotADirectoryError: ")
    assert "(0 articles), the rest is not marked seen" in last
    assert "crawled" not in p.stdout  # no success line
    assert seen(out) == 0
    assert stored(out)[0] == 0

    blocker.unlink()
    p = run_aznews(*crawl_args(small_site, out))
    assert p.returncode == 0, p.stderr[-3000:]
    _, _, titles = stored(out)
    assert published(out) == (len(small_site.posts), len(small_site.posts))
    assert seen(out) == len(small_site.posts)
    assert titles == {post.title for post in small_site.posts}


@pytest.mark.slow
@pytest.mark.parametrize("batch", [7, 50, 300])
def test_kill_9_at_random_points_then_rerun_stores_every_article_exactly_once(site, tmp_path, batch):
    out = tmp_path / "ds"
    args = crawl_args(site, out, "--set", f"AZNEWS_BATCH_SIZE={batch}", "--set", "AZNEWS_WP_PER_PAGE=2")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rnd = random.Random(1000 + batch)
    total = len(site.posts)
    killed_partial = 0

    def check_invariant():
        # never more marked seen than stored (stored only grows: read the state first)
        s = seen(out)
        n = stored(out)[1]
        assert s <= n, f"{s} articles marked seen, {n} stored"
        return n

    pages = -(-total // 2)  # wp-json pages of 2 posts: every run asks for all of them again
    for run in range(6):
        proc = subprocess.Popen([*AZNEWS, *map(str, args)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            if run % 2:
                # right after the state's next commit: the moment it could claim too much
                before = seen(out)
                while proc.poll() is None and time.monotonic() < deadline and seen(out) == before:
                    time.sleep(0.002)
            else:
                # a random point of the crawl: after a random number of its API pages
                start = site.count("/wp-json/wp/v2/posts")
                kill_after = rnd.randint(5, pages - 5)
                while (proc.poll() is None and time.monotonic() < deadline
                       and site.count("/wp-json/wp/v2/posts") - start < kill_after):
                    check_invariant()
                    time.sleep(0.01)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                killed_partial += check_invariant() < total
    assert killed_partial >= 1, "no run was killed mid-crawl: the kill points need moving"
    p = run_aznews(*args, timeout=300)
    assert p.returncode == 0, p.stderr[-3000:]
    n, distinct, titles = stored(out)
    assert distinct == total, (n, distinct, total)
    assert titles == {post.title for post in site.posts}
    assert published(out) == (total, total)  # the published table: every article once, no second copy
    assert seen(out) == total
    from aznews.pipelines.dataset.query import connect

    con = connect(out)
    assert con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (total, total)
