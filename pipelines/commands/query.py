"""`aznews query "SQL"`: run SQL against the dataset's DuckDB views.

Views: articles, mentions, roles, dates (latest version of each article only)
and entities; see pipelines/query.py.
"""
from __future__ import annotations

import sys

from pipelines.errors import UserError

HELP = "run SQL on the dataset (views: articles, mentions, roles, dates, entities)"
FORMATS = ("table", "csv", "json", "parquet")


def configure(parser):
    parser.add_argument("sql", help='one SQL statement, e.g. "SELECT label, count(*) FROM mentions GROUP BY 1"')
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/demo)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--out", default=None, help="write to FILE instead of stdout (required for parquet)")
    parser.add_argument("--max-rows", type=int, default=200, help="rows shown in table format (default 200)")


def _plain(value):
    """A JSON/CSV-friendly value: timestamps as ISO 8601, bytes as text."""
    from datetime import date, datetime, time

    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def run_sql(sql: str, dataset):
    """Execute SQL on the views; returns a pyarrow Table or None for a statement without result."""
    import duckdb

    from pipelines.query import connect

    con = connect(dataset)
    try:
        rel = con.sql(sql)
        return None if rel is None else rel.to_arrow_table()
    except duckdb.Error as exc:
        lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
        message = lines[0] if lines else type(exc).__name__
        raise UserError(f"query failed: {message}") from None
    finally:
        con.close()


def write_output(table, fmt: str, out: str | None, max_rows: int = 200) -> None:
    import json

    if fmt == "parquet":
        import pyarrow.parquet as pq

        if not out:
            raise UserError("--format parquet needs --out FILE")
        pq.write_table(table, out, compression="zstd")
        return
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "csv":
            import csv

            w = csv.writer(stream)
            w.writerow(table.column_names)
            for row in table.to_pylist():
                w.writerow(
                    json.dumps(_plain(v), ensure_ascii=False) if isinstance(v, (list, dict)) else ("" if v is None else _plain(v))
                    for v in row.values()
                )
        elif fmt == "json":
            json.dump([_plain(r) for r in table.to_pylist()], stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        else:
            from rich.console import Console
            from rich.table import Table

            console = Console(file=stream) if out else Console()
            t = Table(show_lines=False)
            for name in table.column_names:
                t.add_column(name, overflow="fold")
            shown = table.slice(0, max_rows)
            for row in shown.to_pylist():
                t.add_row(*("" if v is None else str(_plain(v)) for v in row.values()))
            console.print(t)
            extra = table.num_rows - shown.num_rows
            console.print(f"{table.num_rows} row(s)" + (f", {extra} not shown (use --format csv/json/parquet)" if extra > 0 else ""))
    finally:
        if out:
            stream.close()


def run(args):
    from pipelines.query import default_dataset

    if args.format == "parquet" and not args.out:
        raise UserError("--format parquet needs --out FILE")
    table = run_sql(args.sql, args.dataset or default_dataset())
    if table is None:
        return 0
    write_output(table, args.format, args.out, args.max_rows)
    return 0
