"""The extraction cascade: HTML (or a WordPress REST post) -> article fields.

Pure functions, usable without Scrapy:

    from aznews.crawler.extract import extract_article, extract_wp_post, parse_visible_date
    art = extract_article(html, url, hints=source["extract"], fetched_at=now)
    art["title"], art["body"], art["published_at"], art["extraction_method"]

Sources of truth, one function each, in order of trust: WordPress REST JSON
(`from_wp_post`, when discovery used wp-json) -> JSON-LD NewsArticle (`from_json_ld`)
-> OpenGraph and article:* meta (`from_meta`) -> the site's selectors from the
registry (`from_selectors`) -> the generic extractor (`from_generic`). Each returns
what it found; the cascade takes every field from the most trusted source that has
it (a much longer body from a site selector beats JSON-LD's articleBody);
`extraction_method` names the step that supplied the title and the body. Pages that
are not articles (tag, category, author, search, index pages) come back with
`rejected` set to a reason.

The field names are the `articles` table's column names; `published_at` and
`modified_at` are ISO 8601 strings with the site's own offset (the dataset writer
stores them as UTC and keeps the string in `published_at_local`).
"""
from __future__ import annotations

import html as htmllib
import json
import re
import threading
from functools import lru_cache
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from aznews.crawler.dates import (BAKU, _fold, find_headline, find_published, iso, parse_iso_date, parse_offset,
                                  parse_visible_date)

__all__ = ["BAKU", "canonicalize_url", "classify_page", "decode_html", "extract_article", "extract_wp_post",
           "html_to_text", "parse_iso_date", "parse_visible_date"]

# ---------------------------------------------------------------- text helpers

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt", "tr"}
_DROP_TAGS = {"script", "style", "noscript", "iframe", "form", "button", "nav", "aside", "footer",
              "svg", "select", "template", "header"}
_CHROME = re.compile(
    r"(^|[\s_-])(share|sharing|sharedaddy|social|related|jp-relatedposts|advert|ads?|banner|"
    r"sidebar|widget|comments?|newsletter|subscribe|skip-link|screen-reader-text|breadcrumbs?|"
    r"post-tags|tags-links|post-categories|author-box|wp-block-buttons|print|navigation)($|[\s_-])",
    re.I,
)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def _clean_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _is_chrome(el) -> bool:
    cls, ident = el.get("class"), el.get("id")
    if cls is None and ident is None:
        return False
    cls = (cls or "") + " " + (ident or "")
    return bool(cls.strip()) and bool(_CHROME.search(cls))


_ALL_BLOCKS = frozenset(_BLOCKS | {"div", "section", "article", "ul", "ol", "table", "figure"})


def _element_paragraphs(el) -> list[str]:
    """Paragraphs of an lxml element: block elements become paragraphs, chrome is dropped."""
    raw: list[str] = []  # uncleaned paragraphs; cleaned in one pass at the end
    buf: list[str] = []
    append = buf.append

    def flush():
        if buf:
            raw.append("".join(buf))
            buf.clear()

    def walk(node):
        tag = node.tag
        if not isinstance(tag, str):  # comment / processing instruction
            if node.tail:
                append(node.tail)
            return
        tag = tag.lower()
        if "}" in tag:
            tag = tag.rsplit("}", 1)[-1]
        if tag in _DROP_TAGS or _is_chrome(node):
            if node.tail:
                append(node.tail)
            return
        block = tag in _ALL_BLOCKS
        if block or tag == "br":
            flush()
        if node.text:
            append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            append(node.tail)

    tail = el.tail
    el.tail = None
    try:
        walk(el)
    finally:
        el.tail = tail
    flush()
    joined = "\x1e".join(raw)
    if "\x1e" in joined and len(raw) > 1 and joined.count("\x1e") == len(raw) - 1:
        # one substitution for the whole text instead of one per paragraph
        # (the record separator is not whitespace for _WS, so paragraphs stay apart)
        return [t for t in (p.strip() for p in _WS.sub(" ", joined).split("\x1e")) if t]
    return [t for t in (_clean_line(p) for p in raw) if t]


def html_to_text(fragment: str) -> str:
    """An HTML fragment (e.g. WordPress content.rendered) -> paragraphs joined by blank lines."""
    if not fragment or not fragment.strip():
        return ""
    from lxml import html as lhtml

    try:
        root = lhtml.fragment_fromstring(fragment, create_parent="div")
    except Exception:
        return _clean_line(re.sub(r"<[^>]+>", " ", fragment))
    return "\n\n".join(_element_paragraphs(root))


def strip_tags(fragment: str) -> str:
    return _clean_line(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment or "")))


_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|yclid|mc_cid|mc_eid|_ga|ref|amp)$", re.I)


def canonicalize_url(url: str) -> str:
    """Lower-case host, no fragment, no tracking parameters, no default port."""
    p = urlsplit(url.strip())
    q = urlencode([(k, v) for k, v in parse_qsl(p.query, keep_blank_values=True) if not _TRACKING.match(k)])
    netloc = p.netloc.lower()
    if (p.scheme == "http" and netloc.endswith(":80")) or (p.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit((p.scheme.lower(), netloc, p.path or "/", q, ""))


# ---------------------------------------------------------------- charset

def decode_html(body: bytes, declared: str | None = None) -> str:
    """Bytes -> text, robust to wrong or missing charsets.

    BOM first; then valid UTF-8 wins (whatever was declared); then a declared
    single-byte charset; without one, windows-1251 if the bytes read as Cyrillic,
    else windows-1254 (Turkish/Azerbaijani Latin)."""
    import codecs

    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(enc, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared is None:  # what the page says: <meta charset>, http-equiv, or an XML declaration
        from bs4.dammit import EncodingDetector

        declared = EncodingDetector.find_declared_encoding(body[:4096], is_html=True, search_entire_document=True)
    if declared:
        try:
            enc = codecs.lookup(declared).name
        except LookupError:
            enc = None
        if enc and enc not in ("utf-8", "ascii"):
            return body.decode(enc, errors="replace")
    text = body.decode("cp1251", errors="replace")
    letters = [c for c in text if c.isalpha()]
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if letters and cyr / len(letters) > 0.3:
        return text
    return body.decode("cp1254", errors="replace")


# ---------------------------------------------------------------- page types

_NON_ARTICLE_PATH = re.compile(
    r"/(tag|tags|category|categories|kateqoriya|author|authors|muellif|search|axtaris|page|archive|arxiv|"
    r"etiket|teq)(/|$)",
    re.I,
)
_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "report", "liveblogposting"}


def classify_page(url: str, body_class: str = "", og_type: str | None = None, ld_types=()) -> str | None:
    """A reason string when the page is not an article (tag, category, author, search,
    index), else None."""
    p = urlsplit(url)
    q = dict(parse_qsl(p.query))
    if "s" in q or "q" in q or "search" in q:
        return "search page"
    m = _NON_ARTICLE_PATH.search(p.path)
    if m:
        kind = m.group(1).lower()
        kind = {"tags": "tag", "teq": "tag", "etiket": "tag", "categories": "category", "kateqoriya": "category",
                "authors": "author", "muellif": "author", "axtaris": "search", "arxiv": "archive",
                "page": "index"}.get(kind, kind)
        if not ({t.lower() for t in ld_types} & _ARTICLE_TYPES):
            return f"{kind} page"
    tokens = set(body_class.lower().split())
    if tokens and not tokens & {"single", "single-post"}:
        for token, kind in (("tag", "tag"), ("category", "category"), ("author", "author"),
                            ("search-results", "search"), ("search", "search"), ("error404", "not-found"),
                            ("date", "archive"), ("archive", "archive"), ("home", "index"), ("blog", "index"),
                            ("paged", "index")):
            if token in tokens:
                return f"{kind} page"
    if p.path in ("", "/") and not ({t.lower() for t in ld_types} & _ARTICLE_TYPES):
        return "index page"
    ld = {t.lower() for t in ld_types}
    if ld and not (ld & _ARTICLE_TYPES) and ld & {"collectionpage", "searchresultspage", "profilepage", "itemlist"}:
        return "index page"
    return None


# ---------------------------------------------------------------- structured data

def _ld_objects(raws):
    for raw in raws:
        try:
            data = json.loads(str(raw).strip().rstrip(";"))
        except ValueError:
            continue
        stack = [data]
        while stack:
            obj = stack.pop()
            if isinstance(obj, list):
                stack.extend(obj)
            elif isinstance(obj, dict):
                yield obj
                if "@graph" in obj:
                    stack.append(obj["@graph"])


def _types(obj) -> list[str]:
    t = obj.get("@type", [])
    return [t] if isinstance(t, str) else [x for x in t if isinstance(x, str)]


@lru_cache(maxsize=1024)
def _compiled(expr: str):
    from lxml import etree

    return etree.XPath(expr)


@lru_cache(maxsize=1024)
def _css(expr: str) -> str:
    from cssselect import HTMLTranslator

    return HTMLTranslator().css_to_xpath(expr)


def _xp(root, expr: str) -> list:
    return _compiled(expr)(root)


def _first(root, expr: str):
    r = _xp(root, expr)
    return str(r[0]) if r else None


_local = threading.local()


def _html_parser():
    """One recovering HTML parser per thread (lxml parsers are not thread-safe)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        from lxml import html as lhtml

        # lxml.html's elements, so that the generic extractor takes the tree as it is
        # instead of parsing the page a second time; comments and processing
        # instructions are not text
        parser = _local.parser = lhtml.HTMLParser(encoding="utf-8", recover=True, remove_comments=True,
                                                  remove_pis=True, collect_ids=False, default_doctype=False)
    return parser


_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def parse_html(html: str, raw: bytes | None = None):
    """Text -> an lxml root element (recovering parser; never None). `raw`: the same
    document as UTF-8 bytes without NUL, when the caller has them."""
    from lxml import etree

    parser = _html_parser()
    if raw is None:
        if "\x00" in html:
            html = html.replace("\x00", "")
        raw = html.encode("utf-8", "replace")
    root = etree.fromstring(raw, parser)
    if root is None:
        root = etree.fromstring(b"<html><body></body></html>", parser)
    return root


def _name(value) -> str | None:
    if isinstance(value, list):
        names = [_name(v) for v in value]
        names = [n for n in names if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return value.get("name") or None
    if isinstance(value, str):
        return value.strip() or None
    return None


def _listify(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [str(_name(v) or "").strip() for v in value if _name(v)]
    return []


def _is_xpath(expr: str) -> bool:
    return expr.lstrip().startswith(("/", "("))


@lru_cache(maxsize=1024)
def _to_xpath(expr: str) -> str:
    expr = expr.strip()
    if _is_xpath(expr):
        return re.sub(r"/+text\(\)(\[[^\]]*\])?", "", expr)  # registry XPaths may end in //text()
    return _css(expr)


def _select(root, expr: str) -> list:
    """Elements (or attribute strings) matching a CSS or XPath selector."""
    return _xp(root, _to_xpath(expr))


def _node_text(node) -> str:
    return _clean_line(str(node) if isinstance(node, str) else " ".join(node.itertext()))


def _select_text(sel, expr) -> str | None:
    if not expr:
        return None
    try:
        nodes = _select(sel, expr)
    except Exception:
        return None
    for node in nodes:
        t = _node_text(node)
        if t:
            return t
    return None


def _select_body(sel, expr, nodes=None) -> str | None:
    if not expr:
        return None
    try:
        nodes = [n for n in (_select(sel, expr) if nodes is None else nodes) if not isinstance(n, str)]
    except Exception:
        return None
    if not nodes:
        return None
    paras: list[str] = []
    for n in nodes:
        paras.extend(_element_paragraphs(n))
    return "\n\n".join(paras) or None


def _select_all(sel, expr) -> list[str]:
    if not expr:
        return []
    try:
        nodes = _select(sel, expr)
    except Exception:
        return []
    out = []
    for n in nodes:
        t = _node_text(n)
        if t and t not in out:
            out.append(t)
    return out


_LANG_PREFIX = 600


def _language(text: str, hint: str | None) -> str:
    from aznews.nlp.text import detect_language

    if len(text) > _LANG_PREFIX:  # a prefix decides as well as the whole text, and costs less
        cut = text.rfind(" ", _LANG_PREFIX - 100, _LANG_PREFIX)
        text = text[:cut if cut > 0 else _LANG_PREFIX]
    lang = detect_language(text) if text else "und"
    hint = (hint or "").split("-")[0].split("_")[0].strip()
    hint = _fold(hint) if hint else ""
    if lang == "und" and hint in ("az", "ru", "en", "tr"):
        return hint
    if lang == "tr" and hint == "az":  # short Azerbaijani texts without ə look Turkish
        return "az"
    return lang


# ---------------------------------------------------------------- the cascade
#
# One function per source of truth. Each reads a parsed page (`Page`) and returns what
# it found: a dict with only the fields it has, or None when the source is not on the
# page at all. `_cascade` asks them in the order of TRUST and takes every field from
# the most trusted source that has it; the exceptions are written down in `_prefer`.
# A source gets the fields still wanted and those found so far (`known`).

FIELDS = ("title", "body", "published_at", "modified_at", "author", "categories", "tags")
TRUST = ("json-ld", "opengraph", "selectors", "generic")
# the `extraction_method` of a page whose title and body came from the generic step
GENERIC = "trafilatura"


def _empty(url):
    return {"title": None, "body": "", "published_at": None, "modified_at": None, "author": None,
            "language": "und", "categories": [], "tags": [], "canonical_url": canonicalize_url(url) if url else None,
            "extraction_method": None, "rejected": None}


class Page:
    """An HTML page parsed once, with what every source reads from it: the lxml root,
    the <meta> values, the JSON-LD objects, the site's extraction hints and clock."""

    __slots__ = ("html", "url", "root", "hints", "fetched_at", "tz", "meta", "ld_article", "ld_types",
                 "canonical_href", "lang", "body_class", "_headline")

    def __init__(self, html: str, url: str, root, hints: dict, fetched_at):
        self.html, self.url, self.root, self.hints, self.fetched_at = html, url, root, hints, fetched_at
        self.tz = parse_offset(hints.get("utc_offset")) or BAKU
        # one pass over the document for <link rel=canonical>, <meta> and JSON-LD scripts
        # (instead of one XPath descendant scan each)
        canon_href = og_url = None
        ld_raws: list[str] = []
        meta: dict = {}
        for el in root.iter("link", "meta", "script"):
            tag = el.tag
            if tag == "meta":
                prop, name = el.get("property"), el.get("name")
                if prop is None and name is None:
                    name = el.get("itemprop")  # microdata: <meta itemprop="datePublished" content=...>
                    if name is None:
                        continue
                if og_url is None and prop == "og:url":
                    og_url = el.get("content")
                key = (prop or name or "").strip().lower()
                val = el.get("content")
                if key and val is not None:
                    if key == "article:tag":
                        meta.setdefault(key, []).append(val.strip())
                    else:
                        meta.setdefault(key, val.strip())
            elif tag == "link":
                if canon_href is None and el.get("rel") == "canonical":
                    canon_href = el.get("href")
            elif el.get("type") == "application/ld+json" and el.text is not None:
                ld_raws.append(el.text)
        self.meta = meta
        self.canonical_href = canon_href or og_url
        self.ld_types: list[str] = []
        self.ld_article = None
        for obj in _ld_objects(ld_raws):
            ts = _types(obj)
            self.ld_types.extend(ts)
            if self.ld_article is None and {t.lower() for t in ts} & _ARTICLE_TYPES:
                self.ld_article = obj
        self.lang = root.get("lang") if root.tag == "html" else _first(root, "/html/@lang")
        body = root.find("body")
        self.body_class = (body.get("class") if body is not None else _first(root, "//body/@class")) or ""
        self._headline = False  # not looked for yet

    def headline(self, title: str | None = None):
        """The headline element (cached; `title` helps tell it from other <h1>s)."""
        if self._headline is False:
            self._headline = find_headline(self.root, title)
        return self._headline


def from_wp_post(post: dict) -> dict:
    """A post object of the WordPress REST API -> the fields it holds. `date` is
    site-local and `date_gmt` UTC, so their difference gives the site's offset."""
    found = {
        "title": strip_tags((post.get("title") or {}).get("rendered", "")) or None,
        "body": html_to_text((post.get("content") or {}).get("rendered", "")),
        "published_at": _wp_date(post.get("date"), post.get("date_gmt")),
        "modified_at": _wp_date(post.get("modified"), post.get("modified_gmt")),
    }
    emb = post.get("_embedded") or {}
    authors = emb.get("author") or []
    if authors and isinstance(authors[0], dict):
        found["author"] = authors[0].get("name") or None
    categories, tags = [], []
    for group in emb.get("wp:term") or []:
        for term in group or []:
            if not isinstance(term, dict):
                continue
            name = strip_tags(term.get("name", ""))
            if term.get("taxonomy") == "category" and name:
                categories.append(name)
            elif term.get("taxonomy") == "post_tag" and name:
                tags.append(name)
    found["categories"], found["tags"] = categories, tags
    return {k: v for k, v in found.items() if v}


_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});")
_MARKUP = re.compile(r"</?(?:p|br|div|span|a|strong|em|b|i|h[1-6]|ul|ol|li|blockquote|figure|img)\b[^>]*>", re.I)


def _ld_body(value) -> str:
    """articleBody as plain paragraphs. Sites put HTML entities and even markup in it."""
    text = str(value)
    if _ENTITY.search(text):
        text = htmllib.unescape(text)
    if _MARKUP.search(text):
        return html_to_text(text)
    return "\n\n".join(p for p in (_clean_line(x) for x in text.split("\n")) if p)


_TEASER = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\]|\(\.\.\.\))\s*$")


def _is_teaser(body: str | None) -> bool:
    """A body cut short with an ellipsis: a teaser of the article, not its text."""
    return bool(body) and bool(_TEASER.search(body))


def from_json_ld(page: Page, want, known) -> dict | None:
    """The page's JSON-LD article object (NewsArticle, BlogPosting, ...)."""
    art = page.ld_article
    if art is None:
        return None
    found = {
        "title": strip_tags(art.get("headline") or art.get("name") or ""),
        "published_at": parse_iso_date(art.get("datePublished"), page.tz),
        "modified_at": parse_iso_date(art.get("dateModified"), page.tz),
        "author": _name(art.get("author")),
        "categories": _listify(art.get("articleSection")),
        "tags": _listify(art.get("keywords")),
    }
    if art.get("articleBody"):
        found["body"] = _ld_body(art["articleBody"])
    return {k: v for k, v in found.items() if v}


def from_meta(page: Page, want, known) -> dict | None:
    """OpenGraph, article:* and microdata <meta> tags."""
    meta = page.meta
    if not meta:
        return None
    author = meta.get("article:author") or meta.get("author")
    found = {
        "title": meta.get("og:title"),
        "published_at": parse_iso_date(meta.get("article:published_time") or meta.get("datepublished"), page.tz),
        "modified_at": parse_iso_date(meta.get("article:modified_time") or meta.get("og:updated_time")
                                      or meta.get("datemodified"), page.tz),
        "author": author if author and not author.startswith("http") else None,
        "categories": [meta["article:section"]] if meta.get("article:section") else None,
        "tags": list(meta["article:tag"]) if meta.get("article:tag") else None,
    }
    return {k: v for k, v in found.items() if v}


def from_selectors(page: Page, want, known) -> dict:
    """The site's own selectors from the registry (`hints`).

    A body selector that matches an element without text gives body "": the site says
    the article is empty, which the cascade must not fill with the page's chrome."""
    root, hints = page.root, page.hints
    found: dict = {}
    if "title" in want:
        found["title"] = _select_text(root, hints.get("title"))
    if hints.get("body"):
        try:
            nodes = _select(root, hints["body"])
        except Exception:
            nodes = []
        if nodes:
            found["body"] = _select_body(root, hints["body"], nodes) or ""
    if "published_at" in want and hints.get("date"):
        found["published_at"] = _selector_date(page, known)
    if "author" in want and hints.get("author"):
        a = _select_text(root, hints["author"])
        found["author"] = re.sub(r"^(by|müəllif:?|автор:?)\s+", "", a, flags=re.I) if a else None
    if "categories" in want and hints.get("categories"):
        found["categories"] = _select_all(root, hints["categories"])
    return {k: v for k, v in found.items() if v or (k == "body" and v == "")}


def _selector_date(page: Page, known) -> str | None:
    """The site's date selector may match the sidebar's dates too: of its elements, the
    one by the headline, as for any visible date."""
    hints = page.hints
    try:
        nodes = _select(page.root, hints["date"])
    except Exception:
        return None
    elements = [n for n in nodes if not isinstance(n, str)]
    if elements:
        value = find_published(page.root, page.headline(known.get("title")), page.fetched_at, tz=page.tz,
                               formats=hints.get("date_formats"), nodes=elements)
        if value:
            return value
    values = [str(n) for n in nodes if isinstance(n, str) and str(n).strip()]  # an attribute XPath
    return parse_visible_date(values[0], page.fetched_at, hints.get("date_formats"), tz=page.tz) if values else None


def from_generic(page: Page, want, known) -> dict:
    """What any page shows: its headline (<h1>, else <title>), the publication date
    printed by the headline (`dates.find_published`), and the article text found by the
    generic extractor (trafilatura, asked only for a missing body: it costs as much as
    the rest together, and it takes the parsed tree apart, so it reads it last)."""
    root = page.root
    found: dict = {}
    if "title" in want:
        found["title"] = _select_text(root, "//h1") or _clean_line(_first(root, "//title/text()") or "") or None
    if "published_at" in want:
        found["published_at"] = find_published(root, page.headline(known.get("title")), page.fetched_at, tz=page.tz)
    if "body" in want:
        found["body"] = _generic_body(page)
    return {k: v for k, v in found.items() if v}


_SOURCES = {"json-ld": from_json_ld, "opengraph": from_meta, "selectors": from_selectors, "generic": from_generic}


def _prefer(field: str, chosen, candidate) -> bool:
    """Whether a less trusted source's value replaces the chosen one: a body that is much
    longer (JSON-LD articleBody is often only the lead), or any body for a teaser."""
    if field != "body" or not candidate:
        return False
    return not chosen or len(candidate) > len(chosen) * 1.2 or (_is_teaser(chosen) and len(candidate) > len(chosen))


def _cascade(page: Page, use_generic: bool = True) -> tuple[dict, dict, dict]:
    """(fields, the source of each field, what each source found)."""
    fields: dict = {}
    origin: dict = {}
    answers: dict = {}
    for name in TRUST:
        missing = {f for f in FIELDS if not fields.get(f)}
        if _is_teaser(fields.get("body")):
            missing.add("body")
        if name == "selectors":
            missing.add("body")  # a site selector's body may beat a structured one (_prefer)
        elif name == "generic":
            # never fill an article the site's own body container says is empty with the
            # page's chrome
            if not use_generic or (origin.get("body") == "selectors" and fields["body"] == ""):
                missing.discard("body")
            missing &= {"title", "body", "published_at"}
            if not missing:
                continue
        found = _SOURCES[name](page, frozenset(missing), fields)
        if found is None:
            continue
        answers[name] = found
        for f, v in found.items():
            if f not in fields or (not fields[f] and v) or (origin[f] != name and _prefer(f, fields[f], v)):
                fields[f], origin[f] = v, name
    if origin.get("body") == "generic":
        # the generic extractor's text may start with the headline and a bare date line
        fields["body"] = _drop_heading_lines(fields["body"], fields.get("title"))
    return fields, origin, answers


def _method(origin: dict, answers: dict) -> str:
    """The cascade step that won, by the title's and the body's sources (the
    `extraction_method` column): wp-json, json-ld, opengraph(+selectors), selectors, trafilatura."""
    title, body = origin.get("title"), origin.get("body")
    if title == "json-ld":
        return "json-ld"
    if title == "opengraph":
        if body == "generic":
            return GENERIC
        return "opengraph+selectors" if answers.get("selectors", {}).get("body") else "opengraph"
    if title == "selectors" or body == "selectors":
        return "selectors"
    return GENERIC if body == "generic" or title == "generic" else "selectors"


def extract_wp_post(post: dict, url: str | None = None) -> dict:
    """A post object of the WordPress REST API (/wp-json/wp/v2/posts, ideally with
    _embed) -> article fields."""
    out = _empty(post.get("link") or url)
    out.update(from_wp_post(post))
    out["extraction_method"] = "wp-json"
    out["language"] = _language(f"{out['title'] or ''}\n{out['body']}", post.get("lang") or None)
    if post.get("type") not in (None, "post"):
        out["rejected"] = f"{post.get('type')} object, not a post"
    return out


def _wp_date(local, gmt) -> str | None:
    if not local:
        return None
    try:
        dl = datetime.fromisoformat(local)
    except ValueError:
        return parse_iso_date(local)
    if dl.tzinfo is not None:
        return iso(dl)
    if gmt:
        try:
            dg = datetime.fromisoformat(gmt.replace("Z", ""))
            off = dl - dg.replace(tzinfo=None)
            minutes = round(off.total_seconds() / 900) * 15
            if abs(minutes) <= 14 * 60:
                return iso(dl.replace(tzinfo=timezone(timedelta(minutes=minutes))))
        except ValueError:
            pass
    return iso(dl.replace(tzinfo=BAKU))


def _decode(html) -> tuple[str, bytes | None]:
    """(text, the same bytes when lxml can parse them as they came) for str or bytes."""
    if not isinstance(html, bytes):
        return html, None
    body_bytes, text, raw = html, None, None
    if not body_bytes.startswith(_BOMS):  # decode_html's first choice, done once here
        try:
            text = body_bytes.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if b"\x00" not in body_bytes:  # lxml parses the bytes as they came: no re-encoding
                raw = body_bytes
    return text, raw


def extract_article(html, url: str, *, hints: dict | None = None, fetched_at=None,
                    encoding: str | None = None, use_trafilatura: bool = True) -> dict:
    """An HTML page -> article fields (see module doc). `html` may be str or bytes.
    `use_trafilatura=False` leaves the generic body extractor out."""
    text, raw = _decode(html)
    if text is None and isinstance(html, bytes):
        text = decode_html(html, encoding)
    out = _empty(None)
    if not text or text.isspace():
        out["canonical_url"] = canonicalize_url(url) if url else None
        out["rejected"] = "empty page"
        return out
    try:
        root = parse_html(text, raw)
    except Exception as exc:  # lxml copes with almost anything; keep going regardless
        out["canonical_url"] = canonicalize_url(url) if url else None
        out["rejected"] = f"unparsable HTML: {exc}"
        return out
    page = Page(text, url, root, hints or {}, fetched_at)
    canon = page.canonical_href
    if canon and canon.strip():
        out["canonical_url"] = canonicalize_url(urljoin(url, canon.strip()))
    elif url:
        out["canonical_url"] = canonicalize_url(url)
    reason = classify_page(out["canonical_url"] or url, page.body_class, page.meta.get("og:type"), page.ld_types)
    if reason:
        out["rejected"] = reason
        return out

    fields, origin, answers = _cascade(page, use_generic=use_trafilatura)
    out.update(fields)
    out["extraction_method"] = _method(origin, answers)
    out["language"] = _language(f"{out['title'] or ''}\n{out['body'] or ''}", page.lang)
    if not (out["body"] or "").strip():
        out["rejected"] = "empty body"
    return out


_DATE_LINE = re.compile(r"^[\d\s.:/,|()+-]{6,40}$")
_DATE_PREFIX = re.compile(r"^\d[\d.:/-]{4,}(?: \d{1,2}:\d{2})? ")


def _drop_heading_lines(text: str, title: str | None) -> str:
    """The generic extractor's text may start with the headline and a bare date line: not body."""
    paras = text.split("\n\n")
    title = _clean_line(title or "")
    i = 0
    while i < min(3, len(paras) - 1):
        p = paras[i]
        if (title and p == title) or _DATE_LINE.match(p):
            i += 1
        else:
            break
    paras = paras[i:]
    # a layout table puts headline, date and text in one cell: one line
    if paras and len(title) >= 20 and paras[0].startswith(title + " "):
        rest = paras[0][len(title) + 1:]
        m = _DATE_PREFIX.match(rest)
        rest = rest[m.end():] if m else rest
        if len(rest) > 2 * len(title):
            paras[0] = rest
    return "\n\n".join(paras)


def load_generic_extractor():
    """The generic extractor's module (trafilatura). A missing or broken installation is
    an ImportError with one line saying so: never an article without a body."""
    try:
        import trafilatura
    except Exception as exc:  # ImportError, or whatever a broken dependency raises on import
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ImportError(f"the generic article extractor (trafilatura) cannot be imported: {first}; "
                          f"reinstall aznews with its dependencies (pip install aznews)") from exc
    return trafilatura


# Below this many characters the fast pass's text is taken for a miss (a page of small
# font-tagged blocks, a body split across odd containers), and the page is read again with
# trafilatura's fallback extractors; on the public benchmark the fast pass alone loses
# 0.02 F1, all of it on pages where it returned under 400 characters.
GENERIC_RETRY_CHARS = 500


def _generic_body(page: Page) -> str:
    """The article text trafilatura finds in the parsed tree (taken apart by it).

    Precision-first settings, tables kept (data tables are article text on many pages),
    no comments, no metadata (the cascade has its own sources for those). Its fast pass
    (no readability/jusText fallbacks) costs 40% less; a short answer is retried on a fresh
    parse with the fallbacks, which find the body where the fast pass does not."""
    body = _trafilatura_text(page.root, page.url, fast=True)
    if len(body) < GENERIC_RETRY_CHARS:
        slow = _trafilatura_text(parse_html(page.html), page.url, fast=False)
        if len(slow) > len(body):
            body = slow
    return body


def _trafilatura_text(root, url: str | None, fast: bool) -> str:
    trafilatura = load_generic_extractor()
    doc = trafilatura.bare_extraction(root, url=url or None, include_comments=False, include_tables=True,
                                      favor_precision=True, with_metadata=False, fast=fast)
    if doc is None:
        return ""
    if not isinstance(doc, dict):
        doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    paras = [_clean_line(_TABLE_MARKUP.sub(" ", p)) for p in (doc.get("text") or "").split("\n")]
    return "\n\n".join(p for p in paras if p)


_TABLE_MARKUP = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)")  # trafilatura's "| cell | cell |" rows
