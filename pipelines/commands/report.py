"""`aznews report --out report.html`: one self-contained HTML file on the watched bodies.

    aznews report --out report.html                       # built-in watchlist, data/aznews
    aznews report --dataset D --watchlist mine.yaml --since 2025-01-01 --out r.html

The file opens without a network and without JavaScript: charts are inline SVG, no CDN
links, no web fonts, well under 1.5 MB. It shows who's who at each watched body (current
holders, changes in the period), mentions per watched entity over time (binned by day,
week or month to fit the period), the entities found, the top people per watched
organization with their titles, appointments and dismissals, and the latest mentions with
links (pipelines/monitor/report.py). Written atomically, mode 0644.
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
    con = connect(dataset, watchlist=wl)
    try:
        text = report.build(con, wl, since=since, dataset_name=str(dataset))
    finally:
        con.close()
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o644)  # a report is for reading (mkstemp makes 0600)
        os.replace(tmp, args.out)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out} ({len(text.encode('utf-8')) // 1024} KiB)", file=sys.stderr)
    return 0
