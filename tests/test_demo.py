"""Issue 2: the whole flow end to end on the offline demo site, and the CLI's manners."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from aznews.pipelines.cli import COMMANDS
from tests.conftest import run_aznews

SEED_TITLE = "Qurumlararası kommunikasiyanın müzakirəsi"


def _articles(dataset):
    # Read the files directly (not through aznews' views): what any analyst's DuckDB sees.
    con = duckdb.connect()
    return con, f"read_parquet('{dataset}/articles/**/*.parquet', hive_partitioning = true)"


def test_demo_seed_article(demo_dataset):
    con, articles = _articles(demo_dataset)
    row = con.execute(
        f"SELECT title, published_at, published_at_local, body, language, article_id FROM {articles} WHERE title = ?",
        [SEED_TITLE]).fetchone()
    assert row is not None, "the seed article is missing"
    title, published, local, body, language, article_id = row
    baku = timezone(timedelta(hours=4))
    assert published.astimezone(baku) == datetime(2021, 12, 17, 11, 15, tzinfo=baku)
    assert local.startswith("2021-12-17T11:15") and local.endswith("+04:00")
    assert body.startswith("Bayraqdar.info – Dekabrın 16-da Təhsil Nazirliyi və tabe qurumların")
    for chrome in ("Press", "skip to content", "Mission News Theme", "Compete Themes", "Son xəbərlər"):
        assert chrome not in body, chrome
    # no sidebar titles: no other post's title appears in this body
    others = [t for (t,) in con.execute(f"SELECT title FROM {articles} WHERE title <> ?", [SEED_TITLE]).fetchall()]
    assert others and not [t for t in others if t in body]
    assert language == "az"

    mentions = f"read_parquet('{demo_dataset}/mentions/**/*.parquet', hive_partitioning = true)"
    persons = {p for (p,) in con.execute(
        f"SELECT DISTINCT canonical FROM {mentions} WHERE article_id = ? AND label = 'PERSON'", [article_id]).fetchall()}
    assert {"Billurə Hacızadə", "Elnur Nəsibov", "Cəsarət Valehov"} <= persons


def test_demo_rejects_index_pages_and_marks_russian(demo_dataset):
    con, articles = _articles(demo_dataset)
    urls = [u for (u,) in con.execute(f"SELECT url FROM {articles}").fetchall()]
    assert len(urls) >= 16
    assert not [u for u in urls if "/tag/" in u or "/category/" in u or "/page/" in u]
    langs = dict(con.execute(f"SELECT language, count(*) FROM {articles} GROUP BY 1").fetchall())
    assert langs.get("ru", 0) >= 1 and langs.get("az", 0) >= 15
    # the Russian post is stored but not run through the Azerbaijani model
    status = con.execute(f"SELECT DISTINCT nlp_status FROM {articles} WHERE language = 'ru'").fetchall()
    assert status == [("skipped-language",)]


def test_demo_twice_same_counts(demo_dataset):
    def counts():
        con = duckdb.connect()
        return {t: con.execute(f"SELECT count(*) FROM read_parquet('{demo_dataset}/{t}/**/*.parquet')").fetchone()[0]
                for t in ("articles", "mentions", "roles", "dates")}

    before = counts()
    proc = run_aznews("demo", "--out", demo_dataset, "--no-progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert counts() == before


def test_help_for_every_command():
    proc = run_aznews("--help")
    assert proc.returncode == 0 and "demo" in proc.stdout
    for name in COMMANDS:
        proc = run_aznews(name, "--help")
        assert proc.returncode == 0, (name, proc.stderr)
        assert proc.stdout.startswith("usage: aznews " + name), name


@pytest.mark.parametrize("args", [
    ["crawl", "no-such-source.az"],
    ["crawl", "bayraqdar", "--since", "yesterday"],
    ["crawl", "bayraqdar", "--max-articles", "0"],
    ["no-such-command"],
    ["demo", "--bogus"],
])
def test_bad_arguments_one_line_exit_2(args, tmp_path):
    proc = run_aznews(*args, "--out", tmp_path) if args[0] == "crawl" else run_aznews(*args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "error" in lines[0]


def test_crawl_of_unreachable_site_fails_with_one_line(tmp_path):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = run_aznews("crawl", "bayraqdar", "--base-url", f"http://127.0.0.1:{port}", "--out", tmp_path / "ds",
                      "--no-nlp", "--no-progress", "--set", "RETRY_TIMES=0", timeout=120)
    assert proc.returncode == 1, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("aznews crawl: error: no site answered") and "ConnectionRefused" in last
