"""Incremental crawl state: which canonical URLs were seen, with their last-modified
time and a content hash, plus per-source high-water marks (sqlite, one file).

A second crawl asks `should_fetch(url, lastmod)` before requesting a page and
`is_unchanged(url, hash)` before yielding an item, so only new or changed
articles come out. Written from the Scrapy reactor thread only.

An article is recorded as seen only once its rows are durable: the dataset pipeline
reports each committed batch (NewsSpider.items_committed), and only then are its
articles recorded and the state committed. `record()` never commits by itself, so
after a kill -9 the state never claims more than the dataset holds, whatever the
batch sizes; an article written but not yet recorded is fetched again and the
writer skips it as unchanged.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    url TEXT PRIMARY KEY, source TEXT, lastmod TEXT, hash TEXT, fetched_at TEXT
);
CREATE TABLE IF NOT EXISTS marks (source TEXT, key TEXT, value TEXT, PRIMARY KEY (source, key));
"""


def content_hash(*parts) -> str:
    h = hashlib.sha1()
    for p in parts:
        h.update((p or "").encode("utf-8", "replace"))
        h.update(b"\x00")
    return h.hexdigest()


def _ts(value: str | None):
    if not value:
        return None
    from datetime import datetime, timezone

    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


class StateStore:
    def __init__(self, directory: str | Path):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / "crawl_state.sqlite"
        self.db = sqlite3.connect(str(self.path), timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def get(self, url: str):
        row = self.db.execute("SELECT lastmod, hash FROM seen WHERE url = ?", (url,)).fetchone()
        return row  # (lastmod, hash) or None

    def should_fetch(self, url: str, lastmod: str | None = None) -> bool:
        """False when `url` was seen and the listing/sitemap/feed gives no newer lastmod."""
        row = self.get(url)
        if row is None:
            return True
        if lastmod is None:
            return False
        old, new = _ts(row[0]), _ts(lastmod)
        if old is None or new is None:
            return new is not None and old is None
        return new > old

    def is_unchanged(self, url: str, digest: str) -> bool:
        row = self.get(url)
        return row is not None and row[1] == digest

    def record(self, url: str, source: str, lastmod: str | None, digest: str, fetched_at: str):
        self.db.execute(
            "INSERT INTO seen (url, source, lastmod, hash, fetched_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(url) DO UPDATE SET lastmod=excluded.lastmod, hash=excluded.hash, "
            "fetched_at=excluded.fetched_at, source=excluded.source",
            (url, source, lastmod, digest, fetched_at),
        )

    def get_mark(self, source: str, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM marks WHERE source = ? AND key = ?", (source, key)).fetchone()
        return row[0] if row else None

    def set_mark(self, source: str, key: str, value: str):
        self.db.execute(
            "INSERT INTO marks (source, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT(source, key) DO UPDATE SET value=excluded.value",
            (source, key, value),
        )

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM seen").fetchone()[0]

    def commit(self):
        self.db.commit()

    def close(self):
        self.commit()
        self.db.close()
