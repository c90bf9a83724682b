"""`aznews sources`: list the source registry; `aznews sources check NAME` tries each
discovery method of a source and reports what it found.

    aznews sources                         # table of all sources
    aznews sources check bayraqdar         # needs internet
    aznews sources check bayraqdar --base-url http://127.0.0.1:8000   # against the demo site
"""
from __future__ import annotations

import json
import sys

from aznews.pipelines.errors import UserError

HELP = "list the news sources, or check one (`sources check NAME`)"


def configure(parser):
    parser.add_argument("action", nargs="?", choices=["list", "check"], default="list",
                        help="list (default) or check")
    parser.add_argument("name", nargs="?", help="source name or host (for check)")
    parser.add_argument("--base-url", help="point the source at another server (e.g. the local demo site)")
    parser.add_argument("--registry", help="another registry file (default: the bundled crawler/sources.toml)")
    parser.add_argument("--samples", type=int, default=2, help="articles to fetch and extract per method (check)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per request (check)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def _load(args):
    from aznews.crawler.sources import SourceError, load_sources

    try:
        return load_sources(args.registry)
    except SourceError as exc:
        raise UserError(str(exc)) from None


def run(args):
    sources = _load(args)
    if args.action == "list":
        if args.name:
            raise UserError("'sources' takes a NAME only with 'check'")
        return _list(sources, args)
    if not args.name:
        raise UserError("'sources check' needs a source NAME")
    from aznews.pipelines import dependencies

    dependencies.check(dependencies.EXTRACTION)
    from aznews.crawler.sources import SourceError, get_source, with_base_url

    try:
        src = get_source(args.name, sources)
        if args.base_url:
            src = with_base_url(src, args.base_url)
    except SourceError as exc:
        raise UserError(str(exc)) from None
    from aznews.crawler.check import check_source

    report = check_source(src, samples=args.samples, timeout=args.timeout)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        _print_check(report)
    return 0 if any(r["ok"] for r in report["methods"]) else 1


def _list(sources, args):
    if args.json:
        json.dump(sources, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table

    t = Table(title=f"{len(sources)} sources")
    for col in ("name", "base_url", "languages", "discovery"):
        t.add_column(col, overflow="fold")
    for s in sources:
        t.add_row(s["name"], s["base_url"], ",".join(s["languages"]),
                  " > ".join(d["method"] for d in s["discovery"]))
    Console(width=max(100, Console().width), soft_wrap=False).print(t)
    return 0


def _print_check(report):
    print(f"{report['source']} ({report['base_url']})")
    for r in report["methods"]:
        status = "ok" if r["ok"] else "FAILED"
        print(f"  {r['method']:8} {r['url']}: {status}: {r['summary']}")
        for a in r.get("samples", []):
            if "error" in a:
                print(f"      {a['url']}: {a['error']}")
            else:
                print(f"      {a['url']}: {a['title']!r} {a['published_at']} [{a['extraction_method']}, {a['language']}, "
                      f"{a['chars']} chars]")
