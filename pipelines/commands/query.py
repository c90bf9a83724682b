"""`aznews query "SQL"`: run SQL against the dataset's DuckDB views.

Views: articles, mentions, roles, dates (latest version of each article only),
entities and posts (the identity stage: pipelines/identity/); see
pipelines/dataset/query.py.

This path imports only DuckDB and the standard library (no pyarrow, pandas or
rich) once the connect caches are warm: results are fetched as Python rows,
Parquet output is written by DuckDB, and the table format is drawn here. (The
first query after new data computes the identity tables, which uses pyarrow.)
"""
from __future__ import annotations

import sys

from aznews.pipelines.errors import UserError

HELP = "run SQL on the dataset (views: articles, mentions, roles, dates, entities, posts)"
FORMATS = ("table", "csv", "json", "parquet")
MAX_CELL = 60  # characters shown per cell in table format


def configure(parser):
    parser.add_argument("sql", help='one SQL statement, e.g. "SELECT label, count(*) FROM mentions GROUP BY 1"')
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", default=None, help="write to FILE instead of stdout (required for parquet)")
    parser.add_argument("--max-rows", type=int, default=200, help="rows shown in table format (default 200)")


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


class Result:
    """A query result: column names and rows (tuples of Python values)."""

    def __init__(self, columns: list[str], rows: list[tuple]):
        self.columns = columns
        self.rows = rows

    @property
    def num_rows(self) -> int:
        return len(self.rows)


def _connect(dataset, sql: str):
    from aznews.pipelines.dataset.query import connect, views_in

    return connect(dataset, views=views_in(sql))  # only the views the statement names


def _failed(exc) -> UserError:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return UserError(f"query failed: {lines[0] if lines else type(exc).__name__}")


def run_sql(sql: str, dataset, parquet_out: str | None = None):
    """Execute SQL on the views; a Result, or None for a statement without result.

    With parquet_out the result is written there by DuckDB (zstd) and None is returned.
    """
    import duckdb

    con = _connect(dataset, sql)
    try:
        rel = con.sql(sql)
        if rel is None:
            return None
        if parquet_out:
            rel.write_parquet(parquet_out, compression="zstd")
            return None
        return Result(list(rel.columns), rel.fetchall())
    except duckdb.Error as exc:
        raise _failed(exc) from None
    finally:
        con.close()


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
    """A plain text table (box lines), at most max_rows rows, and a row count line."""
    shown = result.rows[:max_rows]
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
    extra = result.num_rows - len(shown)
    out.append(f"{result.num_rows} row(s)" + (f", {extra} not shown (use --format csv/json/parquet)" if extra > 0 else ""))
    return "\n".join(out) + "\n"


def write_output(result: Result, fmt: str, out: str | None, max_rows: int = 200) -> None:
    import json

    if fmt == "parquet":  # run() has DuckDB write Parquet directly
        raise UserError("--format parquet needs --out FILE")
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "csv":
            import csv

            w = csv.writer(stream)
            w.writerow(result.columns)
            for row in result.rows:
                w.writerow(
                    json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict, tuple)) else ("" if v is None else _plain(v))
                    for v in row
                )
        elif fmt == "json":
            cols = result.columns
            json.dump([{c: _plain(v) for c, v in zip(cols, row)} for row in result.rows], stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        else:
            stream.write(format_table(result, max_rows))
    finally:
        if out:
            stream.close()


def run(args):
    from aznews.pipelines.dataset.query import default_dataset

    if args.format == "parquet" and not args.out:
        raise UserError("--format parquet needs --out FILE")
    dataset = args.dataset or default_dataset()
    if args.format == "parquet":
        run_sql(args.sql, dataset, parquet_out=args.out)
        return 0
    result = run_sql(args.sql, dataset)
    if result is None:
        return 0
    write_output(result, args.format, args.out, args.max_rows)
    return 0
