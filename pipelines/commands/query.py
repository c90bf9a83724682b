"""`aznews query "SQL"`: run SQL against the dataset's DuckDB views.

Views: articles, mentions, roles, dates (latest version of each article only),
entities and posts (the identity stage: pipelines/identity/); see
pipelines/dataset/query.py.

This path imports only DuckDB and the standard library (no pyarrow, pandas or
rich) once the connect caches are warm: results are fetched as Python rows,
Parquet output is written by DuckDB, and the table format is drawn here. (The
first query after new data computes the identity tables, which uses pyarrow.)

Read-only by default, for shared use: the SQL must be one statement that returns
rows (SELECT, WITH, VALUES, DESCRIBE, SUMMARIZE, SHOW, EXPLAIN), and for a local
dataset DuckDB's file access is then limited to the dataset's folder (no
read_csv('/etc/passwd'), no ATTACH, no extension installs). `--any-sql` lifts
both limits. Results are streamed: the table format reads only the rows it
shows, csv/json/parquet write as they read, so memory stays flat; output files
are written under a temporary name and renamed into place.
"""
from __future__ import annotations

import sys

from aznews.pipelines.commands.argtypes import positive_int
from aznews.pipelines.errors import UserError

HELP = "run SQL on the dataset (views: articles, mentions, roles, dates, entities, posts)"
FORMATS = ("table", "csv", "json", "parquet")
MAX_CELL = 60  # characters shown per cell in table format


def configure(parser):
    parser.add_argument("sql", help='one SELECT statement (WITH, VALUES, DESCRIBE, SUMMARIZE, EXPLAIN too), e.g. '
                                    '"SELECT label, count(*) FROM mentions GROUP BY 1"')
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", default=None, help="write to FILE instead of stdout (required for parquet)")
    parser.add_argument("--max-rows", type=positive_int, default=200, metavar="N",
                        help="rows shown in table format (default 200); only those are read")
    parser.add_argument("--any-sql", action="store_true",
                        help="run any SQL DuckDB accepts, several statements included (COPY, ATTACH, INSTALL, files "
                             "anywhere): without it the query is one read-only statement that reads only the dataset")


def _plain(value):
    """A JSON/CSV-friendly value: timestamps as ISO 8601 (aware ones in UTC), decimals as numbers, bytes as text."""
    from datetime import date, datetime, time, timezone
    from decimal import Decimal

    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # UUID, timedelta, ...


READ_ONLY_TYPES = ("SELECT", "EXPLAIN")  # duckdb StatementType names that only read
FETCH = 2048  # rows per fetch


class _Rows:
    """A list of rows read like a cursor (fetchmany)."""

    def __init__(self, rows):
        self._rows = list(rows)
        self._pos = 0

    def fetchmany(self, n: int) -> list:
        out = self._rows[self._pos:self._pos + n]
        self._pos += len(out)
        return out


class Result:
    """A query result being read: column names and the rows, fetched FETCH at a time from
    a DuckDB cursor (or from a list of rows: other commands print their tables this way)."""

    def __init__(self, columns: list[str], cursor):
        self.columns = columns
        self._cursor = cursor if hasattr(cursor, "fetchmany") else _Rows(cursor)

    def rows(self):
        while True:
            batch = self._cursor.fetchmany(FETCH)
            if not batch:
                return
            yield from batch

    def first(self, n: int) -> tuple[list[tuple], bool]:
        """At most n rows, and whether there are more (only n + 1 rows are read)."""
        rows = self._cursor.fetchmany(n + 1)
        return rows[:n], len(rows) > n


def _connect(dataset, sql: str):
    from aznews.pipelines.dataset.query import connect, views_in

    return connect(dataset, views=views_in(sql))  # only the views the statement names


def _failed(exc) -> UserError:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return UserError(f"query failed: {lines[0] if lines else type(exc).__name__}")


def check_read_only(con, sql: str) -> None:
    """One statement that returns rows; anything else is a UserError naming --any-sql."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise _failed(exc) from None
    if len(statements) != 1:
        raise UserError(f"give one SQL statement, not {len(statements)} (--any-sql runs several)")
    kind = getattr(statements[0].type, "name", str(statements[0].type))
    if kind not in READ_ONLY_TYPES:
        raise UserError(f"a {kind} statement is not read-only: aznews query runs SELECT (WITH, VALUES, DESCRIBE, "
                        "SUMMARIZE, EXPLAIN); --any-sql runs anything")


def _confine(con, ds, extra_dirs=()) -> None:
    """DuckDB may touch files only in the dataset's folder (and where --out goes) from now on."""
    import os

    import duckdb

    if not ds.is_local:
        return  # a remote dataset is read through fsspec; the statement check still holds
    dirs = [ds.path, *extra_dirs]
    lst = "[" + ", ".join("'" + os.path.join(d, "").replace("'", "''") + "'" for d in dirs) + "]"
    try:
        con.execute(f"SET allowed_directories = {lst}")
        con.execute("SET enable_external_access = false")
    except duckdb.Error:  # an older DuckDB without allowed_directories: the statement check still holds
        pass


def _execute(con, sql: str):
    import duckdb

    try:
        cur = con.execute(sql)
    except duckdb.Error as exc:
        raise _failed(exc) from None
    if cur.description is None:
        return None
    return Result([d[0] for d in cur.description], cur)


def _cell(value) -> str:
    if value is None:
        return ""
    v = _plain(value)
    if isinstance(v, (list, dict)):
        import json

        text = json.dumps(v, ensure_ascii=False)
    else:
        text = str(v)
    text = " ".join(text.split()) if ("\n" in text or "\t" in text or "\r" in text) else text
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _width(text: str) -> int:
    import unicodedata

    if text.isascii():
        return len(text)
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def format_table(result: Result, max_rows: int = 200) -> str:
    """A plain text table (box lines) of the first max_rows rows, and a row count line."""
    shown, more = result.first(max_rows)
    cells = [[_cell(v) for v in row] for row in shown]
    widths = [_width(c) for c in result.columns]
    for row in cells:
        widths = [max(w, _width(c)) for w, c in zip(widths, row)]

    def line(values):
        return "│ " + " │ ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths)) + " │"

    out = ["┌─" + "─┬─".join("─" * w for w in widths) + "─┐", line(result.columns),
           "├─" + "─┼─".join("─" * w for w in widths) + "─┤"]
    out += [line(row) for row in cells]
    out.append("└─" + "─┴─".join("─" * w for w in widths) + "─┘")
    if more:
        out.append(f"more than {len(shown)} rows: only the first {len(shown)} shown "
                   "(--max-rows N, or --format csv/json/parquet for all)")
    else:
        out.append(f"{len(shown)} row(s)")
    return "\n".join(out) + "\n"


def write_rows(result: Result, fmt: str, stream, max_rows: int = 200) -> None:
    import json

    if fmt == "csv":
        import csv

        w = csv.writer(stream)
        w.writerow(result.columns)
        for row in result.rows():
            w.writerow(
                json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else ("" if v is None else _plain(v))
                for v in row
            )
    elif fmt == "json":  # the layout of json.dump(rows, indent=1), one object at a time
        cols = result.columns
        n = 0
        for row in result.rows():
            obj = json.dumps({c: _plain(v) for c, v in zip(cols, row)}, ensure_ascii=False, indent=1)
            stream.write(("[\n" if n == 0 else ",\n") + "\n".join(" " + ln for ln in obj.split("\n")))
            n += 1
        stream.write("\n]\n" if n else "[]\n")
    else:
        stream.write(format_table(result, max_rows))


def write_output(result: Result, fmt: str, out: str | None, max_rows: int = 200) -> None:
    """The rows in `fmt` to stdout, or to the file `out` (written atomically)."""
    import duckdb

    if fmt == "parquet":
        raise UserError("--format parquet needs --out FILE")
    if out is None:
        try:
            write_rows(result, fmt, sys.stdout, max_rows)
        except duckdb.Error as exc:  # an error met while the rows stream
            raise _failed(exc) from None
        return
    target = out if isinstance(out, _AtomicOut) else _AtomicOut(out)
    stream = target.open_text()
    try:
        with stream:
            write_rows(result, fmt, stream, max_rows)
    except duckdb.Error as exc:
        target.discard()
        raise _failed(exc) from None
    except BaseException:
        target.discard()
        raise
    target.commit()


class _AtomicOut:
    """--out FILE written under a temporary name in its folder and renamed into place at
    the end: a failed query leaves an existing FILE as it was."""

    def __init__(self, path: str):
        import os

        self.path = path
        folder = os.path.dirname(os.path.abspath(path))
        if os.path.isdir(path):
            raise UserError(f"cannot write {path}: it is a folder")
        if not os.path.isdir(folder):
            raise UserError(f"cannot write {path}: folder {folder} does not exist")
        self.tmp = os.path.join(folder, f".{os.path.basename(path)}.{os.getpid()}.tmp")
        self.folder = folder

    def open_text(self):
        try:
            return open(self.tmp, "w", encoding="utf-8", newline="")
        except OSError as exc:
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def commit(self) -> None:
        import os

        try:
            os.replace(self.tmp, self.path)
        except OSError as exc:
            raise UserError(f"cannot write {self.path}: {exc.strerror or exc}") from None

    def discard(self) -> None:
        import os

        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def run(args):
    import duckdb

    from aznews.pipelines.dataset.query import default_dataset
    from aznews.pipelines.dataset.writer import Dataset

    if args.format == "parquet" and not args.out:
        raise UserError("--format parquet needs --out FILE")
    out = _AtomicOut(args.out) if args.out else None
    any_sql = getattr(args, "any_sql", False)
    ds = Dataset(args.dataset or default_dataset())
    con = _connect(ds, args.sql)
    try:
        if not any_sql:
            check_read_only(con, args.sql)
            _confine(con, ds, [out.folder] if out else [])
        if args.format == "parquet":
            try:
                con.sql(args.sql).write_parquet(out.tmp, compression="zstd")
            except duckdb.Error as exc:
                out.discard()
                raise _failed(exc) from None
            out.commit()
            return 0
        result = _execute(con, args.sql)
        if result is not None:
            write_output(result, args.format, out, args.max_rows)
        return 0
    finally:
        con.close()
