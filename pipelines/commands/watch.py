"""`aznews watch`: new mentions of watched ministries, officials and phrases.

    aznews watch                                  # built-in government watchlist, data/aznews
    aznews watch --dataset D --watchlist mine.yaml --format jsonl --out new.jsonl
    aznews watch --since 2025-01-01               # everything since a date (state untouched)

Without --since, `watch` reports the hits it has not reported before for this
watchlist and remembers them (pipelines/monitor/state.py: `<dataset>/_watch/<hash>.json`,
written atomically, or --state-dir). The first run reports everything; a run with no
new articles reports nothing. With --since DATE it reports every hit in articles
published on or after DATE and neither reads nor writes the state. --dry-run reports
new hits without remembering them.

Each hit: the watched entity (and the name used: a former name of a renamed body
counts for the same entity), the article's date, title and URL, a snippet with the
mention highlighted (terminal: colour; --out FILE: «...»; jsonl: «...» and offsets) and
the people of the same sentence with their titles.

Exit status (for cron): 0 nothing new, 1 new hits reported, 2 error (missing dataset,
bad watchlist, bad date).
"""
from __future__ import annotations

import sys

from aznews.pipelines.errors import UserError

HELP = "report new mentions of watched ministries, people and phrases (exit 1 when there are new ones)"
RUNTIME_ERROR_STATUS = 2  # exit 1 means "new mentions" to cron: any error is 2
EPILOG = ("exit status: 0 nothing new, 1 new mentions reported, 2 error. State: <dataset>/_watch/<watchlist-hash>.json "
          "(or --state-dir); --since DATE ignores and keeps the state.")


def configure(parser):
    parser.epilog = EPILOG
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--watchlist", action="extend", nargs="+", default=[], metavar="FILE",
                        help="YAML watchlist(s) added to the built-in government list (data/watchlists/README.md)")
    parser.add_argument("--no-builtin", action="store_true", help="do not include the built-in government watchlist")
    parser.add_argument("--since", default=None, metavar="DATE",
                        help="report all hits in articles published on/after DATE (YYYY-MM-DD); state is not used")
    parser.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format (default text)")
    parser.add_argument("--out", default=None, metavar="FILE", help="write the hits to FILE instead of stdout")
    parser.add_argument("--state-dir", default=None, metavar="DIR", help="keep the watch state here instead of <dataset>/_watch")
    parser.add_argument("--dry-run", action="store_true", help="report new hits but do not remember them")


def parse_date(text: str | None):
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"bad date {text!r}: expected YYYY-MM-DD") from None


def snippet_marked(hit: dict) -> tuple[str, int, int]:
    """The snippet with «» around the hit, and the hit's offsets inside the marked snippet."""
    left, mid, right = hit["snippet_left"], hit["snippet_hit"], hit["snippet_right"]
    s = f"{left}«{mid}»{right}"
    return s, len(left) + 1, len(left) + 1 + len(mid)


def how_text(hit: dict) -> str:
    how = hit["how"]
    if how == "former":
        return f"former name {hit['alias']!r} (renamed {hit['until']})"
    if how == "abbreviation":
        return f"abbreviation {hit['alias']}"
    if how == "alias":
        return f"as {hit['alias']!r}"
    if how in ("regex", "phrase"):
        return f"pattern {how}"
    return ""


def to_json(hit: dict) -> dict:
    snippet, s0, s1 = snippet_marked(hit)
    pub = hit["published"]
    return {
        "entity_id": hit["entity_id"], "entity": hit["entity"], "entity_type": hit["entity_type"],
        "kind": hit["kind"], "matched_as": hit["how"], "name_used": hit["alias"], "renamed_on": hit["until"],
        "article_id": hit["article_id"], "title": hit["title"], "url": hit["url"], "source": hit["source"],
        "published": pub.isoformat() if pub is not None else None, "sentence": hit["sentence"],
        "start": hit["start"], "end": hit["end"], "text": hit["text"], "canonical": hit["canonical"],
        "snippet": snippet, "snippet_hit": [s0, s1], "people": hit["people"],
    }


def print_text(hits: list[dict], console) -> None:
    from rich.markup import escape
    from rich.text import Text

    for h in hits:
        pub = h["published"].date().isoformat() if h["published"] is not None else "????-??-??"
        extra = how_text(h)
        head = Text()
        head.append(pub + "  ", style="dim")
        head.append(h["entity"], style="bold cyan")
        if extra:
            head.append(f"  ({extra})", style="dim")
        console.print(head)
        console.print(f"  {escape(h['title'] or '(no title)')}", highlight=False)
        console.print(f"  {escape(h['url'] or '')}", style="blue", highlight=False)
        snip = Text("  ")
        snip.append(h["snippet_left"])
        if console.no_color or not console.is_terminal:
            snip.append("«" + h["snippet_hit"] + "»")
        else:
            snip.append(h["snippet_hit"], style="bold black on yellow")
        snip.append(h["snippet_right"])
        console.print(snip, highlight=False)
        if h["people"]:
            ppl = "; ".join(p["person"] + (f" ({p['title']}" + (f", {p['organization']}" if p["organization"] else "") + ")"
                                           if p["title"] else "") for p in h["people"])
            console.print(f"  people: {escape(ppl)}", highlight=False)
        console.print()


def run(args):
    import json

    from rich.console import Console

    from aznews.pipelines.dataset.writer import Dataset
    from aznews.pipelines.monitor import match, watchlist
    from aznews.pipelines.monitor.state import WatchState
    from aznews.pipelines.dataset.query import connect, default_dataset

    since = parse_date(args.since)
    wl = watchlist.load(args.watchlist, include_builtin=not args.no_builtin)
    ds = Dataset(args.dataset or default_dataset())
    con = connect(ds)
    try:
        match.find(con, wl, since=since)
        all_hits = match.hits(con)
    finally:
        con.close()
    state = None
    if since is None:
        state = WatchState.open(ds, wl.identity(), wl.files, args.state_dir)
        new = [h for h in all_hits if state.is_new(h["article_id"], h["content_hash"], h["entity_id"])]
    else:
        new = all_hits

    try:
        out = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    try:
        if args.format == "jsonl":
            fh = out or sys.stdout
            for h in new:
                fh.write(json.dumps(to_json(h), ensure_ascii=False) + "\n")
            fh.flush()
        else:
            console = Console(file=out, no_color=True, width=100, soft_wrap=False) if out else Console(soft_wrap=False)
            print_text(new, console)
    finally:
        if out:
            out.close()

    if state is not None and not args.dry_run:
        for h in all_hits:
            state.add(h["article_id"], h["content_hash"], h["entity_id"])
        state.save()
    entities = len({h["entity_id"] for h in new})
    articles = len({h["article_id"] for h in new})
    what = "since " + since.isoformat() if since else "new"
    print(f"{len(new)} {what} mention(s) of {entities} watched entit{'y' if entities == 1 else 'ies'} "
          f"in {articles} article(s)", file=sys.stderr)
    return 1 if new else 0
