"""The dataset schema, defined once.

Every table is a folder under the dataset root, Hive-partitioned by
source/year/month (year and month of published_at, or of fetched_at when the
page carries no date). The partition columns live in the folder names only:
`articles.source` is a column of the rows given to the writer and of every
reader's result, but not of the stored files (`stored()`), so a Hive-aware
reader (pandas, pyarrow.dataset, DuckDB, Polars, Spark) never finds it twice
with two types. The schema version is written into each Parquet file's
key-value metadata under b"aznews.schema_version".

Bump SCHEMA_VERSION when a column changes meaning or type; adding a nullable
column at the end is a minor change (x.Y). Readers accept files of the major
versions in READABLE_MAJORS and refuse others with a clear error
(aznews.pipelines.dataset.writer). 2.0 dropped the `source` column from the
stored articles files (1.x files carried it next to the partition key); 1.x
files are still read, and publishing rewrites them in the current version.

Versioning of articles: every stored copy of an article carries a `version`
(unique per write) and the articles row a `written_at`; child rows carry the
version of the article they belong to. Readers keep, per article_id, the row
with the greatest (written_at, version) and only the child rows of that
version; the published files (what plain Parquet readers see) hold exactly
those rows (see pipelines/dataset/writer.py). `version` and `written_at` are filled in by
`Dataset.write`, not by the record builders.
"""
from __future__ import annotations

import hashlib

import pyarrow as pa

SCHEMA_VERSION = "2.1"  # 2.0: no source column in the articles files; 2.1 (as 1.1): roles.years, event "former"
READABLE_MAJORS = ("1", "2")  # 1.x: articles files with the source column stored twice
SCHEMA_VERSION_KEY = b"aznews.schema_version"

TS = pa.timestamp("us", tz="UTC")  # stored in UTC; the source offset is kept in *_local columns

ARTICLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),  # article_id(canonical_url)
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),  # registry name, e.g. "bayraqdar"
        pa.field("language", pa.string()),  # az, ru, en, tr, or "und"
        pa.field("title", pa.string()),
        pa.field("author", pa.string()),
        pa.field("published_at", TS),
        pa.field("published_at_local", pa.string()),  # ISO 8601 with the site's offset, as published
        pa.field("modified_at", TS),
        pa.field("fetched_at", TS, nullable=False),
        pa.field("body", pa.string()),
        pa.field("categories", pa.list_(pa.string())),
        pa.field("tags", pa.list_(pa.string())),
        pa.field("word_count", pa.int32()),
        pa.field("content_hash", pa.string()),  # sha256 of title + body
        pa.field("extraction_method", pa.string()),  # wp-json, json-ld, selectors, trafilatura
        pa.field("nlp_status", pa.string()),  # analyzed, skipped-language, empty, error
        pa.field("crawl_id", pa.string()),
        pa.field("version", pa.int64()),  # random id of this stored copy (63-bit), set by Dataset.write
        pa.field("written_at", TS),  # when this copy was written; the latest copy wins
    ]
)

MENTIONS = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("sentence", pa.int32()),  # sentence index in the body, from 0
        pa.field("start", pa.int32()),  # character offsets into articles.body
        pa.field("end", pa.int32()),
        pa.field("text", pa.string()),  # surface text as it appears
        pa.field("label", pa.string()),  # PERSON, ORGANIZATION, TITLE, LOCATION, DATE
        pa.field("canonical", pa.string()),  # nominative dictionary form, resolved in the article
        pa.field("entity_id", pa.string()),  # entity_id(label, canonical)
        pa.field("method", pa.string()),  # model, rule
        pa.field("score", pa.float32()),
        pa.field("published_at", TS),  # denormalized from articles: mentions per month need no join
        pa.field("version", pa.int64()),  # the articles.version these rows belong to
    ]
)

ROLES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("person", pa.string()),
        pa.field("title", pa.string()),
        pa.field("organization", pa.string()),  # empty string when the text names none
        pa.field("parent_organization", pa.string()),  # what the organization belongs to ("" if unknown)
        pa.field("event", pa.string()),  # holds, appointed, dismissed, former
        pa.field("sentence", pa.int32()),
        pa.field("published_at", TS),  # denormalized from articles for time queries
        pa.field("version", pa.int64()),  # the articles.version these rows belong to
        pa.field("years", pa.string()),  # "2015-2019" or "2018" when the text gives them, else ""
    ]
)

DATES = pa.schema(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("sentence", pa.int32()),
        pa.field("start", pa.int32()),
        pa.field("end", pa.int32()),
        pa.field("text", pa.string()),
        pa.field("value", pa.string()),  # YYYY-MM-DD, YYYY-MM or YYYY
        pa.field("precision", pa.string()),  # day, month, year
        pa.field("end_value", pa.string()),  # second end of a range ("10-11 iyul"), else null
        pa.field("version", pa.int64()),  # the articles.version these rows belong to
    ]
)

# Columns the writer fills in; record builders leave them out.
WRITER_COLUMNS = ("version", "written_at")

# Partition columns are added by the writer; they are not part of the row schemas above.
PARTITION_COLUMNS = ("source", "year", "month")

TABLES: dict[str, pa.Schema] = {
    "articles": ARTICLES,
    "mentions": MENTIONS,
    "roles": ROLES,
    "dates": DATES,
}


def stored(name: str) -> pa.Schema:
    """The schema of a table's stored files: its row schema without the partition columns."""
    sch = TABLES[name]
    for col in PARTITION_COLUMNS:
        i = sch.get_field_index(col)
        if i >= 0:
            sch = sch.remove(i)
    return sch


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def article_id(canonical_url: str) -> str:
    """Stable id of an article: the first 16 hex digits of sha256(canonical URL)."""
    return _short_hash(canonical_url)


def entity_id(label: str, canonical: str) -> str:
    """Stable id of an entity across articles: hash of label and canonical form."""
    return _short_hash(f"{label}\x1f{canonical}")


def content_hash(title: str | None, body: str | None) -> str:
    return hashlib.sha256(f"{title or ''}\x1f{body or ''}".encode("utf-8")).hexdigest()
