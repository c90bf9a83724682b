"""Pure parsers for discovery documents (feeds, sitemaps, listing pages), shared by
the spider and `aznews sources check`."""
from __future__ import annotations

import gzip
import io
import re
import zlib
from typing import NamedTuple
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


# The sitemap protocol's own limits (sitemaps.org): 50,000 URLs and 50 MB uncompressed per file.
SITEMAP_MAX_URLS = 50_000
SITEMAP_MAX_BYTES = 50 * 1024 * 1024


class SitemapTooLarge(ValueError):
    """A sitemap decompresses to more than the size cap (a gzip bomb, or not a sitemap)."""


class Sitemap(NamedTuple):
    kind: str  # "index" or "urlset"
    entries: list  # index: {"url", "lastmod"}; urlset: {"url", "lastmod", "published"}
    truncated: bool  # more than max_urls entries: only the first max_urls are here


class _CappedReader(io.RawIOBase):
    """A file-like view of a (possibly gzipped) body that stops with SitemapTooLarge once
    more than `limit` decompressed bytes have been read, so a gzip bomb costs at most
    `limit` bytes of work and one buffer of memory."""

    def __init__(self, body: bytes, limit: int):
        raw = io.BytesIO(body)
        self._src = gzip.GzipFile(fileobj=raw) if body[:2] == b"\x1f\x8b" else raw
        self._limit = limit
        self._read = 0
        self._start = True

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = 64 * 1024 if n is None or n < 0 else n
        try:
            chunk = self._src.read(n)
        except (OSError, EOFError, zlib.error) as exc:  # a corrupt or truncated gzip stream
            raise ValueError(f"broken gzip data: {exc}") from None
        if self._start:  # a BOM or blank lines before the XML declaration
            stripped = chunk.lstrip(b"\xef\xbb\xbf").lstrip()
            while not stripped and chunk:
                chunk = self._src.read(n)
                stripped = chunk.lstrip(b"\xef\xbb\xbf").lstrip()
            chunk = stripped
            self._start = False
        self._read += len(chunk)
        if self._read > self._limit:
            raise SitemapTooLarge(f"larger than {self._limit // (1024 * 1024)} MB decompressed")
        return chunk


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_sitemap(body: bytes | str, base_url: str, max_urls: int = SITEMAP_MAX_URLS,
                 max_bytes: int = SITEMAP_MAX_BYTES) -> Sitemap:
    """A sitemap or sitemap index, parsed as a stream (gzipped bodies are fine): memory
    stays flat however large the document, at most `max_urls` entries are taken (the rest
    is not parsed: `truncated`) and at most `max_bytes` decompressed bytes are read.
    Raises ValueError (SitemapTooLarge for the size cap) when it is not a sitemap."""
    from lxml import etree

    if isinstance(body, str):
        body = body.encode("utf-8")
    reader = _CappedReader(body, max_bytes)
    events = etree.iterparse(reader, events=("start", "end"), recover=True, resolve_entities=False,
                             no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
    kind, root, out, truncated = None, None, [], False
    try:
        for event, el in events:
            if root is None:
                tag = _local(el.tag)
                if tag not in ("sitemapindex", "urlset"):
                    raise ValueError(f"not a sitemap (root <{tag or '?'}>)")
                kind, root, child = ("index" if tag == "sitemapindex" else "urlset"), el, (
                    "sitemap" if tag == "sitemapindex" else "url")
                continue
            if event != "end" or el.getparent() is not root:
                continue
            if _local(el.tag) == child:
                entry = _entry(el, kind, base_url)
                if entry is not None:
                    if len(out) >= max_urls:
                        truncated = True
                        break
                    out.append(entry)
            el.clear()  # parsed: drop it and what came before, so the tree never grows
            while el.getprevious() is not None:
                del root[0]
    except etree.XMLSyntaxError as exc:
        if root is None:
            raise ValueError(f"not a sitemap: {exc}") from None
        # lxml recovers what it can of a truncated document; keep the entries read so far
    if root is None:
        raise ValueError("not a sitemap (empty document)")
    return Sitemap(kind, out, truncated)


def _entry(el, kind: str, base_url: str) -> dict | None:
    fields = {}
    for c in el:
        name = _local(c.tag)
        if name == "news":
            for n in c:
                if _local(n.tag) == "publication_date" and n.text and n.text.strip():
                    fields["publication_date"] = n.text.strip()
        elif name in ("loc", "lastmod") and c.text and c.text.strip():
            fields[name] = c.text.strip()
    loc = fields.get("loc")
    if not loc:
        return None
    entry = {"url": _absolute(base_url, loc), "lastmod": parse_iso_date(fields.get("lastmod"))}
    if kind == "urlset":
        pub = fields.get("publication_date")
        entry["published"] = parse_iso_date(pub) if pub else None
    return entry


def parse_sitemap(body: bytes | str, base_url: str) -> tuple[str, list[dict]]:
    """A sitemap or sitemap index -> ("index", [{"url", "lastmod"}]) or
    ("urlset", [{"url", "lastmod", "published"}]) (news sitemaps give `published`), with
    read_sitemap's caps. Raises ValueError when it is neither."""
    sm = read_sitemap(body, base_url)
    return sm.kind, sm.entries


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
