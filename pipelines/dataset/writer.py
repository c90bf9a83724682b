"""The Parquet dataset: atomic partitioned writes, incremental replace, compaction.

Layout
------
    ROOT/_aznews.json                                   marker (schema version), written once
    ROOT/articles/source=S/year=Y/month=M/part-W-B.parquet
    ROOT/mentions/...   ROOT/roles/...   ROOT/dates/... (same partitions)
    ROOT/_aznews_files.json, ROOT/_aznews_latest-FINGERPRINT.cache
                        caches of aznews.pipelines.dataset.query.connect() (file schema versions,
                        visible versions); safe to delete, rebuilt on the next connect

Year and month are those of `published_at` (UTC), or of `fetched_at` when the
page has no date; child rows live in the partition of their article. Files are
zstd Parquet with `schema.SCHEMA_VERSION` under `schema.SCHEMA_VERSION_KEY` in
the key-value metadata. File names carry the writer id (W) and a random batch
id (B), so any number of processes may write into one dataset at once.

Atomic files
------------
Each file is written as `.NAME.parquet.tmp` in its final folder and renamed
into place (an atomic rename on a local disk; on object stores the upload of
the final object is itself atomic). The temporary name must be skipped by
every reader: pyarrow.dataset ignores names starting with "." or "_", but
DuckDB's `read_parquet('**/*.parquet')` glob does NOT skip hidden files, so a
temporary name must also not end in ".parquet". `.NAME.parquet.tmp` satisfies
both. Leftover temporaries of killed writers are removed by `compact()` once
they are older than an hour.

Versions: one visible version per article, no matter when a reader looks
-----------------------------------------------------------------------
Every write of an article creates a new stored copy with a fresh random
`version` (a 63-bit integer) and a `written_at` time; the article's mentions/roles/dates rows
carry the same `version`. A reader keeps, per article_id, the articles row
with the greatest (written_at, version) and only the child rows of that
version (aznews.pipelines.dataset.query builds its views that way; `known_articles` uses the
same rule). Consequences:

* Replacing a changed article is just writing it again: the old copy stays on
  disk until compaction but is invisible at once, in every table.
* Within a batch, child files are renamed into place first and the articles
  files last. The articles row is the commit record: child rows whose version
  has no articles row are invisible. A writer killed at any moment therefore
  leaves a readable dataset with no half-written article; rerunning the batch
  writes the missing articles under a new version (already committed ones are
  skipped as unchanged) and the orphaned child rows stay invisible.
* `compact()` rewrites each partition's live rows into one file per table under
  *new* versions (written_at of the old copy plus 1 µs, so a genuinely newer
  write made meanwhile still wins), commits them the same way (children first,
  articles last) and only then deletes the files it merged. While both old and
  merged files exist, a reader sees either the old or the new version of an
  article, never both, so nothing is counted twice.

Write speed: child rows are converted column by column (no per-row dicts
through pyarrow), each table is sorted once by partition and sliced, and the
files of a batch are written and fsynced in parallel threads (children first,
then the articles files), so the fsync waits overlap.

Batches: every child row must belong to an article of the same batch; roles
and mentions get the article's published_at (denormalized for time queries).
An article given twice in one batch is stored once (the last row wins); give
its child rows once.

Sources: an article whose id is stored under another source is skipped (`foreign`):
an article of one source never replaces another source's, whatever the pages claim.

Skip rule (`write`): an incoming article whose content_hash equals the stored
latest one is unchanged and adds nothing unless its modified_at is newer; an
article with a different hash replaces the stored one unless its modified_at is
older than the stored modified_at (a stale copy, skipped). The decisions use a
per-instance cache of `known_articles()`; a writer process does not see rows
another process writes after the cache was loaded (if both write the same
article, both copies are stored and the later write wins for readers).
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from aznews.pipelines.errors import UserError


class _LazySchema:
    """aznews.pipelines.dataset.schema, imported on first use: it imports pyarrow, which the
    query path (DuckDB only) does not need."""

    def __getattr__(self, name):
        from aznews.pipelines.dataset import schema as module

        return getattr(module, name)


schema = _LazySchema()

log = logging.getLogger(__name__)

MARKER = "_aznews.json"
TMP_SUFFIX = ".tmp"
COMPRESSION = "zstd"
# write order within a batch: the articles files commit the batch, so they go last
WRITE_ORDER = ("mentions", "roles", "dates", "articles")
TABLE_NAMES = ("articles", "mentions", "roles", "dates")  # = schema.TABLES, without importing pyarrow
# columns (nearly) unique per row: dictionary encoding only costs time there
NO_DICTIONARY = {
    "articles": {"article_id", "url", "canonical_url", "title", "body", "published_at", "published_at_local",
                 "modified_at", "content_hash", "version"},
}
_SOURCE_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class DatasetError(UserError):
    """A problem with the dataset the user can fix; the CLI prints it as one line."""


class DatasetNotFoundError(DatasetError):
    pass


class SchemaVersionError(DatasetError):
    pass


def supported_version(version: str | None, current: str | None = None) -> bool:
    """Files of the same major schema version are readable (minor = added columns).

    `current` is this aznews's SCHEMA_VERSION (looked up in aznews.pipelines.dataset.schema when not given).
    """
    if not version:
        return False
    major = version.split(".", 1)[0]
    return major == (current or schema.SCHEMA_VERSION).split(".", 1)[0]


@dataclass
class WriteResult:
    written: int = 0  # articles stored (new + replaced)
    new: int = 0
    replaced: int = 0
    unchanged: int = 0  # skipped: same content as stored
    stale: int = 0  # skipped: older modified_at than stored
    foreign: int = 0  # skipped: the article id is stored under another source
    rows: dict = field(default_factory=dict)  # table -> rows written
    files: list = field(default_factory=list)


@dataclass
class CompactResult:
    partitions: int = 0  # partitions rewritten
    files_before: int = 0
    files_after: int = 0
    rows_dropped: dict = field(default_factory=dict)  # table -> superseded/orphaned rows removed
    temp_files_removed: int = 0


def _now() -> datetime:
    return datetime.now(timezone.utc)


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)


def _to_us(t: datetime | None) -> int | None:
    """Microseconds since the epoch (naive datetimes count as UTC, as in the Parquet columns)."""
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return (t - _EPOCH) // _US


def _from_us(us: int | None) -> datetime | None:
    return None if us is None else _EPOCH + timedelta(microseconds=us)


def _new_id(n: int = 16) -> str:
    return uuid.uuid4().hex[:n]


_datasync = getattr(os, "fdatasync", os.fsync)


def _local_path(url: str) -> str | None:
    """The absolute local path of a plain path or file:// URL; None for other protocols."""
    if url.startswith("file://"):
        url = url[len("file://"):]
    elif "://" in url or "::" in url:
        return None
    return os.path.abspath(os.path.expanduser(url)) if url else os.getcwd()


def url_to_fs(url: str):
    """fsspec's filesystem for a dataset URL; an unknown protocol or a missing filesystem
    package is a DatasetError (one line), not a traceback."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        proto = url.split("://", 1)[0]
        hint = str(exc).strip().splitlines()[0] if str(exc).strip() else f"a package for {proto}://"
        raise DatasetError(f"cannot open {url}: {proto}:// needs a filesystem package that is not installed ({hint})") from None
    except (ValueError, TypeError) as exc:
        raise DatasetError(f"cannot open {url}: {str(exc).strip().splitlines()[0] if str(exc).strip() else 'unsupported URL'}") from None


def _timestamp(value):
    """A stored timestamp value as a datetime (record builders give datetimes; ISO text is parsed)."""
    if isinstance(value, str):
        from aznews.pipelines.dataset.records import parse_timestamp

        return parse_timestamp(value)
    return value


def _new_version() -> int:
    """A random positive 63-bit integer: unique per stored copy of an article (integer joins are fast)."""
    return int.from_bytes(os.urandom(8), "big") >> 1


def _new_versions(n: int) -> list[int]:
    """n versions from one os.urandom call."""
    raw = os.urandom(8 * n)
    return [int.from_bytes(raw[i:i + 8], "big") >> 1 for i in range(0, 8 * n, 8)]


def _default_writer_id() -> str:
    host = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:12] or "host"
    return f"{host}{os.getpid()}{_new_id(6)}"


class Dataset:
    """An aznews Parquet dataset at a local path or an fsspec URL (file://, memory://, s3://...)."""

    def __init__(self, root, writer_id: str | None = None, fsync: bool = True):
        self.url = str(root)
        local = _local_path(self.url)
        if local is not None:  # plain paths and file:// URLs: os calls, fsspec only imported if asked for
            self._fs = None
            self.is_local = True
            path = local
        else:
            self._fs, path = url_to_fs(self.url)
            from fsspec.implementations.local import LocalFileSystem

            self.is_local = isinstance(self._fs, LocalFileSystem)
        self.path = path.rstrip("/") if path not in ("/", "") else path
        writer_id = writer_id or _default_writer_id()
        if not re.fullmatch(r"[A-Za-z0-9_-]+", writer_id):
            raise ValueError(f"writer_id may contain only letters, digits, '-' and '_': {writer_id!r}")
        self.writer_id = writer_id
        self.fsync = fsync  # local files: fsync before the rename (power-loss safety; SIGKILL safety needs no fsync)
        # article_id -> (content_hash, modified_at, version, written_at, source), times as microseconds since the epoch
        self._latest: dict | None = None
        self._latest_max: int | None = None  # greatest written_at in _latest (microseconds)
        self._root_ok = False  # marker written (this instance)
        self._dirs: set = set()  # folders known to exist

    def __repr__(self) -> str:
        return f"Dataset({self.url!r})"

    @property
    def fs(self):
        """The fsspec filesystem (created on first use for local paths)."""
        if self._fs is None:
            from fsspec.implementations.local import LocalFileSystem

            self._fs = LocalFileSystem()
        return self._fs

    # ---- paths ---------------------------------------------------------------
    def _join(self, *parts: str) -> str:
        return "/".join([self.path, *parts])

    def table_dir(self, table: str) -> str:
        return self._join(table)

    def glob_url(self, table: str) -> str:
        """A `**/*.parquet` glob for DuckDB (local path, or protocol URL for fsspec)."""
        base = self.table_dir(table)
        if not self.is_local:
            proto = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
            base = f"{proto}://{base.lstrip('/')}"
        return f"{base}/**/*.parquet"

    def _isdir(self, path: str) -> bool:
        return os.path.isdir(path) if self.is_local else self.fs.isdir(path)

    def file_url(self, path: str) -> str:
        """A file path as DuckDB reads it (local path, or protocol URL for fsspec)."""
        if self.is_local:
            return path
        proto = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{proto}://{path.lstrip('/')}"

    def exists(self) -> bool:
        if not self._isdir(self.path):
            return False
        marker = self._join(MARKER)
        if os.path.exists(marker) if self.is_local else self.fs.exists(marker):
            return True
        return any(self._isdir(self.table_dir(t)) for t in TABLE_NAMES)

    def require(self) -> None:
        """Raise DatasetNotFoundError unless ROOT holds an aznews dataset."""
        if not self._isdir(self.path):
            raise DatasetNotFoundError(f"dataset not found: {self.url} (run 'aznews demo' or 'aznews crawl' first)")
        if not self.exists():
            raise DatasetNotFoundError(f"{self.url} is not an aznews dataset (no {MARKER} and no table folders)")

    def prepare_write(self) -> None:
        """Make sure this dataset can be written before any work is done for it (a crawl):
        the root is a folder (created with its marker when missing) and no table name is
        taken by a file. Raises DatasetError with one line."""
        if self.is_local:
            if os.path.exists(self.path) and not os.path.isdir(self.path):
                raise DatasetError(f"{self.url} is a file, not a dataset folder")
            for t in TABLE_NAMES:
                p = self.table_dir(t)
                if os.path.exists(p) and not os.path.isdir(p):
                    raise DatasetError(f"{self.url} is not a usable dataset: {p} is a file, not a folder")
        try:
            self._ensure_root()
        except DatasetError:
            raise
        except OSError as exc:
            raise DatasetError(f"cannot write {self.url}: {exc.strerror or type(exc).__name__}"
                               + (f" ({exc.filename})" if exc.filename else "")) from None
        except Exception as exc:  # noqa: BLE001 - a remote filesystem's own errors (read-only, auth, ...)
            first = str(exc).strip().splitlines()
            raise DatasetError(f"cannot write {self.url}: {first[0] if first else type(exc).__name__}") from None
        if self.is_local and not os.access(self.path, os.W_OK | os.X_OK):
            raise DatasetError(f"cannot write {self.url}: permission denied")

    def files(self, table: str) -> list[str]:
        """Committed Parquet files of one table (temporary files excluded), sorted."""
        base = self.table_dir(table)
        if self.is_local:  # os.walk: several times faster than fsspec's find on large trees
            out = []
            for folder, dirs, names in os.walk(base):
                dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
                out += [f"{folder}/{n}" for n in names if n.endswith(".parquet") and not n.startswith((".", "_"))]
            return sorted(out)
        if not self.fs.isdir(base):
            return []
        out = []
        for p in self.fs.find(base):
            name = p.rsplit("/", 1)[-1]
            if name.endswith(".parquet") and not name.startswith((".", "_")):
                out.append(p)
        return sorted(out)

    def _temp_files(self) -> list[str]:
        out = []
        for t in schema.TABLES:
            base = self.table_dir(t)
            if self.fs.isdir(base):
                out += [p for p in self.fs.find(base) if p.rsplit("/", 1)[-1].startswith(".") and p.endswith(TMP_SUFFIX)]
        return out

    def _age_s(self, path: str) -> float | None:
        try:
            info = self.fs.info(path)
        except FileNotFoundError:
            return None
        t = info.get("mtime") or info.get("created") or info.get("LastModified")
        if t is None:
            return None
        if isinstance(t, datetime):
            if t.tzinfo is None:
                t = t.replace(tzinfo=timezone.utc)
            return (_now() - t).total_seconds()
        return _now().timestamp() - float(t)

    def _pa_filesystem(self):
        import pyarrow.fs as pafs

        if self.is_local:
            return pafs.LocalFileSystem()
        return pafs.PyFileSystem(pafs.FSSpecHandler(self.fs))

    # ---- low-level file io ---------------------------------------------------
    def _root_isdir(self) -> bool:
        return self._isdir(self.path)

    def _ensure_root(self) -> None:
        if self._root_ok:
            return
        self.fs.makedirs(self.path, exist_ok=True)
        marker = self._join(MARKER)
        if not self.fs.exists(marker):
            data = json.dumps({"format": "aznews", "schema_version": schema.SCHEMA_VERSION}).encode()
            self._put_atomic(marker, lambda f: f.write(data))
        self._root_ok = True

    def _put_atomic(self, final: str, writer) -> None:
        folder, name = final.rsplit("/", 1)
        tmp = f"{folder}/.{name}.{_new_id(6)}{TMP_SUFFIX}"
        if folder not in self._dirs:
            self.fs.makedirs(folder, exist_ok=True)
            if self.is_local:
                self._dirs.add(folder)
        if self.is_local:
            try:
                f = open(tmp, "wb")
            except FileNotFoundError:  # the folder was removed meanwhile
                os.makedirs(folder, exist_ok=True)
                f = open(tmp, "wb")
            with f:
                writer(f)
                if self.fsync:
                    f.flush()
                    _datasync(f.fileno())  # data and size; the rename below is the metadata that matters
            os.replace(tmp, final)
        else:
            with self.fs.open(tmp, "wb") as f:
                writer(f)
            self.fs.mv(tmp, final)

    def _write_parquet(self, table, final: str) -> None:
        import pyarrow.parquet as pq

        meta = dict(table.schema.metadata or {})
        meta[schema.SCHEMA_VERSION_KEY] = schema.SCHEMA_VERSION.encode()
        table = table.replace_schema_metadata(meta)
        plain = NO_DICTIONARY.get(final[len(self.path):].lstrip("/").split("/", 1)[0], ())  # ROOT/TABLE/...
        use_dictionary = [c for c in table.column_names if c not in plain] if plain else True
        self._put_atomic(final, lambda f: pq.write_table(table, f, compression=COMPRESSION, use_dictionary=use_dictionary))

    def read_file(self, path: str, columns=None):
        """One file as a pyarrow Table with the current schema (missing newer columns -> nulls)."""
        import pyarrow.parquet as pq

        if self.is_local:  # native reader: several times faster than through a Python file object
            pf = pq.ParquetFile(path)
            self._check_version(path, pf.schema_arrow.metadata)
            return pf.read(columns=[c for c in columns if c in pf.schema_arrow.names] if columns else None)
        with self.fs.open(path, "rb") as f:
            pf = pq.ParquetFile(f)
            self._check_version(path, pf.schema_arrow.metadata)
            table = pf.read(columns=[c for c in columns if c in pf.schema_arrow.names] if columns else None)
        return table

    def _check_version(self, path: str, metadata) -> None:
        version = (metadata or {}).get(schema.SCHEMA_VERSION_KEY)
        version = version.decode() if version else None
        if not supported_version(version):
            what = f"schema version {version}" if version else "no aznews schema version"
            raise SchemaVersionError(
                f"{path}: {what}; this aznews reads version {schema.SCHEMA_VERSION.split('.')[0]}.x"
            )

    def check(self) -> int:
        """Check every file's schema version (footer only); returns the number of files."""
        import pyarrow.parquet as pq

        self.require()
        n = 0
        for t in schema.TABLES:
            for p in self.files(t):
                with self.fs.open(p, "rb") as f:
                    self._check_version(p, pq.read_schema(f).metadata)
                n += 1
        return n

    # ---- versions --------------------------------------------------------------
    def _read_versions(self, files=None):
        """(article_id, content_hash, modified_at, version, written_at) of every stored articles row."""
        import pyarrow as pa

        cols = ["article_id", "content_hash", "modified_at", "version", "written_at", "source"]
        files = self.files("articles") if files is None else files
        sch = pa.schema([schema.ARTICLES.field(c) for c in cols] + [pa.field("file", pa.string())])

        def one(p):
            t = self.read_file(p, cols).select(cols)
            return t.append_column("file", pa.array([p] * t.num_rows, pa.string())).cast(sch)

        if self.is_local and len(files) > 4:  # footers and columns read in parallel (the reads release the GIL)
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=4, thread_name_prefix="aznews-read") as pool:
                parts = list(pool.map(one, files))
        else:
            parts = [one(p) for p in files]
        if not parts:
            return sch.empty_table()
        return pa.concat_tables(parts)

    def _load_latest(self, refresh: bool = False, versions=None) -> dict:
        if self._latest is not None and not refresh and versions is None:
            return self._latest
        import pyarrow as pa
        import pyarrow.compute as pc

        t = self._read_versions() if versions is None else versions
        # the last row of each article_id after sorting by (article_id, written_at, version) is its latest copy
        t = t.sort_by([("article_id", "ascending"), ("written_at", "ascending"), ("version", "ascending")])
        if t.num_rows:
            ids = t.column("article_id").combine_chunks()
            last = pc.not_equal(ids.slice(0, len(ids) - 1), ids.slice(1))
            t = t.filter(pa.concat_arrays([last, pa.array([True])]))
        # timestamps as integers: several times faster to convert than datetimes with a time zone
        d = t.select(["article_id", "content_hash", "version", "source"]).to_pydict()
        d["modified_at"] = t.column("modified_at").cast(pa.int64()).to_pylist()
        d["written_at"] = t.column("written_at").cast(pa.int64()).to_pylist()
        latest = {
            aid: (h, mod, ver, wat, src)
            for aid, h, mod, ver, wat, src in zip(d["article_id"], d["content_hash"], d["modified_at"], d["version"],
                                                  d["written_at"], d["source"])
        }
        self._latest = latest
        self._latest_max = max((w for w in d["written_at"] if w is not None), default=None)
        return latest

    def known_articles(self, refresh: bool = False) -> dict:
        """article_id -> (content_hash, modified_at) of the visible version of each stored article."""
        return {k: (v[0], _from_us(v[1])) for k, v in self._load_latest(refresh).items()}

    # ---- writing ---------------------------------------------------------------
    @staticmethod
    def _as_rows(data) -> list[dict]:
        if data is None:
            return []
        if hasattr(data, "to_pylist"):
            return data.to_pylist()
        return list(data)

    def _child_table(self, data, name: str):
        """Child rows as a Table of the table's schema, built column by column.

        `version` (and `published_at` of mentions/roles) are left null: write()
        fills them in from the article, so they are not converted here.
        """
        import pyarrow as pa

        sch = schema.TABLES[name]
        if data is None:
            return sch.empty_table()
        if isinstance(data, pa.Table):
            cols = []
            for f in sch:
                if f.name in data.column_names:
                    cols.append(data.column(f.name).cast(f.type))
                else:
                    cols.append(pa.nulls(data.num_rows, f.type))
            return pa.Table.from_arrays(cols, schema=sch)
        rows = data if isinstance(data, list) else list(data)
        if not rows:
            return sch.empty_table()
        filled = {"version", "published_at"} if name in ("mentions", "roles") else {"version"}
        cols = []
        for f in sch:
            if f.name in filled:
                cols.append(pa.nulls(len(rows), f.type))
            else:
                key = f.name
                cols.append(pa.array([r.get(key) for r in rows], f.type))
        return pa.Table.from_arrays(cols, schema=sch)

    def _decide(self, row: dict, latest: dict) -> str:
        cur = latest.get(row["article_id"])
        if cur is None:
            return "new"
        if len(cur) > 4 and cur[4] is not None and row.get("source") != cur[4]:
            return "foreign"
        h, mod = cur[0], cur[1]
        inc_mod = row.get("modified_at")
        if isinstance(inc_mod, str):
            from aznews.pipelines.dataset.records import parse_timestamp

            inc_mod = parse_timestamp(inc_mod)
        inc_mod = _to_us(inc_mod)
        if row.get("content_hash") == h:
            if inc_mod is not None and mod is not None and inc_mod > mod:
                return "replaced"
            if inc_mod is not None and mod is None:
                return "replaced"
            return "unchanged"
        if inc_mod is not None and mod is not None and inc_mod < mod:
            return "stale"
        return "replaced"

    def _write_files(self, jobs: list) -> None:
        """Write [(table, final path)] atomically; on a local disk several at once (fsync waits overlap)."""
        if len(jobs) < 2 or not self.is_local:
            for t, final in jobs:
                self._write_parquet(t, final)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(8, len(jobs)), thread_name_prefix="aznews-write") as pool:
            futures = [pool.submit(self._write_parquet, t, final) for t, final in jobs]
        for f in futures:  # all finished (the with block waits); raise the first error
            f.result()

    def write(self, articles, mentions=None, roles=None, dates=None, writer_id: str | None = None,
              force: bool = False) -> WriteResult:
        """Write one batch (rows as lists of dicts from pipelines.records, or pyarrow Tables).

        Every child row must belong to an article of the same batch. Unchanged
        articles and their child rows are skipped; changed ones get a new version.
        force=True stores unchanged articles as a new version too (`aznews nlp`
        re-writes an article with its analysis); stale ones are still skipped.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        writer_id = writer_id or self.writer_id
        result = WriteResult(rows={t: 0 for t in schema.TABLES})
        art_rows = self._as_rows(articles)
        # last occurrence of an article in the batch wins
        by_id: dict[str, dict] = {}
        for r in art_rows:
            if not r.get("article_id"):
                raise ValueError("articles row without article_id")
            by_id[r["article_id"]] = r
        batch_ids = list(by_id)
        if self._latest is not None:
            latest = self._latest
        elif self._root_isdir():
            latest = self._load_latest()
        else:
            latest = self._latest = {}
            self._latest_max = None

        kept: list[dict] = []
        for aid in batch_ids:
            decision = self._decide(by_id[aid], latest)
            if force and decision == "unchanged":
                decision = "replaced"
            setattr(result, decision, getattr(result, decision) + 1)
            if decision not in ("unchanged", "stale", "foreign"):
                kept.append(by_id[aid])
        result.written = len(kept)
        if result.foreign:
            log.warning("%d article(s) not written: their id is stored under another source "
                        "(an article of one source never replaces another's)", result.foreign)

        if not kept:  # nothing to store: only check that the child rows belong to the batch
            ids = set(batch_ids)
            for name, data in (("mentions", mentions), ("roles", roles), ("dates", dates)):
                if data is None:
                    continue
                child_ids = data.column("article_id").to_pylist() if isinstance(data, pa.Table) else [r["article_id"] for r in data]
                bad = next((a for a in child_ids if a not in ids), None)
                if bad is not None:
                    raise ValueError(f"{name} row for article {bad} that is not in this batch's articles")
            return result

        for s in {r.get("source") for r in kept}:  # the partition folder name
            if not isinstance(s, str) or not _SOURCE_OK.match(s):
                raise ValueError(f"source name not usable as a partition value: {s!r}")

        children = {name: self._child_table(data, name) for name, data in (("mentions", mentions), ("roles", roles), ("dates", dates))}
        all_ids = pa.array(batch_ids, pa.string())
        for name, t in children.items():
            if t.num_rows:
                outside = pc.invert(pc.is_in(t.column("article_id"), value_set=all_ids))
                if pc.any(outside).as_py():
                    bad = pc.filter(t.column("article_id"), outside)[0]
                    raise ValueError(f"{name} row for article {bad} that is not in this batch's articles")

        self._ensure_root()
        written_at = _now()
        prev = self._latest_max
        if prev is not None and _to_us(written_at) <= prev:
            written_at = _from_us(prev + 1)
        n = len(kept)
        versions = _new_versions(n)
        cols = []
        for f in schema.ARTICLES:
            if f.name == "version":
                cols.append(pa.array(versions, pa.int64()))
            elif f.name == "written_at":
                cols.append(pa.array([written_at] * n, f.type))
            else:
                key = f.name
                cols.append(pa.array([r.get(key) for r in kept], f.type))
        art = pa.Table.from_arrays(cols, schema=schema.ARTICLES)

        when = pc.coalesce(art.column("published_at"), art.column("fetched_at"))
        keys = list(zip(art.column("source").to_pylist(), pc.year(when).to_pylist(), pc.month(when).to_pylist()))
        part_keys = sorted(set(keys))
        part_index = {k: i for i, k in enumerate(part_keys)}
        art_part = pa.array([part_index[k] for k in keys], pa.int32())
        kept_ids = art.column("article_id")

        tables = {"articles": (art, art_part)}
        for name, t in children.items():
            if not t.num_rows:
                continue
            idx = pc.index_in(t.column("article_id"), value_set=kept_ids)
            if idx.null_count:  # rows of skipped (unchanged/stale) articles
                mask = pc.is_valid(idx)
                t = t.filter(mask)
                idx = idx.filter(mask)
            if not t.num_rows:
                continue
            t = t.set_column(t.schema.get_field_index("version"), "version", pc.take(art.column("version"), idx))
            if name in ("roles", "mentions"):  # denormalized publication time, always the article's
                t = t.set_column(t.schema.get_field_index("published_at"), "published_at", pc.take(art.column("published_at"), idx))
            tables[name] = (t, pc.take(art_part, idx))

        # one file per table and partition: a stable sort by partition, then slices
        batch = _new_id(8)
        jobs: dict[str, list] = {}
        for name in WRITE_ORDER:
            if name not in tables:
                continue
            t, parts = tables[name]
            jobs[name] = []
            if len(part_keys) > 1:
                order = pc.sort_indices(parts)
                t = t.take(order)
                parts = parts.take(order)
                counts = pc.value_counts(parts)
                bounds = sorted(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist()))
            else:
                bounds = [(0, t.num_rows)]
            offset = 0
            for i, count in bounds:
                src, y, m = part_keys[i]
                final = self._join(name, f"source={src}", f"year={y}", f"month={m}", f"part-{writer_id}-{batch}.parquet")
                jobs[name].append((t.slice(offset, count), final))
                offset += count
        # children first; the articles files commit the batch, so they are renamed into place last
        children_jobs = [j for name in WRITE_ORDER if name != "articles" for j in jobs.get(name, [])]
        self._write_files(children_jobs)
        self._write_files(jobs["articles"])
        for name in WRITE_ORDER:
            for t, final in jobs.get(name, []):
                result.files.append(final)
                result.rows[name] += t.num_rows

        for r, v in zip(kept, versions):
            latest[r["article_id"]] = (r["content_hash"], _to_us(_timestamp(r.get("modified_at"))), v, _to_us(written_at),
                                       r.get("source"))
        self._latest_max = _to_us(written_at)
        return result

    # ---- compaction -------------------------------------------------------------
    def _by_partition(self, snapshot: dict) -> dict:
        """{"source=S/year=Y/month=M": {table: [files]}} from a {table: [files]} listing."""
        parts: dict = {}
        for t, files in snapshot.items():
            base = self.table_dir(t) + "/"
            for p in files:
                part = p[len(base):].rsplit("/", 1)[0]
                parts.setdefault(part, {x: [] for x in schema.TABLES})[t].append(p)
        return dict(sorted(parts.items()))

    def compact(self, orphan_grace_s: float = 3600.0, temp_grace_s: float = 3600.0) -> CompactResult:
        """Merge each partition's files into one per table and drop superseded versions.

        Child rows whose version has no articles row at all (a batch whose writer
        died before committing, or one being written right now) are dropped only
        when their file is older than `orphan_grace_s`; younger ones are carried
        over unchanged so a writer running concurrently loses nothing.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        self.require()
        res = CompactResult(rows_dropped={t: 0 for t in schema.TABLES})
        # One listing up front: files that appear later (concurrent writers) are not touched.
        snapshot = {t: self.files(t) for t in schema.TABLES}
        versions = self._read_versions(snapshot["articles"])
        all_versions = set(versions.column("version").to_pylist())
        latest = self._load_latest(versions=versions)
        self._latest = None
        live = {v[2]: v[3] for v in latest.values()}  # live version -> written_at (microseconds)

        # articles files holding a superseded row
        dead = pc.invert(pc.is_in(versions.column("version"), value_set=pa.array(list(live), pa.int64())))
        dead_files = set(pc.unique(pc.filter(versions.column("file"), dead)).to_pylist())

        def clean(files: dict) -> bool:
            """One file per table, the articles file all live, every child file from the same batch (same name)."""
            if any(len(v) > 1 for v in files.values()) or not files["articles"]:
                return False
            art = files["articles"][0]
            name = art.rsplit("/", 1)[1]
            return art not in dead_files and all(p.rsplit("/", 1)[1] == name for t in schema.TABLES for p in files[t])

        for part, files in self._by_partition(snapshot).items():
            n_files = sum(len(v) for v in files.values())
            # cheap check first: one file per table and every row live -> nothing to do
            if clean(files):
                res.files_before += n_files
                res.files_after += n_files
                continue
            data = {t: [(p, self.read_file(p)) for p in fs_] for t, fs_ in files.items()}
            merged = {}
            remap: dict[str, str] = {}
            art_list = [t for _, t in data["articles"]]
            if art_list:
                art = pa.concat_tables([self._conform(t, "articles") for t in art_list])
                live_here = [v for v in pc.unique(art.column("version")).to_pylist() if v in live]
                keep = pc.is_in(art.column("version"), value_set=pa.array(live_here, pa.int64()))
                before = art.num_rows
                art = art.filter(keep)
                res.rows_dropped["articles"] += before - art.num_rows
                old_v = art.column("version").to_pylist()
                new_v = []
                new_w = []
                for v in old_v:
                    remap[v] = _new_version()
                    new_v.append(remap[v])
                    new_w.append(live[v] + 1)
                art = art.set_column(art.schema.get_field_index("version"), "version", pa.array(new_v, pa.int64()))
                art = art.set_column(art.schema.get_field_index("written_at"), "written_at", pa.array(new_w, schema.TS))
                merged["articles"] = art
            old_keys = pa.array(list(remap), pa.int64())
            new_vals = pa.array(list(remap.values()), pa.int64())
            for t in ("mentions", "roles", "dates"):
                pieces = []
                for p, tab in data[t]:
                    tab = self._conform(tab, t)
                    vers = tab.column("version")
                    idx = pc.index_in(vers, value_set=old_keys)
                    keep = pc.is_valid(idx)
                    if (self._age_s(p) or 0.0) < orphan_grace_s:  # young file: keep rows of uncommitted versions
                        orphans = [v for v in pc.unique(vers).to_pylist() if v not in all_versions]
                        keep = pc.or_(keep, pc.is_in(vers, value_set=pa.array(orphans, pa.int64())))
                    keep = pc.fill_null(keep, False)
                    kept_tab = tab.filter(keep)
                    res.rows_dropped[t] += tab.num_rows - kept_tab.num_rows
                    if kept_tab.num_rows:
                        kidx = pc.filter(idx, keep)
                        new_v = pc.if_else(pc.is_valid(kidx), pc.take(new_vals, kidx), kept_tab.column("version"))
                        kept_tab = kept_tab.set_column(kept_tab.schema.get_field_index("version"), "version", new_v)
                        pieces.append(kept_tab)
                if pieces:
                    merged[t] = pa.concat_tables(pieces)
            dropped_any = any(len(files[t]) > 0 and (t not in merged or merged[t].num_rows < sum(x.num_rows for _, x in data[t])) for t in schema.TABLES)
            res.files_before += n_files
            if not dropped_any and all(len(v) <= 1 for v in files.values()):
                res.files_after += n_files
                continue
            res.partitions += 1
            batch = _new_id(8)
            for t in WRITE_ORDER:  # children first, the articles file commits
                if t in merged and merged[t].num_rows:
                    self._write_parquet(merged[t], self._join(t, part, f"part-compact-{batch}.parquet"))
                    res.files_after += 1
            for t in ("articles", "mentions", "roles", "dates"):
                for p in files[t]:
                    try:
                        self.fs.rm(p)
                    except FileNotFoundError:
                        pass
        for p in self._temp_files():
            age = self._age_s(p)
            if age is not None and age >= temp_grace_s:
                self.fs.rm(p)
                res.temp_files_removed += 1
        self._latest = None
        return res

    @staticmethod
    def _conform(table, name: str):
        """Cast a file's table to the current schema (older minor versions lack new columns)."""
        import pyarrow as pa

        sch = schema.TABLES[name]
        cols = {}
        for f in sch:
            if f.name in table.column_names:
                cols[f.name] = table.column(f.name).cast(f.type)
            else:
                cols[f.name] = pa.nulls(table.num_rows, f.type)
        return pa.table(cols, schema=sch)
