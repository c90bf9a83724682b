"""Every Parquet reader reads the dataset right: pandas, pyarrow.dataset, DuckDB read_parquet, Polars
and Spark, on a real crawl of the demo site, after a re-crawl with changed articles and after
`aznews nlp --redo`: one row per article, only the mentions/roles/dates of each article's current
version, the same counts as `aznews query`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("articles", "mentions", "roles", "dates")
LOCAL = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def aznews(*args, timeout=300):
    r = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *map(str, args)], cwd=ROOT,
                       capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, (args, r.stderr[-3000:])
    return r


def query_counts(ds: Path) -> dict:
    sql = ("SELECT (SELECT count(*) FROM articles) AS articles, (SELECT count(*) FROM mentions) AS mentions, "
           "(SELECT count(*) FROM roles) AS roles, (SELECT count(*) FROM dates) AS dates")
    [row] = json.loads(aznews("query", sql, "--dataset", ds, "--format", "json").stdout)
    return row


def pandas_tables(ds: Path) -> dict:
    import pandas as pd

    return {t: pd.read_parquet(ds / t) for t in TABLES}


def pyarrow_tables(ds: Path) -> dict:
    import pyarrow.dataset as pads

    return {t: pads.dataset(str(ds / t), format="parquet", partitioning="hive").to_table().to_pandas() for t in TABLES}


def duckdb_tables(ds: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    try:
        return {t: con.sql(f"SELECT * FROM read_parquet('{ds / t}/**/*.parquet', hive_partitioning = true)").df()
                for t in TABLES}
    finally:
        con.close()


def polars_tables(ds: Path) -> dict:
    import polars as pl

    return {t: pl.scan_parquet(str(ds / t), hive_partitioning=True).collect().to_pandas() for t in TABLES}


def check_current_state(name: str, tables: dict, expected: dict) -> None:
    """One row per article; child rows only of the article's current (its only) version; counts as aznews query."""
    arts = tables["articles"]
    assert {t: len(df) for t, df in tables.items()} == expected, name
    assert arts["article_id"].is_unique, name
    assert set(arts["source"].astype(str)) == {"bayraqdar"}, name  # the partition column, read once
    current = dict(zip(arts["article_id"], arts["version"]))
    for t in ("mentions", "roles", "dates"):
        df = tables[t]
        assert all(current.get(a) == v for a, v in zip(df["article_id"], df["version"])), (name, t)
    m = tables["mentions"]
    assert not m.duplicated(["article_id", "start", "end", "label"]).any(), name


def spark_session():
    if shutil.which("java") is None:
        pytest.skip("Spark: no JVM here (Debian: apt-get install default-jre-headless; scripts/system-deps.sh does)")
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        pytest.skip("Spark: pyspark is not installed (pip install -e '.[test]')")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    return (SparkSession.builder.master("local[1]").appName("aznews-test")
            .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate())


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """The demo site crawled (with NLP), changed, crawled again, then `aznews nlp --redo`;
    a copy of the dataset after each step."""
    from aznews.pipelines.demo.site import DemoSite, load_posts

    base = tmp_path_factory.mktemp("readers")
    ds = base / "ds"
    steps = {}
    with DemoSite(load_posts()) as site:
        aznews("crawl", "bayraqdar", "--base-url", site.url, "--out", ds, "--no-progress", *LOCAL)
        steps["first crawl"] = base / "first"
        shutil.copytree(ds, steps["first crawl"])
        posts = site.posts
        for p in posts[:3]:  # editors change three articles: one paragraph added
            site.modify(p.id, body=[*p.body, "Xəbər yenilənib: Təhsil Nazirliyinin nümayəndəsi Elnur Nəsibov açıqlama verib."])
        aznews("crawl", "bayraqdar", "--base-url", site.url, "--out", ds, "--no-progress", *LOCAL)
    steps["re-crawl with changed articles"] = base / "recrawl"
    shutil.copytree(ds, steps["re-crawl with changed articles"])
    aznews("nlp", "--dataset", ds, "--redo", "--no-progress")
    steps["nlp --redo"] = ds
    return steps


@pytest.mark.slow
def test_every_reader_sees_the_current_state(crawled):
    first = query_counts(crawled["first crawl"])
    assert first["articles"] >= 15 and first["mentions"] > 100
    for step, ds in crawled.items():
        expected = query_counts(ds)
        assert expected["articles"] == first["articles"], step  # changed articles replaced, not added
        for name, read in (("pandas", pandas_tables), ("pyarrow.dataset", pyarrow_tables),
                           ("duckdb read_parquet", duckdb_tables), ("polars", polars_tables)):
            check_current_state(f"{name} after {step}", read(ds), expected)
    # the re-crawl replaced the changed articles: the new paragraph is in the plain read, once each
    import pandas as pd

    arts = pd.read_parquet(crawled["re-crawl with changed articles"] / "articles")
    assert arts["body"].str.contains("Xəbər yenilənib").sum() == 3
    # and nlp --redo wrote new versions of every article, superseded ones gone from the plain read
    before = pd.read_parquet(crawled["re-crawl with changed articles"] / "articles").set_index("article_id")["version"]
    after = pd.read_parquet(crawled["nlp --redo"] / "articles").set_index("article_id")["version"]
    assert set(before.index) == set(after.index) and not (before.loc[after.index] == after).any()


@pytest.mark.slow
def test_spark_reads_every_table(crawled):
    spark = spark_session()
    try:
        for step, ds in crawled.items():
            expected = query_counts(ds)
            tables = {t: spark.read.parquet(str(ds / t)) for t in TABLES}
            assert {t: df.count() for t, df in tables.items()} == expected, step
            arts = tables["articles"]
            assert arts.select("article_id").distinct().count() == expected["articles"], step
            assert dict(arts.dtypes)["published_at"] == "timestamp" and dict(arts.dtypes)["source"] == "string"
            # no mention of a superseded version
            stale = tables["mentions"].join(arts.select("article_id", "version"), ["article_id", "version"], "left_anti")
            assert stale.count() == 0, step
    finally:
        spark.stop()
