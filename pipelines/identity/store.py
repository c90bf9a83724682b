"""The identity stage's tables on a DuckDB connection, cached per dataset snapshot.

    attach(con, snapshot="…", cache_root="data/aznews", watchlist=None)

`con` must have the views articles, _stored_mentions and _stored_roles (the dataset's
stored rows, visible versions only: pipelines/dataset/query.py). attach() creates

    TEMP TABLE _identity_names            (label, canonical) -> entity_id, and which watchlist name it is
    TEMP TABLE _identity_person_articles  (article_id, canonical) -> entity_id for names whose person depends on the article
    TEMP TABLE _identity_catalog          entity_id, label, name, kind, watched
    TEMP TABLE _identity_posts            the posts (pipelines/identity/posts.py)

and the views `mentions` (entity_id is the identity's id), `roles` (with person_id,
organization_id, parent_organization_id), `entities` and `posts`.

Cache: a local dataset keeps the four tables as Parquet files named TABLE.cache (not
*.parquet: a glob over the dataset for its tables must not find them) in
ROOT/_aznews_identity-FINGERPRINT/, where the fingerprint covers the articles, mentions and
roles files (names, sizes, mtimes), the watchlist files' bytes and this package's code; a
connect with the same fingerprint copies them into the connection instead of computing (no
pyarrow: DuckDB reads and writes them). The three most recently used caches are kept (a watchlist of one's own
and the built-in one do not push each other out). A cache that cannot be read or written
is recomputed; a remote dataset computes every time. Only computing imports pyarrow (to hand
the rows to DuckDB); a cached connect imports nothing beyond DuckDB.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

CACHE_PREFIX = "_aznews_identity-"
KEEP = 3

TABLES = {
    "_identity_names": {"label": "VARCHAR", "canonical": "VARCHAR", "entity_id": "VARCHAR", "how": "VARCHAR",
                        "alias": "VARCHAR", "until": "VARCHAR"},
    "_identity_person_articles": {"article_id": "VARCHAR", "canonical": "VARCHAR", "entity_id": "VARCHAR"},
    "_identity_catalog": {"entity_id": "VARCHAR", "label": "VARCHAR", "name": "VARCHAR", "kind": "VARCHAR",
                          "watched": "BOOLEAN"},
    "_identity_posts": {
        "person_id": "VARCHAR", "person": "VARCHAR", "title": "VARCHAR", "title_key": "VARCHAR",
        "organization_id": "VARCHAR", "organization": "VARCHAR",
        "parent_organization_id": "VARCHAR", "parent_organization": "VARCHAR", "single_holder": "BOOLEAN",
        "first_seen": "DATE", "last_seen": "DATE", "since": "DATE", "until": "DATE",
        "ended_by": "VARCHAR", "ended_by_person_id": "VARCHAR", "ended_by_person": "VARCHAR",
        "event": "VARCHAR", "current": "BOOLEAN", "articles": "INTEGER", "article_ids": "VARCHAR[]",
        "events": "STRUCT(event VARCHAR, date DATE, article_id VARCHAR, sentence INTEGER, years VARCHAR)[]",
    },
}

VIEWS_SQL = {
    "mentions": """CREATE OR REPLACE VIEW mentions AS
        SELECT m.* REPLACE (coalesce(p.entity_id, n.entity_id) AS entity_id)
        FROM _stored_mentions m
        LEFT JOIN _identity_names n ON n.label = m.label AND n.canonical = m.canonical
        LEFT JOIN _identity_person_articles p ON m.label = 'PERSON' AND p.article_id = m.article_id AND p.canonical = m.canonical""",
    "roles": """CREATE OR REPLACE VIEW roles AS
        SELECT r.*, coalesce(p.entity_id, n.entity_id) AS person_id, o.entity_id AS organization_id,
               po.entity_id AS parent_organization_id
        FROM _stored_roles r
        LEFT JOIN _identity_names n ON n.label = 'PERSON' AND n.canonical = r.person
        LEFT JOIN _identity_person_articles p ON p.article_id = r.article_id AND p.canonical = r.person
        LEFT JOIN _identity_names o ON o.label = 'ORGANIZATION' AND o.canonical = nullif(r.organization, '')
        LEFT JOIN _identity_names po ON po.label = 'ORGANIZATION' AND po.canonical = nullif(r.parent_organization, '')""",
    "entities": """CREATE OR REPLACE VIEW entities AS
        SELECT m.entity_id, any_value(c.label) AS label, any_value(c.name) AS canonical,
               count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
               min(a.published_at) AS first_seen, max(a.published_at) AS last_seen,
               list(DISTINCT m.canonical ORDER BY m.canonical) AS names,
               any_value(c.kind) AS kind, any_value(c.watched) AS watched
        FROM mentions m LEFT JOIN _identity_catalog c USING (entity_id)
        LEFT JOIN articles a ON a.article_id = m.article_id
        GROUP BY m.entity_id""",
    "posts": """CREATE OR REPLACE VIEW posts AS
        SELECT * EXCLUDE (title_key) FROM _identity_posts""",
}


def _q(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def code_signature() -> str:
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in ("names.py", "entities.py", "posts.py", "store.py"):
        h.update((here / name).read_bytes())
    return h.hexdigest()[:16]


def watchlist_signature(wl) -> str:
    """A hash of the watchlist files' bytes (None: the built-in list), the same whether loaded or not."""
    from aznews.pipelines.monitor.watchlist import BUILTIN

    if wl is None:
        files = [f"builtin:{n}" for n in BUILTIN]
    else:
        files = list(wl.files)
    h = hashlib.sha256()
    for f in files:
        path = BUILTIN[f.split(":", 1)[1]] if f.startswith("builtin:") else Path(f)
        h.update(f.encode("utf-8") + b"\0")
        try:
            h.update(Path(path).read_bytes())
        except OSError:
            h.update(b"?")
    return h.hexdigest()[:16]


def _arrow_type(sql: str):
    import pyarrow as pa

    if sql.endswith("[]"):
        return pa.list_(_arrow_type(sql[:-2]))
    if sql.startswith("STRUCT("):
        fields = [f.strip().split(" ", 1) for f in sql[7:-1].split(",")]
        return pa.struct([(n, _arrow_type(t)) for n, t in fields])
    return {"BOOLEAN": pa.bool_(), "INTEGER": pa.int32()}.get(sql, pa.string())  # dates travel as ISO text


def _load_rows(con, table: str, rows: list[dict]) -> None:
    """TEMP TABLE `table` with the rows (pyarrow carries them into DuckDB; this runs only when
    the identity is computed, never on a cached connect)."""
    import pyarrow as pa

    cols = TABLES[table]
    arrow = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows],
                                 schema=pa.schema([(c, _arrow_type(t)) for c, t in cols.items()]))
    src = f"_{table}_src"
    con.register(src, arrow)
    try:
        exprs = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in cols.items())
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {exprs} FROM {src}")
    finally:
        con.unregister(src)


def compute(con, wl) -> None:
    """Run the identity stage on con's stored views and load its tables."""
    from aznews.pipelines.identity import entities, posts

    ident = entities.build(con, wl)
    catalog = {c["entity_id"]: c for c in ident.catalog}
    _load_rows(con, "_identity_names", ident.names)
    _load_rows(con, "_identity_person_articles", ident.person_articles)
    _load_rows(con, "_identity_catalog", ident.catalog)
    _load_rows(con, "_identity_posts", posts.tenures(ident.roles, catalog))


def _read_cache(con, folder: str) -> bool:
    """The cached tables, copied into the connection: it keeps working when the cache is pruned
    later by connects to newer snapshots."""
    import duckdb

    try:
        for table in TABLES:
            path = os.path.join(folder, table + ".cache")
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_parquet({_q(path)})")
        os.utime(folder)  # most recently used
        return True
    except (duckdb.Error, OSError):
        return False


def _write_cache(con, root: str, folder: str) -> None:
    import duckdb

    tmp = os.path.join(root, f".{os.path.basename(folder)}.{os.getpid()}.{os.urandom(3).hex()}.tmp")
    try:
        os.makedirs(tmp)
        for table in TABLES:
            con.execute(f"COPY {table} TO {_q(os.path.join(tmp, table + '.cache'))} (FORMAT parquet, COMPRESSION zstd)")
        os.replace(tmp, folder)
    except (duckdb.Error, OSError):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    try:
        caches = sorted((p for p in os.listdir(root) if p.startswith(CACHE_PREFIX)),
                        key=lambda p: os.stat(os.path.join(root, p)).st_mtime_ns, reverse=True)
        for old in caches[KEEP:]:
            shutil.rmtree(os.path.join(root, old), ignore_errors=True)
    except OSError:
        pass


NEEDS = {"mentions": ("mentions",), "roles": ("roles",), "entities": ("mentions", "articles"), "posts": ()}


def attach(con, snapshot: str | None = None, cache_root: str | None = None, watchlist=None,
           views=("mentions", "roles", "entities", "posts"), base=None) -> None:
    """The identity tables (from the cache or computed) and the identity views on con.

    `base(name)` makes the view of a table's stored rows ("articles", or "mentions" / "roles"
    as _stored_mentions / _stored_roles) when it is not there yet: a cached connect binds only
    the tables the wanted views read (binding a view costs per file)."""
    base = base or (lambda name: None)
    folder = None
    wl_sig = watchlist_signature(watchlist)
    if snapshot and cache_root:
        fp = hashlib.sha256(f"{snapshot}\0{wl_sig}\0{code_signature()}".encode()).hexdigest()[:24]
        folder = os.path.join(cache_root, CACHE_PREFIX + fp)
    if not (folder and os.path.isdir(folder) and _read_cache(con, folder)):
        for name in ("articles", "mentions", "roles"):
            base(name)
        wl = watchlist
        if wl is None:
            from aznews.pipelines.monitor import watchlist as _wl

            wl = _wl.load()
        compute(con, wl)
        if folder:
            _write_cache(con, cache_root, folder)
    con.execute("CREATE OR REPLACE TEMP TABLE _identity_watchlist AS SELECT ? AS signature", [wl_sig])
    wanted = set(views)
    if "entities" in wanted:
        wanted.add("mentions")
    for name in ("mentions", "roles", "entities", "posts"):
        if name in wanted:
            for table in NEEDS[name]:
                base(table)
            con.execute(VIEWS_SQL[name])
