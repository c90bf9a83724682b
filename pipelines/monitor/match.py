"""Find watched entities in the dataset, in DuckDB.

    con = aznews.pipelines.dataset.query.connect(dataset, watchlist=wl)
    n = find(con, wl, since=date(2024, 1, 1))   # fills TEMP TABLE watch_hits
    rows = hits(con)                             # dicts with snippet and people

How matching works
------------------
* Organizations and people are matched by entity id: the identity stage
  (pipelines/identity/) gives every mention the id of the entity it names across
  articles, and a watched body or person has the watchlist's id. So inflected forms
  ("Nazirliyinin"), a later bare "Nazirlik" that refers back, abbreviations, a name typed
  without Azerbaijani letters, and for people initialled ("B.Hacızadə") and surname-first
  forms all count for the entity — exactly what `aznews query`, `stats` and `report` count.
  The connection must be made with the same watchlist (connect(..., watchlist=wl)).
* A renamed body is ONE entity: its former names are names of the same entity, so
  "Təhsil Nazirliyi" (2021) and "Elm və Təhsil Nazirliyi" (2025) count together;
  each hit records which name was used (`how` = name/alias/abbreviation/former, or
  variant for a form the identity stage resolved, and `until` = the rename date for a
  former name).
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
from aznews.pipelines.identity.lookup import sentence_span as _sentence_span

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
    """TEMP TABLE watch_entities: the watched organizations and people (id, name, type, kind, label).

    Raises ValueError when `con` was connected with another watchlist than `wl`: the ids
    in its views would not be the ones `wl` watches."""
    from aznews.pipelines.identity.store import watchlist_signature

    got = con.execute("SELECT signature FROM _identity_watchlist").fetchall()
    if got and got[0][0] != watchlist_signature(wl):
        raise ValueError("the connection's identity tables were made with another watchlist: connect(..., watchlist=wl)")
    rows = [(e.id, e.name, e.type, e.kind, e.label) for e in wl.entities.values()]
    con.execute("CREATE OR REPLACE TEMP TABLE watch_entities (entity_id VARCHAR, entity VARCHAR, entity_type VARCHAR, "
                "kind VARCHAR, label VARCHAR)")
    if rows:
        con.executemany("INSERT INTO watch_entities VALUES (?, ?, ?, ?, ?)", rows)


def find(con, wl, since=None) -> int:
    """Fill TEMP TABLE watch_hits with every hit (published on or after `since`); returns the count."""
    prepare(con, wl)
    con.execute(f"CREATE OR REPLACE TEMP TABLE watch_hits ({HIT_COLUMNS})")
    # entity mentions: the mentions whose identity is a watched entity, with the name they used
    con.execute(
        f"""INSERT INTO watch_hits
        SELECT NULL, w.entity_id, w.entity, w.entity_type, w.kind, coalesce(n.how, 'variant'),
               coalesce(n.alias, m.canonical), n.until,
               m.article_id, m.sentence, m.start, m."end", m.text, m.canonical, m.label,
               coalesce(a.published_at, a.fetched_at), a.title, a.url, a.source, a.content_hash, NULL, NULL
        FROM mentions m JOIN watch_entities w ON w.entity_id = m.entity_id AND w.label = m.label
        LEFT JOIN _identity_names n ON n.label = m.label AND n.canonical = m.canonical AND n.entity_id = m.entity_id
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
    SELECT DISTINCT h.hit_id, h.article_id, m.sentence, coalesce(m.canonical, m.text) AS person, m.entity_id AS person_id
    FROM watch_hits h JOIN mentions m ON m.article_id = h.article_id AND m.label = 'PERSON'
     AND ((h.sentence IS NOT NULL AND m.sentence = h.sentence)
          OR (h.ctx_start IS NOT NULL AND m.start >= h.ctx_start AND m."end" <= h.ctx_end))
    WHERE {where}
), pr AS (
    SELECT p.hit_id, p.person, p.person_id, r.title, nullif(r.organization, '') AS organization,
           abs(r.sentence - coalesce(p.sentence, r.sentence)) AS dist,
           min(abs(r.sentence - coalesce(p.sentence, r.sentence))) OVER (PARTITION BY p.hit_id, p.person) AS best
    FROM p LEFT JOIN roles r ON r.article_id = p.article_id AND r.person = p.person
), t AS (  -- the titles of the person's nearest roles in the article (same sentence first)
    SELECT hit_id, person, person_id, string_agg(DISTINCT title, ', ' ORDER BY title) AS title,
           string_agg(DISTINCT organization, ', ' ORDER BY organization) AS organization
    FROM pr WHERE dist IS NOT DISTINCT FROM best
    GROUP BY hit_id, person, person_id
)
SELECT hit_id, list(struct_pack(person := person, person_id := person_id, title := title, organization := organization)
                    ORDER BY person)
FROM t GROUP BY hit_id
"""


def hits(con, where: str = "TRUE", order: str = "published, article_id, start", limit: int | None = None,
         window: int = 110) -> list[dict]:
    """The rows of watch_hits (filtered by a SQL condition on its columns) as dicts with
    `snippet_left`, `snippet_hit`, `snippet_right` (the text around the hit, cut at
    sentence ends) and `people` ([{person, person_id, title, organization}] of the same sentence)."""
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
