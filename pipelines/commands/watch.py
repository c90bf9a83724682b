"""`aznews watch`: new mentions of watched ministries, officials and phrases.

    aznews watch                                  # built-in government watchlist, data/aznews
    aznews watch --dataset D --watchlist mine.yaml --format jsonl --out new.jsonl
    aznews watch --since 2025-01-01               # everything since a date (state untouched)
    aznews watch --notify https://hooks.example/az   # also POST each new batch as JSON

Without --since, `watch` reports the hits it has not reported before for this
watchlist and remembers them (pipelines/monitor/state.py: `<dataset>/_watch/<hash>.json`,
written atomically, or --state-dir). The first run reports everything; a run with no
new articles reports nothing. With --since DATE it reports every hit in articles
published on or after DATE and neither reads nor writes the state. --dry-run reports
new hits without remembering them.

Output: one block per article (date, title, URL on a line of its own, never wrapped),
its watched entities inside it, each with the name used (a former name of a renamed
body counts for the same entity), snippets with the mention highlighted (terminal:
colour; --out FILE: «...») and the people of the same sentence with their titles.

--format jsonl (format "aznews-watch/1"): one line per article, in publication order:
{"article_id", "published" (ISO 8601, UTC), "title", "url", "source", "mentions": [{"entity_id",
"entity", "entity_type", "kind", "matched_as" (name, alias, abbreviation, former, variant,
regex, phrase), "name_used", "renamed_on", "sentence", "start", "end" (offsets into the
article body), "text", "canonical", "snippet" (the sentence with «» around the mention),
"snippet_hit" ([start, end] of the mention in the snippet), "people": [{"person",
"person_id", "title", "organization"}]}]} — mentions in text order.

--notify URL: each run's new articles are POSTed to URL as JSON, in batches of
--notify-batch articles: {"format": "aznews-watch/1", "dataset", "watchlist" (files),
"generated_at", "batch", "batches", "articles": [the jsonl objects]}. A batch that fails
(no answer, or not HTTP 2xx after 3 tries) stops the run with exit status 2, and its
articles stay new: the next run reports and sends them again.

Exit status (for cron): 0 nothing new, 1 new hits reported, 2 error (missing dataset,
bad watchlist, bad date, bad --notify URL, webhook failed).
"""
from __future__ import annotations

import sys

from aznews.pipelines.errors import UserError

HELP = "report new mentions of watched ministries, people and phrases (exit 1 when there are new ones)"
RUNTIME_ERROR_STATUS = 2  # exit 1 means "new mentions" to cron: any error is 2
EPILOG = ("exit status: 0 nothing new, 1 new mentions reported, 2 error. State: <dataset>/_watch/<watchlist-hash>.json "
          "(or --state-dir); --since DATE ignores and keeps the state.")
FORMAT = "aznews-watch/1"
SNIPPETS = 3  # snippets shown per entity and article in text output


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
    parser.add_argument("--notify", default=None, metavar="URL", help="POST each batch of new articles as JSON to URL (a webhook)")
    parser.add_argument("--notify-batch", type=int, default=100, metavar="N", help="articles per POST (default 100)")


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


def mention_json(hit: dict) -> dict:
    snippet, s0, s1 = snippet_marked(hit)
    return {
        "entity_id": hit["entity_id"], "entity": hit["entity"], "entity_type": hit["entity_type"],
        "kind": hit["kind"], "matched_as": hit["how"], "name_used": hit["alias"], "renamed_on": hit["until"],
        "sentence": hit["sentence"], "start": hit["start"], "end": hit["end"], "text": hit["text"],
        "canonical": hit["canonical"], "snippet": snippet, "snippet_hit": [s0, s1],
        "people": [{"person": p["person"], "person_id": p.get("person_id"), "title": p["title"],
                    "organization": p["organization"]} for p in hit["people"]],
    }


def by_article(hits: list[dict]) -> list[dict]:
    """The hits grouped per article (publication order), each article's mentions in text order."""
    arts: dict[str, dict] = {}
    for h in hits:
        a = arts.get(h["article_id"])
        if a is None:
            pub = h["published"]
            a = arts[h["article_id"]] = {
                "article_id": h["article_id"], "published": pub.isoformat() if pub is not None else None,
                "title": h["title"], "url": h["url"], "source": h["source"], "mentions": [], "_hits": [], "_pub": pub}
        a["_hits"].append(h)
    out = sorted(arts.values(), key=lambda a: (a["_pub"] is None, a["_pub"] or 0, a["article_id"]))
    for a in out:
        a["_hits"].sort(key=lambda h: (h["start"], h["entity_id"]))
        a["mentions"] = [mention_json(h) for h in a["_hits"]]
    return out


def article_json(article: dict) -> dict:
    return {k: v for k, v in article.items() if not k.startswith("_")}


def _people_text(people: list[dict]) -> str:
    return "; ".join(p["person"] + (f" ({p['title']}" + (f", {p['organization']}" if p["organization"] else "") + ")"
                                    if p["title"] else "") for p in people)


def print_text(articles: list[dict], console) -> None:
    from rich.text import Text

    def indented(text, n):  # wrapped lines keep the indent, and no line ends in spaces
        for line in text.wrap(console, max(20, console.width - n)):
            line.rstrip()
            console.print(Text(" " * n) + line, soft_wrap=True, highlight=False)

    plain = console.no_color or not console.is_terminal
    for a in articles:
        pub = a["_pub"].date().isoformat() if a["_pub"] is not None else "????-??-??"
        head = Text()
        head.append(pub + "  ", style="dim")
        head.append(a["title"] or "(no title)", style="bold")
        console.print(head, highlight=False)
        # a URL is one unbroken line, whatever the terminal width: it stays clickable and copyable
        console.print(Text(a["url"] or "", style="blue"), soft_wrap=True, highlight=False)
        groups: dict[str, list[dict]] = {}
        for h in a["_hits"]:
            groups.setdefault(h["entity_id"], []).append(h)
        for hs in groups.values():
            h0 = hs[0]
            line = Text()
            line.append(h0["entity"], style="bold cyan")
            names = {how_text(h) for h in hs} - {""}
            if names:
                line.append(f"  ({'; '.join(sorted(names))})", style="dim")
            if len(hs) > 1:
                line.append(f"  · {len(hs)} mentions", style="dim")
            indented(line, 2)
            shown, seen = 0, set()
            for h in hs:
                key = (h["snippet_left"], h["snippet_hit"], h["snippet_right"])
                if key in seen:
                    continue
                seen.add(key)
                if shown == SNIPPETS:
                    break
                shown += 1
                snip = Text()
                snip.append(h["snippet_left"])
                if plain:
                    snip.append("«" + h["snippet_hit"] + "»")
                else:
                    snip.append(h["snippet_hit"], style="bold black on yellow")
                snip.append(h["snippet_right"])
                indented(snip, 4)
            rest = len({(h["snippet_left"], h["snippet_hit"], h["snippet_right"]) for h in hs}) - shown
            if rest > 0:
                console.print(Text(f"    … {rest} more", style="dim"), highlight=False)
            people: dict[str, dict] = {}
            for h in hs:
                for p in h["people"]:
                    people.setdefault(p.get("person_id") or p["person"], p)
            if people:
                indented(Text("people: " + _people_text(list(people.values()))), 4)
        console.print()


def check_url(url: str | None) -> None:
    from urllib.parse import urlsplit

    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"--notify needs an http:// or https:// URL, got {url!r}")


def notify(url: str, articles: list[dict], batch_size: int, envelope: dict) -> int:
    """POST the articles in batches; returns how many articles were delivered before a failure
    (all of them when every batch went through)."""
    import json
    import time
    import urllib.error
    import urllib.request

    batches = [articles[i:i + batch_size] for i in range(0, len(articles), batch_size)]
    delivered = 0
    for k, batch in enumerate(batches, 1):
        body = json.dumps({**envelope, "batch": k, "batches": len(batches), "articles": [article_json(a) for a in batch]},
                          ensure_ascii=False).encode("utf-8")
        error = None
        for attempt in range(3):
            req = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/json; charset=utf-8", "User-Agent": "aznews-watch"})
            try:
                with urllib.request.urlopen(req, timeout=15) as resp:
                    resp.read()
                error = None
                break
            except urllib.error.HTTPError as exc:
                error = f"HTTP {exc.code}"
                if exc.code < 500:
                    break  # the hook refuses this body: trying again will not help
            except (urllib.error.URLError, OSError) as exc:
                error = str(getattr(exc, "reason", exc))
            time.sleep(0.5 * (attempt + 1))
        if error is not None:
            return delivered
        delivered += len(batch)
    return delivered


def run(args):
    import datetime as dt
    import json

    from rich.console import Console

    from aznews.pipelines.dataset.query import connect, default_dataset
    from aznews.pipelines.dataset.writer import Dataset
    from aznews.pipelines.monitor import match, watchlist
    from aznews.pipelines.monitor.state import WatchState

    since = parse_date(args.since)
    check_url(args.notify)
    if args.notify_batch < 1:
        raise UserError("--notify-batch must be at least 1")
    wl = watchlist.load(args.watchlist, include_builtin=not args.no_builtin)
    ds = Dataset(args.dataset or default_dataset())
    con = connect(ds, watchlist=wl)
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
    articles = by_article(new)

    try:
        out = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    try:
        if args.format == "jsonl":
            fh = out or sys.stdout
            for a in articles:
                fh.write(json.dumps(article_json(a), ensure_ascii=False) + "\n")
            fh.flush()
        else:
            console = Console(file=out, no_color=True, width=100, soft_wrap=False) if out else Console(soft_wrap=False)
            print_text(articles, console)
    finally:
        if out:
            out.close()

    undelivered: set[str] = set()
    if args.notify and articles:
        envelope = {"format": FORMAT, "dataset": str(args.dataset or default_dataset()), "watchlist": wl.files,
                    "generated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        delivered = notify(args.notify, articles, args.notify_batch, envelope)
        undelivered = {a["article_id"] for a in articles[delivered:]}
    if state is not None and not args.dry_run:
        for h in all_hits:
            if h["article_id"] not in undelivered or not state.is_new(h["article_id"], h["content_hash"], h["entity_id"]):
                state.add(h["article_id"], h["content_hash"], h["entity_id"])
        state.save()
    if undelivered:
        raise UserError(f"webhook {args.notify} failed: {len(undelivered)} of {len(articles)} article(s) not delivered "
                        "(they stay new for the next run)")
    entities = len({h["entity_id"] for h in new})
    what = "since " + since.isoformat() if since else "new"
    print(f"{len(new)} {what} mention(s) of {entities} watched entit{'y' if entities == 1 else 'ies'} "
          f"in {len(articles)} article(s)", file=sys.stderr)
    return 1 if new else 0
