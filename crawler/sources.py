"""The source registry: load and validate `crawler/sources.toml`, look sources up.

    from aznews.crawler.sources import load_sources, get_source, with_base_url
    src = get_source("bayraqdar")                  # by name, host or URL
    local = with_base_url(src, "http://127.0.0.1:8000")   # same source, other server
    other = source_for_url("https://news.example.az/rss")  # a site the registry may not list

A source is a plain dict (name, base_url, languages, platform, discovery, extract).
Validation errors are `SourceError` with one line naming file, source and field.
"""
from __future__ import annotations

import copy
import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_PATH = Path(__file__).with_name("sources.toml")
METHODS = ("wp-json", "feed", "sitemap", "listing", "auto")
LANGUAGES = ("az", "ru", "en", "tr")
EXTRACT_KEYS = ("title", "body", "date", "author", "categories", "tags", "date_formats", "article_pattern",
                "utc_offset")


class SourceError(ValueError):
    """Invalid registry file or unknown source (one line)."""


def _fail(path, name, field, msg):
    raise SourceError(f"{path}: source {name!r}: field {field!r}: {msg}")


def _validate(path, i, raw) -> dict:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail(path, f"#{i + 1}", "name", "missing or not a string")
    known = {"name", "base_url", "languages", "platform", "discovery", "extract", "notes"}
    for key in raw:
        if key not in known:
            _fail(path, name, key, "unknown field")
    base = raw.get("base_url")
    if not isinstance(base, str):
        _fail(path, name, "base_url", "missing or not a string")
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        _fail(path, name, "base_url", f"not an http(s) URL: {base!r}")
    langs = raw.get("languages")
    if not isinstance(langs, list) or not langs or any(l not in LANGUAGES for l in langs):
        _fail(path, name, "languages", f"must be a non-empty list of {', '.join(LANGUAGES)}")
    disc = raw.get("discovery")
    if not isinstance(disc, list) or not disc:
        _fail(path, name, "discovery", "must be a non-empty list of methods")
    out_disc = []
    for j, d in enumerate(disc):
        field = f"discovery[{j}]"
        if not isinstance(d, dict) or d.get("method") not in METHODS:
            _fail(path, name, field, f"method must be one of {', '.join(METHODS)}")
        m = d["method"]
        if m in ("feed", "sitemap"):
            urls = d.get("urls")
            if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
                _fail(path, name, field + ".urls", "must be a non-empty list of URLs")
        if m == "feed" and "paged" in d and not isinstance(d["paged"], bool):
            _fail(path, name, field + ".paged", "must be true or false")
        if m == "auto" and not isinstance(d.get("url"), str):
            _fail(path, name, field + ".url", "missing or not a string")
        if m == "listing":
            if not isinstance(d.get("url"), str):
                _fail(path, name, field + ".url", "missing or not a string")
            pag = d.get("pagination")
            if pag is not None and (not isinstance(pag, str) or "{page}" not in pag):
                _fail(path, name, field + ".pagination", "must contain {page}")
            mp = d.get("max_pages", 50)
            if not isinstance(mp, int) or mp < 1:
                _fail(path, name, field + ".max_pages", "must be a positive integer")
        out_disc.append(dict(d))
    ext = raw.get("extract", {})
    if not isinstance(ext, dict):
        _fail(path, name, "extract", "must be a table")
    for key, val in ext.items():
        if key not in EXTRACT_KEYS:
            _fail(path, name, f"extract.{key}", "unknown field")
        if key == "date_formats":
            if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
                _fail(path, name, "extract.date_formats", "must be a list of strptime formats")
        elif not isinstance(val, str) or not val.strip():
            _fail(path, name, f"extract.{key}", "must be a non-empty string")
        elif key == "article_pattern":
            try:
                re.compile(val)
            except re.error as exc:
                _fail(path, name, "extract.article_pattern", f"bad regex: {exc}")
        elif key == "utc_offset":
            from aznews.crawler.dates import parse_offset

            try:
                parse_offset(val)
            except ValueError as exc:
                _fail(path, name, "extract.utc_offset", str(exc))
    return {
        "name": name,
        "base_url": base.rstrip("/"),
        "languages": list(langs),
        "platform": raw.get("platform", "custom"),
        "discovery": out_disc,
        "extract": dict(ext),
        "notes": raw.get("notes", ""),
    }


def load_sources(path: str | Path | None = None) -> list[dict]:
    """Read and validate a registry file; returns the sources in file order."""
    path = Path(path) if path else DEFAULT_PATH
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: invalid TOML: {exc}") from None
    raw = data.get("source")
    if not isinstance(raw, list) or not raw:
        raise SourceError(f"{path}: no [[source]] tables")
    sources, seen = [], set()
    for i, entry in enumerate(raw):
        src = _validate(path, i, entry)
        if src["name"] in seen:
            _fail(path, src["name"], "name", "duplicate name")
        seen.add(src["name"])
        sources.append(src)
    return sources


def _host(value: str) -> str:
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    return host[4:] if host.startswith("www.") else host


def get_source(key: str, sources: list[dict] | None = None) -> dict:
    """A source by name, host (www. ignored; subdomains of a source's host match) or URL."""
    sources = load_sources() if sources is None else sources
    for s in sources:
        if s["name"] == key:
            return copy.deepcopy(s)
    host = _host(key)
    if host:
        for s in sources:
            if _host(s["base_url"]) == host:
                return copy.deepcopy(s)
        for s in sources:
            sh = _host(s["base_url"])
            if host.endswith("." + sh) or sh.endswith("." + host):
                return copy.deepcopy(s)
    raise SourceError(f"unknown source {key!r} (see `aznews sources`)")


def with_base_url(source: dict, url: str) -> dict:
    """A copy of `source` pointed at another server (e.g. the local demo site).

    Discovery URLs are relative to base_url, so the same spider code runs; absolute
    discovery URLs on the source's own host are moved to the new base as well."""
    new = copy.deepcopy(source)
    old = urlsplit(source["base_url"])
    base = urlsplit(url)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise SourceError(f"not an http(s) URL: {url!r}")
    new["base_url"] = url.rstrip("/")
    new.setdefault("original_base_url", source["base_url"])

    def move(u: str) -> str:
        p = urlsplit(u)
        if p.netloc and _host(p.netloc) == _host(old.netloc):
            return urlunsplit((base.scheme, base.netloc, p.path, p.query, p.fragment))
        return u

    for d in new["discovery"]:
        if "urls" in d:
            d["urls"] = [move(u) for u in d["urls"]]
        if "url" in d:
            d["url"] = move(d["url"])
    return new


def source_for_url(url: str, sources: list[dict] | None = None) -> dict:
    """A source for any site, from one of its URLs: a home or section page, a feed, a
    sitemap or a WordPress REST endpoint. Discovery starts at the URL (`auto`: the spider
    reads what it answers with and tries the feeds, API and sitemaps it points to, in the
    registry's order). The home page of a site the registry lists is that source; another
    URL of a listed site keeps the site's name and extraction hints."""
    p = urlsplit(url.strip())
    if p.scheme not in ("http", "https") or not p.hostname:
        raise SourceError(f"not an http(s) URL: {url!r}")
    sources = load_sources() if sources is None else sources
    try:
        listed = get_source(p.hostname, sources)
    except SourceError:
        listed = None
    if listed is not None and p.path in ("", "/") and not p.query:
        return listed
    host = p.hostname[4:] if p.hostname.startswith("www.") else p.hostname
    name = listed["name"] if listed else (f"{host}-{p.port}" if p.port else host)
    return {
        "name": name,
        "base_url": f"{p.scheme}://{p.netloc}",
        "languages": list(listed["languages"]) if listed else list(LANGUAGES),
        "platform": listed["platform"] if listed else "unknown",
        "discovery": [{"method": "auto", "url": urlunsplit((p.scheme, p.netloc, p.path or "/", p.query, ""))}],
        "extract": dict(listed["extract"]) if listed else {},
        "notes": f"discovered from {url}",
    }
