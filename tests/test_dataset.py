"""aznews.pipelines.dataset.writer: schema round trip, incremental writes, versions, publishing, errors."""
from __future__ import annotations

import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

from aznews.pipelines.dataset import schema
from aznews.pipelines.dataset.writer import Dataset, DatasetNotFoundError, SchemaVersionError
from aznews.pipelines.errors import UserError
from aznews.pipelines.dataset.query import connect
from test_dataset_samples import ARTICLES, REFERENCE_BODY, sample_batch, sample_counts


def view_counts(root) -> dict:
    con = connect(root)
    out = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in schema.TABLES}
    con.close()
    return out


def stored_rows(root, table) -> int:
    """Rows physically stored in a table's files (published and pending), all versions."""
    files = Dataset(root).files(table)
    return sum(pq.read_metadata(f).num_rows for f in files)


def plain_rows(root, table) -> int:
    """Rows a plain Parquet reader of the table folder sees."""
    folder = Path(root) / table
    return pads.dataset(str(folder), format="parquet", partitioning="hive").count_rows() if folder.exists() else 0


def test_round_trip_pyarrow_pandas_duckdb(tmp_path):
    root = tmp_path / "ds"
    ds = Dataset(root)
    res = ds.write(*sample_batch())
    assert res.new == len(ARTICLES) and res.rows == sample_counts()
    # written, not yet published: aznews readers see it, plain readers do not
    assert view_counts(root) == sample_counts() and not ds.published_files("articles")
    pub = ds.publish()
    assert pub.absorbed == len(ds.pending_files("articles") + ds.pending_files("mentions")
                               + ds.pending_files("roles") + ds.pending_files("dates"))

    # pyarrow, file by file: exact schema (no partition column stored) and version metadata
    for table in schema.TABLES:
        files = ds.published_files(table)
        assert files, table
        for f in files:
            assert "/source=" in f and "/year=" in f and "/month=" in f and f.endswith("/data.parquet")
            t = pq.read_table(f)
            assert t.schema.metadata[schema.SCHEMA_VERSION_KEY] == schema.SCHEMA_VERSION.encode()
            assert [(x.name, x.type) for x in t.schema] == [(x.name, x.type) for x in schema.stored(table)]
            assert "source" not in t.column_names
            assert pq.ParquetFile(f).metadata.row_group(0).column(0).compression == "ZSTD"
    # the partition comes from published_at (UTC), or fetched_at when the page has no date
    ref = [f for f in ds.published_files("articles") if "source=bayraqdar/year=2021/month=12" in f]
    assert len(ref) == 1
    assert any("source=report/year=2026/month=11" in f for f in ds.published_files("articles"))

    # pyarrow.dataset with hive partitioning over the whole folder
    arts = pads.dataset(str(root / "articles"), format="parquet", partitioning="hive").to_table()
    row = [r for r in arts.to_pylist() if r["title"] == ARTICLES[0][3]][0]
    assert row["published_at"] == datetime(2021, 12, 17, 7, 15, tzinfo=timezone.utc)
    assert row["published_at_local"] == "2021-12-17T11:15:00+04:00"
    assert row["categories"] == ["Təhsil"] and row["tags"] == ["nazirlik", "kommunikasiya"]
    assert row["year"] == 2021 and row["month"] == 12 and row["source"] == "bayraqdar"

    # pandas: the whole table folder (partition columns once), timezone-aware dtype, list cells
    import pandas as pd

    whole = pd.read_parquet(root / "articles")
    assert len(whole) == len(ARTICLES) and set(whole["source"]) == {a[1] for a in ARTICLES}
    df = pq.read_table(ref[0]).to_pandas()
    assert str(df["published_at"].dtype) == "datetime64[us, UTC]"
    assert list(df.loc[0, "tags"]) == ["nazirlik", "kommunikasiya"]
    assert df.loc[0, "body"] == REFERENCE_BODY

    # DuckDB views: types, values, latest version only
    con = connect(root)
    types = dict(con.execute("SELECT column_name, column_type FROM (DESCRIBE articles)").fetchall())
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["categories"] == "VARCHAR[]" and types["word_count"] == "INTEGER"
    con.execute("SET TimeZone = 'UTC'")
    got = con.execute(
        "SELECT published_at, categories, source, year, month FROM articles WHERE title = ?", [ARTICLES[0][3]]
    ).fetchall()
    assert got == [(datetime(2021, 12, 17, 7, 15, tzinfo=got[0][0].tzinfo), ["Təhsil"], "bayraqdar", 2021, 12)]
    assert got[0][0].utcoffset().total_seconds() == 0
    roles = con.execute(
        "SELECT person, title, organization, source FROM roles WHERE organization = 'Təhsil Nazirliyi' ORDER BY published_at, person"
    ).fetchall()
    assert roles[0] == ("Billurə Hacızadə", "baş məsləhətçi", "Təhsil Nazirliyi", "bayraqdar")
    assert len(roles) == 4
    kv = con.execute(
        f"SELECT DISTINCT decode(value) FROM parquet_kv_metadata('{root}/_pending/mentions/**/*.parquet') "
        "WHERE decode(key) = 'aznews.schema_version'"
    ).fetchall()
    assert kv == [(schema.SCHEMA_VERSION,)]
    # the entity is the watched body under its current name; its former name counts for it
    ent = con.execute(
        "SELECT entity_id, label, canonical, mentions, articles, first_seen < last_seen, names FROM entities "
        "WHERE list_contains(names, 'Təhsil Nazirliyi')"
    ).fetchall()
    both = duckdb.sql(
        f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{root}/mentions/**/*.parquet') "
        "WHERE label = 'ORGANIZATION' AND canonical IN ('Təhsil Nazirliyi', 'Elm və Təhsil Nazirliyi')").fetchall()[0]
    assert both[1] >= 2
    assert ent == [("elm-ve-tehsil-nazirliyi", "ORGANIZATION", "Elm və Təhsil Nazirliyi", *both, True,
                    ["Elm və Təhsil Nazirliyi", "Təhsil Nazirliyi"])]
    con.close()


def test_same_batch_twice_adds_nothing(tmp_path):
    root = tmp_path / "ds"
    Dataset(root).write(*sample_batch())
    files = {t: Dataset(root).files(t) for t in schema.TABLES}
    # a new instance (a new process) decides from the stored rows, not from a cache
    res = Dataset(root).write(*sample_batch())
    assert (res.written, res.unchanged) == (0, len(ARTICLES))
    assert {t: Dataset(root).files(t) for t in schema.TABLES} == files
    assert view_counts(root) == sample_counts()
    Dataset(root).publish()
    assert Dataset(root).write(*sample_batch()).written == 0  # decided from the published files too
    assert {t: plain_rows(root, t) for t in schema.TABLES} == sample_counts()
    # and twice in the same batch: the last copy wins, stored once
    root2 = tmp_path / "ds2"
    a, m, r, d = sample_batch([0])
    Dataset(root2).write(a + a, m, r, d)
    assert view_counts(root2) == sample_counts([0])


def test_changed_article_replaces_old_version_in_every_table(tmp_path):
    root = tmp_path / "ds"
    ds = Dataset(root)
    ds.write(*sample_batch())
    before = Dataset(root).known_articles()
    # the page was edited: Cəsarət Valehov's paragraph removed, so one person, one title, one role fewer
    edited = REFERENCE_BODY.rsplit("\n\n", 1)[0]
    row0 = ARTICLES[0]
    edited_article = list(row0)
    edited_article[5] = [m for m in row0[5] if m[2] not in ("Cəsarət Valehov", "sektor müdiri")]
    edited_article[6] = [r for r in row0[6] if r[0] != "Cəsarət Valehov"]
    ARTICLES[0] = tuple(edited_article)
    try:
        batch = sample_batch([0], body_override={0: edited}, modified={0: "2021-12-18T09:00:00+04:00"})
    finally:
        ARTICLES[0] = row0
    res = Dataset(root).write(*batch)
    assert (res.replaced, res.rows["mentions"], res.rows["roles"]) == (1, 6, 2)
    counts = view_counts(root)
    full = sample_counts()
    assert counts == {"articles": full["articles"], "mentions": full["mentions"] - 2, "roles": full["roles"] - 1, "dates": full["dates"]}
    con = connect(root)
    aid = schema.article_id(row0[0])
    assert con.execute("SELECT body FROM articles WHERE article_id = ?", [aid]).fetchall() == [(edited,)]
    assert con.execute("SELECT count(*) FROM mentions WHERE canonical = 'Cəsarət Valehov'").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM roles WHERE person = 'Cəsarət Valehov'").fetchall() == [(0,)]
    assert con.execute("SELECT count(DISTINCT version) FROM mentions WHERE article_id = ?", [aid]).fetchall() == [(1,)]
    con.close()
    after = Dataset(root).known_articles()
    assert after[aid][0] != before[aid][0]
    assert after[aid][1] == datetime(2021, 12, 18, 5, 0, tzinfo=timezone.utc)
    # the old version is still on disk until the next publish, which leaves only the current rows
    assert stored_rows(root, "roles") == full["roles"] + 2
    Dataset(root).publish()
    assert {t: plain_rows(root, t) for t in schema.TABLES} == counts
    assert view_counts(root) == counts

    # an older copy of the original text (stale) is not written back
    stale = sample_batch([0], modified={0: "2021-12-17T12:00:00+04:00"})
    res = Dataset(root).write(*stale)
    assert (res.stale, res.written) == (1, 0)
    # same text with a newer modified_at: stored again (new metadata), still one visible version
    res = Dataset(root).write(*sample_batch([1], modified={1: "2022-01-01T00:00:00+04:00"}))
    assert res.replaced == 1
    assert view_counts(root)["articles"] == full["articles"]


def test_child_rows_must_belong_to_the_batch(tmp_path):
    a, m, r, d = sample_batch([0, 1])
    with pytest.raises(ValueError, match="not in this batch"):
        Dataset(tmp_path / "ds").write(a[:1], m, r, d)
    Dataset(tmp_path / "ds").write(a, m, r, d)
    with pytest.raises(ValueError, match="not in this batch"):  # also when every article is unchanged
        Dataset(tmp_path / "ds").write(a[:1], m, r, d)
    assert view_counts(tmp_path / "ds") == sample_counts([0, 1])


def _several_small_batches(root):
    ds = Dataset(root, writer_id="w1")
    for i in range(len(ARTICLES)):
        ds.write(*sample_batch([i]))
    # two more versions of the reference article, written by another writer
    for n, stamp in enumerate(["2021-12-18T09:00:00+04:00", "2021-12-19T09:00:00+04:00"]):
        Dataset(root, writer_id="w2").write(
            *sample_batch([0], body_override={0: REFERENCE_BODY + f"\n\nYenilənib {n}."}, modified={0: stamp})
        )


def test_publish_keeps_counts_and_drops_superseded_versions(tmp_path):
    root = tmp_path / "ds"
    _several_small_batches(root)
    ds = Dataset(root)
    counts = view_counts(root)
    assert counts == sample_counts()
    assert stored_rows(root, "mentions") == counts["mentions"] + 2 * len(ARTICLES[0][5])
    assert len(ds.files("mentions")) > 4
    known = ds.known_articles()

    res = ds.publish(orphan_grace_s=0)
    assert res.rows_dropped == {"articles": 2, "mentions": 16, "roles": 6, "dates": 4}
    assert view_counts(root) == counts
    for t in schema.TABLES:
        assert plain_rows(root, t) == counts[t]  # a plain reader sees exactly the current rows
        parts = [f.rsplit("/", 1)[0] for f in ds.published_files(t)]
        assert len(parts) == len(set(parts))  # one file per partition
    assert Dataset(root).known_articles() == known
    con = connect(root)
    assert con.execute("SELECT count(*) FROM articles WHERE body LIKE '%Yenilənib 1.'").fetchall() == [(1,)]
    con.close()
    # the absorbed pending files stay for their grace period, then go; nothing else changes
    assert ds.pending_files("articles")
    again = ds.publish(orphan_grace_s=0, retire_grace_s=0)
    assert again.partitions == 0 and again.retired == res.absorbed
    assert not any(ds.pending_files(t) for t in schema.TABLES)
    for t in schema.TABLES:
        assert stored_rows(root, t) == counts[t]  # superseded versions physically gone
    assert view_counts(root) == counts
    assert ds.publish().partitions == 0


def test_publish_midway_states_never_double_count(tmp_path):
    """Copies of the dataset frozen at each step of a publish read exactly like before, and a
    connection opened before a publish reads the same after it."""
    root = tmp_path / "ds"
    _several_small_batches(root)
    counts = view_counts(root)
    before = tmp_path / "before"
    shutil.copytree(root, before)
    early = connect(root)  # a long-lived reader: its snapshot lists the pending files
    Dataset(root).publish(orphan_grace_s=0)
    published = {t: Dataset(root).published_files(t) for t in schema.TABLES}
    assert all(published.values())
    assert {t: early.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in schema.TABLES} == counts
    assert early.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchall() == [(0,)]
    early.close()

    def state(name, tables):
        d = tmp_path / name
        shutil.copytree(before, d)
        for t in tables:
            for f in published[t]:
                dest = d / f[len(str(root)) + 1:]
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(f, dest)
        return d

    # published child files renamed into place, the articles files not yet (a publisher killed there)
    children = state("children_only", ["mentions", "roles", "dates"])
    assert view_counts(children) == counts
    # every published file in place, the absorbed pending files still there
    both = state("old_and_new", list(schema.TABLES))
    assert view_counts(both) == counts
    con = connect(both)
    assert con.execute("SELECT count(*) - count(DISTINCT article_id) FROM articles").fetchall() == [(0,)]
    con.close()
    # the killed publish is completed by the next one
    Dataset(children).publish()
    assert {t: plain_rows(children, t) for t in schema.TABLES} == counts == view_counts(children)


def test_orphaned_child_rows_are_invisible_and_kept_while_young(tmp_path):
    root = tmp_path / "ds"
    ds = Dataset(root)
    ds.write(*sample_batch([1, 2, 3]))
    res = ds.write(*sample_batch([0]))
    # a writer that died after its child files, before its articles file
    [art_file] = [f for f in res.files if "/articles/" in f]
    Path(art_file).unlink()
    assert view_counts(root) == sample_counts([1, 2, 3])
    assert schema.article_id(ARTICLES[0][0]) not in Dataset(root).known_articles()
    young = Dataset(root).publish(orphan_grace_s=3600)
    assert young.rows_dropped["mentions"] == 0
    assert stored_rows(root, "mentions") == sample_counts([1, 2, 3])["mentions"] * 2 + len(ARTICLES[0][5])
    assert plain_rows(root, "mentions") == sample_counts([1, 2, 3])["mentions"]
    old = Dataset(root).publish(orphan_grace_s=0, retire_grace_s=0)
    assert old.rows_dropped["mentions"] == len(ARTICLES[0][5])
    assert stored_rows(root, "mentions") == sample_counts([1, 2, 3])["mentions"]
    # the rerun stores the article completely
    Dataset(root).write(*sample_batch([0]))
    assert view_counts(root) == sample_counts([0, 1, 2, 3])


def test_temp_files_are_ignored_by_readers_and_cleaned_when_old(tmp_path):
    root = tmp_path / "ds"
    ds = Dataset(root)
    ds.write(*sample_batch([0]))
    ds.publish()
    # a half-written file of a killed writer, under its temporary name, outside every table folder
    good = ds.published_files("mentions")[0]
    tmp = root / "_tmp" / ".data.parquet.abc123.tmp"
    data = Path(good).read_bytes()
    tmp.write_bytes(data[: len(data) // 2])
    assert view_counts(root) == sample_counts([0])
    assert plain_rows(root, "mentions") == len(ARTICLES[0][5])
    import polars as pl  # a directory scan fails on any file that is not Parquet

    assert pl.scan_parquet(str(root / "mentions"), hive_partitioning=True).collect().height == len(ARTICLES[0][5])
    assert Dataset(root).compact(temp_grace_s=3600).temp_files_removed == 0
    assert Dataset(root).compact(temp_grace_s=0).temp_files_removed == 1


@pytest.mark.parametrize("scheme", ["memory", "file"])
def test_fsspec_urls(tmp_path, scheme):
    url = f"memory://aznews-test-{uuid.uuid4().hex[:8]}" if scheme == "memory" else (tmp_path / "ds").as_uri()
    ds = Dataset(url)
    ds.write(*sample_batch([0, 1]))
    assert ds.write(*sample_batch([0, 1])).written == 0
    assert view_counts(url) == sample_counts([0, 1])
    ds.write(*sample_batch([0], body_override={0: REFERENCE_BODY + " Yeni."}))
    assert Dataset(url).compact(orphan_grace_s=0).rows_dropped["articles"] == 1
    assert view_counts(url) == sample_counts([0, 1])
    if scheme == "file":
        assert view_counts(tmp_path / "ds") == sample_counts([0, 1])
    else:
        Dataset(url).fs.rm(Dataset(url).path, recursive=True)


def test_empty_dataset_has_typed_empty_views(tmp_path):
    root = tmp_path / "ds"
    ds = Dataset(root)
    ds.write(*sample_batch([4]))  # a Russian article: no mentions, roles or dates
    con = connect(root)
    assert con.execute("SELECT count(*) FROM mentions").fetchall() == [(0,)]
    cols = con.execute("SELECT column_name, column_type FROM (DESCRIBE roles)").fetchall()
    # the stored columns, the partition columns, then the identity's ids
    assert cols[-6:] == [("source", "VARCHAR"), ("year", "INTEGER"), ("month", "INTEGER"),
                         ("person_id", "VARCHAR"), ("organization_id", "VARCHAR"), ("parent_organization_id", "VARCHAR")]
    assert ("version", "BIGINT") in cols and ("years", "VARCHAR") in cols
    assert con.execute("SELECT count(*) FROM posts").fetchall() == [(0,)]
    assert ("published_at", "TIMESTAMP WITH TIME ZONE") in cols
    assert con.execute("SELECT count(*) FROM entities").fetchall() == [(0,)]
    assert con.execute("SELECT nlp_status FROM articles").fetchall() == [("skipped-language",)]
    con.close()


def test_clear_errors(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(DatasetNotFoundError, match="dataset not found"):
        connect(missing)
    with pytest.raises(UserError):
        Dataset(missing).compact()
    (tmp_path / "empty").mkdir()
    with pytest.raises(DatasetNotFoundError, match="not an aznews dataset"):
        connect(tmp_path / "empty")

    root = tmp_path / "ds"
    Dataset(root).write(*sample_batch([0]))
    folder = root / "mentions" / "source=bayraqdar" / "year=2021" / "month=12"
    future = pa.table({"article_id": ["x"]}).replace_schema_metadata({schema.SCHEMA_VERSION_KEY: b"3.0"})
    folder.mkdir(parents=True)
    pq.write_table(future, folder / "part-future.parquet")
    with pytest.raises(SchemaVersionError, match=r"part-future\.parquet: schema version 3\.0"):
        connect(root)
    with pytest.raises(SchemaVersionError):
        Dataset(root).compact()
    (folder / "part-future.parquet").unlink()
    pq.write_table(pa.table({"article_id": ["x"]}), folder / "part-foreign.parquet")
    with pytest.raises(SchemaVersionError, match="no aznews schema version"):
        Dataset(root).check()
    with pytest.raises(SchemaVersionError, match="no aznews schema version"):
        connect(root)
    (folder / "part-foreign.parquet").unlink()
    assert view_counts(root) == sample_counts([0])
    # a minor version (2.x) with an extra column at the end is still read
    Dataset(root).publish()
    dates_file = Dataset(root).published_files("dates")[0]
    extra = pq.read_table(dates_file)
    extra = extra.append_column("confidence", pa.array([0.5] * extra.num_rows, pa.float32()))
    extra = extra.replace_schema_metadata({**extra.schema.metadata, schema.SCHEMA_VERSION_KEY: b"2.9"})
    pq.write_table(extra, dates_file)
    assert view_counts(root)["dates"] == len(ARTICLES[0][7])


def test_version_1_files_are_read_and_published_as_2(tmp_path):
    """1.x articles files stored the source column next to the partition key; they are still read,
    and publishing rewrites them without it."""
    root = tmp_path / "ds"
    Dataset(root).write(*sample_batch([0, 1]))
    for f in Dataset(root).pending_files("articles"):
        t = pq.read_table(f)
        src = f.split("source=", 1)[1].split("/", 1)[0]
        t = t.add_column(3, "source", pa.array([src] * t.num_rows, pa.string()))
        pq.write_table(t.replace_schema_metadata({schema.SCHEMA_VERSION_KEY: b"1.0"}), f)
    assert view_counts(root) == sample_counts([0, 1])
    Dataset(root).publish()
    for f in Dataset(root).published_files("articles"):
        assert "source" not in pq.read_schema(f).names
    import pandas as pd

    assert len(pd.read_parquet(root / "articles")) == 2
    assert view_counts(root) == sample_counts([0, 1])


def test_article_moving_partition_and_table_input(tmp_path):
    """A corrected publication date moves the article to another month; pyarrow Tables are accepted as input."""
    root = tmp_path / "ds"
    a, m, r, d = sample_batch([0])
    as_tables = [pa.Table.from_pylist(rows) for rows in (a, m, r, d)]
    assert Dataset(root).write(*as_tables).rows == sample_counts([0])
    moved = dict(a[0], published_at=datetime(2022, 1, 3, 8, 0, tzinfo=timezone.utc), content_hash="edited")
    Dataset(root).write([moved], m, r, d)
    assert view_counts(root) == sample_counts([0])
    con = connect(root)
    assert con.execute("SELECT DISTINCT year, month FROM mentions").fetchall() == [(2022, 1)]
    assert con.execute("SELECT DISTINCT strftime(published_at AT TIME ZONE 'UTC', '%Y-%m') FROM roles").fetchall() == [("2022-01",)]
    con.close()
    res = Dataset(root).compact(orphan_grace_s=0, retire_grace_s=0)
    assert res.rows_dropped["mentions"] == len(ARTICLES[0][5])
    for t in schema.TABLES:  # the old month keeps an empty file (published files are never removed)
        old_month = root / t / "source=bayraqdar" / "year=2021"
        assert not old_month.exists() or pads.dataset(str(old_month), format="parquet").count_rows() == 0
        assert plain_rows(root, t) == sample_counts([0])[t]
    assert view_counts(root) == sample_counts([0])
