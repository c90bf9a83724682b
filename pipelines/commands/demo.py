"""`aznews demo`: the whole flow offline on the bundled demo site.

Serves data/demo_site on 127.0.0.1 (a free port, in this process), crawls it with
the bayraqdar.info source's spider (only the base URL differs from a real crawl),
runs the NLP stage, writes the dataset and prints a summary.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from aznews.pipelines.commands.crawl import add_crawl_options, crawl, crawl_failure, resolve_sources

HELP = "run the whole flow offline: serve the demo site, crawl it, extract, write Parquet, summarize"

# Politeness settings are for other people's servers; the demo server is our own.
LOCAL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "RETRY_TIMES": 1,
}


def configure(parser):
    add_crawl_options(parser)
    parser.add_argument("--fresh", action="store_true", help="delete OUT first (a local folder only)")


def run(args):
    from aznews.pipelines import dependencies

    dependencies.check(dependencies.CRAWL + (() if args.no_nlp else dependencies.NLP))  # before --fresh deletes
    from aznews.pipelines.demo.site import DemoSite, load_posts

    from aznews.pipelines.dataset.query import default_dataset

    args.out = args.out or default_dataset()
    if args.fresh and "://" not in args.out and Path(args.out).exists():
        shutil.rmtree(args.out)
    [source] = resolve_sources(["bayraqdar"])
    with DemoSite(load_posts()) as site:
        print(f"demo site serving {len(site.posts)} posts at {site.url}")
        stats = crawl([source], args, base_url=site.url, extra_settings=LOCAL_SETTINGS)
    error = crawl_failure(stats, args.out, [source])
    if error is not None:
        raise error
    print_summary(args.out)
    return 0


def print_summary(dataset: str) -> None:
    from rich.console import Console
    from rich.table import Table

    from aznews.pipelines.dataset.query import connect

    con = connect(dataset)
    console = Console()
    n_articles, n_langs = con.execute(
        "SELECT count(*), string_agg(DISTINCT language, ', ' ORDER BY language) FROM articles").fetchone()
    counts = dict(con.execute("SELECT label, count(*) FROM mentions GROUP BY label").fetchall())
    console.print(f"[bold]{n_articles}[/] articles ({n_langs}) in {dataset}; mentions: "
                  + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))

    people = Table(title="Top people with their posts")
    for col in ("person", "articles", "title", "organization"):
        people.add_column(col)
    rows = con.execute(
        """
        WITH p AS (SELECT entity_id, canonical AS person, articles AS n FROM entities WHERE label = 'PERSON'),
             r AS (SELECT person_id, arg_max(title, last_seen) AS title,
                          arg_max(organization, last_seen) AS organization FROM posts GROUP BY 1)
        SELECT p.person, p.n, coalesce(r.title, ''), coalesce(r.organization, '')
        FROM p LEFT JOIN r ON r.person_id = p.entity_id ORDER BY p.n DESC, p.person LIMIT 10
        """).fetchall()
    for row in rows:
        people.add_row(*(str(v) for v in row))
    console.print(people)

    orgs = Table(title="Top organizations")
    orgs.add_column("organization")
    orgs.add_column("articles")
    orgs.add_column("mentions")
    for row in con.execute(
        """SELECT canonical, articles, mentions FROM entities  -- one row per body, renamed or not
           WHERE label = 'ORGANIZATION' ORDER BY 2 DESC, 3 DESC, 1 LIMIT 10""").fetchall():
        orgs.add_row(*(str(v) for v in row))
    console.print(orgs)
