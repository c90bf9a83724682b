"""`aznews sources check`: fetch a few pages through each discovery method of a source
(plain HTTP GETs, no Scrapy) and report what each found."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import urljoin

from aznews.crawler.discovery import document_kind, listing_links, page_discovery, parse_feed, parse_sitemap
from aznews.crawler.extract import extract_article, extract_wp_post


def _get(url, timeout):
    from aznews.crawler.settings import USER_AGENT

    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return resp.read(), resp.headers, resp.geturl()


def _err(exc) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        return f"HTTP {exc.code}"
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return f"{type(exc).__name__}: {exc}"[:200]


def _sample(src, urls, samples, timeout):
    out = []
    for url in urls[:samples]:
        try:
            body, headers, final = _get(url, timeout)
            art = extract_article(body, final, hints=src["extract"], encoding=headers.get_content_charset())
            if art.get("rejected"):
                out.append({"url": url, "error": f"not an article: {art['rejected']}"})
            else:
                out.append({"url": url, "title": art["title"], "published_at": art["published_at"],
                            "extraction_method": art["extraction_method"], "language": art["language"],
                            "chars": len(art["body"])})
        except Exception as exc:
            out.append({"url": url, "error": _err(exc)})
    return out


def check_source(src: dict, samples: int = 2, timeout: float = 20.0) -> dict:
    base = src["base_url"] + "/"
    results = []
    for d in src["discovery"]:
        m = d["method"]
        targets = d.get("urls") or [d.get("url", "/wp-json/wp/v2/posts")]
        for target in targets:
            url = urljoin(base, target.lstrip("/")) if "://" not in target else target
            r = {"method": m, "url": url, "ok": False, "summary": "", "samples": []}
            try:
                if m == "wp-json":
                    body, headers, _ = _get(url + "?per_page=5&_embed=1", timeout)
                    posts = json.loads(body)
                    if not isinstance(posts, list):
                        raise ValueError("not a list of posts")
                    total = headers.get("X-WP-Total")
                    r["summary"] = f"{len(posts)} posts on page 1" + (f", {total} in all" if total else "")
                    for p in posts[:samples]:
                        a = extract_wp_post(p)
                        r["samples"].append({"url": p.get("link"), "title": a["title"],
                                             "published_at": a["published_at"],
                                             "extraction_method": a["extraction_method"],
                                             "language": a["language"], "chars": len(a["body"])})
                    r["ok"] = bool(posts)
                elif m == "feed":
                    body, headers, final = _get(url, timeout)
                    entries = parse_feed(body.decode(headers.get_content_charset() or "utf-8", "replace"), final)
                    r["summary"] = f"{len(entries)} entries"
                    r["samples"] = _sample(src, [e["url"] for e in entries], samples, timeout)
                    r["ok"] = bool(entries)
                elif m == "sitemap":
                    body, headers, final = _get(url, timeout)
                    kind, entries = parse_sitemap(body, final)
                    if kind == "index":
                        r["summary"] = f"sitemap index with {len(entries)} sitemaps"
                        children = [e for e in entries if "tag" not in e["url"] and "category" not in e["url"]]
                        if children:
                            b2, h2, f2 = _get(children[0]["url"], timeout)
                            _, entries = parse_sitemap(b2, f2)
                            r["summary"] += f"; first: {len(entries)} URLs"
                    else:
                        r["summary"] = f"{len(entries)} URLs"
                    r["samples"] = _sample(src, [e["url"] for e in entries], samples, timeout)
                    r["ok"] = bool(entries)
                elif m == "auto":
                    body, headers, final = _get(url, timeout)
                    kind = document_kind(body, headers.get("Content-Type") or "")
                    text = body.decode(headers.get_content_charset() or "utf-8", "replace")
                    if kind == "feed":
                        entries = parse_feed(text, final)
                    elif kind == "sitemap":
                        _, entries = parse_sitemap(body, final)
                    else:
                        entries = []
                    if kind == "html":
                        plan = page_discovery(text, final)
                        r["summary"] = "a page: the crawl tries " + ", ".join(d["method"] for d in plan)
                        r["ok"] = True
                    else:
                        r["summary"] = f"a {kind}" + (f" with {len(entries)} URLs" if kind in ("feed", "sitemap") else "")
                        r["ok"] = bool(entries) or kind == "json"
                        r["samples"] = _sample(src, [e["url"] for e in entries], samples, timeout)
                else:
                    from parsel import Selector
                    body, headers, final = _get(url, timeout)
                    from aznews.crawler.extract import decode_html
                    sel = Selector(text=decode_html(body, headers.get_content_charset()))
                    links = listing_links(sel, final, src["extract"].get("article_pattern"))
                    r["summary"] = f"{len(links)} article links on page 1"
                    r["samples"] = _sample(src, links, samples, timeout)
                    r["ok"] = bool(links)
            except Exception as exc:
                r["summary"] = _err(exc)
            results.append(r)
    return {"source": src["name"], "base_url": src["base_url"], "methods": results}
