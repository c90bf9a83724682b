"""Who holds which post where, and one person's posts, from Python.

    from aznews.pipelines.dataset.query import connect
    from aznews.pipelines.identity import lookup

    con = connect("data/aznews")
    lookup.who(con, "Təhsil Nazirliyi")                    # current holders, with evidence
    lookup.who(con, "ETN", at="2022-01-01", title="rektor")
    lookup.person(con, "B.Hacızadə")                      # {"person", "posts", "mentions", ...}

ORG and NAME may be written as in a text: inflected ("Təhsil Nazirliyinin",
"Billurə Hacızadənin"), initialled ("B.Hacızadə"), surname first, an alias, abbreviation or
former name of a watched body ("ETN", "Təhsil Nazirliyi"), or an entity id. A name that
fits several entities raises AmbiguousName (a UserError) naming them; one that fits none
raises NotFound.
"""
from __future__ import annotations

import datetime as _dt
import re

from aznews.pipelines.errors import UserError
from aznews.pipelines.identity.entities import DATE_SQL
from aznews.pipelines.identity.names import fold, parse_person, slug, title_key

WHO_FIELDS = ("person", "title", "organization", "first_seen", "last_seen", "event", "articles")
EVIDENCE = 6  # evidence items per post in who/person output: first, last, appointments and dismissals

_SENT_END = re.compile(r"(?<=[.!?…])[\"”»)]*\s+|\n\s*\n")


class NotFound(UserError):
    pass


class AmbiguousName(UserError):
    pass


def sentence_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end) of body: from the previous sentence end to the next."""
    lo, hi = 0, len(body)
    for mt in _SENT_END.finditer(body):
        if mt.end() <= start:
            lo = mt.end()
        elif mt.start() >= end:
            hi = mt.start()
            break
    return lo, hi


def _rows(con, sql: str, params=()) -> list[dict]:
    res = con.execute(sql, list(params))
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]


def _watchlist(wl):
    if wl is None:
        from aznews.pipelines.monitor import watchlist

        wl = watchlist.load()
    return wl


def _canonical(text: str, label: str) -> str:
    from aznews.nlp import morph

    return morph.canonical(" ".join(text.split()), label)


# --- organizations ---------------------------------------------------------------------

def resolve_org(con, text: str, wl=None) -> tuple[str, str]:
    """(entity_id, name) of the organization ORG names; raises NotFound / AmbiguousName."""
    text = " ".join((text or "").split())
    if not text:
        raise UserError("no organization given")
    catalog = {r["entity_id"]: r["name"] for r in _rows(
        con, "SELECT entity_id, name FROM _identity_catalog WHERE label = 'ORGANIZATION'")}
    if text in catalog:
        return text, catalog[text]
    wl = _watchlist(wl)
    if text in wl.entities and wl.entities[text].type == "organization":
        return text, wl.entities[text].name
    keys = {fold(text), fold(_canonical(text, "ORGANIZATION"))}
    found: dict[str, str] = {}
    for e in wl.entities.values():
        if e.type == "organization" and any(fold(n) in keys for n, _h, _u in e.names()):
            found[e.id] = e.name
    if not found:
        for r in _rows(con, "SELECT canonical, entity_id FROM _identity_names WHERE label = 'ORGANIZATION'"):
            if fold(r["canonical"]) in keys:
                found[r["entity_id"]] = catalog.get(r["entity_id"], r["canonical"])
    if not found:
        raise NotFound(f"no organization called {text!r} in the dataset or the watchlist")
    if len(found) > 1:
        raise AmbiguousName(f"{text!r} names several organizations: "
                            + ", ".join(f"{n} ({i})" for i, n in sorted(found.items())) + "; give the id")
    return next(iter(found.items()))


# --- people ---------------------------------------------------------------------------

def resolve_person(con, text: str, wl=None) -> tuple[str, str]:
    """(entity_id, name) of the person NAME names; raises NotFound / AmbiguousName."""
    text = " ".join((text or "").split())
    if not text:
        raise UserError("no name given")
    catalog = {r["entity_id"]: r["name"] for r in _rows(
        con, "SELECT entity_id, name FROM _identity_catalog WHERE label = 'PERSON'")}
    if text in catalog:
        return text, catalog[text]
    queries = [p for p in {parse_person(text), parse_person(_canonical(text, "PERSON"))} if p is not None]
    if not queries:
        raise NotFound(f"no person called {text!r} in the dataset")
    forms = _rows(con, "SELECT canonical, entity_id FROM _identity_names WHERE label = 'PERSON' AND entity_id IS NOT NULL "
                       "UNION SELECT canonical, entity_id FROM _identity_person_articles")
    wl = _watchlist(wl)
    for e in wl.entities.values():
        if e.type == "person" and e.id in catalog:
            forms += [{"canonical": n, "entity_id": e.id} for n, _h, _u in e.names()]

    def fits(q, name) -> bool:
        if q.full:
            return name.full and name.key == q.key
        if q.initials:
            return name.initial_key == q.initial_key
        # one word: a surname (or the only name) of the person
        return slug(name.surname) == slug(q.surname) or (bool(name.given) and slug(name.given) == slug(q.surname))

    found = {}
    for q in queries:
        for f in forms:
            name = parse_person(f["canonical"])
            if name is not None and fits(q, name):
                found[f["entity_id"]] = catalog.get(f["entity_id"], f["canonical"])
        if found:
            break
    if not found:
        raise NotFound(f"no person called {text!r} in the dataset")
    if len(found) > 1:
        raise AmbiguousName(f"{text!r} fits several people: "
                            + ", ".join(f"{n} ({i})" for i, n in sorted(found.items())) + "; give the id")
    return next(iter(found.items()))


# --- evidence -------------------------------------------------------------------------------

def _iso(v):
    return v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else v


def _pick(events: list[dict], limit: int = EVIDENCE) -> list[dict]:
    """The evidence shown for a post: first, last, then appointments and dismissals, in date order."""
    if len(events) <= limit:
        return list(events)
    keep = {0, len(events) - 1}
    for i, e in enumerate(events):
        if len(keep) >= limit:
            break
        if e["event"] in ("appointed", "dismissed"):
            keep.add(i)
    return [events[i] for i in sorted(keep)]


def sentences(con, pairs) -> dict[tuple[str, int], dict]:
    """(article_id, sentence) -> {"sentence": text, "url", "title", "published"} for the given pairs."""
    pairs = sorted({(a, int(s)) for a, s in pairs if a is not None and s is not None})
    if not pairs:
        return {}
    values = ", ".join("(?, ?)" for _ in pairs)
    rows = _rows(con, f"""
        WITH p(article_id, sentence) AS (VALUES {values})
        SELECT m.article_id, m.sentence, min(m.start) AS lo, max(m."end") AS hi
        FROM _stored_mentions m JOIN p ON p.article_id = m.article_id AND p.sentence = m.sentence
        GROUP BY ALL""", [x for pr in pairs for x in pr])
    spans = {(r["article_id"], r["sentence"]): (r["lo"], r["hi"]) for r in rows}
    aids = sorted({a for a, _s in pairs})
    arts = {r["article_id"]: r for r in _rows(
        con, f"SELECT article_id, body, url, title, published_at FROM articles WHERE article_id IN ({', '.join('?' for _ in aids)})",
        aids)}
    out = {}
    for a, s in pairs:
        art = arts.get(a)
        if art is None:
            continue
        text = None
        if (a, s) in spans and art["body"]:
            lo, hi = sentence_span(art["body"], *spans[(a, s)])
            text = " ".join(art["body"][lo:hi].split())
        out[(a, s)] = {"sentence": text, "url": art["url"], "title": art["title"], "published": _iso(art["published_at"])}
    return out


def _with_evidence(con, posts: list[dict], limit: int = EVIDENCE) -> None:
    picked = {id(p): _pick(p["events"] or [], limit) for p in posts}
    texts = sentences(con, [(e["article_id"], e["sentence"]) for es in picked.values() for e in es])
    for p in posts:
        p["evidence"] = [{"article_id": e["article_id"], "date": _iso(e["date"]), "event": e["event"], "years": e.get("years"),
                          **texts.get((e["article_id"], e["sentence"]), {"url": None, "title": None, "sentence": None}),
                          } for e in picked[id(p)]]
        for ev in p["evidence"]:
            ev.pop("published", None)


def _plain_post(p: dict) -> dict:
    out = {k: _iso(v) for k, v in p.items() if k != "events"}
    out["events"] = [{"event": e["event"], "date": _iso(e["date"]), "article_id": e["article_id"],
                      "sentence": e["sentence"], "years": e.get("years")} for e in (p.get("events") or [])]
    return out


# --- who / person -----------------------------------------------------------------------------

def _date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UserError(f"bad date {value!r}: expected YYYY-MM-DD") from None


def who(con, org: str, at=None, title: str | None = None, include_past: bool = False, wl=None,
        evidence: int = EVIDENCE) -> list[dict]:
    """The posts at ORG (the body itself and its units): held at `at` (a date), or now (open
    tenures), or every tenure with include_past; `title` keeps one post ("rektor", "rektoru")."""
    org_id, _name = resolve_org(con, org, wl)
    at = _date(at)
    cond, params = ["(organization_id = ? OR parent_organization_id = ?)"], [org_id, org_id]
    if at is not None:
        cond.append("since IS NOT NULL AND since <= ? AND (until IS NULL OR until > ?)")
        params += [at, at]
    elif not include_past:
        cond.append("current")
    if title:
        keys = {title_key(title), title_key(_canonical(title, "TITLE"))}
        cond.append(f"title_key IN ({', '.join('?' for _ in keys)})")
        params += sorted(keys)
    posts = _rows(con, f"""
        SELECT * FROM _identity_posts WHERE {' AND '.join(cond)}
        ORDER BY organization_id = ? DESC, single_holder DESC, organization, title_key, since NULLS LAST, person_id""",
                  params + [org_id])
    _with_evidence(con, posts, evidence)
    out = []
    for p in posts:
        row = {k: _iso(p[k]) for k in WHO_FIELDS}
        row.update({"person_id": p["person_id"], "organization_id": p["organization_id"],
                    "parent_organization": p["parent_organization"] or None,
                    "parent_organization_id": p["parent_organization_id"], "since": _iso(p["since"]),
                    "until": _iso(p["until"]), "ended_by": p["ended_by"], "ended_by_person": p["ended_by_person"],
                    "evidence": p["evidence"]})
        out.append(row)
    return out


def person(con, name: str, wl=None, evidence: int = EVIDENCE) -> dict:
    """One person: {"person", "person_id", "names", "mentions", "articles", "first_seen",
    "last_seen", "posts": [{"title", "organization", "first_seen", "last_seen", "events",
    "articles", ...}]} — posts in the order they began."""
    pid, display = resolve_person(con, name, wl)
    stats = _rows(con, """
        SELECT count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
               min({DATE_SQL}) AS first_seen, max({DATE_SQL}) AS last_seen,
               list(DISTINCT m.canonical ORDER BY m.canonical) AS names
        FROM mentions m JOIN articles a ON a.article_id = m.article_id WHERE m.entity_id = ?""".format(DATE_SQL=DATE_SQL),
                  [pid])[0]
    posts = _rows(con, "SELECT * FROM _identity_posts WHERE person_id = ? "
                       "ORDER BY coalesce(since, first_seen), first_seen, title_key, organization", [pid])
    _with_evidence(con, posts, evidence)
    keys = ("title", "organization", "organization_id", "parent_organization", "parent_organization_id",
            "first_seen", "last_seen", "since", "until", "ended_by", "ended_by_person", "event", "current",
            "events", "articles", "evidence")
    plain = []
    for p in posts:
        q = _plain_post(p)
        q["parent_organization"] = q["parent_organization"] or None
        plain.append({k: q[k] for k in keys})
    return {"person": display, "person_id": pid, "names": stats["names"] or [], "mentions": stats["mentions"],
            "articles": stats["articles"], "first_seen": _iso(stats["first_seen"]),
            "last_seen": _iso(stats["last_seen"]), "posts": plain}
