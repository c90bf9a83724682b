"""Bounded NLP work per text: the cap every NLP driver (the crawl's item pipeline,
`aznews nlp`, `aznews extract`) puts between a text and the analyzer.

A news article is a few thousand characters; a crawled body can be up to DOWNLOAD_MAXSIZE
and `aznews extract` reads whatever it is given. The analyzer's time grows faster than
the text (a 100,000-character text took a minute, a 50 MB line never finished), so:

* at most `max_chars()` characters of a text are analysed (AZNEWS_NLP_MAX_CHARS, default
  100,000, about 15,000 words); the rest is not, and the article's `nlp_status` is
  "truncated" (`aznews extract` adds "truncated": true and "analysed_chars");
* a text longer than `chunk_chars()` (AZNEWS_NLP_CHUNK_CHARS, default 10,000) is
  analysed in pieces of at most that size, cut at a paragraph break, else a sentence
  end, else a space, and the pieces' results are put back together with their offsets
  and sentence numbers shifted, so time and memory grow linearly and stay bounded.
  Canonical forms and coreference are then resolved within a piece, not across pieces.

Only the NLP contract (`aznews.nlp.types`) is used: the analyzer itself is unchanged.
"""
from __future__ import annotations

import os
import re
from collections import Counter, deque
from dataclasses import replace

MAX_CHARS = 100_000
CHUNK_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?…][\"”»)]*\s+")


def env_int(name: str, default: int) -> int:
    """A whole number >= 1 from the environment (`default` when unset); ValueError with one line otherwise."""
    value = os.environ.get(name)
    if not value:
        return default
    try:
        n = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if n < 1:
        raise ValueError(f"{name} must be at least 1, not {n}")
    return n


def max_chars() -> int:
    return env_int("AZNEWS_NLP_MAX_CHARS", MAX_CHARS)


def chunk_chars() -> int:
    return env_int("AZNEWS_NLP_CHUNK_CHARS", CHUNK_CHARS)


def _cut(text: str, limit: int) -> int:
    """Where to end a piece of `text` of at most `limit` characters: after the last
    paragraph break, sentence end or space in its second half, else at `limit`."""
    if len(text) <= limit:
        return len(text)
    lo = limit // 2
    window = text[lo:limit + 1]
    i = window.rfind("\n\n")
    if i >= 0:
        return lo + i + 2
    ends = list(_SENTENCE_END.finditer(window))
    if ends and lo + ends[-1].end() <= limit:
        return lo + ends[-1].end()
    i = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
    if i >= 0:
        return lo + i + 1
    return limit


def analysed_part(text: str) -> str:
    """The part of `text` that is analysed: all of it, or its first max_chars() characters
    (cut at a boundary)."""
    text = text or ""
    return text[:_cut(text, max_chars())]


def truncated(text: str | None) -> bool:
    """True when only a part of `text` is analysed."""
    return len(text or "") > max_chars()


def pieces(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of the analysed part, each at most chunk_chars() long."""
    text = analysed_part(text)
    size = chunk_chars()
    out, pos = [], 0
    while True:
        end = pos + _cut(text[pos:], size)
        out.append((pos, text[pos:end]))
        if end >= len(text):
            return out
        pos = end


def merge(parts: list) -> object:
    """One Analysis from [(offset, Analysis of the piece at offset)]."""
    first = parts[0][1]
    if len(parts) == 1 and parts[0][0] == 0:
        return first
    mentions, roles, dates, sentences = [], [], [], []
    weight: Counter = Counter()
    shift = 0
    for off, a in parts:
        weight[a.language] += sum(e - s for s, e in a.sentences) or 1
        mentions += [replace(m, start=m.start + off, end=m.end + off, sentence=m.sentence + shift) for m in a.mentions]
        dates += [replace(d, start=d.start + off, end=d.end + off, sentence=d.sentence + shift) for d in a.dates]
        roles += [replace(r, sentence=r.sentence + shift) for r in a.roles]
        sentences += [(s + off, e + off) for s, e in a.sentences]
        used = [x.sentence for x in (*a.mentions, *a.dates, *a.roles)]
        shift += max(len(a.sentences), max(used, default=-1) + 1)
    return replace(first, language=weight.most_common(1)[0][0], skipped=all(a.skipped for _, a in parts),
                   mentions=mentions, roles=roles, dates=dates, sentences=sentences)


def analyze_many(analyzer, items, **kwargs):
    """analyzer.analyze_many over (text, published) pairs with the bounds above; yields one
    Analysis per item, in order. Pieces of all items go through one analyze_many call, so
    the analyzer still batches across texts."""
    plan: deque = deque()

    def feed():
        for item in items:
            text, published = (item, None) if isinstance(item, str) else item
            parts = pieces(text or "")
            plan.append([off for off, _ in parts])
            for _, piece in parts:
                yield piece, published

    results = iter(analyzer.analyze_many(feed(), **kwargs))
    for first in results:
        offsets = plan.popleft()
        parts = [(offsets[0], first)] + [(off, next(results)) for off in offsets[1:]]
        yield merge(parts)


def analyze(analyzer, text: str, published=None):
    """One text through analyze_many (bounded; its pieces share batches)."""
    return next(analyze_many(analyzer, [(text, published)]))


def check_settings() -> None:
    """The environment's caps as a UserError (one line) when they are not numbers."""
    from aznews.pipelines.errors import UserError

    try:
        max_chars()
        chunk_chars()
    except ValueError as exc:
        raise UserError(str(exc)) from None
