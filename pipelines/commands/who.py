"""`aznews who ORG [--at DATE] [--title T]`: who holds (or held, at DATE) which post at ORG.

    aznews who "Təhsil Nazirliyi"                      # current holders at the ministry and its units
    aznews who ETN --at 2022-01-01 --format json       # abbreviation, former name, inflected forms all work
    aznews who "Gəncə Dövlət Universiteti" --title rektor --all

Posts come from the `posts` view (pipelines/identity/posts.py): a tenure begins with an
appointment or the first article that shows it and ends with the person's dismissal or,
for a single-holder post (minister, rector, head of an executive authority, ...), with
the next holder's appointment. Without --at: the open tenures; --all: every tenure.

JSON: a list of {"person", "title", "organization", "first_seen", "last_seen", "event",
"articles", "person_id", "organization_id", "parent_organization", "parent_organization_id",
"since", "until", "ended_by", "ended_by_person", "evidence": [{"article_id", "date",
"event", "sentence", "url", "title"}]}; `event` is how the tenure began (appointed, holds,
dismissed, former); dates are the sites' local publication dates. Exit status 0 (also when
nobody is found: an empty list), 2 for bad input (an organization the dataset and the
watchlist do not know, a name that fits several, a bad date).
"""
from __future__ import annotations

import sys

from aznews.pipelines.commands.argtypes import iso_date

HELP = "who holds (or held, at a date) which post at an organization"
FORMATS = ("table", "json", "csv")


def add_identity_options(parser) -> None:
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    parser.add_argument("--watchlist", action="extend", nargs="+", default=[], metavar="FILE",
                        help="YAML watchlist(s) whose aliases name bodies and people (added to the built-in list)")
    parser.add_argument("--no-builtin", action="store_true", help="do not include the built-in government watchlist")


def open_dataset(args):
    """(connection, watchlist or None for the built-in one) for a who/person command."""
    from aznews.pipelines.dataset.query import connect, default_dataset
    from aznews.pipelines.monitor import watchlist

    wl = watchlist.load(args.watchlist, include_builtin=not args.no_builtin) if (args.watchlist or args.no_builtin) else None
    return connect(args.dataset or default_dataset(), watchlist=wl), wl


def write(columns: list[str], rows: list[tuple], fmt: str, data) -> None:
    import json

    from aznews.pipelines.commands.query import Result, write_output

    if fmt == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        write_output(Result(columns, rows), fmt, None, max_rows=10 ** 9)


def configure(parser):
    parser.add_argument("org", metavar="ORG", help="organization: name (any case ending), alias, abbreviation, former name or id")
    parser.add_argument("--at", type=iso_date, default=None, metavar="DATE", help="who held the posts on DATE (YYYY-MM-DD)")
    parser.add_argument("--title", default=None, metavar="T", help="only this post (e.g. rektor, 'nazir müavini')")
    parser.add_argument("--all", action="store_true", help="every tenure, past ones included")
    add_identity_options(parser)


def run(args):
    from aznews.pipelines.identity import lookup

    con, wl = open_dataset(args)
    try:
        org_id, org_name = lookup.resolve_org(con, args.org, wl)
        rows = lookup.who(con, org_id, at=args.at, title=args.title, include_past=args.all, wl=wl)
    finally:
        con.close()
    if args.format == "csv":
        cols = ["person", "person_id", "title", "organization", "organization_id", "parent_organization",
                "parent_organization_id", "since", "until", "ended_by", "ended_by_person", "first_seen", "last_seen",
                "event", "articles", "evidence"]
        write(cols, [tuple(r[c] for c in cols) for r in rows], "csv", rows)
    elif args.format == "table":
        cols = ["person", "title", "unit", "since", "until", "first_seen", "last_seen", "event", "articles"]
        table = [(r["person"], r["title"], "" if r["organization_id"] == org_id else r["organization"],
                  r["since"] or "?", (r["until"] + f" ({r['ended_by']}" + (f": {r['ended_by_person']}" if r["ended_by_person"] else "")
                                      + ")") if r["until"] else "", r["first_seen"], r["last_seen"], r["event"],
                  r["articles"]) for r in rows]
        when = f"on {args.at}" if args.at else ("ever" if args.all else "now")
        print(f"{org_name} ({org_id}): {len(rows)} post(s) held {when}")
        write(cols, table, "table", rows)
    else:
        write([], [], "json", rows)
    if not rows:
        print(f"nobody found in a post at {org_name}" + (f" on {args.at}" if args.at else ""), file=sys.stderr)
    return 0
