"""Posts over time: who held which post at which organization, from when to when.

    rows = tenures(ident.roles, names)     # ident from aznews.pipelines.identity.entities.build

A post is (person, title, organization, parent organization), with the ids of the identity
stage and the title folded (`names.title_key`: "icra başçısı" of an executive authority is
its "başçı"). Its evidence is every role of every article that shows it; each role is an
event at the article's publication date (local date of the site): appointed, dismissed,
holds, former.

Tenures, read in date order (within one article, in sentence order):

* `appointed` opens a tenure (since = that date) unless one is open; `holds` opens one when
  the person has none yet (since = the first article that shows it), otherwise it is more
  evidence of the open or last tenure;
* `dismissed` ends the person's open tenure (until = that date); a dismissal with no
  tenure before it makes one that ends there (since unknown);
* an appointment to a single-holder post (`names.single_holder`: minister, rector, head
  of an executive authority, chair, director, ...) of an organization ends every other
  person's open tenure of that post there (until = the appointment's date, ended_by =
  appointed, with who was appointed);
* `former` shows a past post: it is evidence of the person's tenure before that date, and
  a tenure of its own when nothing else shows the post (since and until from the years the
  text gives, "2015-2019": 2015-01-01 to 2019-12-31, "2015": from 2015-01-01 to at most the
  article's date, else unknown); it never ends anyone's tenure. Years given with other events
  are kept in the evidence but do not move a tenure (a sentence's years often belong to
  another post of the same biography).

A row per tenure: first_seen / last_seen are the first and last article that shows the
person in the post (`former` mentions are evidence, but not sightings, unless there is
nothing else; evidence after the end is kept: news that lags behind a change); `event` is
how it opened (appointed, holds, dismissed, former); `current` is true while it is open.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from aznews.pipelines.identity.names import single_holder, title_key

_ORDER = {"dismissed": 0, "appointed": 1, "holds": 2, "former": 3}


def _years(text: str | None) -> tuple[str | None, str | None]:
    """"2015-2019" -> ("2015-01-01", "2019-12-31"); "2018" -> ("2018-01-01", None); else (None, None)."""
    parts = [p.strip() for p in (text or "").split("-")]
    if not parts[0].isdigit() or len(parts[0]) != 4:
        return None, None
    end = parts[1] if len(parts) > 1 and parts[1].isdigit() and len(parts[1]) == 4 else None
    return f"{parts[0]}-01-01", (f"{end}-12-31" if end else None)


class _Tenure:
    __slots__ = ("post", "since", "until", "ended_by", "ended_by_person_id", "opened_by", "events")

    def __init__(self, post, since, opened_by):
        self.post, self.since, self.opened_by = post, since, opened_by
        self.until = self.ended_by = self.ended_by_person_id = None
        self.events: list[dict] = []


def tenures(roles: list[dict], catalog: dict[str, dict]) -> list[dict]:
    """One row per tenure (see the module docstring); `catalog` maps entity ids to catalog rows."""
    evidence: dict[tuple, list[dict]] = defaultdict(list)
    titles: dict[tuple, Counter] = defaultdict(Counter)
    org_forms: dict[str, Counter] = defaultdict(Counter)
    for r in roles:
        if not r.get("title") or not r.get("date"):
            continue
        post = (r["person_id"], title_key(r["title"]), r["organization_id"], r["parent_organization_id"])
        evidence[post].append(r)
        titles[post][r["title"]] += 1
        for col in ("organization", "parent_organization"):
            if r[f"{col}_id"]:
                org_forms[r[f"{col}_id"]][r[col]] += 1

    # a single-holder post of a known organization is one slot for everyone who holds it
    slots: dict[tuple, list[tuple]] = defaultdict(list)
    for post in evidence:
        _pid, tkey, org, parent = post
        single = bool(org) and single_holder(tkey)
        slots[(tkey, org, parent) if single else post].append(post)

    out: list[_Tenure] = []
    for slot_posts in slots.values():
        single = len(slot_posts[0]) == 4 and bool(slot_posts[0][2]) and single_holder(slot_posts[0][1])
        events = sorted((r for p in slot_posts for r in evidence[p]),
                        key=lambda r: (r["date"], r["article_id"], r["sentence"] or 0, _ORDER.get(r["event"], 9)))
        open_: dict[tuple, _Tenure] = {}
        last: dict[tuple, _Tenure] = {}
        formers: dict[tuple, list[dict]] = defaultdict(list)
        for r in events:
            post = (r["person_id"], title_key(r["title"]), r["organization_id"], r["parent_organization_id"])
            ev = r["event"]
            if ev == "former":
                formers[post].append(r)
                continue
            t = open_.get(post)
            if ev == "appointed":
                if single:  # the previous holders' tenures end with this appointment
                    for other, ot in list(open_.items()):
                        if other[0] != post[0] and ot.since is not None and ot.since < r["date"]:
                            ot.until, ot.ended_by, ot.ended_by_person_id = r["date"], "appointed", post[0]
                            del open_[other]
                if t is None:
                    t = _Tenure(post, r["date"], "appointed")
                    out.append(t)
                    open_[post] = last[post] = t
            elif ev == "dismissed":
                if t is None:
                    t = last.get(post)
                    if t is None:
                        t = _Tenure(post, None, "dismissed")
                        t.until, t.ended_by = r["date"], "dismissed"
                        out.append(t)
                        last[post] = t
                else:
                    t.until, t.ended_by = r["date"], "dismissed"
                    del open_[post]
            else:  # holds, or an event this code does not know: evidence of a post
                if t is None:
                    t = last.get(post)
                if t is None:
                    t = _Tenure(post, r["date"], "holds")
                    out.append(t)
                    open_[post] = last[post] = t
            t.events.append(r)
        for post, rs in formers.items():
            ts = [t for t in out if t.post == post]
            for r in rs:
                before = [t for t in ts if t.since is not None and t.since <= r["date"]]
                if before:
                    before[-1].events.append(r)
                elif ts:
                    ts[0].events.append(r)
                else:
                    start, end = _years(r.get("years"))
                    t = _Tenure(post, start, "former")
                    t.until = min(end, r["date"]) if end else (r["date"] if start else None)  # past by then
                    t.events.append(r)
                    out.append(t)
                    ts.append(t)

    def org_name(oid):
        if not oid:
            return None
        c = catalog.get(oid)
        if c and c.get("watched"):
            return c["name"]
        forms = org_forms.get(oid)
        return max(forms, key=lambda f: (forms[f], f)) if forms else (c or {}).get("name")

    rows = []
    for t in out:
        pid, tkey, org, parent = t.post
        evs = sorted(t.events, key=lambda r: (r["date"], r["article_id"], r["sentence"] or 0))
        seen_dates = [r["date"] for r in evs if r["event"] != "former"] or [r["date"] for r in evs]
        shown = titles[t.post]
        ended_by = catalog.get(t.ended_by_person_id, {}) if t.ended_by_person_id else {}
        rows.append({
            "person_id": pid, "person": catalog.get(pid, {}).get("name", pid),
            "title": max(shown, key=lambda s: (shown[s], s)), "title_key": tkey,
            "organization_id": org, "organization": org_name(org) or "",
            "parent_organization_id": parent, "parent_organization": org_name(parent) or "",
            "single_holder": bool(org) and single_holder(tkey),
            "first_seen": seen_dates[0], "last_seen": seen_dates[-1], "since": t.since, "until": t.until,
            "ended_by": t.ended_by, "ended_by_person_id": t.ended_by_person_id,
            "ended_by_person": ended_by.get("name"), "event": t.opened_by,
            "current": t.until is None and t.opened_by != "former",
            "articles": len({r["article_id"] for r in evs}),
            "article_ids": sorted({r["article_id"] for r in evs}),
            "events": [{"event": r["event"], "date": r["date"], "article_id": r["article_id"], "sentence": r["sentence"],
                        "years": r.get("years") or None} for r in evs],
        })
    rows.sort(key=lambda r: (r["person"], r["person_id"], r["since"] or r["first_seen"], r["title"], r["organization"]))
    return rows
