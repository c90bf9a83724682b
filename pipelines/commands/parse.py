"""`aznews parse`: extract one article (title, body, date, author, language) from an
HTML file or URL, or many from JSON lines on stdin.

    aznews parse page.html --url https://bayraqdar.info/2021/12/17/slug/
    aznews parse https://bayraqdar.info/2021/12/17/slug/
    aznews parse --jsonl < pages.jsonl     # {"id","url","html"} -> {"id","title","body","published_at","author","language"}

The keys are the `articles` table's column names; `published_at`/`modified_at` are ISO 8601
with the site's own offset (the table's `published_at_local`; the table stores them as UTC).
"""
from __future__ import annotations

import json
import sys

from aznews.pipelines.errors import UserError

HELP = "extract the article from an HTML file or URL (or --jsonl on stdin) and print it as JSON"


def configure(parser):
    parser.add_argument("source", nargs="?", metavar="FILE_OR_URL", help="an HTML file, '-' for stdin, or an http(s) URL")
    parser.add_argument("--url", help="the page's URL when reading a file (for the canonical URL, page type and site hints)")
    parser.add_argument("--jsonl", action="store_true",
                        help='read lines {"id","url","html"} on stdin, write one JSON line per input line')
    parser.add_argument("--fetched-at", help="ISO time that relative dates ('Bu gün', 'Dünən') refer to (default: now)")


_REGISTRY: list | None = None


def _hints(url):
    """The registry's extraction hints for the URL's site ({} for a site it does not list)."""
    global _REGISTRY
    if not url:
        return {}
    from aznews.crawler.sources import SourceError, get_source, load_sources

    if _REGISTRY is None:  # read once: --jsonl asks for every line
        try:
            _REGISTRY = load_sources()
        except SourceError as exc:
            raise UserError(str(exc), status=1) from None
    try:
        return get_source(url, _REGISTRY)["extract"]
    except SourceError:
        return {}


def _fetch(url: str, timeout: float = 30.0):
    import urllib.error
    import urllib.request

    from aznews.crawler.settings import USER_AGENT

    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            charset = resp.headers.get_content_charset()
            return resp.read(), resp.geturl(), charset
    except urllib.error.HTTPError as exc:
        raise UserError(f"cannot fetch {url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise UserError(f"cannot fetch {url}: {reason}") from None


def _article(html, url, fetched_at, encoding=None):
    from aznews.crawler.extract import extract_article

    return extract_article(html, url or "", hints=_hints(url), fetched_at=fetched_at, encoding=encoding)


def run(args):
    from aznews.pipelines import dependencies

    dependencies.check(dependencies.EXTRACTION)  # one line now, not an error on every page
    if args.jsonl:
        if args.source:
            raise UserError("--jsonl reads stdin; do not give FILE_OR_URL")
        return _run_jsonl(args)
    if not args.source:
        raise UserError("give an HTML file, '-' or a URL (or --jsonl)")
    src = args.source
    encoding = None
    if src.startswith(("http://", "https://")):
        body, url, encoding = _fetch(src)
    else:
        if src == "-":
            body = sys.stdin.buffer.read()
        else:
            try:
                with open(src, "rb") as fh:
                    body = fh.read()
            except OSError as exc:
                raise UserError(f"cannot read {src}: {exc.strerror}") from None
        url = args.url or ""
    art = _article(body, args.url or url, args.fetched_at, encoding)
    out = {
        "url": args.url or url or None,
        "canonical_url": art["canonical_url"],
        "title": art["title"],
        "body": art["body"],
        "published_at": art["published_at"],
        "modified_at": art["modified_at"],
        "author": art["author"],
        "language": art["language"],
        "categories": art["categories"],
        "tags": art["tags"],
        "extraction_method": art["extraction_method"],
    }
    if art.get("rejected"):
        out["rejected"] = art["rejected"]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _run_jsonl(args):
    out = sys.stdout
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        rid = None
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            rid = rec.get("id")
            html = rec.get("html")
            if not isinstance(html, str):
                raise ValueError("missing 'html' string")
            url = rec.get("url") or ""
            art = _article(html, url, args.fetched_at)
            if art.get("rejected") and art["rejected"] != "empty body":
                res = {"id": rid, "error": f"not an article: {art['rejected']}"}
            elif not art["body"]:
                res = {"id": rid, "error": "empty body"}
            else:
                res = {"id": rid, "title": art["title"], "body": art["body"], "published_at": art["published_at"],
                       "author": art["author"], "language": art["language"]}
        except Exception as exc:  # one bad line never stops the rest
            res = {"id": rid if rid is not None else f"line {n}", "error": f"{type(exc).__name__}: {exc}"[:300]}
        out.write(json.dumps(res, ensure_ascii=False) + "\n")
        out.flush()
    return 0
