"""Find watched entities in the dataset, in DuckDB.

    con = aznews.pipelines.dataset.query.connect(dataset)
    n = find(con, watchlist, since=date(2024, 1, 1))   # fills TEMP TABLE watch_hits
    rows = hits(con)                                    # dicts with snippet and people

How matching works
------------------
* Organizations and people are matched on `mentions.canonical` (the nominative form,
  coreference already resolved in the article), so inflected forms ("Nazirliyinin",
  "Nazirlikdən") and a later bare "Nazirlik" count for the ministry they refer to.
  The watchlist becomes a TEMP TABLE `watch_aliases` (one row per entity name, alias,
  abbreviation and former name) joined with the mentions view on a normalized key:
  the macro `az_key` (Azerbaijani lower case — İ→i, I→ı — no quotes, single spaces, no
  leading "Azərbaycan Respublikası(nın)"), the SQL twin of `watchlist.alias_key`.
  Organizations match ORGANIZATION mentions, people PERSON mentions.
* A renamed body is ONE entity: its former names are rows of the same entity, so
  "Təhsil Nazirliyi" (2021) and "Elm və Təhsil Nazirliyi" (2025) count together;
  each hit records which name was used (`how` = name/alias/abbreviation/former and
  `until` = the rename date for a former name).
* Patterns (regex or plain phrases) run over `articles.body` with the `regex` package
  (Python `re` syntax) and a time limit per article (PATTERN_TIMEOUT_S); phrases are
  whole-word and case-insensitive by Azerbaijani rules (matched on az_lower(body), which
  keeps offsets).
* Every hit gets its context: the people (PERSON mentions) of the same sentence with the
  title and organization of their nearest role in the article (roles view).

TEMP TABLE watch_hits: hit_id, entity_id, entity, entity_type, kind, how, alias, until,
article_id, sentence, start, end, text, canonical, label, published (published_at or
fetched_at), title, url, source, content_hash, ctx_start, ctx_end (pattern hits: the
sentence span used for people).
"""
from __future__ import annotations

import datetime as _dt
import re

from aznews.nlp.text import az_lower

AZ_KEY_SQL = (
    "CREATE OR REPLACE TEMP MACRO az_key(s) AS regexp_replace(trim(regexp_replace(regexp_replace("
    "lower(replace(replace(replace(s, chr(160), ' '), 'İ', 'i'), 'I', 'ı')), "
    "'[\"“”«»„‘’'']', '', 'g'), '\\s+', ' ', 'g')), "
    "'^(azərbaycan respublikasının|azərbaycan respublikası) ', '')"
)

HIT_COLUMNS = (
    "hit_id BIGINT, entity_id VARCHAR, entity VARCHAR, entity_type VARCHAR, kind VARCHAR, how VARCHAR, "
    "alias VARCHAR, until VARCHAR, article_id VARCHAR, sentence INTEGER, start INTEGER, \"end\" INTEGER, "
    "text VARCHAR, canonical VARCHAR, label VARCHAR, published TIMESTAMPTZ, title VARCHAR, url VARCHAR, "
    "source VARCHAR, content_hash VARCHAR, ctx_start INTEGER, ctx_end INTEGER"
)

_SENT_END = re.compile(r"(?<=[.!?…])[\"”»)]*\s+|\n\s*\n")


def _since_sql(since) -> str:
    if since is None:
        return "TRUE"
    if isinstance(since, _dt.datetime):
        since = since.date()
    return f"coalesce(a.published_at, a.fetched_at) >= TIMESTAMPTZ '{since.isoformat()} 00:00:00+00'"


def prepare(con, wl) -> None:
    """Create the az_key macro and TEMP TABLE watch_aliases from the watchlist."""
    import pyarrow as pa

    con.execute(AZ_KEY_SQL)
    cols = ("entity_id", "entity", "entity_type", "kind", "label", "alias", "how", "until", "key")
    rows = wl.alias_rows()
    table = pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in cols})
    con.register("_watch_alias_src", table)
    con.execute("CREATE OR REPLACE TEMP TABLE watch_aliases AS "
                "SELECT *, az_key(alias) AS sql_key FROM _watch_alias_src")
    con.unregister("_watch_alias_src")


def find(con, wl, since=None) -> int:
    """Fill TEMP TABLE watch_hits with every hit (published on or after `since`); returns the count."""
    prepare(con, wl)
    con.execute(f"CREATE OR REPLACE TEMP TABLE watch_hits ({HIT_COLUMNS})")
    # entity mentions: one join of the mentions view with the alias table
    con.execute(
        f"""INSERT INTO watch_hits
        WITH m AS (
            SELECT m.*, az_key(coalesce(m.canonical, m.text)) AS k FROM mentions m
            WHERE m.label IN ('ORGANIZATION', 'PERSON')
        )
        SELECT NULL, w.entity_id, w.entity, w.entity_type, w.kind, w.how, w.alias, w.until,
               m.article_id, m.sentence, m.start, m."end", m.text, m.canonical, m.label,
               coalesce(a.published_at, a.fetched_at), a.title, a.url, a.source, a.content_hash, NULL, NULL
        FROM m JOIN watch_aliases w ON m.k = w.sql_key AND m.label = w.label
        JOIN articles a ON a.article_id = m.article_id
        WHERE {_since_sql(since)}"""
    )
    if wl.patterns:
        _find_patterns(con, wl, since)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE watch_hits AS SELECT * REPLACE "
        "(row_number() OVER (ORDER BY published, article_id, start, entity_id) AS hit_id) FROM watch_hits"
    )
    return con.execute("SELECT count(*) FROM watch_hits").fetchall()[0][0]


def _sentence_span(body: str, start: int, end: int) -> tuple[int, int]:
    lo, hi = 0, len(body)
    for mt in _SENT_END.finditer(body):
        if mt.end() <= start:
            lo = mt.end()
        elif mt.start() >= end:
            hi = mt.start()
            break
    return lo, hi


# the longest a watchlist pattern may take on one article (the `regex` package's timeout)
PATTERN_TIMEOUT_S = 2.0


def _find_patterns(con, wl, since) -> None:
    import pyarrow as pa

    from aznews.pipelines.monitor.watchlist import WatchlistError

    pats = [(p, p.compiled()) for p in wl.patterns.values()]
    rows = []
    res = con.execute(
        "SELECT a.article_id, a.body, coalesce(a.published_at, a.fetched_at), a.title, a.url, a.source, a.content_hash "
        f"FROM articles a WHERE a.body IS NOT NULL AND {_since_sql(since)}"
    )
    while True:
        batch = res.fetchmany(500)
        if not batch:
            break
        for aid, body, published, title, url, source, chash in batch:
            folded = None
            for p, rx in pats:
                if p.regex is None:
                    folded = folded if folded is not None else az_lower(body)
                    text_for = folded
                else:
                    text_for = body
                try:
                    found = list(rx.finditer(text_for, timeout=PATTERN_TIMEOUT_S))
                except TimeoutError:
                    raise WatchlistError(
                        f"{p.origin}: pattern {p.id!r} took more than {PATTERN_TIMEOUT_S:g} s on article {aid} "
                        "(nested quantifiers such as (a+)+ backtrack without end): simplify the regex") from None
                for mt in found:
                    if mt.end() <= mt.start():
                        continue
                    lo, hi = _sentence_span(body, mt.start(), mt.end())
                    rows.append({"entity_id": p.id, "entity": p.name, "entity_type": "pattern", "kind": "pattern",
                                 "how": "regex" if p.regex is not None else "phrase",
                                 "alias": p.regex if p.regex is not None else mt.group(0),
                                 "article_id": aid, "start": mt.start(), "end": mt.end(),
                                 "text": body[mt.start():mt.end()], "published": published, "title": title,
                                 "url": url, "source": source, "content_hash": chash, "ctx_start": lo, "ctx_end": hi})
    if not rows:
        return
    sch = pa.schema([("entity_id", pa.string()), ("entity", pa.string()), ("entity_type", pa.string()),
                     ("kind", pa.string()), ("how", pa.string()), ("alias", pa.string()), ("article_id", pa.string()),
                     ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
                     ("published", pa.timestamp("us", tz="UTC")), ("title", pa.string()), ("url", pa.string()),
                     ("source", pa.string()), ("content_hash", pa.string()), ("ctx_start", pa.int32()),
                     ("ctx_end", pa.int32())])
    con.register("_watch_pattern_src", pa.Table.from_pylist(rows, schema=sch))
    con.execute(
        'INSERT INTO watch_hits SELECT NULL, entity_id, entity, entity_type, kind, how, alias, NULL, article_id, '
        'NULL, start, "end", text, NULL, NULL, published, title, url, source, content_hash, ctx_start, ctx_end '
        "FROM _watch_pattern_src"
    )
    con.unregister("_watch_pattern_src")


PEOPLE_SQL = """
WITH p AS (
    SELECT DISTINCT h.hit_id, h.article_id, m.sentence, coalesce(m.canonical, m.text) AS person
    FROM watch_hits h JOIN mentions m ON m.article_id = h.article_id AND m.label = 'PERSON'
     AND ((h.sentence IS NOT NULL AND m.sentence = h.sentence)
          OR (h.ctx_start IS NOT NULL AND m.start >= h.ctx_start AND m."end" <= h.ctx_end))
    WHERE {where}
), pr AS (
    SELECT p.hit_id, p.person, r.title, nullif(r.organization, '') AS organization,
           abs(r.sentence - coalesce(p.sentence, r.sentence)) AS dist,
           min(abs(r.sentence - coalesce(p.sentence, r.sentence))) OVER (PARTITION BY p.hit_id, p.person) AS best
    FROM p LEFT JOIN roles r ON r.article_id = p.article_id AND r.person = p.person
), t AS (  -- the titles of the person's nearest roles in the article (same sentence first)
    SELECT hit_id, person, string_agg(DISTINCT title, ', ' ORDER BY title) AS title,
           string_agg(DISTINCT organization, ', ' ORDER BY organization) AS organization
    FROM pr WHERE dist IS NOT DISTINCT FROM best
    GROUP BY hit_id, person
)
SELECT hit_id, list(struct_pack(person := person, title := title, organization := organization) ORDER BY person)
FROM t GROUP BY hit_id
"""


def hits(con, where: str = "TRUE", order: str = "published, article_id, start", limit: int | None = None,
         window: int = 110) -> list[dict]:
    """The rows of watch_hits (filtered by a SQL condition on its columns) as dicts with
    `snippet_left`, `snippet_hit`, `snippet_right` (the text around the hit, cut at
    sentence ends) and `people` ([{person, title, organization}] of the same sentence)."""
    lim = f" LIMIT {int(limit)}" if limit else ""
    res = con.execute(
        f"""SELECT h.*,
                substring(a.body, greatest(h.start - {window}, 0) + 1, h.start - greatest(h.start - {window}, 0)) AS _left,
                substring(a.body, h.start + 1, h."end" - h.start) AS _hit,
                substring(a.body, h."end" + 1, {window}) AS _right
            FROM (SELECT * FROM watch_hits WHERE {where} ORDER BY {order}{lim}) h
            JOIN articles a USING (article_id)
            ORDER BY {order}"""
    )
    cols = [d[0] for d in res.description]
    out = [dict(zip(cols, r)) for r in res.fetchall()]
    if not out:
        return out
    people = dict(con.execute(PEOPLE_SQL.format(
        where=f"h.hit_id IN (SELECT hit_id FROM watch_hits WHERE {where} ORDER BY {order}{lim})")).fetchall())
    for r in out:
        left, right = r.pop("_left") or "", r.pop("_right") or ""
        cut = [m.end() for m in _SENT_END.finditer(left)]
        if cut:
            left = left[cut[-1]:]
        elif r["start"] > window:
            left = "…" + left.split(" ", 1)[-1]
        m = _SENT_END.search(right)
        if m:
            right = right[:m.start()]
        elif len(right) >= window:
            right = right.rsplit(" ", 1)[0] + "…"
        r["snippet_left"], r["snippet_hit"], r["snippet_right"] = left.lstrip(), r.pop("_hit"), right.rstrip()
        r["people"] = [dict(p) for p in (people.get(r["hit_id"]) or [])]
    return out


def counts(con) -> dict[str, int]:
    """entity_id -> number of hits in watch_hits."""
    return dict(con.execute("SELECT entity_id, count(*) FROM watch_hits GROUP BY entity_id").fetchall())
