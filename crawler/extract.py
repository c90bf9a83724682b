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

BAKU = timezone(timedelta(hours=4))

# ---------------------------------------------------------------- dates

_MONTHS = {
    # Azerbaijani (with common misspellings and old forms)
    "yanvar": 1, "fevral": 2, "mart": 3, "aprel": 4, "may": 5, "iyun": 6, "iyul": 7,
    "avqust": 8, "sentyabr": 9, "oktyabr": 10, "noyabr": 11, "dekabr": 12,
    "yan": 1, "fev": 2, "apr": 4, "iyn": 6, "iyl": 7, "avq": 8, "sen": 9, "okt": 10, "noy": 11, "dek": 12,
    # Russian (genitive and nominative)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7,
    "августа": 8, "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "январь": 1, "февраль": 2, "март": 3, "апрель": 4, "май": 5, "июнь": 6, "июль": 7,
    "август": 8, "сентябрь": 9, "октябрь": 10, "ноябрь": 11, "декабрь": 12,
    # English and Turkish
    "january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "ocak": 1, "şubat": 2, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8,
    "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
}
_MONTH_RE = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_TIME = r"(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?"
_OFFSET = re.compile(r"\(?\s*(?:UTC|GMT)\s*(?P<sign>[+-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?\s*\)?", re.I)
_RE_DAY_MONTH = re.compile(
    rf"(?<!\d)(?P<d>[0-3]?\d)\s*(?:-?(?:ci|cı|cu|cü|си))?\s+(?P<mon>{_MONTH_RE})\b\.?,?\s*(?P<y>(?:19|20)\d\d)?\s*(?:il|г\.?|года)?\b"
)
_RE_NUMERIC = re.compile(r"(?<!\d)(?P<d>[0-3]?\d)[./-](?P<m>[01]?\d)[./-](?P<y>(?:19|20)\d\d)(?!\d)")
_RE_ISO_DAY = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?!\d)")
_RE_TIMEPART = re.compile(rf"(?<![\d:]){_TIME}(?![\d])")
_TODAY = ("bu gün", "bugün", "bu gun", "сегодня", "today")
_YESTERDAY = ("dünən", "dunen", "вчера", "yesterday", "dün")


def _fold(text: str) -> str:
    from aznews.nlp.text import az_lower

    return az_lower(text)


def _as_baku(fetched_at) -> datetime:
    if fetched_at is None:
        fetched_at = datetime.now(timezone.utc)
    elif isinstance(fetched_at, str):
        fetched_at = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    if fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=timezone.utc)
    return fetched_at.astimezone(BAKU)


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def parse_iso_date(value, default_tz=BAKU) -> str | None:
    """ISO 8601 (as in JSON-LD, OpenGraph, sitemaps, <time datetime>) -> ISO with offset.
    A value without offset is taken as Baku time (+04:00)."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip().replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        v += "T00:00:00"
    v = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", v)  # +0400 -> +04:00
    try:
        dt = datetime.fromisoformat(v)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=default_tz)
    return _iso(dt)


def parse_visible_date(text, fetched_at=None, formats=None) -> str | None:
    """A date as printed on a page -> ISO 8601 with offset (Baku +04:00 unless printed).

    Handles "17 Dekabr 2021 11:15", "16 noyabr, 2025 14:00", "14 noyabr 2025 16:23
    (UTC +04:00)", "09.11.2025 | 10:59", "Bu gün / 12:18", "Dünən / 22:30" and the
    yearless "15 Noyabr 10:31" (the latest such date not after the fetch time).
    Relative and yearless dates are resolved against `fetched_at` (default: now).
    `formats` are strptime formats tried first (month names in English only)."""
    if not text:
        return None
    if isinstance(text, (list, tuple)):
        text = " ".join(t for t in text if t)
    raw = re.sub(r"\s+", " ", htmllib.unescape(str(text))).strip()
    if not raw:
        return None
    iso = parse_iso_date(raw) if re.match(r"\d{4}-\d{2}-\d{2}", raw) and len(raw) <= 32 else None
    if iso:
        return iso
    now = _as_baku(fetched_at)
    tz = BAKU
    m = _OFFSET.search(raw)
    if m:
        sign = -1 if m.group("sign") in "-−" else 1
        tz = timezone(sign * timedelta(hours=int(m.group("oh")), minutes=int(m.group("om") or 0)))
        raw = (raw[: m.start()] + raw[m.end():]).strip()
    for fmt in formats or ():
        try:
            dt = datetime.strptime(raw, fmt)
            return _iso(dt.replace(tzinfo=tz) if dt.tzinfo is None else dt)
        except ValueError:
            pass
    low = _fold(raw)
    date = None
    rest = low
    m = _RE_DAY_MONTH.search(low)
    yearless = False
    if m:
        y = m.group("y")
        yearless = y is None
        try:
            date = (int(y) if y else now.year, _MONTHS[m.group("mon")], int(m.group("d")))
            datetime(*date)
        except ValueError:
            date = None
        rest = low[: m.start()] + " " + low[m.end():]
    if date is None:
        for rx in (_RE_NUMERIC, _RE_ISO_DAY):
            m = rx.search(low)
            if m:
                try:
                    date = (int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    datetime(*date)
                    rest = low[: m.start()] + " " + low[m.end():]
                    break
                except ValueError:
                    date = None
    if date is None:
        if any(w in low for w in _TODAY):
            d = now.date()
            date = (d.year, d.month, d.day)
        elif any(w in low for w in _YESTERDAY):
            d = (now - timedelta(days=1)).date()
            date = (d.year, d.month, d.day)
    if date is None:
        return _dateparser_fallback(raw, now, tz)
    t = _RE_TIMEPART.search(rest)
    hh, mm, ss = (int(t.group("h")), int(t.group("mi")), int(t.group("s") or 0)) if t else (0, 0, 0)
    dt = datetime(*date, hh, mm, ss, tzinfo=tz)
    if yearless and dt > now + timedelta(days=1):
        dt = dt.replace(year=dt.year - 1)
    return _iso(dt)


def _dateparser_fallback(raw, now, tz) -> str | None:
    if not re.search(r"\d", raw):
        return None
    try:
        import dateparser
    except ImportError:  # pragma: no cover
        return None
    try:
        dt = dateparser.parse(
            raw,
            languages=["az", "ru", "en", "tr"],
            settings={"RELATIVE_BASE": now.replace(tzinfo=None), "PREFER_DATES_FROM": "past",
                      "RETURN_AS_TIMEZONE_AWARE": False},
        )
    except Exception:
        return None
    if dt is None:
        return None
    return _iso(dt.replace(tzinfo=tz))


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
        from lxml import etree

        parser = _local.parser = etree.HTMLParser(encoding="utf-8", recover=True)
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
# the most trusted source that has it; the one exception is written down in `_prefer`.

FIELDS = ("title", "body", "published_at", "modified_at", "author", "categories", "tags")
TRUST = ("json-ld", "opengraph", "selectors", "generic")


def _empty(url):
    return {"title": None, "body": "", "published_at": None, "modified_at": None, "author": None,
            "language": "und", "categories": [], "tags": [], "canonical_url": canonicalize_url(url) if url else None,
            "extraction_method": None, "rejected": None}


class Page:
    """An HTML page parsed once, with what every source reads from it: the lxml root,
    the <meta> values, the JSON-LD objects, the site's extraction hints."""

    __slots__ = ("html", "url", "root", "hints", "fetched_at", "meta", "ld_article", "ld_types",
                 "canonical_href", "lang", "body_class")

    def __init__(self, html: str, url: str, root, hints: dict, fetched_at):
        self.html, self.url, self.root, self.hints, self.fetched_at = html, url, root, hints, fetched_at
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


def from_json_ld(page: Page, want) -> dict | None:
    """The page's JSON-LD article object (NewsArticle, BlogPosting, ...)."""
    art = page.ld_article
    if art is None:
        return None
    found = {
        "title": strip_tags(art.get("headline") or art.get("name") or ""),
        "published_at": parse_iso_date(art.get("datePublished")),
        "modified_at": parse_iso_date(art.get("dateModified")),
        "author": _name(art.get("author")),
        "categories": _listify(art.get("articleSection")),
        "tags": _listify(art.get("keywords")),
    }
    if art.get("articleBody"):
        found["body"] = "\n\n".join(p for p in (_clean_line(x) for x in str(art["articleBody"]).split("\n")) if p)
    return {k: v for k, v in found.items() if v}


def from_meta(page: Page, want) -> dict | None:
    """OpenGraph and article:* <meta> tags."""
    meta = page.meta
    if not meta:
        return None
    author = meta.get("article:author") or meta.get("author")
    found = {
        "title": meta.get("og:title"),
        "published_at": parse_iso_date(meta.get("article:published_time")),
        "modified_at": parse_iso_date(meta.get("article:modified_time") or meta.get("og:updated_time")),
        "author": author if author and not author.startswith("http") else None,
        "categories": [meta["article:section"]] if meta.get("article:section") else None,
        "tags": list(meta["article:tag"]) if meta.get("article:tag") else None,
    }
    return {k: v for k, v in found.items() if v}


def from_selectors(page: Page, want) -> dict:
    """The site's own selectors from the registry (`hints`), and <time datetime>.

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
    if "published_at" in want:
        t = _first(root, "//time/@datetime")
        published = parse_iso_date(t) if t else None
        if not published and hints.get("date"):
            published = parse_visible_date(_select_text(root, hints["date"]), page.fetched_at,
                                           hints.get("date_formats"))
        found["published_at"] = published
    if "author" in want and hints.get("author"):
        a = _select_text(root, hints["author"])
        found["author"] = re.sub(r"^(by|müəllif:?|автор:?)\s+", "", a, flags=re.I) if a else None
    if "categories" in want and hints.get("categories"):
        found["categories"] = _select_all(root, hints["categories"])
    return {k: v for k, v in found.items() if v or (k == "body" and v == "")}


def from_generic(page: Page, want) -> dict | None:
    """The generic article extractor (trafilatura), for pages no other source covers."""
    tr = _trafilatura(page.html, page.url)
    if tr is None:
        return None
    found = {"body": tr.get("text"), "title": tr.get("title"), "author": tr.get("author"),
             "published_at": parse_iso_date(tr["date"]) if tr.get("date") else None}
    return {k: v for k, v in found.items() if v}


_SOURCES = {"json-ld": from_json_ld, "opengraph": from_meta, "selectors": from_selectors, "generic": from_generic}


def _prefer(field: str, chosen, candidate) -> bool:
    """Whether a less trusted source's value replaces the chosen one: a body that is
    much longer (JSON-LD articleBody is often only the lead)."""
    return field == "body" and bool(candidate) and (not chosen or len(candidate) > len(chosen) * 1.2)


def _cascade(page: Page, use_generic: bool = True) -> tuple[dict, dict, dict]:
    """(fields, the source of each field, what each source found)."""
    fields: dict = {}
    origin: dict = {}
    answers: dict = {}
    for name in TRUST:
        missing = [f for f in FIELDS if not fields.get(f)]
        if name == "generic":
            # the generic extractor costs as much as the rest together: only for a missing
            # title or body, and never when the site's own body container was found empty
            empty_article = origin.get("body") == "selectors" and fields["body"] == ""
            if not use_generic or empty_article or not ({"title", "body"} & set(missing)):
                continue
        want = frozenset(missing) | ({"body"} if name == "selectors" else set())
        found = _SOURCES[name](page, want)
        if found is None:
            continue
        answers[name] = found
        for f, v in found.items():
            if f not in fields or (not fields[f] and v) or (origin[f] != name and _prefer(f, fields[f], v)):
                fields[f], origin[f] = v, name
    if origin.get("body") == "generic":
        # trafilatura's text may start with the headline and a bare date line
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
            return "trafilatura"
        return "opengraph+selectors" if answers.get("selectors", {}).get("body") else "opengraph"
    if title == "selectors" or body == "selectors":
        return "selectors"
    return "trafilatura" if "generic" in answers else "selectors"


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
        return _iso(dl)
    if gmt:
        try:
            dg = datetime.fromisoformat(gmt.replace("Z", ""))
            off = dl - dg.replace(tzinfo=None)
            minutes = round(off.total_seconds() / 900) * 15
            if abs(minutes) <= 14 * 60:
                return _iso(dl.replace(tzinfo=timezone(timedelta(minutes=minutes))))
        except ValueError:
            pass
    return _iso(dl.replace(tzinfo=BAKU))


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
    """An HTML page -> article fields (see module doc). `html` may be str or bytes."""
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
    if not out["title"]:  # the least trusted title: the page's own headline or <title>
        out["title"] = _select_text(root, "//h1") or _clean_line(_first(root, "//title/text()") or "") or None
    out["extraction_method"] = _method(origin, answers)
    out["language"] = _language(f"{out['title'] or ''}\n{out['body'] or ''}", page.lang)
    if not (out["body"] or "").strip():
        out["rejected"] = "empty body"
    return out


_DATE_LINE = re.compile(r"^[\d\s.:/,|()+-]{6,40}$")
_DATE_PREFIX = re.compile(r"^\d[\d.:/-]{4,}(?: \d{1,2}:\d{2})? ")


def _drop_heading_lines(text: str, title: str | None) -> str:
    """Trafilatura's text may start with the headline and a bare date line: not body."""
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


def _trafilatura(html: str, url: str) -> dict | None:
    try:
        import trafilatura
    except ImportError:  # pragma: no cover
        return None
    doc = None
    # tables are left out (data tables, layout chrome), unless the page's text lives in a
    # layout table: then nothing else is found and a second pass takes them in
    for tables in (False, True):
        try:
            doc = trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=tables,
                                              favor_precision=True, with_metadata=True)
        except Exception:
            return None
        if doc is not None:
            if not isinstance(doc, dict):
                doc = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
            if (doc.get("text") or "").strip():
                break
    if doc is None:
        return None
    text = doc.get("text") or ""
    paras = [_clean_line(_TABLE_MARKUP.sub(" ", p)) for p in text.split("\n")]
    doc["text"] = "\n\n".join(p for p in paras if p)
    return doc


_TABLE_MARKUP = re.compile(r"(?:^|(?<=\s))\|(?=\s|$)")  # trafilatura's "| cell | cell |" rows
