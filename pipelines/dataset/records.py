"""Pure conversion of crawler items and NLP output into dataset rows.

`article_row(item, crawl_id)` turns an ArticleItem (as a dict) into one row of
`schema.ARTICLES`; `analysis_rows(article_id, analysis, published_at)` turns an
`nlp.types.Analysis` into rows of `schema.MENTIONS`, `schema.ROLES` and
`schema.DATES`. Rows are plain dicts keyed by column name; the writer-owned
columns (`version`, `written_at`) are left out: `Dataset.write` sets them.

Timestamps: item timestamps are ISO 8601 strings with an offset
("2021-12-17T11:15:00+04:00"). They are stored as timezone-aware UTC datetimes;
the published string itself is kept in `published_at_local` so the site's own
clock time is not lost. A string without an offset is taken to be UTC.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone

from aznews.pipelines.dataset import schema

# a word: letters/digits, possibly joined by - ' . ’ ("16-da", "2021-ci", "bayraqdar.info")
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)

NLP_STATUSES = ("analyzed", "skipped-language", "empty", "error")


def parse_timestamp(value) -> datetime | None:
    """ISO 8601 string (or datetime) -> aware UTC datetime; None/"" -> None.

    Raises ValueError for a string that is not ISO 8601.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"not an ISO 8601 timestamp: {value!r}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc)


def word_count(text: str | None) -> int:
    return len(_WORD.findall(text or ""))


def nlp_status(analysis=None, body: str | None = None, error: bool = False) -> str:
    """The articles.nlp_status value for an analysis result."""
    if error:
        return "error"
    if not (body or "").strip():
        return "empty"
    if analysis is None:
        return "error"
    if analysis.skipped:
        return "skipped-language"
    return "analyzed"


def _str_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value if v is not None and str(v) != ""]


def article_row(item: dict, crawl_id: str | None = None, nlp_status: str | None = None) -> dict:
    """One `articles` row from an ArticleItem dict (or any mapping with its fields)."""
    item = dict(item)
    url = item.get("url") or item.get("canonical_url")
    canonical = item.get("canonical_url") or url
    if not canonical:
        raise ValueError("article item has neither canonical_url nor url")
    source = item.get("source")
    if not source:
        raise ValueError(f"article item {canonical} has no source")
    title = item.get("title")
    body = item.get("body")
    published_raw = item.get("published_at")
    published = parse_timestamp(published_raw)
    fetched = parse_timestamp(item.get("fetched_at")) or datetime.now(timezone.utc)
    if published_raw is None or published_raw == "":
        published_local = None
    elif isinstance(published_raw, datetime):
        published_local = published_raw.isoformat()
    else:
        published_local = str(published_raw)
    return {
        "article_id": schema.article_id(canonical),
        "url": url,
        "canonical_url": canonical,
        "source": source,
        "language": item.get("language"),
        "title": title,
        "author": item.get("author"),
        "published_at": published,
        "published_at_local": published_local,
        "modified_at": parse_timestamp(item.get("modified_at")),
        "fetched_at": fetched,
        "body": body,
        "categories": _str_list(item.get("categories")),
        "tags": _str_list(item.get("tags")),
        "word_count": word_count(body),
        "content_hash": schema.content_hash(title, body),
        "extraction_method": item.get("extraction_method"),
        "nlp_status": nlp_status,
        "crawl_id": crawl_id if crawl_id is not None else item.get("crawl_id"),
    }


def analysis_rows(article_id: str, analysis, published_at=None) -> tuple[list[dict], list[dict], list[dict]]:
    """(mentions, roles, dates) rows for one article's `nlp.types.Analysis`."""
    published = parse_timestamp(published_at)
    mentions = []
    for m in analysis.mentions:
        canonical = m.canonical or m.text
        mentions.append(
            {
                "article_id": article_id,
                "sentence": int(m.sentence),
                "start": int(m.start),
                "end": int(m.end),
                "text": m.text,
                "label": m.label,
                "canonical": canonical,
                "entity_id": schema.entity_id(m.label, canonical),
                "method": m.method,
                "score": float(m.score),
                "published_at": published,
            }
        )
    roles = [
        {
            "article_id": article_id,
            "person": r.person,
            "title": r.title,
            "organization": r.organization or "",
            "parent_organization": r.parent or "",
            "event": r.event,
            "sentence": int(r.sentence),
            "published_at": published,
            "years": getattr(r, "years", "") or "",
        }
        for r in analysis.roles
    ]
    dates = [
        {
            "article_id": article_id,
            "sentence": int(d.sentence),
            "start": int(d.start),
            "end": int(d.end),
            "text": d.text,
            "value": d.value,
            "precision": d.precision,
            "end_value": d.end_value,
        }
        for d in analysis.dates
    ]
    return mentions, roles, dates
