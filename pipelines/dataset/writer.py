"""The Parquet dataset: atomic partitioned writes, publishing, damaged files.

Layout
------
    ROOT/_aznews.json                                   marker (schema version), written once
    ROOT/articles/source=S/year=Y/month=M/data.parquet  the published table: one file per partition
    ROOT/mentions/...   ROOT/roles/...   ROOT/dates/... (same partitions)
    ROOT/_pending/TABLE/source=S/year=Y/month=M/part-W-B.parquet
                        committed batches not yet published (writer W, batch B)
    ROOT/_tmp/          files being written (renamed into place when complete)
    ROOT/_locks/        one lock file per partition (publishing)
    ROOT/_damaged/      unreadable files moved aside by `compact(repair=True)`
    ROOT/_aznews_files.json, ROOT/_aznews_latest-FINGERPRINT.cache
                        caches of aznews.pipelines.dataset.query.connect(); safe to delete

Year and month are those of `published_at` (UTC), or of `fetched_at` when the
page has no date; child rows live in the partition of their article. Files are
zstd Parquet with `schema.SCHEMA_VERSION` under `schema.SCHEMA_VERSION_KEY` in
the key-value metadata; the partition columns are in the folder names only.

Any Parquet reader reads the current state
------------------------------------------
A plain read of a table folder (pandas `read_parquet("ROOT/articles")`,
pyarrow.dataset, DuckDB `read_parquet('ROOT/articles/**/*.parquet')`, Polars,
Spark) sees only the published files, and every published file holds exactly
the current rows: one row per article, and only the mentions, roles and dates
of that row's version. Writers get there in two steps:

1. `write()` appends a batch under `_pending/` (folders starting with "_" are
   outside every table folder, so no plain reader lists them). Any number of
   processes on any number of machines append at once, without locks. Within
   a batch the child files are renamed into place first and the articles
   files last: the articles file is the batch's commit record.
2. `publish()` (the end of every aznews write command, every few minutes
   during a long crawl, and `aznews compact`) merges, per touched partition and
   table, the published file and the committed pending files into the rows
   that are still current, writes the result under `_tmp/` and renames it over
   `data.parquet`: one atomic rename per file, so a reader sees the old file
   or the new one, never both and never neither. The new file lists the
   pending files it absorbed in its key-value metadata (`aznews.absorbed`), so
   the rename is also the moment those files stop counting. Partitions are
   published under a per-partition lock (flock on a local or NFS disk), so two
   publishers never lose each other's rows.

Why this and not another mechanism: a table format with a commit log (Delta
Lake, Iceberg) is read right only by readers that understand the log; a plain
`pd.read_parquet` of a Delta folder also reads every superseded file.
Rewriting the partition on every write makes a crawl's write cost grow with
the partition (a batch of 50 articles would rewrite the month's file each
time); appending and publishing once per command (or per interval) costs one
rewrite of each touched partition per command, and the writes stay lock-free.

aznews's own readers (`aznews query`, `stats`, `watch`, `report`, `nlp`) read
the published files plus the pending files not yet absorbed, through the
version views of aznews.pipelines.dataset.query, so they see every committed
batch at once. A pending file absorbed by a publish stays on disk for
`RETIRE_GRACE_S` seconds before it is deleted, so a reader that listed it just
before the publish still finds it (and reads those versions from it, not from
the published file: see query.connect); published files are replaced, never
removed. A reader therefore never sees a file disappear under it.

Versions
--------
Every write of an article creates a new stored copy with a fresh random
`version` (a 63-bit integer) and a `written_at` time; the article's
mentions/roles/dates rows carry the same `version`. The current copy of an
article is its row with the greatest (written_at, version); publishing keeps
versions as they are. Consequences:

* Replacing a changed article is writing it again: aznews readers switch to
  the new version at once, plain readers at the next publish.
* A writer killed at any moment leaves a readable dataset with no half-written
  article: child rows whose batch has no articles file are invisible, and
  publishing leaves them alone (deleting them once older than
  `orphan_grace_s`). A publisher killed between two renames leaves every table
  readable and consistent in itself; the next publish completes the rest.
* An article whose publication date moved is in a new partition; publishing
  drops its old rows from the old partition as well (the current versions are
  computed over the whole dataset).

Damaged files
-------------
A file whose footer cannot be read (truncated, zero bytes, not Parquet) is
skipped by every reader with one warning naming it (`damaged_files()` lists
them; `aznews stats` reports them). Publishing leaves a partition with a
damaged published file untouched (its rows would otherwise be lost);
`compact(repair=True)` moves damaged files to `ROOT/_damaged/` and publishes
the partition from what is readable.

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
article, both copies are stored and the later write wins).
"""
from __future__ import annotations

import json
import logging
import os
import re
import socket
import uuid
from contextlib import contextmanager
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
PENDING = "_pending"  # committed batches not yet published
TMP_DIR = "_tmp"  # files being written; outside every table folder, so no reader lists them
LOCK_DIR = "_locks"
DAMAGED_DIR = "_damaged"
PUBLISHED = "data.parquet"  # the one published file of a table's partition
ABSORBED_KEY = b"aznews.absorbed"  # JSON {pending file name: unix time absorbed}, in published files
RETIRE_GRACE_S = 600.0  # absorbed pending files are deleted this long after the publish
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


class DamagedFileError(Exception):
    """A file whose Parquet footer cannot be read (truncated, empty, not Parquet)."""


_warned: set = set()


def warn_damaged(path: str, reason) -> None:
    """One warning per damaged file and process."""
    if path not in _warned:
        _warned.add(path)
        log.warning("skipping damaged file %s: %s (aznews compact --repair moves it aside)", path,
                    str(reason).splitlines()[0][:200] if str(reason) else type(reason).__name__)


def supported_version(version: str | None, readable=None) -> bool:
    """Files of a readable major schema version are readable (minor = added columns).

    `readable`: the readable major versions (default schema.READABLE_MAJORS).
    """
    if not version:
        return False
    return version.split(".", 1)[0] in (readable or schema.READABLE_MAJORS)


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
    partitions: int = 0  # partitions published (at least one table's file rewritten)
    files_before: int = 0  # published + pending files before
    files_after: int = 0  # published + pending files left (absorbed ones within their grace period count)
    absorbed: int = 0  # pending files merged into published files
    retired: int = 0  # absorbed pending files deleted after their grace period
    rows_dropped: dict = field(default_factory=dict)  # table -> superseded/orphaned rows removed
    temp_files_removed: int = 0
    damaged: list = field(default_factory=list)  # unreadable files found
    quarantined: list = field(default_factory=list)  # of those, moved to ROOT/_damaged (repair=True)
    skipped_partitions: list = field(default_factory=list)  # not published: a damaged published file


PublishResult = CompactResult


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


_SOURCE_DIR = re.compile(r"/source=([^/]+)/")


def _source_of(path: str) -> str | None:
    """The source of a file from its partition folder (…/source=S/year=Y/month=M/…)."""
    m = _SOURCE_DIR.search(path)
    return m.group(1) if m else None


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


_process_locks: dict = {}


def _part_of(path: str, base: str) -> str:
    """"source=S/year=Y/month=M" of a file under a table folder `base`."""
    return path[len(base) + 1:].rsplit("/", 1)[0]


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
        self._footers: dict = {}  # path -> ((size, mtime), (schema version, absorbed dict))

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
        """The published table's folder: what plain Parquet readers read."""
        return self._join(table)

    def pending_dir(self, table: str) -> str:
        return self._join(PENDING, table)

    def glob_url(self, table: str) -> str:
        """A `**/*.parquet` glob of the published table for DuckDB (local path, or protocol URL for fsspec)."""
        base = self.table_dir(table)
        if not self.is_local:
            base = self.file_url(base)
        return f"{base}/**/*.parquet"

    def _isdir(self, path: str) -> bool:
        return os.path.isdir(path) if self.is_local else self.fs.isdir(path)

    def _exists(self, path: str) -> bool:
        return os.path.exists(path) if self.is_local else self.fs.exists(path)

    def file_url(self, path: str) -> str:
        """A file path as DuckDB reads it (local path, or protocol URL for fsspec)."""
        if self.is_local:
            return path
        proto = self.fs.protocol if isinstance(self.fs.protocol, str) else self.fs.protocol[0]
        return f"{proto}://{path.lstrip('/')}"

    def exists(self) -> bool:
        if not self._isdir(self.path):
            return False
        if self._exists(self._join(MARKER)):
            return True
        return any(self._isdir(self.table_dir(t)) for t in TABLE_NAMES)

    def require(self) -> None:
        """Raise DatasetNotFoundError unless ROOT holds an aznews dataset."""
        if not self._isdir(self.path):
            if self._exists(self.path):
                raise DatasetNotFoundError(f"{self.url} is a file, not a dataset folder")
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
            for p in [self.table_dir(t) for t in TABLE_NAMES] + [self._join(PENDING), self._join(TMP_DIR)]:
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

    def _parquet_under(self, base: str) -> list[str]:
        """Parquet files under a folder (names starting with "." or "_" skipped, as every reader does), sorted."""
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
            if name.endswith(".parquet") and not name.startswith((".", "_")) and "/." not in p[len(base):]:
                out.append(p)
        return sorted(out)

    def published_files(self, table: str) -> list[str]:
        return self._parquet_under(self.table_dir(table))

    def pending_files(self, table: str) -> list[str]:
        """Every pending file of a table, absorbed ones (within their grace period) included."""
        return self._parquet_under(self.pending_dir(table))

    def files(self, table: str) -> list[str]:
        """Every stored file of a table: published, then pending (absorbed ones included), sorted each."""
        return self.published_files(table) + self.pending_files(table)

    def partition_of(self, path: str) -> str:
        """"source=S/year=Y/month=M" of a published or pending file."""
        for t in TABLE_NAMES:
            for base in (self.table_dir(t), self.pending_dir(t)):
                if path.startswith(base + "/"):
                    return _part_of(path, base)
        raise ValueError(f"not a table file of {self.url}: {path}")

    def _age_s(self, path: str) -> float | None:
        try:
            if self.is_local:
                return _now().timestamp() - os.stat(path).st_mtime
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

    # ---- low-level file io ---------------------------------------------------
    def _root_isdir(self) -> bool:
        return self._isdir(self.path)

    def _ensure_root(self) -> None:
        if self._root_ok:
            return
        if self._exists(self.path) and not self._isdir(self.path):
            raise DatasetError(f"{self.url} is a file, not a dataset folder")
        self.fs.makedirs(self.path, exist_ok=True)
        marker = self._join(MARKER)
        if not self.fs.exists(marker):
            data = json.dumps({"format": "aznews", "schema_version": schema.SCHEMA_VERSION}).encode()
            self._put_atomic(marker, lambda f: f.write(data))
        self._root_ok = True

    def _makedirs(self, folder: str) -> None:
        if folder not in self._dirs:
            self.fs.makedirs(folder, exist_ok=True)
            if self.is_local:
                self._dirs.add(folder)

    def _put_atomic(self, final: str, writer) -> None:
        """Write `final` under a temporary name in ROOT/_tmp and rename it into place."""
        name = final.rsplit("/", 1)[1]
        tmp_dir = self._join(TMP_DIR)
        tmp = f"{tmp_dir}/.{name}.{_new_id(6)}{TMP_SUFFIX}"
        self._makedirs(tmp_dir)
        self._makedirs(final.rsplit("/", 1)[0])
        if self.is_local:
            try:
                f = open(tmp, "wb")
            except FileNotFoundError:  # the folder was removed meanwhile
                os.makedirs(tmp_dir, exist_ok=True)
                f = open(tmp, "wb")
            try:
                with f:
                    writer(f)
                    if self.fsync:
                        f.flush()
                        _datasync(f.fileno())  # data and size; the rename below is the metadata that matters
                try:
                    os.replace(tmp, final)
                except FileNotFoundError:  # the target folder was removed meanwhile
                    os.makedirs(final.rsplit("/", 1)[0], exist_ok=True)
                    os.replace(tmp, final)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        else:
            with self.fs.open(tmp, "wb") as f:
                writer(f)
            self.fs.mv(tmp, final)

    def _write_parquet(self, table, final: str, name: str, extra_meta: dict | None = None) -> None:
        """Write a Table of table `name` to `final` atomically, in the stored schema (no partition columns)."""
        import pyarrow.parquet as pq

        if "source" in table.column_names and "source" not in schema.stored(name).names:
            table = table.drop_columns(["source"])
        meta = dict(table.schema.metadata or {})
        meta[schema.SCHEMA_VERSION_KEY] = schema.SCHEMA_VERSION.encode()
        meta.update(extra_meta or {})
        table = table.replace_schema_metadata(meta)
        plain = NO_DICTIONARY.get(name, ())
        use_dictionary = [c for c in table.column_names if c not in plain] if plain else True
        self._put_atomic(final, lambda f: pq.write_table(table, f, compression=COMPRESSION, use_dictionary=use_dictionary))

    def _open_parquet(self, path: str):
        """(ParquetFile, file object or None); DamagedFileError when the footer cannot be read."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        f = None
        try:
            if self.is_local:  # native reader: several times faster than through a Python file object
                return pq.ParquetFile(path), None
            f = self.fs.open(path, "rb")
            return pq.ParquetFile(f), f
        except (pa.ArrowInvalid, pa.ArrowException, OSError, EOFError) as exc:
            if f is not None:
                f.close()
            if isinstance(exc, FileNotFoundError):
                raise
            raise DamagedFileError(str(exc)) from None

    def read_file(self, path: str, columns=None):
        """One file as a pyarrow Table (its stored columns; `columns` limits them).

        Raises SchemaVersionError for an unsupported schema version and
        DamagedFileError for a file whose footer cannot be read."""
        import pyarrow as pa

        pf, f = self._open_parquet(path)
        try:
            self._check_version(path, pf.schema_arrow.metadata)
            try:
                return pf.read(columns=[c for c in columns if c in pf.schema_arrow.names] if columns else None)
            except (pa.ArrowInvalid, pa.ArrowException, OSError, EOFError) as exc:
                raise DamagedFileError(str(exc)) from None
        finally:
            if f is not None:
                f.close()

    def _check_version(self, path: str, metadata) -> str:
        version = (metadata or {}).get(schema.SCHEMA_VERSION_KEY)
        version = version.decode() if version else None
        if not supported_version(version):
            what = f"schema version {version}" if version else "no aznews schema version"
            raise SchemaVersionError(
                f"{path}: {what}; this aznews reads versions {', '.join(m + '.x' for m in schema.READABLE_MAJORS)}"
            )
        return version

    _handled: set = set()

    def footer(self, path: str) -> tuple[str, dict]:
        """(schema version, absorbed pending file names -> unix time) from a file's footer, cached by size and mtime.

        Raises SchemaVersionError or DamagedFileError."""
        key = None
        if self.is_local:
            st = os.stat(path)
            key = (st.st_size, st.st_mtime_ns)
            hit = self._footers.get(path)
            if hit and hit[0] == key:
                return hit[1]
        pf, f = self._open_parquet(path)
        try:
            meta = pf.schema_arrow.metadata or {}
        finally:
            if f is not None:
                f.close()
        version = self._check_version(path, meta)
        try:
            absorbed = json.loads(meta.get(ABSORBED_KEY, b"{}"))
        except ValueError:
            absorbed = {}
        out = (version, absorbed if isinstance(absorbed, dict) else {})
        if key is not None:
            self._footers[path] = (key, out)
        return out

    def check(self) -> int:
        """Check every file's schema version (footer only); returns the number of files.

        Raises SchemaVersionError, or DatasetError naming the damaged files."""
        self.require()
        n = 0
        damaged = []
        for t in TABLE_NAMES:
            for p in self.files(t):
                try:
                    self.footer(p)
                except DamagedFileError:
                    damaged.append(p)
                n += 1
        if damaged:
            raise DatasetError(f"{len(damaged)} damaged file(s): {', '.join(damaged)}")
        return n

    # ---- what readers read -------------------------------------------------------
    def snapshot(self, warn: bool = True) -> dict:
        """The files a reader reads now: {"tables": {table: {"published": [paths],
        "pending": {part: [paths not absorbed]}}}, "damaged": [paths]}.

        Damaged files are left out (one warning each); a partition whose published file
        is damaged keeps all its pending files."""
        out = {"tables": {}, "damaged": []}
        for t in TABLE_NAMES:
            pub, pend = [], {}
            absorbed: dict = {}
            base = self.table_dir(t)
            for p in self.published_files(t):
                footer = self._readable_footer(p, out["damaged"], warn)
                if footer is None:
                    continue
                absorbed.setdefault(_part_of(p, base), set()).update(footer[1])
                pub.append(p)
            pbase = self.pending_dir(t)
            for p in self.pending_files(t):
                part = _part_of(p, pbase)
                if p.rsplit("/", 1)[1] in absorbed.get(part, ()):
                    continue
                if self._readable_footer(p, out["damaged"], warn) is None:
                    continue
                pend.setdefault(part, []).append(p)
            out["tables"][t] = {"published": pub, "pending": pend}
        return out

    def _readable_footer(self, path: str, damaged: list, warn: bool):
        """The file's footer; None for a file gone (compacted away since the listing) or damaged
        (added to `damaged`, with a warning when `warn`)."""
        try:
            return self.footer(path)
        except FileNotFoundError:
            return None
        except DamagedFileError as exc:
            damaged.append(path)
            if warn:
                warn_damaged(path, exc)
            return None

    def visible_files(self, table: str, snap: dict | None = None) -> list[str]:
        """The files of a table that hold its current rows: published plus pending not yet absorbed."""
        snap = snap or self.snapshot()
        t = snap["tables"][table]
        return sorted(t["published"]) + sorted(p for ps in t["pending"].values() for p in ps)

    def damaged_files(self) -> list[str]:
        """Files whose footer cannot be read, in the tables and the pending area."""
        return self.snapshot(warn=False)["damaged"]

    # ---- versions --------------------------------------------------------------
    def _read_versions(self, files=None):
        """(article_id, content_hash, modified_at, version, written_at, file) of every stored articles row
        in `files` (default: the visible articles files); damaged files are skipped with a warning."""
        import pyarrow as pa

        cols = ["article_id", "content_hash", "modified_at", "version", "written_at"]
        files = self.visible_files("articles") if files is None else files
        sch = pa.schema([schema.ARTICLES.field(c) for c in cols] + [pa.field("file", pa.string())])

        def one(p):
            try:
                t = self.read_file(p, cols).select(cols)
            except FileNotFoundError:  # retired since the listing: its rows are in a published file
                return sch.empty_table()
            except DamagedFileError as exc:
                warn_damaged(p, exc)
                return sch.empty_table()
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

    @staticmethod
    def _latest_rows(t):
        """The rows of `t` (a versions table) that are the current copy of their article."""
        import pyarrow as pa
        import pyarrow.compute as pc

        # the last row of each article_id after sorting by (article_id, written_at, version) is its latest copy
        t = t.sort_by([("article_id", "ascending"), ("written_at", "ascending"), ("version", "ascending")])
        if t.num_rows:
            ids = t.column("article_id").combine_chunks()
            last = pc.not_equal(ids.slice(0, len(ids) - 1), ids.slice(1))
            t = t.filter(pa.concat_arrays([last, pa.array([True])]))
        return t

    def _load_latest(self, refresh: bool = False, versions=None) -> dict:
        if self._latest is not None and not refresh and versions is None:
            return self._latest
        import pyarrow as pa

        t = self._latest_rows(self._read_versions() if versions is None else versions)
        # timestamps as integers: several times faster to convert than datetimes with a time zone
        d = t.select(["article_id", "content_hash", "version", "file"]).to_pydict()
        d["modified_at"] = t.column("modified_at").cast(pa.int64()).to_pylist()
        d["written_at"] = t.column("written_at").cast(pa.int64()).to_pylist()
        # the source is in the partition folder's name (source=S), not in the files
        by_file = {f: _source_of(f) for f in set(d["file"])}
        latest = {
            aid: (h, mod, ver, wat, by_file[f])
            for aid, h, mod, ver, wat, f in zip(d["article_id"], d["content_hash"], d["modified_at"], d["version"],
                                                d["written_at"], d["file"])
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
        """Write [(Table, final path, table name)] atomically; on a local disk several at once (fsync waits overlap)."""
        if len(jobs) < 2 or not self.is_local:
            for t, final, name in jobs:
                self._write_parquet(t, final, name)
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(8, len(jobs)), thread_name_prefix="aznews-write") as pool:
            futures = [pool.submit(self._write_parquet, t, final, name) for t, final, name in jobs]
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
                final = self._join(PENDING, name, f"source={src}", f"year={y}", f"month={m}",
                                   f"part-{writer_id}-{batch}.parquet")
                jobs[name].append((t.slice(offset, count), final, name))
                offset += count
        # children first; the articles files commit the batch, so they are renamed into place last
        children_jobs = [j for name in WRITE_ORDER if name != "articles" for j in jobs.get(name, [])]
        self._write_files(children_jobs)
        self._write_files(jobs["articles"])
        for name in WRITE_ORDER:
            for t, final, _ in jobs.get(name, []):
                result.files.append(final)
                result.rows[name] += t.num_rows

        for r, v in zip(kept, versions):
            latest[r["article_id"]] = (r["content_hash"], _to_us(_timestamp(r.get("modified_at"))), v, _to_us(written_at),
                                       r.get("source"))
        self._latest_max = _to_us(written_at)
        return result

    # ---- publishing --------------------------------------------------------------
    @contextmanager
    def _lock(self, part: str):
        """Exclusive right to publish one partition, across processes (flock: local disks and NFS)
        and, for other filesystems, within this process."""
        key = part.replace("/", ",")
        if self.is_local:
            import fcntl

            folder = self._join(LOCK_DIR)
            os.makedirs(folder, exist_ok=True)
            fd = os.open(f"{folder}/{key}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # releases the lock (so does the death of the process)
        else:
            import threading

            lock = _process_locks.setdefault((self.url, key), threading.Lock())
            with lock:
                yield

    def _quarantine(self, path: str) -> str:
        rel = path[len(self.path) + 1:]
        dest = self._join(DAMAGED_DIR, f"{rel}.{_new_id(6)}")
        self._makedirs(dest.rsplit("/", 1)[0])
        self.fs.mv(path, dest)
        return dest

    def _rm(self, path: str) -> bool:
        try:
            self.fs.rm(path)
            return True
        except FileNotFoundError:
            return False

    def publish(self, orphan_grace_s: float = 3600.0, temp_grace_s: float = 3600.0,
                retire_grace_s: float = RETIRE_GRACE_S, repair: bool = False) -> CompactResult:
        """Merge the committed pending files into the published files, partition by partition.

        Afterwards every published file holds exactly the current rows of its table
        and partition. Pending files absorbed at least `retire_grace_s` ago are
        deleted; child files of batches that never committed (a writer died before
        its articles file) once older than `orphan_grace_s`; leftover temporary
        files once older than `temp_grace_s`. A partition whose published file is
        damaged is left as it is, unless repair=True: then damaged files are moved to
        ROOT/_damaged and the partition is published from what is readable.
        Safe while other processes write or publish.
        """
        import pyarrow as pa

        self.require()
        res = CompactResult(rows_dropped={t: 0 for t in TABLE_NAMES})
        snap = self.snapshot(warn=not repair)
        res.damaged = list(snap["damaged"])
        res.files_before = sum(len(self.files(t)) for t in TABLE_NAMES)
        versions = self._read_versions(self.visible_files("articles", snap))
        cur = self._latest_rows(versions)
        # article_id -> (written_at, version) of its current copy, over the whole dataset
        live = dict(zip(cur.column("article_id").to_pylist(),
                        zip(cur.column("written_at").cast(pa.int64()).to_pylist(), cur.column("version").to_pylist())))
        live_versions = {v for _, v in live.values()}
        # partitions to publish: pending files, superseded rows in a published articles file, damaged files
        todo = set()
        for t in TABLE_NAMES:
            todo |= set(snap["tables"][t]["pending"])
        pub_art = snap["tables"]["articles"]["published"]
        stale_files = set(versions.filter(pa.compute.invert(pa.compute.is_in(
            versions.column("version"), value_set=pa.array(list(live_versions), pa.int64())))).column("file").to_pylist())
        stale = {self.partition_of(p) for p in pub_art if p in stale_files}
        todo |= stale
        if repair:
            todo |= {self.partition_of(p) for p in res.damaged}
        for t in TABLE_NAMES:  # absorbed files past their grace period, and uncommitted orphans
            todo |= {self.partition_of(p) for p in self.pending_files(t)}
        self._handled = set()  # damaged files moved aside (repair)
        for part in sorted(todo):
            self._publish_partition(part, live, res, orphan_grace_s, retire_grace_s, repair,
                                    stale=part in stale or (repair and any(self.partition_of(p) == part for p in res.damaged)))
        if repair:  # damaged files of partitions with nothing else to do
            for p in res.damaged:
                if p in self._handled or not self._exists(p):
                    continue
                try:
                    self.footer(p)  # rewritten meanwhile (its partition was published)
                except DamagedFileError:
                    res.quarantined.append(self._quarantine(p))
                except (FileNotFoundError, SchemaVersionError):
                    pass
        tmp_dir = self._join(TMP_DIR)
        if self._isdir(tmp_dir):
            for p in self.fs.ls(tmp_dir, detail=False):
                age = self._age_s(p)
                if p.endswith(TMP_SUFFIX) and age is not None and age >= temp_grace_s and self._rm(p):
                    res.temp_files_removed += 1
        res.files_after = sum(len(self.files(t)) for t in TABLE_NAMES)
        self._latest = None
        return res

    compact = publish

    def _publish_partition(self, part: str, live: dict, res: CompactResult, orphan_grace_s: float,
                           retire_grace_s: float, repair: bool, stale: bool) -> None:
        """Publish one partition under its lock; `stale`: its published files hold superseded rows."""
        import pyarrow as pa
        import pyarrow.compute as pc

        now = _now().timestamp()
        handled = self._handled
        with self._lock(part):
            # the partition as it is now, under the lock (another publisher may have been here since the snapshot)
            published, absorbed, pending = {}, {}, {}
            for t in TABLE_NAMES:
                p = self._join(t, part, PUBLISHED)
                absorbed[t] = {}
                if self._exists(p):
                    try:
                        absorbed[t] = self.footer(p)[1]
                        published[t] = p
                    except DamagedFileError as exc:
                        if not repair:
                            warn_damaged(p, exc)
                            res.skipped_partitions.append(part)
                            return
                        res.quarantined.append(self._quarantine(p))
                        handled.add(p)
                folder = self._join(PENDING, t, part)
                names = sorted(n.rsplit("/", 1)[-1] for n in self.fs.ls(folder, detail=False)) if self._isdir(folder) else []
                pending[t] = [n for n in names if n.endswith(".parquet") and not n.startswith((".", "_"))]
            committed = set(pending["articles"]) | set(absorbed["articles"])
            to_absorb = {}
            for t in TABLE_NAMES:
                to_absorb[t] = []
                for name in pending[t]:
                    path = self._join(PENDING, t, part, name)
                    if name in absorbed[t]:  # merged before: deleted once its grace period is over
                        if now - float(absorbed[t][name]) >= retire_grace_s and self._rm(path):
                            res.retired += 1
                    elif name in committed:
                        to_absorb[t].append(name)
                    else:  # a batch still being written, or one whose writer died before committing
                        age = self._age_s(path)
                        if age is not None and age >= orphan_grace_s:
                            try:
                                res.rows_dropped[t] += self.read_file(path, ["version"]).num_rows
                            except (DamagedFileError, SchemaVersionError):
                                pass
                            if self._rm(path):
                                res.retired += 1
            if not stale and not any(to_absorb.values()):
                return
            for t in TABLE_NAMES:  # a damaged pending file: the partition waits for --repair, untouched
                for name in list(to_absorb[t]):
                    path = self._join(PENDING, t, part, name)
                    try:
                        self.footer(path)
                    except FileNotFoundError:
                        to_absorb[t].remove(name)
                    except DamagedFileError as exc:
                        if not repair:
                            warn_damaged(path, exc)
                            res.skipped_partitions.append(part)
                            return
                        res.quarantined.append(self._quarantine(path))
                        handled.add(path)
                        to_absorb[t].remove(name)
            tables, changed, new_absorbed = {}, {}, {}
            for t in TABLE_NAMES:
                pieces = []
                if t in published:
                    pieces.append(self._conform(self.read_file(published[t]), t))
                new_absorbed[t] = {}
                for name in to_absorb[t]:
                    path = self._join(PENDING, t, part, name)
                    try:
                        pieces.append(self._conform(self.read_file(path), t))
                    except FileNotFoundError:
                        continue
                    new_absorbed[t][name] = round(now, 3)
                tables[t] = pa.concat_tables(pieces) if pieces else schema.stored(t).empty_table()
                changed[t] = bool(new_absorbed[t])
            # the current versions: those of the whole dataset, updated with what was committed here since
            local = live
            art = tables["articles"]
            if art.num_rows:
                local = dict(live)
                ids = art.column("article_id").to_pylist()
                keys = zip(art.column("written_at").cast(pa.int64()).to_pylist(), art.column("version").to_pylist())
                for aid, key in zip(ids, keys):
                    old = local.get(aid)
                    if old is None or (key[0] or 0, key[1]) > (old[0] or 0, old[1]):
                        local[aid] = key
            current = pa.array(sorted({v for _, v in local.values()}), pa.int64())
            for t in TABLE_NAMES:
                tab = tables[t]
                if not tab.num_rows:
                    continue
                keep = pc.is_in(tab.column("version"), value_set=current)
                if t == "articles":  # one row per article even if a version was stored twice
                    keep = pc.and_(keep, self._first_of_each_version(tab))
                kept = tab.filter(keep)
                if kept.num_rows < tab.num_rows:
                    res.rows_dropped[t] += tab.num_rows - kept.num_rows
                    changed[t] = True
                    tables[t] = kept
            if not any(changed.values()):
                return
            res.absorbed += sum(len(v) for v in new_absorbed.values())
            res.partitions += 1
            for t in WRITE_ORDER:  # children first: the articles file is renamed into place last
                if not changed[t]:
                    continue
                keep_names = {n: at for n, at in absorbed[t].items() if n in pending[t]}  # still on disk
                keep_names.update(new_absorbed[t])
                meta = {ABSORBED_KEY: json.dumps(keep_names, separators=(",", ":")).encode()}
                self._write_parquet(self._sorted(tables[t]), self._join(t, part, PUBLISHED), t, meta)

    @staticmethod
    def _first_of_each_version(tab):
        """A mask keeping the first row of each version (a batch written twice by a retried write)."""
        import pyarrow as pa

        seen = set()
        out = []
        for v in tab.column("version").to_pylist():
            out.append(v not in seen)
            seen.add(v)
        return pa.array(out, pa.bool_())

    @staticmethod
    def _sorted(tab):
        """Rows in publication order (then by article and position), so a published file reads like a timeline."""
        keys = [c for c in ("published_at", "article_id", "sentence", "start") if c in tab.column_names]
        return tab.sort_by([(k, "ascending") for k in keys]) if tab.num_rows > 1 else tab

    @staticmethod
    def _conform(table, name: str):
        """Cast a file's table to the stored schema (older minor versions lack new columns; 1.x files
        carry the source column, which is the partition's)."""
        import pyarrow as pa

        sch = schema.stored(name)
        cols = {}
        for f in sch:
            if f.name in table.column_names:
                cols[f.name] = table.column(f.name).cast(f.type)
            else:
                cols[f.name] = pa.nulls(table.num_rows, f.type)
        return pa.table(cols, schema=sch)
