"""`aznews stats`: a summary of the dataset.

Entities are counted by their identity (pipelines/identity/): a renamed body, an
organization written in several ways, a person named in full, initialled or surname
first are one entity each, with one id (the same ids as the entities view, `watch` and
`report`).
"""
from __future__ import annotations

HELP = "summarize the dataset: articles per source and language, mentions, roles, dates"

SECTIONS = [
    ("Articles per source and language",
     "SELECT source, coalesce(language, '') AS language, count(*) AS articles, "
     "min(published_at) AS first_published, max(published_at) AS last_published "
     "FROM articles GROUP BY ALL ORDER BY source, language"),
    ("Mentions per label",
     "SELECT label, count(*) AS mentions, count(DISTINCT entity_id) AS entities, count(DISTINCT article_id) AS articles "
     "FROM mentions GROUP BY label ORDER BY mentions DESC"),
    ("Top organizations",
     "SELECT canonical AS organization, entity_id, mentions, articles, "
     "CASE WHEN len(names) > 1 THEN array_to_string(names, '; ') ELSE '' END AS names_used "
     "FROM entities WHERE label = 'ORGANIZATION' ORDER BY articles DESC, mentions DESC, organization LIMIT 10"),
    ("Roles per event", "SELECT event, count(*) AS roles, count(DISTINCT person_id) AS persons FROM roles GROUP BY event ORDER BY roles DESC"),
    ("Most frequent posts",
     "SELECT title, nullif(organization, '') AS organization, nullif(parent_organization, '') AS part_of, "
     "count(DISTINCT person_id) AS holders, sum(articles) AS articles FROM posts "
     "GROUP BY ALL ORDER BY articles DESC, holders DESC, title, organization LIMIT 10"),
    ("Dates",
     "SELECT (SELECT min(published_at) FROM articles) AS first_published, (SELECT max(published_at) FROM articles) AS last_published, "
     "(SELECT count(*) FROM dates) AS dates_in_text, (SELECT min(value) FROM dates) AS earliest_date_in_text, "
     "(SELECT max(coalesce(end_value, value)) FROM dates) AS latest_date_in_text"),
]


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")


def run(args):
    from rich.console import Console
    from rich.table import Table

    from aznews.pipelines.dataset.query import connect, damaged_files, default_dataset
    from aznews.pipelines.dataset.writer import TABLE_NAMES, Dataset

    dataset = args.dataset or default_dataset()
    con = connect(dataset)
    console = Console()
    total = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), "
                        "(SELECT count(*) FROM roles), (SELECT count(*) FROM dates)").fetchall()[0]
    console.print(f"dataset {dataset}: {total[0]} articles, {total[1]} mentions, {total[2]} roles, {total[3]} dates", soft_wrap=True)
    ds = Dataset(dataset)
    pending = sum(len(ds.pending_files(t)) for t in TABLE_NAMES)
    damaged = damaged_files(ds)
    console.print(f"files: {sum(len(ds.published_files(t)) for t in TABLE_NAMES)} published, {pending} pending "
                  f"(merged into the published files by the next write or `aznews compact`), {len(damaged)} damaged",
                  soft_wrap=True)
    for p in damaged:
        console.print(f"  damaged (skipped by every reader; `aznews compact --repair` moves it aside): {p}", soft_wrap=True)
    for title, sql in SECTIONS:
        res = con.execute(sql)
        cols = [d[0] for d in res.description]
        rows = res.fetchall()
        t = Table(title=title, title_justify="left")
        for c in cols:
            t.add_column(c)
        for row in rows:
            t.add_row(*("" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v)) for v in row))
        console.print(t)
    con.close()
    return 0
