"""The identity stage: one id per person, organization, place, title and date across articles.

The NLP gives every mention a canonical form resolved *within* its article ("B.Hacızadə" ->
"Billurə Hacızadə" when the article names her in full). This stage, run over the whole
dataset, decides which canonical forms in *different* articles are one entity, and gives
each entity one id of one kind everywhere: a slug ("elm-ve-tehsil-nazirliyi",
"billure-hacizade"), the watchlist's own id for a watched body or person.

    ident = build(con, watchlist)      # con has the views articles, _stored_mentions, _stored_roles
    ident.names, ident.person_articles, ident.catalog, ident.roles

Organizations, places, titles, dates
    One entity per folded name (`names.fold`: case, quotes, "Azərbaycan Respublikası(nın)"
    and Azerbaijani letters do not count). An organization whose folded name is a name, alias,
    abbreviation or former name of a watched body is that body: "Təhsil Nazirliyi" (until the
    2022 rename) and "Elm və Təhsil Nazirliyi" are one id, `elm-ve-tehsil-nazirliyi`.

People (the rule)
    1. Names are taken apart (`names.parse_person`): "Billurə Hacızadə", "Hacızadə Billurə
       Əli qızı", "B.Hacızadə" and an inflected form the NLP already made nominative share
       the given name and surname key; the patronymic is read from the text as written.
    2. An initialled form ("B.Hacızadə") is the person whose given name starts with that
       letter and who has that surname, when there is exactly one such full name; when there
       are several, the one who holds a post at a body the initialled article also names;
       otherwise it stays an entity of its own.
    3. Namesakes: the articles with one full name are one person unless the evidence says
       otherwise. Two readings of the evidence keep namesakes apart:
       a. different patronymics ("Elvin Rauf oğlu Quliyev" and "Elvin Tofiq oğlu Quliyev");
       b. clearly different posts: the name is seen in posts at two different bodies, each
          body in at least two articles, over periods that overlap, and no article shows the
          name at both bodies (a move from one body to another is seen as periods that
          follow each other, or as an article naming both).
       Articles of such a name without a post go to the namesake whose body the article
       names, else to the one seen nearest in time.
    4. A watched person's id goes to the person (the namesake with the most articles) whose
       name is the watchlist name or one of its aliases.

Ids: watchlist ids first; then slugs of names; a slug already taken by another entity gets
"-2", "-3" for people (namesakes, numbered by first appearance) and "-<label>" for other
labels ("gence-location" if an organization were called "Gəncə").
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from aznews.pipelines.identity.names import PersonName, fold, parse_person, slug

LABEL_ORDER = ("ORGANIZATION", "PERSON", "LOCATION", "TITLE", "DATE")
POST_EVENTS = ("holds", "appointed", "dismissed")  # events that show a person in a post at a date (not "former")


@dataclass
class Identity:
    names: list[dict]  # {label, canonical, entity_id, how, alias, until}: entity_id None when it depends on the article
    person_articles: list[dict]  # {article_id, canonical, entity_id}: people whose id depends on the article
    catalog: list[dict]  # {entity_id, label, name, kind, watched}
    roles: list[dict]  # every role with person_id, organization_id, parent_organization_id and date
    person_ids: dict = field(default_factory=dict)  # (article_id, canonical) -> id, every person
    org_ids: dict = field(default_factory=dict)  # organization canonical -> id


# --- reading the dataset ----------------------------------------------------------------

# the article's date as the site shows it (its own offset), else in UTC, else when it was fetched
DATE_SQL = ("coalesce(TRY_CAST(substr(a.published_at_local, 1, 10) AS DATE), CAST(a.published_at AS DATE), "
             "CAST(a.fetched_at AS DATE))")


def _fetch(con, sql: str):
    res = con.execute(sql)
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, row)) for row in res.fetchall()]


def _tuples(con, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def _read(con):
    dates = dict(_tuples(con, f"SELECT a.article_id, CAST({DATE_SQL} AS VARCHAR) FROM articles a"))
    labels = _fetch(con, "SELECT label, canonical, count(*) AS n FROM _stored_mentions "
                         "WHERE canonical IS NOT NULL GROUP BY label, canonical")
    # (article, name) with the surface forms only where one may carry a patronymic
    people = _tuples(con, "SELECT article_id, canonical, list(DISTINCT text) FILTER (WHERE text <> canonical), count(*) "
                          "FROM _stored_mentions WHERE label = 'PERSON' AND canonical IS NOT NULL "
                          "GROUP BY article_id, canonical")
    roles = _fetch(con, "SELECT article_id, sentence, person, title, organization, parent_organization, event, "
                        "nullif(years, '') AS years FROM _stored_roles WHERE person IS NOT NULL AND person <> ''")
    orgs = defaultdict(set)  # article -> organization canonicals named in it
    for aid, canonical in _tuples(con, "SELECT DISTINCT article_id, canonical FROM _stored_mentions "
                                       "WHERE label = 'ORGANIZATION' AND canonical IS NOT NULL"):
        orgs[aid].add(canonical)
    return dates, labels, people, roles, orgs


# --- organizations and the other labels --------------------------------------------------

def _watch_index(wl):
    """fold -> (entity, how, alias, until) for organizations; person name key -> entity for people."""
    orgs, people = {}, {}
    if wl is None:
        return orgs, people
    for e in wl.entities.values():
        for text, how, until in e.names():
            if e.type == "organization":
                orgs.setdefault(fold(text), (e, how, text, until))
            else:
                p = parse_person(text)
                if p is not None and p.full:
                    people.setdefault(p.key, (e, how, text))
    return orgs, people


class _Ids:
    """Hands out ids: watchlist ids are reserved; a slug taken by another entity gets a suffix."""

    def __init__(self, reserved):
        self.owner: dict[str, object] = {i: ("watch", i) for i in reserved}

    def claim(self, base: str, who, label: str) -> str:
        if self.owner.get(base, who) == who:
            self.owner[base] = who
            return base
        stem = base if label == "PERSON" else f"{base}-{label.lower()}"
        if label != "PERSON" and self.owner.get(stem, who) == who:
            self.owner[stem] = who
            return stem
        n = 2
        while self.owner.get(f"{stem}-{n}", who) != who:
            n += 1
        self.owner[f"{stem}-{n}"] = who
        return f"{stem}-{n}"


# --- people -------------------------------------------------------------------------------

@dataclass(slots=True)
class _Rec:
    """One person's name in one article."""
    article_id: str
    canonical: str
    name: PersonName
    date: str | None
    mentions: int
    patronymic: str = ""
    day: int | None = None  # the date as a day number  # slug of the patronymic read from the text ("" = not written)
    bodies: set = field(default_factory=set)  # organization ids of the posts this article shows
    cluster: int | None = None


def _patronymic(rec_texts, name: PersonName) -> str:
    for t in [*(rec_texts or ()), name.patronymic]:
        p = parse_person(t) if t else None
        if p is not None and p.patronymic:
            return p.patronymic_key
    return ""


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _clusters(recs: list[_Rec], article_orgs) -> int:
    """Split one name's records into namesakes (rule 3); sets rec.cluster, returns how many."""
    by_body: dict[str, list[_Rec]] = defaultdict(list)
    for r in recs:
        for b in r.bodies:
            by_body[b].append(r)
    linked: dict[str, set] = defaultdict(set)  # bodies one article shows together
    for r in recs:
        for b in r.bodies:
            linked[b] |= r.bodies
    profile = {}
    for b, rs in by_body.items():
        ds = sorted(r.date for r in rs if r.date)
        pats = {r.patronymic for r in rs if r.patronymic}
        profile[b] = (len({r.article_id for r in rs}), (ds[0], ds[-1]) if ds else None, pats)

    def conflict(b1, b2) -> bool:
        if b2 in linked[b1]:
            return False
        (n1, span1, p1), (n2, span2, p2) = profile[b1], profile[b2]
        if p1 and p2 and p1.isdisjoint(p2):
            return True
        return n1 >= 2 and n2 >= 2 and span1 is not None and span2 is not None and _overlap(span1, span2)

    clusters: list[dict] = []  # {"bodies": set, "pats": set}
    for pat in sorted({r.patronymic for r in recs if r.patronymic}):
        clusters.append({"bodies": set(), "pats": {pat}})
    order = sorted(by_body, key=lambda b: (-profile[b][0], profile[b][1] or ("9999",), b))
    body_cluster: dict[str, int] = {}
    for b in order:
        pats = profile[b][2]
        choice = None
        for k, c in enumerate(clusters):
            if pats and c["pats"] and pats.isdisjoint(c["pats"]):
                continue
            if any(conflict(b, o) for o in c["bodies"]):
                continue
            if any(o in linked[b] for o in c["bodies"]):
                choice = k
                break
            if choice is None:
                choice = k
        if choice is None:
            clusters.append({"bodies": set(), "pats": set()})
            choice = len(clusters) - 1
        clusters[choice]["bodies"].add(b)
        clusters[choice]["pats"] |= pats
        body_cluster[b] = choice
    if len(clusters) <= 1:
        for r in recs:
            r.cluster = 0
        return 1
    for r in recs:
        if r.bodies:
            votes = Counter(body_cluster[b] for b in r.bodies)
            r.cluster = min(votes, key=lambda k: (-votes[k], k))
        elif r.patronymic:
            r.cluster = next(k for k, c in enumerate(clusters) if r.patronymic in c["pats"])
    # the rest: the namesake whose body the article names, else the one seen nearest in time
    timeline = sorted((r.day, r.cluster) for r in recs if r.cluster is not None and r.day is not None)
    days = [d for d, _k in timeline]
    biggest = Counter(k for _d, k in timeline).most_common(1)[0][0] if timeline else 0
    for r in recs:
        if r.cluster is not None:
            continue
        named = {body_cluster[b] for b in article_orgs.get(r.article_id, ()) if b in body_cluster}
        if len(named) == 1:
            r.cluster = named.pop()
        elif r.day is None or not timeline:
            r.cluster = biggest
        else:
            i = bisect.bisect_left(days, r.day)
            near = [timeline[j] for j in (i - 1, i) if 0 <= j < len(timeline)]
            r.cluster = min(near, key=lambda t: (abs(t[0] - r.day), t[1]))[1]
    return len(clusters)


@lru_cache(maxsize=65536)
def _day(d: str | None) -> int | None:
    if not d:
        return None
    y, m, dd = (int(x) for x in d[:10].split("-"))
    return date(y, m, dd).toordinal()


def build(con, wl=None) -> Identity:
    """The identity of every entity in the views of `con` (articles, _stored_mentions,
    _stored_roles), with the organizations and people of the watchlist `wl` (None: none)."""
    dates, labels, people, roles, article_org_names = _read(con)
    watch_orgs, watch_people = _watch_index(wl)
    ids = _Ids(wl.entities.keys() | wl.patterns.keys() if wl is not None else ())

    # organizations, places, titles, dates: one entity per folded name
    counts: dict[tuple[str, str], int] = Counter()
    for r in labels:
        counts[(r["label"], r["canonical"])] += r["n"]
    for r in roles:
        for col in ("organization", "parent_organization"):
            if r[col]:
                counts.setdefault(("ORGANIZATION", r[col]), 0)
    names_rows: list[dict] = []
    catalog: dict[str, dict] = {}
    org_of: dict[str, str] = {}
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (label, canonical), _n in counts.items():
        if label != "PERSON":
            groups[(label, fold(canonical))].append(canonical)

    def assign(keys):
        for label, key in keys:
            forms = groups[(label, key)]
            watched = watch_orgs.get(key) if label == "ORGANIZATION" else None
            if watched:
                e, how, alias, until = watched
                eid, name, kind = e.id, e.name, e.kind
            else:
                how = alias = until = None
                name = max(forms, key=lambda f: (counts[(label, f)], f))
                eid, kind = ids.claim(key, (label, key), label), ""
            catalog.setdefault(eid, {"entity_id": eid, "label": label, "name": name, "kind": kind,
                                     "watched": bool(watched)})
            for f in forms:
                names_rows.append({"label": label, "canonical": f, "entity_id": eid, "how": how, "alias": alias,
                                   "until": until})
                if label == "ORGANIZATION":
                    org_of[f] = eid

    # organizations claim their slugs first, then people, then the other labels
    assign(sorted(k for k in groups if k[0] == "ORGANIZATION"))

    # people: records per (article, name), then initialled forms, then namesakes
    recs: dict[tuple[str, str], _Rec] = {}
    for aid, canonical, texts, n in people:
        p = parse_person(canonical)
        if p is None:
            continue
        d = dates.get(aid)
        recs[(aid, canonical)] = _Rec(aid, canonical, p, d, n, _patronymic(texts, p), _day(d))
    for r in roles:
        key = (r["article_id"], r["person"])
        if key not in recs:
            p = parse_person(r["person"])
            if p is None:
                continue
            d = dates.get(r["article_id"])
            recs[key] = _Rec(r["article_id"], r["person"], p, d, 0, p.patronymic_key, _day(d))
        body = org_of.get(r["parent_organization"] or "") or org_of.get(r["organization"] or "")
        if body and r["event"] in POST_EVENTS:
            recs[key].bodies.add(body)
    article_orgs = {a: {org_of[c] for c in cs if c in org_of} for a, cs in article_org_names.items()}

    full: dict[tuple[str, str], list[_Rec]] = defaultdict(list)
    by_initial: dict[tuple[str, str], set] = defaultdict(set)
    rest: list[_Rec] = []
    for rec in recs.values():
        if rec.name.full:
            full[rec.name.key].append(rec)
            by_initial[rec.name.initial_key].add(rec.name.key)
        else:
            rest.append(rec)
    alone: dict[tuple, list[_Rec]] = defaultdict(list)
    for rec in rest:
        ik = rec.name.initial_key if rec.name.initials else None
        cands = sorted(by_initial.get(ik, ())) if ik else []
        if len(cands) > 1:  # several full names fit: the one with a post at a body the article names
            named = article_orgs.get(rec.article_id, set()) | rec.bodies
            cands = [k for k in cands if any(named & x.bodies for x in full[k])]
        if len(cands) == 1:
            full[cands[0]].append(rec)
        else:
            alone[("alone", rec.name.key, rec.name.initials)].append(rec)

    persons = []  # (first date, display, records)
    for key, rs in list(full.items()) + list(alone.items()):
        n = _clusters(rs, article_orgs) if key[0] != "alone" else 1
        for k in range(n):
            members = [r for r in rs if (r.cluster or 0) == k]
            if not members:
                continue
            shown = Counter(r.name.display for r in members if r.name.full) or Counter(r.name.display for r in members)
            display = max(shown, key=lambda s: (shown[s], s))
            first = min((r.date for r in members if r.date), default="9999-99-99")
            persons.append((first, display, key, members))
    # the watched person's id goes to the namesake with the most articles
    persons.sort(key=lambda p: (-len({r.article_id for r in p[3]}), p[0], p[1]))
    watched_by: dict[int, tuple] = {}
    taken = set()
    for i, (_first, _display, key, members) in enumerate(persons):
        hit = watch_people.get(key) if key[0] != "alone" else None
        if hit and hit[0].id not in taken:
            watched_by[i] = hit
            taken.add(hit[0].id)
    person_of: dict[tuple[str, str], str] = {}
    order_p = sorted(range(len(persons)), key=lambda i: (persons[i][0], persons[i][1], i))
    for i in order_p:
        first, display, key, members = persons[i]
        if i in watched_by:
            e = watched_by[i][0]
            eid, name, watched, kind = e.id, e.name, True, e.kind
        else:
            eid, name, watched, kind = ids.claim(slug(display), ("PERSON", i), "PERSON"), display, False, ""
        catalog[eid] = {"entity_id": eid, "label": "PERSON", "name": name, "kind": kind, "watched": watched}
        for r in members:
            person_of[(r.article_id, r.canonical)] = eid

    by_canonical: dict[str, set] = defaultdict(set)
    for (_aid, canonical), eid in person_of.items():
        by_canonical[canonical].add(eid)
    watch_person_how = {}
    for e, how, text in watch_people.values():
        watch_person_how[(e.id, slug(text))] = (how, text)
    person_articles = []
    for canonical, eids in sorted(by_canonical.items()):
        if len(eids) == 1:
            eid = next(iter(eids))
            how = watch_person_how.get((eid, slug(canonical)))
            if catalog[eid]["watched"] and how is None:
                how = ("variant", canonical)
            names_rows.append({"label": "PERSON", "canonical": canonical, "entity_id": eid,
                               "how": how[0] if how else None, "alias": how[1] if how else None, "until": None})
        else:
            names_rows.append({"label": "PERSON", "canonical": canonical, "entity_id": None, "how": None,
                               "alias": None, "until": None})
    for (aid, canonical), eid in sorted(person_of.items()):
        if len(by_canonical[canonical]) > 1:
            person_articles.append({"article_id": aid, "canonical": canonical, "entity_id": eid})

    for (label, canonical), _n in counts.items():  # a PERSON span that is no name at all ("…")
        if label == "PERSON" and canonical not in by_canonical:
            groups[("PERSON", fold(canonical))].append(canonical)
    assign(sorted((k for k in groups if k[0] != "ORGANIZATION"),
                  key=lambda k: (LABEL_ORDER.index(k[0]) if k[0] in LABEL_ORDER else 9, k[0], k[1])))

    out_roles = []
    for r in roles:
        pid = person_of.get((r["article_id"], r["person"]))
        if pid is None:
            continue
        out_roles.append({**r, "date": dates.get(r["article_id"]), "person_id": pid,
                          "organization_id": org_of.get(r["organization"]) if r["organization"] else None,
                          "parent_organization_id": org_of.get(r["parent_organization"]) if r["parent_organization"] else None})
    return Identity(names=names_rows, person_articles=person_articles,
                    catalog=sorted(catalog.values(), key=lambda c: c["entity_id"]), roles=out_roles,
                    person_ids=person_of, org_ids=org_of)
