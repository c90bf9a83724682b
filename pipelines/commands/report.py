"""`aznews report`: one self-contained HTML report of the watched entities.

    aznews report --out report.html
    aznews report --dataset D --watchlist mine.yaml --since 2024-01-01 --out report.html

The file opens without a network: plotly.js is inlined, no CDN links, no web fonts.
It shows mentions per watched entity per week (chart), the entities found, the top
people per watched organization with their titles, a timeline of appointments and
dismissals, and the latest mentions with links (pipelines/monitor/report.py).
The report does not read or change the state of `aznews watch`.
Exit status: 0 written, 2 error (missing dataset, bad watchlist, bad date, unwritable --out).
"""
from __future__ import annotations

import sys

from aznews.pipelines.errors import UserError

HELP = "write a self-contained HTML report on the watched ministries and officials"


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--watchlist", action="extend", nargs="+", default=[], metavar="FILE",
                        help="YAML watchlist(s) added to the built-in government list")
    parser.add_argument("--no-builtin", action="store_true", help="do not include the built-in government watchlist")
    parser.add_argument("--since", default=None, metavar="DATE", help="only articles published on/after DATE (YYYY-MM-DD)")
    parser.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write")


def run(args):
    import os
    import tempfile

    from aznews.pipelines.commands.watch import parse_date
    from aznews.pipelines.monitor import report, watchlist
    from aznews.pipelines.dataset.query import connect, default_dataset

    since = parse_date(args.since)
    wl = watchlist.load(args.watchlist, include_builtin=not args.no_builtin)
    dataset = args.dataset or default_dataset()
    folder = os.path.dirname(os.path.abspath(args.out))
    if not os.path.isdir(folder):
        raise UserError(f"cannot write {args.out}: folder {folder} does not exist")
    con = connect(dataset)
    try:
        text = report.build(con, wl, since=since, dataset_name=str(dataset))
    finally:
        con.close()
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, args.out)
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out} ({len(text.encode('utf-8')) // 1024} KiB)", file=sys.stderr)
    return 0
