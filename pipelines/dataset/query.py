"""DuckDB views over the dataset: what analysts query.

    con = connect("data/aznews")        # a path or an fsspec URL (file://, memory://, s3://...)
    con.sql("SELECT * FROM roles WHERE organization = 'Təhsil Nazirliyi'").df()

Views
-----
articles, mentions, roles, dates
    The visible version of each article only (see pipelines/dataset/writer.py): per
    article_id the articles row with the greatest (written_at, version), and
    the child rows of that version. Columns: the table's schema columns, then
    the partition columns source, year, month (mentions/roles/dates get the
    source of their article from the partition path).
entities, posts, and the ids in mentions and roles
    Made by the identity stage (pipelines/identity/): mentions.entity_id is the
    entity's id across articles (a slug, the watchlist id of a watched body or
    person; the per-article hash stored in the files is not shown), roles gain
    person_id, organization_id and parent_organization_id, `entities` has one
    row per entity_id (label, canonical = the entity's name, mentions, articles,
    first_seen, last_seen, names used, kind, watched) and `posts` one row per
    tenure of a post (pipelines/identity/posts.py). Its tables are cached per
    snapshot in ROOT/_aznews_identity-*/ (pipelines/identity/store.py).

A table with no files yet still has its view, empty, with the same columns.

Snapshot: connect() lists the files once and the views read exactly those
files; the visible versions are computed once per connection (temporary
table `_latest`, one scan of three articles columns) and the views semi-join
on `version`, which DuckDB applies after pushing filters into the Parquet
scan. Connect again after new writes or a compaction (a file a compaction
removed afterwards makes a query on the old connection fail loudly).

Speed of connect() (`aznews query` runs it for every command):

* `connect(views=views_in(sql))` creates only the views a statement names
  (`aznews query` and `query()` do this); binding a view costs per file;

* no pyarrow, pandas or fsspec import for a local dataset: the SQL column
  types derived from aznews.pipelines.dataset.schema are cached in the user cache folder
  (AZNEWS_CACHE_DIR, else $XDG_CACHE_HOME/aznews or ~/.cache/aznews), keyed by
  the size and mtime of schema.py, so pyarrow is imported only when
  schema.py changed;
* schema versions: every file's version is read from its footer once and
  remembered in ROOT/_aznews_files.json, keyed by relative path, size and
  mtime (ns); a connect reads only the footers of files it has not seen.
  The manifest is a cache: a dataset whose folder is read-only, or a remote
  one, just reads every footer (one DuckDB parquet_kv_metadata call).
"""
from __future__ import annotations

import json
import os

from aznews.pipelines.dataset.writer import (ABSORBED_KEY, TABLE_NAMES, Dataset, SchemaVersionError, supported_version,
                                             warn_damaged)

DEFAULT_DATASET = "data/aznews"  # every command's default (`aznews demo` and `crawl` write there)
VIEWS = ("articles", "mentions", "roles", "dates", "entities", "posts")
IDENTITY_VIEWS = {"mentions", "roles", "entities", "posts"}  # views made by the identity stage
MANIFEST = "_aznews_files.json"
_SPEC: dict | None = None


def default_dataset() -> str:
    return os.environ.get("AZNEWS_DATASET") or DEFAULT_DATASET


def cache_dir() -> str:
    base = os.environ.get("AZNEWS_CACHE_DIR")
    if base:
        return base
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(xdg, "aznews")


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


def build_sql_schema() -> dict:
    """{"version", "key", "tables": {table: [[column, SQL type], ...]}} from aznews.pipelines.dataset.schema (imports pyarrow)."""
    from aznews.pipelines.dataset import schema

    return {
        "version": schema.SCHEMA_VERSION,
        "readable": list(schema.READABLE_MAJORS),
        "key": schema.SCHEMA_VERSION_KEY.decode(),
        "tables": {name: [[f.name, _sql_type(f.type)] for f in sch] for name, sch in schema.TABLES.items()},
    }


def _write_json_atomic(path: str, data) -> None:
    """Best effort: a cache that cannot be written is just not written."""
    folder = os.path.dirname(path)
    tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.{os.urandom(3).hex()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


def sql_schema() -> dict:
    """build_sql_schema(), cached on disk keyed by schema.py's size and mtime (no pyarrow import on a hit)."""
    global _SPEC
    if _SPEC is not None:
        return _SPEC
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "schema.py")
    try:
        st = os.stat(src)
        fingerprint = f"{src}:{st.st_size}:{st.st_mtime_ns}"
    except OSError:
        fingerprint = None
    path = os.path.join(cache_dir(), "sql-schema.json")
    if fingerprint:
        try:
            with open(path, encoding="utf-8") as f:
                cached = json.load(f)
            if cached.get("fingerprint") == fingerprint:
                _SPEC = cached["spec"]
                return _SPEC
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    _SPEC = build_sql_schema()
    if fingerprint:
        _write_json_atomic(path, {"fingerprint": fingerprint, "spec": _SPEC})
    return _SPEC


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _columns(name: str) -> list[str]:
    cols = [c for c, _ in sql_schema()["tables"][name]]
    if "source" not in cols:
        cols.append("source")
    return cols + ["year", "month"]


def _raw_source(ds: Dataset, name: str, files: list[str], union_by_name: bool) -> str:
    """SELECT of a table's stored rows (all versions) in `files`, with fixed columns and types."""
    spec = sql_schema()["tables"][name]
    names = [c for c, _ in spec]
    if not files:
        cols = [f'CAST(NULL AS {t}) AS "{c}"' for c, t in spec]
        if "source" not in names:
            cols.append('CAST(NULL AS VARCHAR) AS "source"')
        cols += ["CAST(NULL AS INTEGER) AS year", "CAST(NULL AS INTEGER) AS month"]
        return f"SELECT {', '.join(cols)} WHERE false"
    cols = [f'CAST("{c}" AS {t}) AS "{c}"' for c, t in spec]
    if "source" not in names:
        cols.append('CAST("source" AS VARCHAR) AS "source"')
    cols += ["year", "month"]
    paths = "[" + ", ".join(_q(ds.file_url(p)) for p in files) + "]"
    return (
        f"SELECT {', '.join(cols)} FROM read_parquet({paths}, hive_partitioning = true, "
        f"union_by_name = {str(union_by_name).lower()}, hive_types = {{'year': INTEGER, 'month': INTEGER}})"
    )


def _version_error(path, version) -> SchemaVersionError:
    readable = ", ".join(m + ".x" for m in sql_schema()["readable"])
    what = f"schema version {version}" if version else "no aznews schema version"
    return SchemaVersionError(f"{path}: {what}; this aznews reads versions {readable}")


def _kv_rows(con, urls: list[str], spec: dict) -> list:
    lst = "[" + ", ".join(_q(u) for u in urls) + "]"
    keys = ", ".join(_q(k) for k in (spec["key"], ABSORBED_KEY.decode()))
    return con.execute(
        f"SELECT file_name, decode(key), decode(value) FROM parquet_kv_metadata({lst}) WHERE decode(key) IN ({keys})"
    ).fetchall()


def _read_footers(con, ds: Dataset, paths: list[str]) -> tuple[dict, dict]:
    """({path: [schema version, absorbed names or None]}, {damaged path: reason}) from the footers.

    One DuckDB call for all files; when it fails (a damaged file), one call per file
    to find which. Raises SchemaVersionError for an unsupported or missing version."""
    import duckdb

    spec = sql_schema()
    if not paths:
        return {}, {}

    def norm(url: str) -> str:  # DuckDB may spell a protocol URL differently (memory:///x vs memory://x)
        return url.split("://", 1)[-1].lstrip("/")

    urls = [ds.file_url(p) for p in paths]
    by_url = {norm(u): p for u, p in zip(urls, paths)}
    damaged = {}
    try:
        rows = _kv_rows(con, urls, spec)
    except (duckdb.IOException, duckdb.InvalidInputException):  # a damaged or vanished file: which?
        rows = []
        for u, p in zip(urls, paths):
            try:
                rows += _kv_rows(con, [u], spec)
            except (duckdb.IOException, duckdb.InvalidInputException) as one:
                if "No such file" in str(one) or "No files found" in str(one):
                    continue  # removed since the listing (a retired pending file): not read
                damaged[p] = one
    found: dict = {}
    for url, key, value in rows:
        path = by_url.get(norm(url), url)
        entry = found.setdefault(path, [None, None])
        if key == spec["key"]:
            if not supported_version(value, spec["readable"]):
                raise _version_error(path, value)
            entry[0] = value
        else:
            try:
                names = json.loads(value)
                entry[1] = sorted(names) if isinstance(names, dict) else []
            except ValueError:
                entry[1] = []
    for p in paths:  # a file without the key: not written by aznews
        if p not in damaged and (p not in found or found[p][0] is None) and ds._exists(p):
            raise _version_error(p, None)
    return {p: e for p, e in found.items() if e[0] is not None}, damaged


def file_footers(con, ds: Dataset, files: dict, warn: bool = True) -> dict:
    """{path: [schema version, absorbed pending names or None]} of every readable file
    ({table: [paths]}); damaged files are left out with one warning each. Raises
    SchemaVersionError for unsupported versions.

    Local datasets remember the footers in ROOT/_aznews_files.json (keyed by path,
    size and mtime), so only new files' footers are read; otherwise every footer,
    in one DuckDB call."""
    paths = [p for t in files for p in files[t]]
    if not ds.is_local:
        found, damaged = _read_footers(con, ds, paths)
        for p, why in damaged.items():
            if warn:
                warn_damaged(p, why)
        return found
    manifest_path = os.path.join(ds.path, MANIFEST)
    try:
        with open(manifest_path, encoding="utf-8") as f:
            known = json.load(f)["files"]
    except (OSError, ValueError, KeyError, TypeError):
        known = {}
    prefix = len(ds.path) + 1
    current, todo, out = {}, [], {}
    for p in paths:
        try:
            st = os.stat(p)
        except FileNotFoundError:  # removed since the listing: the views will not read it
            continue
        rel = p[prefix:]
        entry = known.get(rel)
        if isinstance(entry, list) and len(entry) == 4 and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
            current[rel] = entry
            out[p] = entry[2:]
        else:
            todo.append((p, rel, st))
    if todo:
        found, damaged = _read_footers(con, ds, [p for p, _, _ in todo])
        for p, why in damaged.items():
            if warn:
                warn_damaged(p, why)
        for p, rel, st in todo:
            if p in found:
                current[rel] = [st.st_size, st.st_mtime_ns, *found[p]]
                out[p] = found[p]
    if todo or len(current) != len(known):
        _write_json_atomic(manifest_path, {"files": current})
    return out


def file_versions(con, ds: Dataset, files: dict) -> list:
    """The distinct schema versions of the files ({table: [paths]}); raises for unsupported ones."""
    return sorted({e[0] for e in file_footers(con, ds, files).values()})


def damaged_files(ds: Dataset) -> list[str]:
    """Files whose footer cannot be read (DuckDB only, so the query path needs no pyarrow)."""
    import duckdb

    con = duckdb.connect()
    try:
        if not ds.is_local:
            con.register_filesystem(ds.fs)
        files = {t: ds.files(t) for t in TABLE_NAMES}
        readable = file_footers(con, ds, files, warn=False)
        return sorted(p for ps in files.values() for p in ps if p not in readable and ds._exists(p))
    finally:
        con.close()


def snapshot(con, ds: Dataset) -> dict:
    """{table: (published files, pending files not absorbed)} as readers read them now."""
    return _snapshot(con, ds)[0]


def _snapshot(con, ds: Dataset) -> tuple[dict, dict]:
    raw = {t: (ds.published_files(t), ds.pending_files(t)) for t in TABLE_NAMES}
    footers = file_footers(con, ds, {t: pub + pend for t, (pub, pend) in raw.items()})
    out = {}
    for t, (pub, pend) in raw.items():
        base, pbase = ds.table_dir(t), ds.pending_dir(t)
        published = [p for p in pub if p in footers]
        absorbed = {}
        for p in published:
            absorbed.setdefault(p[len(base) + 1:].rsplit("/", 1)[0], set()).update(footers[p][1] or ())
        pending = []
        for p in pend:
            if p not in footers:
                continue
            part, name = p[len(pbase) + 1:].rsplit("/", 1)
            if name not in absorbed.get(part, ()):
                pending.append(p)
        out[t] = (published, pending)
    return out, footers


# the visible version of each article: greatest (written_at, version); versions are unique per write
LATEST_SQL = (
    "SELECT max_by(version, struct_pack(w := written_at, v := version)) AS version "
    "FROM ({source}) GROUP BY article_id"
)
LATEST_CACHE = "_aznews_latest-"


def _files_fingerprint(ds: Dataset, files: list[str]) -> str | None:
    """A hash of files' names, sizes and mtimes (for the articles files: they determine the visible versions)."""
    import hashlib

    h = hashlib.sha256()
    prefix = len(ds.path) + 1
    for p in sorted(files):
        try:
            st = os.stat(p)
        except OSError:
            return None
        h.update(f"{p[prefix:]}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def _create_latest(con, ds: Dataset, articles_files: list[str], articles_source: str) -> None:
    """Temporary table _latest(version): the version of the visible copy of each article.

    Local datasets keep the result in ROOT/_aznews_latest-FINGERPRINT.cache (a
    Parquet file named after the articles files it was computed from, so it is
    immutable): a connect with the same articles files reads it instead of
    scanning every articles file. A cache that cannot be read or written is
    just recomputed.
    """
    import duckdb

    cache = None
    if ds.is_local and articles_files:
        fp = _files_fingerprint(ds, articles_files)
        cache = os.path.join(ds.path, f"{LATEST_CACHE}{fp}.cache") if fp else None
    if cache and os.path.exists(cache):
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _latest AS SELECT version FROM read_parquet({_q(cache)})")
            return
        except duckdb.Error:
            pass
    con.execute(f"CREATE OR REPLACE TEMP TABLE _latest AS {LATEST_SQL.format(source=articles_source)}")
    if not cache:
        return
    folder, name = os.path.split(cache)
    tmp = os.path.join(folder, f".{name}.{os.getpid()}.{os.urandom(3).hex()}.tmp")
    try:
        con.execute(f"COPY _latest TO {_q(tmp)} (FORMAT parquet, COMPRESSION zstd)")
        os.replace(tmp, cache)
        for old in os.listdir(folder):  # caches of earlier snapshots
            if old.startswith(LATEST_CACHE) and old.endswith(".cache") and old != name:
                try:
                    os.unlink(os.path.join(folder, old))
                except OSError:
                    pass
    except (duckdb.Error, OSError):
        try:
            os.unlink(tmp)
        except OSError:
            pass


def views_in(sql: str) -> set[str]:
    """The views a SQL text may use: every view name that occurs in it as a word (case-insensitive).

    A name in a comment or a string literal only costs the creation of an unused view.
    """
    import re

    words = {w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", sql)}
    return {v for v in VIEWS if v in words}


def connect(dataset=None, check: bool = True, con=None, views=None, watchlist=None):
    """A DuckDB connection with the dataset's views. Raises DatasetNotFoundError / SchemaVersionError.

    The files and the visible version of each article are fixed when connect()
    runs (a snapshot; the versions are kept in the temporary table _latest):
    connect again to see later writes. `views`: create only these views (e.g.
    views_in(sql) for one known statement; the identity views mentions, roles,
    entities and posts bring articles and each other's stored rows); default all.
    Every file's schema version is checked (footers are read anyway: published
    files name the pending files they absorbed); damaged files are skipped with
    one warning each. `check` is kept for callers of older versions.
    `watchlist`: the loaded watchlist whose bodies and people the identity stage
    recognizes (default the built-in list).

    Each view reads the table's published files and its pending files not yet
    absorbed. A publish running after connect() may replace a published file
    with one that also holds the versions of pending files this snapshot reads
    directly; so the published part of a view skips every version found in the
    snapshot's pending files (temporary table _pending_TABLE), and no row is
    counted twice.
    """
    import duckdb

    ds = dataset if isinstance(dataset, Dataset) else Dataset(dataset or default_dataset())
    ds.require()
    spec = sql_schema()
    con = con or duckdb.connect()
    if not ds.is_local:
        con.register_filesystem(ds.fs)
    snap, footers = _snapshot(con, ds)
    files = {t: pub + pend for t, (pub, pend) in snap.items()}
    versions = sorted({footers[p][0] for t in files for p in files[t]})
    # union_by_name (slow: it reads every footer at each bind) only when files of several minor versions mix
    union = versions != [spec["version"]]
    wanted = set(VIEWS) if views is None else {v.lower() for v in views}
    identity = wanted & IDENTITY_VIEWS
    if not wanted & set(VIEWS):
        return con
    _create_latest(con, ds, files["articles"], _raw_source(ds, "articles", files["articles"], union))
    made = set()

    def base(name: str) -> None:
        """The view of a table's visible rows; the identity views are made on the stored mentions and roles."""
        if name in made:
            return
        made.add(name)
        view = f"_stored_{name}" if name in IDENTITY_VIEWS else name
        # each view binds its Parquet scans once (no intermediate views: binding costs per file list)
        pub, pend = snap[name]
        parts = []
        if pub or not pend:
            src = _raw_source(ds, name, pub, union)
            anti = ""
            if pub and pend:
                con.execute(f"CREATE OR REPLACE TEMP TABLE _pending_{name} AS "
                            f"SELECT DISTINCT version FROM ({_raw_source(ds, name, pend, union)})")
                anti = f" ANTI JOIN _pending_{name} p ON t.version = p.version"
            parts.append(f"SELECT t.* FROM ({src}) t SEMI JOIN _latest l ON t.version = l.version{anti}")
        if pend:
            parts.append(f"SELECT t.* FROM ({_raw_source(ds, name, pend, union)}) t SEMI JOIN _latest l ON t.version = l.version")
        con.execute(f"CREATE OR REPLACE VIEW {view} AS {' UNION ALL '.join(parts)}")

    for name in TABLE_NAMES:
        if name in wanted and name not in IDENTITY_VIEWS:
            base(name)
    if identity:
        from aznews.pipelines.identity.store import attach

        snapshot = None
        if ds.is_local:
            snapshot = _files_fingerprint(ds, [p for t in ("articles", "mentions", "roles") for p in files[t]])
        attach(con, snapshot=snapshot, cache_root=ds.path if ds.is_local else None, watchlist=watchlist,
               views=identity, base=base)
    return con


def query(sql: str, dataset=None):
    """Run one SQL statement against the views; returns a pyarrow Table."""
    con = connect(dataset, views=views_in(sql))
    try:
        return con.sql(sql).to_arrow_table()
    finally:
        con.close()
