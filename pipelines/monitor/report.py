"""The monitoring report: ONE self-contained HTML file (no network, no external fonts).

    html = build(con, watchlist, since=None, dataset_name="data/aznews")

Sections: totals per watched entity; mentions per entity per week (plotly chart); top
people per watched organization with their titles; a timeline of appointments and
dismissals linked to watched organizations; the latest mentions with links. plotly.js is
inlined once (include_plotlyjs=True in the first chart); all data comes from the
watch_hits table (pipelines.monitor.match) and the roles/mentions views.
"""
from __future__ import annotations

import datetime as _dt
import html

from aznews.pipelines.monitor import match

TOP_ENTITIES = 12  # series in the weekly chart; the rest are summed as "other"
TOP_PEOPLE = 6  # people per organization
LATEST = 60  # rows in the latest-mentions table
APPOINTMENTS = 200  # latest appointments/dismissals shown

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
header{background:#14325c;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}
main{padding:10px 28px 40px;max-width:1300px}
section{background:#fff;border:1px solid #dde2ea;border-radius:6px;margin:18px 0;padding:14px 18px}
h2{font-size:17px;margin:4px 0 10px;color:#14325c}
h3{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6e9ef;vertical-align:top}
th{background:#eef1f6;font-weight:600}
td.num{text-align:right;font-variant-numeric:tabular-nums}
#appointments td:first-child,#latest td:first-child,#entities td:nth-child(5),#entities td:nth-child(6){white-space:nowrap}
mark{background:#ffe58a;padding:0 2px;border-radius:2px}
.muted{color:#6b7383;font-size:12px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(380px,1fr));gap:8px 22px}
.tag{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;background:#e8edf5;color:#2c456b}
.appointed{background:#dff3e4;color:#17652f}.dismissed{background:#fbe3e1;color:#8a1f17}
a{color:#1a56a8}
"""


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(url: str | None, text: str | None) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noreferrer noopener" target="_blank">{_e(text or url)}</a>'
    return _e(text or url or "")


def _date(v) -> str:
    return v.date().isoformat() if isinstance(v, _dt.datetime) else ("" if v is None else str(v))


def _rows(con, sql: str) -> list[dict]:
    res = con.execute(sql)
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]


def weekly(con) -> list[dict]:
    """Hits per entity per ISO week (Monday), the TOP_ENTITIES largest entities kept by name."""
    return _rows(con, f"""
        WITH top AS (SELECT entity_id FROM watch_hits GROUP BY entity_id ORDER BY count(*) DESC, entity_id LIMIT {TOP_ENTITIES}),
        h AS (SELECT CASE WHEN entity_id IN (SELECT entity_id FROM top) THEN entity ELSE 'other' END AS series,
                     CAST(date_trunc('week', published) AS DATE) AS week FROM watch_hits WHERE published IS NOT NULL)
        SELECT series, week, count(*) AS hits FROM h GROUP BY ALL ORDER BY week, series""")


def totals(con) -> list[dict]:
    return _rows(con, """
        SELECT entity_id, any_value(entity) AS entity, any_value(entity_type) AS entity_type, any_value(kind) AS kind,
               count(*) AS hits, count(DISTINCT article_id) AS articles,
               min(published) AS first_seen, max(published) AS last_seen,
               string_agg(DISTINCT CASE WHEN how = 'former' THEN alias END, ', ') AS former_names
        FROM watch_hits GROUP BY entity_id ORDER BY hits DESC, entity""")


def top_people(con) -> list[dict]:
    """Per watched organization: people who hold a post there (roles whose organization
    matches the watchlist) or are named in the same sentence as one of its hits."""
    return _rows(con, f"""
        WITH org_roles AS (
            SELECT w.entity_id, r.person, r.title, r.article_id
            FROM roles r JOIN watch_aliases w ON w.entity_type = 'organization' AND az_key(r.organization) = w.sql_key
            SEMI JOIN (SELECT DISTINCT article_id FROM watch_hits) s ON s.article_id = r.article_id
        ), nearby AS (
            SELECT DISTINCT h.entity_id, coalesce(m.canonical, m.text) AS person, h.article_id, m.sentence
            FROM watch_hits h JOIN mentions m ON m.article_id = h.article_id AND m.sentence = h.sentence AND m.label = 'PERSON'
            WHERE h.entity_type = 'organization'
        ), nearby_titled AS (
            SELECT n.entity_id, n.person, n.article_id, r.title FROM nearby n
            LEFT JOIN roles r ON r.article_id = n.article_id AND r.person = n.person AND r.sentence = n.sentence
        ), allp AS (
            SELECT entity_id, person, title, article_id, 1 AS holds FROM org_roles
            UNION ALL SELECT entity_id, person, title, article_id, 0 FROM nearby_titled
        ), agg AS (
            SELECT entity_id, person, count(DISTINCT article_id) AS articles, max(holds) AS holds_post,
                   string_agg(DISTINCT title, ', ' ORDER BY title) AS titles
            FROM allp GROUP BY entity_id, person
        ), ranked AS (
            SELECT *, row_number() OVER (PARTITION BY entity_id ORDER BY holds_post DESC, articles DESC, person) AS rn FROM agg
        )
        SELECT r.*, e.entity, e.hits FROM ranked r
        JOIN (SELECT entity_id, any_value(entity) AS entity, count(*) AS hits FROM watch_hits GROUP BY entity_id) e USING (entity_id)
        WHERE rn <= {TOP_PEOPLE} ORDER BY e.hits DESC, e.entity, rn""")


def appointments(con, since=None) -> list[dict]:
    """Appointments and dismissals linked to a watched organization: the role's organization
    is watched, or a watched organization is named in the same sentence, or in the article."""
    cond = f"published_at >= TIMESTAMPTZ '{since.isoformat()} 00:00:00+00'" if since else "TRUE"
    return _rows(con, f"""
        WITH r AS (SELECT * FROM roles WHERE event IN ('appointed', 'dismissed') AND {cond}),
        by_org AS (
            SELECT r.article_id, r.person, r.title, r.organization, r.event, r.sentence, r.published_at,
                   w.entity AS linked, 'post' AS link
            FROM r JOIN watch_aliases w ON w.entity_type = 'organization' AND az_key(r.organization) = w.sql_key
        ), by_sentence AS (
            SELECT DISTINCT r.article_id, r.person, r.title, r.organization, r.event, r.sentence, r.published_at,
                   h.entity AS linked, 'sentence' AS link
            FROM r JOIN watch_hits h ON h.article_id = r.article_id AND h.sentence = r.sentence AND h.entity_type = 'organization'
        ), by_article AS (
            SELECT DISTINCT r.article_id, r.person, r.title, r.organization, r.event, r.sentence, r.published_at,
                   h.entity AS linked, 'article' AS link
            FROM r JOIN watch_hits h ON h.article_id = r.article_id AND h.entity_type = 'organization'
        ), allr AS (
            SELECT *, 1 AS pri FROM by_org UNION ALL SELECT *, 2 FROM by_sentence UNION ALL SELECT *, 3 FROM by_article
        ), best AS (
            SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (
                PARTITION BY article_id, person, title, organization, event, sentence ORDER BY pri, linked) AS rn FROM allr)
            WHERE rn = 1
        )
        SELECT * FROM (
            SELECT b.*, a.title AS article_title, a.url, count(*) OVER () AS total
            FROM best b JOIN articles a USING (article_id)
            ORDER BY b.published_at DESC, b.article_id, b.sentence LIMIT {APPOINTMENTS}
        ) ORDER BY published_at, article_id, sentence""")


def _figure_weekly(rows):
    import plotly.graph_objects as go

    fig = go.Figure()
    series: dict[str, tuple[list, list]] = {}
    for r in rows:
        xs, ys = series.setdefault(r["series"], ([], []))
        xs.append(r["week"].isoformat())
        ys.append(r["hits"])
    for name, (xs, ys) in series.items():
        fig.add_trace(go.Bar(x=xs, y=ys, name=name, hovertemplate="%{x|%G-W%V}: %{y}<extra>" + name.replace("%", "%%") + "</extra>"))
    fig.update_layout(barmode="stack", height=420, margin=dict(l=50, r=20, t=20, b=40),
                      xaxis=dict(type="date", title="week"), yaxis=dict(title="mentions"),
                      legend=dict(font=dict(size=11)), font=dict(family="system-ui, Arial, sans-serif"),
                      plot_bgcolor="#fff", bargap=0.1)
    return fig


def _figure_timeline(rows):
    import plotly.graph_objects as go

    fig = go.Figure()
    colors = {"appointed": "#1f8a3b", "dismissed": "#c0392b"}
    for event in ("appointed", "dismissed"):
        sel = [r for r in rows if r["event"] == event]
        if not sel:
            continue
        fig.add_trace(go.Scatter(
            x=[r["published_at"].isoformat() for r in sel], y=[r["person"] for r in sel], mode="markers", name=event,
            marker=dict(size=13, color=colors[event], symbol="circle" if event == "appointed" else "x"),
            text=[f"{r['title'] or ''} — {r['organization'] or r['linked']}" for r in sel],
            hovertemplate="%{y}<br>%{x|%Y-%m-%d}<br>%{text}<extra>" + event + "</extra>"))
    fig.update_layout(height=max(220, 60 + 34 * len({r["person"] for r in rows})), margin=dict(l=160, r=20, t=20, b=40),
                      xaxis=dict(type="date"), font=dict(family="system-ui, Arial, sans-serif"), plot_bgcolor="#fff")
    return fig


class _Charts:
    """Renders figures as <div>s; plotly.js is inlined with the first one only."""

    def __init__(self):
        self.first = True

    def html(self, fig, div_id: str) -> str:
        out = fig.to_html(full_html=False, include_plotlyjs=self.first, div_id=div_id,
                          config={"displaylogo": False, "responsive": True})
        self.first = False
        return out


def build(con, wl, since=None, dataset_name: str = "", generated_at: _dt.datetime | None = None) -> str:
    """The report's HTML. `con` has the dataset views; the watchlist is matched here."""
    match.find(con, wl, since=since)
    generated_at = generated_at or _dt.datetime.now(_dt.timezone.utc)
    tot = totals(con)
    charts = _Charts()
    parts = []
    n_hits = sum(t["hits"] for t in tot)
    n_articles = con.execute("SELECT count(DISTINCT article_id) FROM watch_hits").fetchall()[0][0]
    period = f"since {since.isoformat()}" if since else "all articles"

    # weekly chart
    wk = weekly(con)
    if wk:
        parts.append('<section id="weekly"><h2>Mentions per watched entity per week</h2>'
                     + charts.html(_figure_weekly(wk), "chart-weekly")
                     + f'<p class="muted">The {TOP_ENTITIES} most mentioned entities; the rest are summed as "other". '
                       "Former names count for the body they became.</p></section>")
    else:
        parts.append('<section id="weekly"><h2>Mentions per watched entity per week</h2><p>No mentions.</p></section>')

    # totals table
    rows = "".join(
        f"<tr><td>{_e(t['entity'])}</td><td><span class=tag>{_e(t['kind'])}</span></td><td class=num>{t['hits']}</td>"
        f"<td class=num>{t['articles']}</td><td>{_date(t['first_seen'])}</td><td>{_date(t['last_seen'])}</td>"
        f"<td>{_e(t['former_names'] or '')}</td></tr>" for t in tot)
    parts.append('<section id="entities"><h2>Watched entities found</h2><table><thead><tr><th>entity</th><th>kind</th>'
                 "<th>mentions</th><th>articles</th><th>first</th><th>last</th><th>former names used</th></tr></thead>"
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
                 + '<p class="muted">People who hold a post in the organization (roles), then people named in the same '
                   "sentence as the organization; titles from the roles in the same sentence.</p></section>")

    # appointments and dismissals
    ap = appointments(con, since)
    if ap:
        trs = "".join(
            f"<tr><td>{_date(r['published_at'])}</td><td><span class='tag {r['event']}'>{_e(r['event'])}</span></td>"
            f"<td>{_e(r['person'])}</td><td>{_e(r['title'] or '')}</td><td>{_e(r['organization'] or '')}</td>"
            f"<td>{_e(r['linked'])} <span class=muted>({_e(r['link'])})</span></td>"
            f"<td>{_link(r['url'], r['article_title'])}</td></tr>" for r in ap)
        parts.append('<section id="appointments"><h2>Appointments and dismissals</h2>'
                     + charts.html(_figure_timeline(ap), "chart-timeline")
                     + "<table><thead><tr><th>date</th><th>event</th><th>person</th><th>post</th><th>unit</th>"
                       f"<th>watched organization (link)</th><th>article</th></tr></thead><tbody>{trs}</tbody></table>"
                     + f'<p class="muted">{len(ap)} of {ap[0]["total"]} (the latest). '
                       "link: post = the role names a watched organization; sentence / article = a watched "
                       "organization is named in the same sentence / article.</p></section>")
    else:
        parts.append('<section id="appointments"><h2>Appointments and dismissals</h2>'
                     "<p>None linked to a watched organization.</p></section>")

    # latest mentions
    latest = match.hits(con, order="published DESC, article_id, start", limit=LATEST)
    trs = []
    for h in latest:
        snippet = f"{_e(h['snippet_left'])}<mark>{_e(h['snippet_hit'])}</mark>{_e(h['snippet_right'])}"
        ppl = "; ".join(_e(p["person"]) + (f" <span class=muted>({_e(p['title'])})</span>" if p["title"] else "")
                        for p in h["people"])
        how = " <span class=muted>(former name)</span>" if h["how"] == "former" else ""
        trs.append(f"<tr><td>{_date(h['published'])}</td><td>{_e(h['entity'])}{how}</td><td>{snippet}</td>"
                   f"<td>{ppl}</td><td>{_link(h['url'], h['title'])}</td></tr>")
    parts.append(f'<section id="latest"><h2>Latest mentions</h2><table><thead><tr><th>date</th><th>entity</th>'
                 f"<th>snippet</th><th>people in the sentence</th><th>article</th></tr></thead><tbody>"
                 f"{''.join(trs) or '<tr><td colspan=5>none</td></tr>'}</tbody></table></section>")

    files = ", ".join(wl.files)
    head = (f"<header><h1>aznews monitoring report</h1><p>dataset {_e(dataset_name)} · {period} · "
            f"{n_hits} mentions of {len(tot)} watched entities in {n_articles} articles · watchlist {_e(files)} · "
            f"generated {_e(generated_at.isoformat(timespec='seconds'))}</p></header>")
    return ("<!DOCTYPE html>\n<html lang=\"az\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>aznews monitoring report</title><style>{CSS}</style></head><body>{head}<main>"
            + "".join(parts) + "</main></body></html>\n")
