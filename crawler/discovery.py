"""Pure parsers for discovery documents (feeds, sitemaps, listing pages), shared by
the spider and `aznews sources check`."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from aznews.crawler.extract import _NON_ARTICLE_PATH, canonicalize_url, parse_iso_date

TAXONOMY_SITEMAP = re.compile(r"(post_tag|tag|category|author|page)-sitemap\d*\.xml", re.I)


def _xml(text: str):
    from parsel import Selector

    sel = Selector(text=text.lstrip("\ufeff").strip(), type="xml")
    sel.remove_namespaces()
    root = sel.xpath("/*")
    return sel, (root[0].root.tag if root else "")


def parse_feed(text: str, base_url: str) -> list[dict]:
    """RSS 2.0 / RSS 1.0 / Atom -> [{"url", "published", "updated"}], in feed order,
    deduplicated by canonical link (not by guid: some feeds repeat one guid on every
    item, some have none). Raises ValueError when `text` is not a feed."""
    sel, tag = _xml(text)
    if tag not in ("rss", "feed", "RDF"):
        raise ValueError(f"not a feed (root <{tag or '?'}>)")
    raw = []
    for it in sel.xpath("//item"):
        link = (it.xpath("link/text()").get() or it.xpath("guid[not(@isPermaLink='false')]/text()").get() or "").strip()
        raw.append((link, it.xpath("pubDate/text()").get() or it.xpath("date/text()").get(), None))
    for it in sel.xpath("//entry"):
        link = (it.xpath("link[@rel='alternate']/@href").get() or it.xpath("link[not(@rel)]/@href").get()
                or it.xpath("link/@href").get() or "").strip()
        raw.append((link, it.xpath("published/text()").get(), it.xpath("updated/text()").get()))
    out, seen = [], set()
    for link, date, updated in raw:
        if not link:
            continue
        url = urljoin(base_url, link)
        canon = canonicalize_url(url)
        if canon in seen:
            continue
        seen.add(canon)
        out.append({"url": url, "published": _feed_date(date), "updated": parse_iso_date(updated) if updated else None,
                    "raw_entries": len(raw)})
    if not out:
        # lxml's recovering parser turns truncated XML into an empty feed: call that broken
        from lxml import etree

        try:
            etree.fromstring(text.lstrip("\ufeff").strip().encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            raise ValueError(f"malformed feed: {exc}") from None
    return out


def _feed_date(value):
    if not value:
        return None
    value = value.strip()
    iso = parse_iso_date(value)
    if iso:
        return iso
    from email.utils import parsedate_to_datetime

    try:
        dt = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if dt is None:
        return None
    return dt.isoformat(timespec="seconds") if dt.tzinfo else parse_iso_date(dt.isoformat())


def parse_sitemap(body: bytes | str, base_url: str) -> tuple[str, list[dict]]:
    """A sitemap or sitemap index -> ("index", [{"url", "lastmod"}]) or
    ("urlset", [{"url", "lastmod", "published"}]) (news sitemaps give `published`).
    Gzipped bodies are fine. Raises ValueError when it is neither."""
    if isinstance(body, bytes):
        if body[:2] == b"\x1f\x8b":
            import gzip

            body = gzip.decompress(body)
        body = body.decode("utf-8", "replace")
    sel, tag = _xml(body)
    # plain lxml over the root's children: a 50,000-URL sitemap with one XPath query
    # per field costs more than the crawl's requests for it
    root = sel.root if tag else None
    if tag == "sitemapindex":
        out = []
        for sm in root.iterchildren("sitemap"):
            loc = _child_text(sm, "loc")
            if loc:
                out.append({"url": _absolute(base_url, loc), "lastmod": parse_iso_date(_child_text(sm, "lastmod"))})
        return "index", out
    if tag == "urlset":
        out = []
        for u in root.iterchildren("url"):
            loc = _child_text(u, "loc")
            if loc:
                news = u.find("news")
                out.append({"url": _absolute(base_url, loc), "lastmod": parse_iso_date(_child_text(u, "lastmod")),
                            "published": parse_iso_date(_child_text(news, "publication_date"))
                            if news is not None else None})
        return "urlset", out
    raise ValueError(f"not a sitemap (root <{tag or '?'}>)")


def _child_text(el, name: str) -> str | None:
    child = el.find(name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _absolute(base_url: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else urljoin(base_url, url)


def listing_links(sel, page_url: str, article_pattern: str | None = None) -> list[str]:
    """Article links on a listing page (same host), canonical, in page order."""
    rx = re.compile(article_pattern) if article_pattern else None
    host = urlsplit(page_url).netloc
    links = []
    for href in sel.xpath("//a/@href").getall():
        url = urljoin(page_url, href.strip())
        p = urlsplit(url)
        if p.netloc != host or p.scheme not in ("http", "https"):
            continue
        if rx is not None:
            if not rx.search(p.path):
                continue
        elif _NON_ARTICLE_PATH.search(p.path) or p.path.count("-") < 2:
            continue
        canon = canonicalize_url(url)
        if canon not in links:
            links.append(canon)
    return links


# ---------------------------------------------------------------- a site known only by a URL

def document_kind(body: bytes, content_type: str = "") -> str:
    """What a discovery URL answered with: "feed", "sitemap", "json" or "html" (by the
    content itself: servers label feeds text/html and pages text/xml often enough)."""
    head = body[:2]
    if head == b"\x1f\x8b":
        return "sitemap"  # gzipped: sitemaps are the XML that comes gzipped
    start = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start[:1] in (b"[", b"{"):
        return "json"
    if start.startswith(b"<?xml") or start.startswith((b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf")):
        m = re.search(rb"<(?!\?|!)(?:[\w-]+:)?([\w-]+)", start)
        root = m.group(1).decode("ascii", "replace") if m else ""
        if root in ("urlset", "sitemapindex"):
            return "sitemap"
        if root in ("rss", "feed", "rdf"):
            return "feed"
        return "html" if root == "html" else "xml"
    return "html"


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


def page_discovery(html_text: str, page_url: str) -> list[dict]:
    """Where a home or section page says its articles are listed, as registry discovery
    entries in the spider's order: the WordPress REST API (the page links it, or is a
    WordPress theme), the feeds it declares (a comments feed is not one), WordPress's
    standard feed and sitemaps, /sitemap.xml, then the page's own article links. The
    sitemaps robots.txt declares are the spider's to add (it fetches robots.txt)."""
    from parsel import Selector

    sel = Selector(text=html_text)
    base = f"{urlsplit(page_url).scheme}://{urlsplit(page_url).netloc}"
    out: list[dict] = []
    api = sel.xpath("//link[@rel='https://api.w.org/']/@href").get()
    generator = (sel.xpath("//meta[@name='generator']/@content").get() or "").lower()
    wordpress = bool(api) or "wordpress" in generator or "/wp-content/" in html_text[:200000]
    if wordpress:
        posts = urljoin(page_url, api.strip()).rstrip("/") + "/wp/v2/posts" if api else base + "/wp-json/wp/v2/posts"
        out.append({"method": "wp-json", "url": posts})
    feeds = []
    for link in sel.xpath("//link[@rel='alternate'][@href]"):
        kind = (link.attrib.get("type") or "").split(";")[0].strip().lower()
        href, title = link.attrib["href"].strip(), (link.attrib.get("title") or "").lower()
        if kind in _FEED_TYPES and href and "comment" not in href.lower() and "comment" not in title \
                and "şərh" not in title and "коммент" not in title:
            url = urljoin(page_url, href)
            if url not in feeds:
                feeds.append(url)
    if wordpress and not feeds:
        feeds.append(base + "/feed/")
    if feeds:
        out.append({"method": "feed", "urls": feeds})
    sitemaps = [base + "/sitemap_index.xml", base + "/wp-sitemap.xml"] if wordpress else []
    out.append({"method": "sitemap", "urls": sitemaps + [base + "/sitemap.xml"]})
    out.append({"method": "listing", "url": page_url, "max_pages": 1})
    return out


def robots_sitemaps(text: str, base_url: str) -> list[str]:
    """The Sitemap: lines of a robots.txt, absolute."""
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            url = urljoin(base_url + "/", value.strip())
            if url not in out:
                out.append(url)
    return out
