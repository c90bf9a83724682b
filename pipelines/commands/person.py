"""`aznews person NAME`: one person's posts over time.

    aznews person "B.Hacızadə"                    # initialled, inflected, surname-first forms work
    aznews person billure-hacizade --format json

JSON: {"person", "person_id", "names" (the forms the articles use), "mentions", "articles",
"first_seen", "last_seen", "posts": [{"title", "organization", "organization_id",
"parent_organization", "parent_organization_id", "first_seen", "last_seen", "since",
"until", "ended_by", "ended_by_person", "event", "current", "events": [{"event", "date",
"article_id", "sentence"}], "articles", "evidence": [{"article_id", "date", "event",
"sentence", "url", "title"}]}]}. CSV and table: one row per post. Exit status 0; 2 when
the name fits nobody or several people (the message lists their ids; give one).
"""
from __future__ import annotations

from aznews.pipelines.commands.who import add_identity_options, open_dataset, write

HELP = "one person's posts over time"


def configure(parser):
    parser.add_argument("name", metavar="NAME", help="a person's name (full, initialled, inflected, surname first) or id")
    add_identity_options(parser)


def run(args):
    from aznews.pipelines.identity import lookup

    con, wl = open_dataset(args)
    try:
        data = lookup.person(con, args.name, wl)
    finally:
        con.close()
    posts = data["posts"]
    if args.format == "csv":
        cols = ["person", "person_id", "title", "organization", "organization_id", "parent_organization",
                "parent_organization_id", "since", "until", "ended_by", "ended_by_person", "first_seen", "last_seen",
                "event", "articles", "events"]
        write(cols, [tuple(data[c] if c in ("person", "person_id") else p[c] for c in cols) for p in posts], "csv", data)
    elif args.format == "table":
        print(f"{data['person']} ({data['person_id']}): {data['mentions']} mention(s) in {data['articles']} article(s), "
              f"{data['first_seen'] or '?'} to {data['last_seen'] or '?'}; names used: {', '.join(data['names']) or '-'}")
        cols = ["title", "organization", "part of", "since", "until", "first_seen", "last_seen", "events", "articles"]
        rows = [(p["title"], p["organization"], p["parent_organization"] or "", p["since"] or "?",
                 (p["until"] + f" ({p['ended_by']}" + (f": {p['ended_by_person']}" if p["ended_by_person"] else "") + ")")
                 if p["until"] else "", p["first_seen"], p["last_seen"],
                 ", ".join(f"{e['event']} {e['date']}" for e in p["events"]), p["articles"]) for p in posts]
        write(cols, rows, "table", data)
    else:
        write([], [], "json", data)
    return 0
