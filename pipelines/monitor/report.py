"""The monitoring report: ONE self-contained HTML file (no network, no script, no external fonts).

    html = build(con, watchlist, since=None, dataset_name="data/aznews")   # con = connect(ds, watchlist=wl)

Sections
--------
mentions      mentions per watched entity over time: a stacked bar chart binned to fit the
              period (days, weeks or months), one distinct colour per entity
whoswho       per watched body: who holds its posts (the body's and its units') at the end
              of the period, and the changes in the period (appointments, dismissals,
              tenures ended by the next holder's appointment), from the `posts` view
entities      one row per watched entity found (a renamed body is one row)
people        top people per watched organization with their titles
appointments  appointments and dismissals linked to a watched organization (timeline + table)
latest        the latest mentions, one row per article and entity

Charts are inline SVG (pipelines/monitor/charts.py): the file is small (well under 1.5 MB)
and renders with no network and no JavaScript. No table repeats a row: each row is one
(article, entity), one (article, person, post, event) or one tenure.
"""
from __future__ import annotations

import datetime as _dt
import html
from collections import defaultdict

from aznews.pipelines.monitor import charts, match

TOP_ENTITIES = 12  # series in the mentions chart; the rest are summed as "other"
TOP_PEOPLE = 6  # people per organization
LATEST = 60  # rows in the latest-mentions table
APPOINTMENTS = 200  # latest appointments/dismissals shown
HOLDERS = 40  # current holders shown per body
CHANGES = 60  # changes shown per body

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#14325c;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}
main{padding:10px 28px 40px;max-width:1300px}
section{background:#fff;border:1px solid #dde2ea;border-radius:6px;margin:18px 0;padding:14px 18px}
h2{font-size:17px;margin:4px 0 10px;color:#14325c}
h3{font-size:15px;margin:16px 0 6px}
h4{font-size:13px;margin:10px 0 4px;color:#3a4456}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{background:#eef1f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.date{white-space:nowrap}
mark{background:#ffe58a;padding:0 2px;border-radius:2px}
.muted{color:#6b7383;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:8px 22px}
.tag{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;background:#e8edf5;color:#2c456b}
.appointed{background:#dff3e4;color:#17652f}.dismissed{background:#fbe3e1;color:#8a1f17}.ended{background:#f1ecdc;color:#6b5415}
.body{border-top:1px solid #e6e9ef;padding-top:4px}
svg.chart{width:100%;height:auto;display:block;font-family:inherit}
svg .grid{stroke:#e6e9ef;stroke-width:1}svg .axis{stroke:#9aa3b2;stroke-width:1}svg .row{stroke:#f0f2f6}
svg .tick{font-size:11px;fill:#4a5363}svg .axis-title{font-size:12px;fill:#4a5363}
ul.legend{list-style:none;margin:6px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px;font-size:12px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;vertical-align:-1px}
a{color:#1a56a8}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(url: str | None, text: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noreferrer noopener" target="_blank">{_e(text or url)}</a>'
    return _e(text or url or "")


def _date(v) -> str:
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return "" if v is None else str(v)


def _rows(con, sql: str, params=()) -> list[dict]:
    res = con.execute(sql, list(params))
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]


def _unique(rows: list[dict], key) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        k = key(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


# --- data ----------------------------------------------------------------------------------

def totals(con) -> list[dict]:
    return _rows(con, """
        SELECT entity_id, any_value(entity) AS entity, any_value(entity_type) AS entity_type, any_value(kind) AS kind,
               count(*) AS hits, count(DISTINCT article_id) AS articles,
               min(published) AS first_seen, max(published) AS last_seen,
               string_agg(DISTINCT CASE WHEN how = 'former' THEN alias || coalesce(' (until ' || until || ')', '') END, ', ')
                   AS former_names
        FROM watch_hits GROUP BY entity_id ORDER BY hits DESC, entity""")


def period(con, since) -> tuple[_dt.date, _dt.date] | None:
    """The report's period: `since` (else the first hit) to the latest article of the dataset."""
    first, last_hit, last_article = con.execute(
        "SELECT CAST(min(published) AS DATE), CAST(max(published) AS DATE), "
        "(SELECT CAST(max(coalesce(published_at, fetched_at)) AS DATE) FROM articles) FROM watch_hits").fetchone()
    start = since or first
    end = max(d for d in (last_article, last_hit, start) if d is not None) if (last_article or last_hit or start) else None
    if start is None or end is None:
        return None
    return start, end


def mentions_over_time(con, start: _dt.date, end: _dt.date) -> tuple[str, list[_dt.date], list[tuple[str, list[int], str]]]:
    """(unit, bins, series) for the mentions chart: the TOP_ENTITIES most mentioned entities, then "other"."""
    unit, bins = charts.time_bins(start, end)
    index = {b: i for i, b in enumerate(bins)}
    rows = _rows(con, "SELECT entity_id, any_value(entity) AS entity, CAST(published AS DATE) AS day, count(*) AS n "
                      "FROM watch_hits WHERE published IS NOT NULL GROUP BY entity_id, day")
    tot: dict[str, int] = defaultdict(int)
    names = {}
    for r in rows:
        tot[r["entity_id"]] += r["n"]
        names[r["entity_id"]] = r["entity"]
    top = sorted(tot, key=lambda e: (-tot[e], names[e]))[:TOP_ENTITIES]
    counts = {e: [0] * len(bins) for e in top}
    other = [0] * len(bins)
    for r in rows:
        i = index.get(charts.bin_start(r["day"], unit))
        if i is None:
            continue
        (counts[r["entity_id"]] if r["entity_id"] in counts else other)[i] += r["n"]
    series = [(names[e], counts[e], c) for e, c in zip(top, charts.colours(len(top)))]
    if any(other):
        series.append(("other", other, charts.OTHER))
    return unit, bins, series


def whoswho(con, since, end) -> list[dict]:
    """Per watched body with posts: {"entity_id", "entity", "hits", "current": [...], "changes": [...]}."""
    posts = _rows(con, """
        SELECT w.entity_id AS body_id, w.entity AS body, p.*
        FROM posts p JOIN watch_entities w ON w.entity_type = 'organization'
         AND (p.organization_id = w.entity_id OR p.parent_organization_id = w.entity_id)""")
    if not posts:
        return []
    aids = sorted({a for p in posts for a in (p["article_ids"] or [])})
    arts = {r["article_id"]: r for r in _rows(
        con, f"SELECT article_id, url, title FROM articles WHERE article_id IN ({', '.join('?' for _ in aids)})", aids)}
    hits = dict(con.execute("SELECT entity_id, count(*) FROM watch_hits GROUP BY entity_id").fetchall())
    start = since
    bodies: dict[str, dict] = {}
    for p in posts:
        b = bodies.setdefault(p["body_id"], {"entity_id": p["body_id"], "entity": p["body"], "hits": hits.get(p["body_id"], 0),
                                             "current": [], "changes": []})
        unit = "" if p["organization_id"] == p["body_id"] else p["organization"]
        last = (p["events"] or [{}])[-1]
        if p["current"] and (p["since"] is None or p["since"] <= end):
            art = arts.get(last.get("article_id"), {})
            b["current"].append({"person": p["person"], "person_id": p["person_id"], "title": p["title"], "unit": unit,
                                 "since": p["since"], "last_seen": p["last_seen"], "articles": p["articles"],
                                 "event": p["event"], "url": art.get("url"), "article_title": art.get("title")})
        for ev in p["events"] or []:
            if ev["event"] in ("appointed", "dismissed") and (start is None or ev["date"] >= start) and ev["date"] <= end:
                art = arts.get(ev["article_id"], {})
                b["changes"].append({"date": ev["date"], "change": ev["event"], "person": p["person"],
                                     "person_id": p["person_id"], "title": p["title"], "unit": unit, "note": "",
                                     "url": art.get("url"), "article_title": art.get("title")})
        if p["ended_by"] == "appointed" and p["until"] and (start is None or p["until"] >= start) and p["until"] <= end:
            b["changes"].append({"date": p["until"], "change": "ended", "person": p["person"], "person_id": p["person_id"],
                                 "title": p["title"], "unit": unit, "note": f"{p['ended_by_person']} appointed",
                                 "url": None, "article_title": None})
    out = []
    for b in bodies.values():
        b["current"] = _unique(sorted(b["current"], key=lambda r: (r["unit"] != "", r["unit"], r["title"], r["since"] or _dt.date.min,
                                                                   r["person"])),
                               key=lambda r: (r["person_id"], r["title"], r["unit"]))
        b["changes"] = _unique(sorted(b["changes"], key=lambda r: (r["date"], r["person"], r["change"])),
                               key=lambda r: (r["date"], r["change"], r["person_id"], r["title"], r["unit"]))
        if b["current"] or b["changes"]:
            out.append(b)
    out.sort(key=lambda b: (-b["hits"], b["entity"]))
    return out


def top_people(con) -> list[dict]:
    """Per watched organization: people who hold a post there (roles of the body or its units)
    or are named in the same sentence as one of its hits."""
    return _rows(con, f"""
        WITH org_roles AS (
            SELECT w.entity_id, r.person_id, r.title, r.article_id
            FROM roles r JOIN watch_entities w ON w.entity_type = 'organization'
             AND (r.organization_id = w.entity_id OR r.parent_organization_id = w.entity_id)
            WHERE r.article_id IN (SELECT article_id FROM watch_hits) AND r.person_id IS NOT NULL
        ), nearby AS (
            SELECT DISTINCT h.entity_id, m.entity_id AS person_id, h.article_id, m.sentence, m.canonical
            FROM watch_hits h JOIN mentions m ON m.article_id = h.article_id AND m.sentence = h.sentence AND m.label = 'PERSON'
            WHERE h.entity_type = 'organization' AND m.entity_id IS NOT NULL
        ), nearby_titled AS (
            SELECT n.entity_id, n.person_id, n.article_id, r.title FROM nearby n
            LEFT JOIN roles r ON r.article_id = n.article_id AND r.person_id = n.person_id AND r.sentence = n.sentence
        ), allp AS (
            SELECT entity_id, person_id, title, article_id, 1 AS holds FROM org_roles
            UNION ALL SELECT entity_id, person_id, title, article_id, 0 FROM nearby_titled
        ), agg AS (
            SELECT entity_id, person_id, count(DISTINCT article_id) AS articles, max(holds) AS holds_post,
                   string_agg(DISTINCT title, ', ' ORDER BY title) AS titles
            FROM allp GROUP BY entity_id, person_id
        ), ranked AS (
            SELECT agg.*, c.name AS person,
                   row_number() OVER (PARTITION BY agg.entity_id ORDER BY holds_post DESC, articles DESC, c.name) AS rn
            FROM agg JOIN _identity_catalog c ON c.entity_id = agg.person_id
        )
        SELECT r.*, e.entity, e.hits FROM ranked r
        JOIN (SELECT entity_id, any_value(entity) AS entity, count(*) AS hits FROM watch_hits GROUP BY entity_id) e USING (entity_id)
        WHERE rn <= {TOP_PEOPLE} ORDER BY e.hits DESC, e.entity, rn""")


def appointments(con, since=None) -> list[dict]:
    """Appointments and dismissals linked to a watched organization: the post is at a watched
    body (or one of its units), or a watched organization is named in the same sentence, or
    in the article. One row per article, person, post and event."""
    cond = f"published_at >= TIMESTAMPTZ '{since.isoformat()} 00:00:00+00'" if since else "TRUE"
    return _rows(con, f"""
        WITH r AS (SELECT * FROM roles WHERE event IN ('appointed', 'dismissed') AND {cond}),
        by_org AS (
            SELECT r.*, w.entity AS linked, 'post' AS link
            FROM r JOIN watch_entities w ON w.entity_type = 'organization'
             AND (r.organization_id = w.entity_id OR r.parent_organization_id = w.entity_id)
        ), by_sentence AS (
            SELECT DISTINCT r.*, h.entity AS linked, 'sentence' AS link
            FROM r JOIN watch_hits h ON h.article_id = r.article_id AND h.sentence = r.sentence AND h.entity_type = 'organization'
        ), by_article AS (
            SELECT DISTINCT r.*, h.entity AS linked, 'article' AS link
            FROM r JOIN watch_hits h ON h.article_id = r.article_id AND h.entity_type = 'organization'
        ), allr AS (
            SELECT *, 1 AS pri FROM by_org UNION ALL SELECT *, 2 FROM by_sentence UNION ALL SELECT *, 3 FROM by_article
        ), best AS (
            SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (
                PARTITION BY article_id, coalesce(person_id, person), title, organization, event ORDER BY pri, linked, sentence) AS rn
                FROM allr)
            WHERE rn = 1
        )
        SELECT * FROM (
            SELECT b.*, coalesce(c.name, b.person) AS person_name, a.title AS article_title, a.url, count(*) OVER () AS total
            FROM best b JOIN articles a USING (article_id) LEFT JOIN _identity_catalog c ON c.entity_id = b.person_id
            ORDER BY b.published_at DESC, b.article_id, b.sentence LIMIT {APPOINTMENTS}
        ) ORDER BY published_at, article_id, sentence""")


def latest(con) -> list[dict]:
    """The latest mentions: one row per (article, entity) of the most recent articles, with the
    first snippet and how many mentions there are."""
    hits = match.hits(con, where=f"article_id IN (SELECT article_id FROM watch_hits GROUP BY article_id "
                                 f"ORDER BY max(published) DESC, article_id LIMIT {LATEST})",
                      order="published DESC, article_id, start")
    groups: dict[tuple, dict] = {}
    for h in hits:
        g = groups.get((h["article_id"], h["entity_id"]))
        if g is None:
            g = groups[(h["article_id"], h["entity_id"])] = {**h, "count": 0, "all_people": {}}
        g["count"] += 1
        for p in h["people"]:
            g["all_people"].setdefault(p.get("person_id") or p["person"], p)
    return list(groups.values())[:LATEST]


# --- HTML ------------------------------------------------------------------------------------

def _section_whoswho(bodies, since) -> str:
    if not bodies:
        return ('<section id="whoswho"><h2>Who\'s who at the watched bodies</h2>'
                "<p>No posts found at a watched body.</p></section>")
    blocks = []
    for b in bodies:
        cur = "".join(
            f"<tr><td>{_e(r['person'])}</td><td>{_e(r['title'])}</td><td>{_e(r['unit'])}</td>"
            f"<td class=date>{_date(r['since']) or '?'}</td><td class=date>{_date(r['last_seen'])}</td>"
            f"<td class=num>{r['articles']}</td><td>{_link(r['url'], r['article_title'])}</td></tr>"
            for r in b["current"][:HOLDERS])
        chg = "".join(
            f"<tr><td class=date>{_date(r['date'])}</td><td><span class='tag {r['change']}'>{_e(r['change'])}</span></td>"
            f"<td>{_e(r['person'])}</td><td>{_e(r['title'])}</td><td>{_e(r['unit'])}</td>"
            f"<td>{_e(r['note'])}{_link(r['url'], r['article_title'])}</td></tr>"
            for r in b["changes"][-CHANGES:])
        more = (f'<p class="muted">{len(b["current"]) - HOLDERS} more not shown.</p>'
                if len(b["current"]) > HOLDERS else "")
        blocks.append(
            f'<div class="body" data-entity="{_e(b["entity_id"])}"><h3>{_e(b["entity"])}</h3>'
            "<h4>Current holders</h4>"
            + (f"<table class=current><thead><tr><th>person</th><th>post</th><th>unit</th><th>since</th><th>last seen</th>"
               f"<th>articles</th><th>latest article</th></tr></thead><tbody>{cur}</tbody></table>{more}"
               if cur else "<p class=muted>Nobody seen in a post that is still open.</p>")
            + f"<h4>Changes {'since ' + since.isoformat() if since else 'in the period'}</h4>"
            + (f"<table class=changes><thead><tr><th>date</th><th>change</th><th>person</th><th>post</th><th>unit</th>"
               f"<th>article</th></tr></thead><tbody>{chg}</tbody></table>"
               if chg else "<p class=muted>No appointment or dismissal reported.</p>")
            + "</div>")
    return ('<section id="whoswho"><h2>Who\'s who at the watched bodies</h2>'
            + "".join(blocks)
            + '<p class="muted">From the posts view: a tenure begins with an appointment or the first article that '
              "shows it and ends with a dismissal or, for a single-holder post (minister, rector, head), with the next "
              "holder's appointment. Units are the body's departments and sectors. Dates are publication dates.</p></section>")


def build(con, wl, since=None, dataset_name: str = "", generated_at: _dt.datetime | None = None) -> str:
    """The report's HTML. `con` has the dataset views (connected with `wl`); the watchlist is matched here."""
    match.find(con, wl, since=since)
    generated_at = generated_at or _dt.datetime.now(_dt.timezone.utc)
    tot = totals(con)
    parts = []
    n_hits = sum(t["hits"] for t in tot)
    n_articles = con.execute("SELECT count(DISTINCT article_id) FROM watch_hits").fetchall()[0][0]
    span = period(con, since)
    period_text = f"since {since.isoformat()}" if since else "all articles"
    if span:
        period_text += f" ({span[0].isoformat()} to {span[1].isoformat()})"

    # mentions over time
    if span and n_hits:
        unit, bins, series = mentions_over_time(con, *span)
        parts.append(f'<section id="mentions"><h2>Mentions per watched entity per {unit}</h2>'
                     + charts.stacked_bars(bins, unit, series)
                     + charts.legend([(name, colour) for name, _c, colour in series])
                     + f'<p class="muted">The {TOP_ENTITIES} most mentioned entities; the rest are summed as "other". '
                       f"Bins of one {unit} ({len(bins)} over the period). Former names count for the body they became.</p>"
                       "</section>")
    else:
        parts.append('<section id="mentions"><h2>Mentions per watched entity</h2><p>No mentions.</p></section>')

    parts.append(_section_whoswho(whoswho(con, since, span[1]) if span else [], since))


    # totals table
    rows = "".join(
        f"<tr><td>{_e(t['entity'])}</td><td><span class=tag>{_e(t['kind'])}</span></td><td class=num>{t['hits']}</td>"
        f"<td class=num>{t['articles']}</td><td class=date>{_date(t['first_seen'])}</td><td class=date>{_date(t['last_seen'])}</td>"
        f"<td>{_e(t['former_names'] or '')}</td></tr>" for t in tot)
    parts.append('<section id="entities"><h2>Watched entities found</h2><table><thead><tr><th>entity</th><th>kind</th>'
                 "<th>mentions</th><th>articles</th><th>first</th><th>last</th><th>former names used (renamed)</th></tr></thead>"
                 f"<tbody>{rows or '<tr><td colspan=7>none</td></tr>'}</tbody></table></section>")

    # top people per organization
    tp = top_people(con)
    blocks, cur = [], None
    for r in tp:
        if r["entity_id"] != cur:
            if cur is not None:
                blocks.append("</tbody></table></div>")
            cur = r["entity_id"]
            blocks.append(f"<div><h3>{_e(r['entity'])}</h3><table><thead><tr><th>person</th><th>titles</th>"
                          "<th>articles</th></tr></thead><tbody>")
        post = ' <span class="tag">post here</span>' if r["holds_post"] else ""
        blocks.append(f"<tr><td>{_e(r['person'])}{post}</td><td>{_e(r['titles'] or '')}</td>"
                      f"<td class=num>{r['articles']}</td></tr>")
    if cur is not None:
        blocks.append("</tbody></table></div>")
    parts.append('<section id="people"><h2>Top people per watched organization</h2>'
                 + (f'<div class="grid">{"".join(blocks)}</div>' if blocks else "<p>No people found.</p>")
                 + '<p class="muted">People who hold a post in the organization or one of its units (roles), then people '
                   "named in the same sentence as the organization; titles from the roles in the same sentence.</p></section>")

    # appointments and dismissals
    ap = appointments(con, since)
    if ap:
        events = [{"person": r["person_name"], "date": (r["published_at"].date() if r["published_at"] else span[1]),
                   "event": r["event"], "label": f"{r['title'] or ''} — {r['organization'] or r['linked']}"} for r in ap]
        lo = min(e["date"] for e in events)
        hi = max(e["date"] for e in events)
        trs = "".join(
            f"<tr><td class=date>{_date(r['published_at'])}</td><td><span class='tag {r['event']}'>{_e(r['event'])}</span></td>"
            f"<td>{_e(r['person_name'])}</td><td>{_e(r['title'] or '')}</td><td>{_e(r['organization'] or '')}</td>"
            f"<td>{_e(r['linked'])} <span class=muted>({_e(r['link'])})</span></td>"
            f"<td>{_link(r['url'], r['article_title'])}</td></tr>" for r in ap)
        parts.append('<section id="appointments"><h2>Appointments and dismissals</h2>'
                     + charts.event_timeline(events, since or lo, max(hi, span[1] if span else hi))
                     + charts.legend([("appointed", charts.EVENT_STYLE["appointed"]),
                                      ("dismissed", charts.EVENT_STYLE["dismissed"])])
                     + "<table><thead><tr><th>date</th><th>event</th><th>person</th><th>post</th><th>unit</th>"
                       f"<th>watched organization (link)</th><th>article</th></tr></thead><tbody>{trs}</tbody></table>"
                     + f'<p class="muted">{len(ap)} of {ap[0]["total"]} (the latest). '
                       "link: post = the post is at a watched organization or one of its units; sentence / article = a "
                       "watched organization is named in the same sentence / article.</p></section>")
    else:
        parts.append('<section id="appointments"><h2>Appointments and dismissals</h2>'
                     "<p>None linked to a watched organization.</p></section>")

    # latest mentions
    trs = []
    for h in latest(con):
        snippet = f"{_e(h['snippet_left'])}<mark>{_e(h['snippet_hit'])}</mark>{_e(h['snippet_right'])}"
        ppl = "; ".join(_e(p["person"]) + (f" <span class=muted>({_e(p['title'])})</span>" if p["title"] else "")
                        for p in h["all_people"].values())
        how = " <span class=muted>(former name)</span>" if h["how"] == "former" else ""
        more = f' <span class="muted">×{h["count"]}</span>' if h["count"] > 1 else ""
        trs.append(f"<tr><td class=date>{_date(h['published'])}</td><td>{_e(h['entity'])}{how}{more}</td><td>{snippet}</td>"
                   f"<td>{ppl}</td><td>{_link(h['url'], h['title'])}</td></tr>")
    parts.append(f'<section id="latest"><h2>Latest mentions</h2><table><thead><tr><th>date</th><th>entity</th>'
                 f"<th>snippet (first mention)</th><th>people in the sentences</th><th>article</th></tr></thead><tbody>"
                 f"{''.join(trs) or '<tr><td colspan=5>none</td></tr>'}</tbody></table>"
                 '<p class="muted">One row per article and entity; ×N: mentions of the entity in the article.</p></section>')

    files = ", ".join(wl.files)
    head = (f"<header><h1>aznews monitoring report</h1><p>dataset {_e(dataset_name)} · {_e(period_text)} · "
            f"{n_hits} mentions of {len(tot)} watched entities in {n_articles} articles · watchlist {_e(files)} · "
            f"generated {_e(generated_at.isoformat(timespec='seconds'))}</p></header>")
    return ("<!DOCTYPE html>\n<html lang=\"az\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>aznews monitoring report</title><style>{CSS}</style></head><body>{head}<main>"
            + "".join(parts) + "</main></body></html>\n")
