"""What `aznews watch` has already reported, per watchlist.

The state of a watchlist lives in `<dataset>/_watch/<watchlist identity>.json` (or in
`--state-dir`); the identity is a hash of which files make up the watchlist
(`Watchlist.identity()`), so editing a file keeps its state. Readers of the dataset skip
the `_watch` folder (names starting with "_" are not tables).

    {"format": "aznews-watch-state/1", "watchlist": [...files], "updated_at": "...",
     "seen": {"<article_id>": {"h": "<content hash, 16 hex>", "e": ["<entity id>", ...]}}}

A hit is new unless its article is in `seen` with the same content hash and the entity
is listed there. So a rewritten (changed) article is reported again, compaction (which
keeps the content) is not, and an entity added to the watchlist later reports its
matches in old articles once. The file is written atomically (temp file, then rename).
"""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone

from aznews.pipelines.errors import UserError

FORMAT = "aznews-watch-state/1"


class WatchState:
    def __init__(self, fs, path: str, files: list[str]):
        self.fs, self.path, self.files = fs, path, files
        self.seen: dict[str, dict] = {}
        self.updated_at: str | None = None

    @classmethod
    def open(cls, dataset, identity: str, files: list[str], state_dir: str | None = None) -> "WatchState":
        if state_dir:
            from aznews.pipelines.dataset.writer import url_to_fs

            fs, base = url_to_fs(str(state_dir))
            if fs.exists(base) and not fs.isdir(base):
                raise UserError(f"--state-dir {state_dir} is a file, not a folder")
        else:
            fs, base = dataset.fs, dataset.path.rstrip("/") + "/_watch"
        st = cls(fs, f"{base.rstrip('/')}/{identity}.json", files)
        if fs.exists(st.path):
            try:
                with fs.open(st.path, "r", encoding="utf-8") as fh:
                    data = json.load(fh)
            except (OSError, ValueError) as exc:
                raise UserError(f"watch state {st.path} is unreadable ({exc}); delete it to start over") from None
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise UserError(f"watch state {st.path} is not an aznews watch state; delete it to start over")
            st.seen = data.get("seen") or {}
            st.updated_at = data.get("updated_at")
        return st

    @staticmethod
    def _h(content_hash: str | None) -> str:
        return (content_hash or "")[:16]

    def is_new(self, article_id: str, content_hash: str | None, entity_id: str) -> bool:
        rec = self.seen.get(article_id)
        return not rec or rec.get("h") != self._h(content_hash) or entity_id not in rec.get("e", ())

    def add(self, article_id: str, content_hash: str | None, entity_id: str) -> None:
        h = self._h(content_hash)
        rec = self.seen.get(article_id)
        if not rec or rec.get("h") != h:
            rec = self.seen[article_id] = {"h": h, "e": []}
        if entity_id not in rec["e"]:
            rec["e"].append(entity_id)

    def save(self) -> None:
        """Write the state atomically; a failure is a UserError (the hits were reported, not remembered)."""
        try:
            self._save()
        except OSError as exc:
            raise UserError(f"cannot write the watch state {self.path}: {exc.strerror or exc}; "
                            "the mentions above will be reported again") from None

    def _save(self) -> None:
        self.updated_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        data = {"format": FORMAT, "watchlist": self.files, "updated_at": self.updated_at, "seen": self.seen}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        folder = self.path.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        from fsspec.implementations.local import LocalFileSystem

        if isinstance(self.fs, LocalFileSystem):
            fd, tmp = tempfile.mkstemp(prefix=".state-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise
        else:  # object stores: the upload of the final object is atomic
            with self.fs.open(self.path, "w", encoding="utf-8") as fh:
                fh.write(text)
