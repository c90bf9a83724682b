"""`aznews query`, `aznews stats`, `aznews compact` through the installed console script."""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from aznews.pipelines.dataset import schema
from aznews.pipelines.dataset.writer import Dataset, SchemaVersionError
from aznews.pipelines.dataset.query import connect
from test_dataset_samples import REFERENCE_BODY, sample_batch, sample_counts

ROOT = Path(__file__).resolve().parents[1]
AZNEWS = shutil.which("aznews", path=str(Path(sys.executable).parent)) or "aznews"


def aznews(*args, cwd=None, env=None):
    e = dict(os.environ)
    e.pop("AZNEWS_DATASET", None)
    e.update(env or {})
    return subprocess.run([AZNEWS, *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=120)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    root = tmp_path_factory.mktemp("q") / "ds"
    Dataset(root).write(*sample_batch())
    return root


MINISTRY_ROLES = (
    "SELECT person, title, organization, event, strftime(published_at, '%Y-%m-%d') AS day FROM roles "
    "WHERE organization IN ('Təhsil Nazirliyi', 'Elm və Təhsil Nazirliyi') ORDER BY published_at, person"
)


def test_query_table_format(dataset):
    r = aznews("query", "SELECT label, count(*) AS n FROM mentions GROUP BY label ORDER BY n DESC, label", "--dataset", str(dataset))
    assert r.returncode == 0, r.stderr
    assert "ORGANIZATION" in r.stdout and "PERSON" in r.stdout and "4 row(s)" in r.stdout


def test_query_csv_json_parquet_out(dataset, tmp_path):
    out = tmp_path / "roles.csv"
    r = aznews("query", MINISTRY_ROLES, "--dataset", str(dataset), "--format", "csv", "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0] == {"person": "Billurə Hacızadə", "title": "baş məsləhətçi", "organization": "Təhsil Nazirliyi",
                       "event": "appointed", "day": "2021-10-05"}
    assert [r_["person"] for r_ in rows][-1] == "Elnur Nəsibov" and len(rows) == 5

    r = aznews("query", "SELECT title, published_at, categories FROM articles WHERE source = 'bayraqdar' ORDER BY published_at",
               "--dataset", str(dataset), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data[1]["title"] == "Qurumlararası kommunikasiyanın müzakirəsi"
    assert data[1]["published_at"].startswith("2021-12-17") and data[1]["categories"] == ["Təhsil"]

    out = tmp_path / "m.parquet"
    r = aznews("query", "SELECT * FROM mentions", "--dataset", str(dataset), "--format", "parquet", "--out", str(out))
    assert r.returncode == 0, r.stderr
    t = pq.read_table(out)
    assert t.num_rows == sample_counts()["mentions"] and "entity_id" in t.column_names

    out = tmp_path / "a.json"
    r = aznews("query", "SELECT body FROM articles WHERE body LIKE 'Bayraqdar%'", "--dataset", str(dataset), "--format", "json", "--out", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == [{"body": REFERENCE_BODY}]


@pytest.mark.parametrize(
    "args, message",
    [
        (["SELEC * FROM articles"], "query failed: Parser Error"),
        (["SELECT * FROM no_such_table"], "query failed: Catalog Error"),
        (["SELECT no_such_column FROM articles"], "query failed: Binder Error"),
        (["SELECT * FROM mentions", "--format", "parquet"], "--format parquet needs --out FILE"),
    ],
)
def test_query_bad_input_is_one_line(dataset, args, message):
    r = aznews("query", *args, "--dataset", str(dataset))
    assert r.returncode != 0
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aznews query: error: ") and message in lines[0], r.stderr


def test_missing_dataset_is_one_line(tmp_path):
    for cmd in (["query", "SELECT 1"], ["stats"], ["compact"]):
        r = aznews(*cmd, "--dataset", str(tmp_path / "nowhere"))
        assert r.returncode != 0
        lines = r.stderr.strip().splitlines()
        assert lines == [f"aznews {cmd[0]}: error: dataset not found: {tmp_path / 'nowhere'} (run 'aznews demo' or 'aznews crawl' first)"]
    # the default dataset is data/aznews relative to the working directory, or $AZNEWS_DATASET
    r = aznews("query", "SELECT 1", cwd=tmp_path)
    assert r.returncode != 0 and "dataset not found: data/aznews" in r.stderr
    r = aznews("query", "SELECT count(*) AS n FROM articles", "--format", "csv", cwd=tmp_path,
               env={"AZNEWS_DATASET": str(sample_dataset(tmp_path))})
    assert r.returncode == 0 and r.stdout.split() == ["n", "1"]


def sample_dataset(tmp_path):
    root = tmp_path / "one"
    Dataset(root).write(*sample_batch([0]))
    return root


def test_stats(dataset):
    r = aznews("stats", "--dataset", str(dataset))
    assert r.returncode == 0, r.stderr
    c = sample_counts()
    assert f"{c['articles']} articles, {c['mentions']} mentions, {c['roles']} roles, {c['dates']} dates" in r.stdout
    for text in ("bayraqdar", "ORGANIZATION", "baş məsləhətçi", "appointed", "2021-10-05", "2022-09-14"):
        assert text in r.stdout, text


def test_compact_command(tmp_path):
    root = tmp_path / "ds"
    for i in range(4):
        Dataset(root).write(*sample_batch([i]))
    Dataset(root).write(*sample_batch([0], body_override={0: REFERENCE_BODY + " Yeniləndi."}))
    r = aznews("compact", "--dataset", str(root))
    assert r.returncode == 0, r.stderr
    assert "rows dropped: articles 1, mentions 8, roles 3, dates 2" in r.stdout
    assert "published 4 partition(s)" in r.stdout
    con = connect(root)
    assert con.execute("SELECT count(*) FROM mentions").fetchall() == [(sample_counts([0, 1, 2, 3])["mentions"],)]
    con.close()


def test_in_process_query_api(dataset):
    from aznews.pipelines.dataset.query import query

    t = query("SELECT canonical, mentions, articles FROM entities WHERE label = 'PERSON' ORDER BY mentions DESC, canonical", dataset)
    assert t.to_pylist()[0] == {"canonical": "Billurə Hacızadə", "mentions": 2, "articles": 2}


QUERY_PATH_PROBE = """
import sys
from argparse import Namespace
from aznews.pipelines.commands import query
query.run(Namespace(sql=sys.argv[1], dataset=sys.argv[2], format=sys.argv[3], out=None, max_rows=200))
heavy = sorted(m for m in ("pyarrow", "pandas", "numpy", "rich", "fsspec", "scrapy", "torch", "stanza", "nlp") if m in sys.modules)
print("HEAVY:" + ",".join(heavy))
"""


def test_query_path_imports_only_duckdb(dataset, tmp_path):
    """`aznews query` on a local dataset: no pyarrow (once the SQL types are cached), pandas, rich, fsspec or nlp."""
    env = dict(os.environ, AZNEWS_CACHE_DIR=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))

    def probe(fmt="table"):
        r = subprocess.run([sys.executable, "-c", QUERY_PATH_PROBE, "SELECT label, count(*) AS n FROM mentions GROUP BY 1 ORDER BY 1",
                            str(dataset), fmt], capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 0, r.stderr
        return r.stdout

    first = probe()  # computes the SQL column types from aznews.pipelines.dataset.schema (pyarrow) and caches them
    assert "pyarrow" in first.rsplit("HEAVY:", 1)[1]
    assert (tmp_path / "cache" / "sql-schema.json").exists()
    for fmt in ("table", "json", "csv"):
        out = probe(fmt)
        assert "ORGANIZATION" in out
        assert out.rsplit("HEAVY:", 1)[1].strip() == "", out
    assert "│ ORGANIZATION │ 7 │" in probe("table")


def test_connect_caches_are_keyed_by_the_files(tmp_path):
    from aznews.pipelines.dataset.query import LATEST_CACHE, MANIFEST

    root = tmp_path / "ds"
    Dataset(root).write(*sample_batch([0, 1]))

    def count():
        con = connect(root)
        try:
            return con.execute("SELECT count(*) FROM mentions").fetchall()[0][0]
        finally:
            con.close()

    assert count() == sample_counts([0, 1])["mentions"]
    manifest = json.loads((root / MANIFEST).read_text())["files"]
    assert len(manifest) == sum(len(Dataset(root).files(t)) for t in ("articles", "mentions", "roles", "dates"))
    assert {v[2] for v in manifest.values()} == {schema.SCHEMA_VERSION}
    [latest] = [p for p in root.iterdir() if p.name.startswith(LATEST_CACHE)]

    # a new version of article 0: new articles file -> new visible-version snapshot, the old cache is removed
    Dataset(root).write(*sample_batch([0], body_override={0: REFERENCE_BODY + " Yeni."}))
    assert count() == sample_counts([0, 1])["mentions"]
    caches = [p for p in root.iterdir() if p.name.startswith(LATEST_CACHE)]
    assert len(caches) == 1 and caches != [latest]
    con = connect(root)
    assert con.execute("SELECT count(*) FROM articles WHERE body LIKE '% Yeni.'").fetchall() == [(1,)]
    con.close()

    # a file replaced in place under a cached name is read again (size/mtime changed), and refused
    import pyarrow as pa

    victim = Dataset(root).files("dates")[0]
    future = pa.table({"article_id": ["x"]}).replace_schema_metadata({b"aznews.schema_version": b"3.0"})
    pq.write_table(future, victim)
    with pytest.raises(SchemaVersionError, match="schema version 3.0"):
        connect(root)
    Path(victim).unlink()

    # damaged caches are ignored and rebuilt
    (root / MANIFEST).write_text("{not json")
    caches[0].write_bytes(b"garbage")
    assert count() == sample_counts([0, 1])["mentions"]
    assert json.loads((root / MANIFEST).read_text())["files"]


def test_only_the_views_a_statement_names(dataset):
    import duckdb

    from aznews.pipelines.dataset.query import views_in

    assert views_in("SELECT * FROM Mentions m JOIN entities e USING (entity_id) -- roles") == {"mentions", "entities", "roles"}
    assert views_in("SELECT 1") == set()
    con = connect(dataset, views=views_in("SELECT count(*) FROM mentions"))
    try:
        assert con.execute("SELECT count(*) FROM mentions").fetchall() == [(sample_counts()["mentions"],)]
        with pytest.raises(duckdb.CatalogException):
            con.execute("SELECT count(*) FROM roles")
    finally:
        con.close()
    con = connect(dataset, views={"entities"})  # needs articles and mentions
    try:
        assert con.execute("SELECT count(*) FROM entities WHERE label = 'PERSON'").fetchall()[0][0] > 0
    finally:
        con.close()
