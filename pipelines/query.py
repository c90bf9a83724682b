"""DuckDB views over the dataset: what analysts query.

    con = connect("data/demo")          # a path or an fsspec URL (file://, memory://, s3://...)
    con.sql("SELECT * FROM roles WHERE organization = 'Təhsil Nazirliyi'").df()

Views
-----
articles, mentions, roles, dates
    The visible version of each article only (see pipelines/dataset.py): per
    article_id the articles row with the greatest (written_at, version), and
    the child rows of that version. Columns: the table's schema columns, then
    the partition columns source, year, month (mentions/roles/dates get the
    source of their article from the partition path).
entities
    One row per entity_id: label, canonical, mentions (count), articles
    (distinct articles), first_seen / last_seen (min / max articles.published_at).

A table with no files yet still has its view, empty, with the same columns.

Speed: the visible versions are computed once per connection (temporary table
`_latest`, one scan of three articles columns); the views then semi-join on
`version`, which DuckDB applies after pushing filters into the Parquet scan.
A connection therefore sees the versions as of connect(); connect again after
new writes or a compaction.
"""
from __future__ import annotations

import os

from pipelines import schema
from pipelines.dataset import Dataset, SchemaVersionError, supported_version

DEFAULT_DATASET = "data/demo"
VIEWS = ("articles", "mentions", "roles", "dates", "entities")


def default_dataset() -> str:
    return os.environ.get("AZNEWS_DATASET") or DEFAULT_DATASET


def _sql_type(t) -> str:
    import pyarrow as pa

    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float32(t):
        return "FLOAT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t):
        return _sql_type(t.value_type) + "[]"
    raise TypeError(f"no SQL type for {t}")


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns(name: str) -> list[str]:
    cols = list(schema.TABLES[name].names)
    if "source" not in cols:
        cols.append("source")
    return cols + ["year", "month"]


def _raw_source(ds: Dataset, name: str, has_files: bool, union_by_name: bool) -> str:
    """SELECT of a table's stored rows (all versions), with fixed columns and types."""
    sch = schema.TABLES[name]
    if not has_files:
        cols = [f"CAST(NULL AS {_sql_type(f.type)}) AS \"{f.name}\"" for f in sch]
        if "source" not in sch.names:
            cols.append('CAST(NULL AS VARCHAR) AS "source"')
        cols += ["CAST(NULL AS INTEGER) AS year", "CAST(NULL AS INTEGER) AS month"]
        return f"SELECT {', '.join(cols)} WHERE false"
    cols = [f"CAST(\"{f.name}\" AS {_sql_type(f.type)}) AS \"{f.name}\"" for f in sch]
    if "source" not in sch.names:
        cols.append('CAST("source" AS VARCHAR) AS "source"')
    cols += ["year", "month"]
    return (
        f"SELECT {', '.join(cols)} FROM read_parquet({_q(ds.glob_url(name))}, hive_partitioning = true, "
        f"union_by_name = {str(union_by_name).lower()}, hive_types = {{'year': INTEGER, 'month': INTEGER}})"
    )


def _version_error(path, version) -> SchemaVersionError:
    what = f"schema version {version}" if version else "no aznews schema version"
    return SchemaVersionError(f"{path}: {what}; this aznews reads version {schema.SCHEMA_VERSION.split('.')[0]}.x")


def file_versions(con, ds: Dataset, files: dict) -> list:
    """Schema version of every file ({table: [paths]} from Dataset.files); raises for unsupported ones.

    Returns the distinct versions found. One footer read per file, all tables in one DuckDB call.
    """
    key = schema.SCHEMA_VERSION_KEY.decode()
    tables = [t for t, f in files.items() if f]
    if not tables:
        return []
    globs = "[" + ", ".join(_q(ds.glob_url(t)) for t in tables) + "]"
    rows = con.execute(
        f"SELECT file_name, decode(value) FROM parquet_kv_metadata({globs}) WHERE decode(key) = {_q(key)}"
    ).fetchall()
    for path, version in rows:
        if not supported_version(version):
            raise _version_error(path, version)
    if len(rows) < sum(len(files[t]) for t in tables):  # some file has no version: find it for the message
        tagged = {r[0] for r in rows}
        for t in tables:
            for (path,) in con.execute(f"SELECT file FROM glob({_q(ds.glob_url(t))})").fetchall():
                if path not in tagged:
                    raise _version_error(path, None)
    return sorted({r[1] for r in rows})


def connect(dataset=None, check: bool = True, con=None):
    """A DuckDB connection with the dataset's views. Raises DatasetNotFoundError / SchemaVersionError.

    The visible version of each article is fixed when connect() runs (a snapshot
    kept in the temporary table _latest): connect again to see later writes.
    """
    import duckdb

    ds = dataset if isinstance(dataset, Dataset) else Dataset(dataset or default_dataset())
    ds.require()
    con = con or duckdb.connect()
    if not ds.is_local:
        con.register_filesystem(ds.fs)
    files = {t: ds.files(t) for t in schema.TABLES}
    versions = file_versions(con, ds, files) if check else None
    # union_by_name (slow: it reads every footer at each bind) only when files of several minor versions mix
    union = versions is None or versions != [schema.SCHEMA_VERSION]
    for name in schema.TABLES:
        con.execute(f"CREATE OR REPLACE VIEW _{name}_stored AS {_raw_source(ds, name, bool(files[name]), union)}")
    # the visible version of each article: greatest (written_at, version); versions are unique per write
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _latest AS SELECT article_id, "
        "max_by(version, struct_pack(w := written_at, v := version)) AS version FROM _articles_stored GROUP BY article_id"
    )
    for name in schema.TABLES:
        con.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT t.* FROM _{name}_stored t SEMI JOIN _latest l ON t.version = l.version")
    con.execute(
        """CREATE OR REPLACE VIEW entities AS
        SELECT m.entity_id,
               min(m.label) AS label,
               min(m.canonical) AS canonical,
               count(*) AS mentions,
               count(DISTINCT m.article_id) AS articles,
               min(a.published_at) AS first_seen,
               max(a.published_at) AS last_seen
        FROM mentions m LEFT JOIN articles a ON a.article_id = m.article_id
        GROUP BY m.entity_id"""
    )
    return con


def query(sql: str, dataset=None):
    """Run one SQL statement against the views; returns a pyarrow Table."""
    con = connect(dataset)
    try:
        return con.sql(sql).to_arrow_table()
    finally:
        con.close()
