"""`aznews crawl SOURCE...`: crawl news sites into the Parquet dataset.

    aznews crawl bayraqdar apa.az                  # sources of the registry, by name or host
    aznews crawl https://news.example.az/          # any site, by a URL: home page, feed, sitemap
    aznews crawl --sources my-sites.toml           # every source of your own registry file

The same code path as `aznews demo`: the registry's spider, the extraction
cascade, the NLP stage and the dataset writer; only the base URL differs. A URL
that is not a listed site's home page is crawled from that URL: the spider reads
what it answers with (a feed, a sitemap, the WordPress REST API, or a page that
links its feeds, API and sitemaps) and tries those in the registry's order.
"""
from __future__ import annotations

import re
import uuid

from aznews.pipelines.commands.argtypes import iso_date, positive_int
from aznews.pipelines.errors import UserError

HELP = "crawl news sources into the Parquet dataset"


def configure(parser):
    parser.add_argument("sources", nargs="*", metavar="SOURCE",
                        help="a source's name or host from `aznews sources` (or from --sources FILE), or the URL "
                             "of any site: its home page, a section page, a feed, a sitemap, a WordPress API")
    parser.add_argument("--sources", dest="sources_file", metavar="FILE",
                        help="your own registry file, in the format of crawler/sources.toml, instead of the "
                             "bundled one; without SOURCE, every source in it is crawled")
    add_crawl_options(parser)
    parser.add_argument("--base-url", help="fetch the (single) source from this base URL instead (a mirror or test site)")
    parser.add_argument("--worker-id", help="with --scheduler: this worker's id, also its part-file prefix (default host-pid)")
    parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", dest="scrapy_set",
                        help="a Scrapy or aznews setting for this crawl, repeatable (e.g. DOWNLOAD_DELAY=2, "
                             "AZNEWS_REDIS_WORKER_TTL=30)")


def add_crawl_options(parser) -> None:
    parser.add_argument("--out", default=None,
                        help="dataset root, a path or fsspec URL (default: $AZNEWS_DATASET or data/aznews, "
                             "the dataset every other command reads)")
    parser.add_argument("--since", type=iso_date, help="only articles published on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=iso_date, help="only articles published on or before this date (YYYY-MM-DD)")
    parser.add_argument("--max-articles", type=positive_int, metavar="N", help="stop after N articles")
    parser.add_argument("--jobdir", help="Scrapy JOBDIR: the same folder resumes an interrupted crawl")
    parser.add_argument("--state", help="incremental state folder (default OUT/_state for a local OUT)")
    parser.add_argument("--no-nlp", action="store_true", help="store articles only; run `aznews nlp` later")
    parser.add_argument("--scheduler", metavar="redis://HOST:PORT/DB",
                        help="share the frontier and duplicate filter through Redis (several workers, one crawl)")
    parser.add_argument("--contact", help="contact (e-mail or URL) added to the User-Agent")
    parser.add_argument("--no-progress", action="store_true", help="no live progress display")
    parser.add_argument("--nlp-processes", metavar="N|auto",
                        help="worker processes that run the NLP (default auto: one per core, as memory allows; "
                             "0: a thread of the crawl process)")
    parser.add_argument("--extract-processes", metavar="N|auto",
                        help="worker processes that parse the downloaded pages (default auto: one per spare core; "
                             "0: in the crawl process)")


def _non_negative_int(name: str, value) -> int:
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number >= 0, not {value!r}") from None
    if n < 0:
        raise ValueError(f"{name} must be >= 0, not {n}")
    return n


def _check_settings(settings: dict, from_option: bool) -> None:
    """aznews settings that the spider reads only once the crawl has started: a bad value
    (from --set or an option) is one line and exit 2 here, not an error inside Scrapy."""
    from aznews.crawler.extract_pool import processes_setting
    from aznews.pipelines.analysis import processes_setting as nlp_processes

    checks = {"AZNEWS_EXTRACT_PROCESSES": processes_setting,
              "AZNEWS_NLP_PROCESSES": nlp_processes,
              "AZNEWS_GC_THRESHOLD": lambda v: _non_negative_int("AZNEWS_GC_THRESHOLD", v)}
    for name, check in checks.items():
        if name in settings:
            try:
                check(settings[name])
            except ValueError as exc:
                msg = str(exc)
                if name == "AZNEWS_EXTRACT_PROCESSES" and from_option:
                    msg = msg.replace(name, "--extract-processes")
                if name == "AZNEWS_NLP_PROCESSES":
                    msg = msg.replace("NLP processes", "--nlp-processes")
                raise UserError(msg) from None


def _is_local(out: str) -> bool:
    return "://" not in out or out.startswith("file://")


def resolve_sources(names: list[str], registry_file: str | None = None) -> list[dict]:
    """Sources by registry name or host, or from any site's URL (one source per site: the
    discovery of several URLs of one site starts at the first that works)."""
    from aznews.crawler.sources import SourceError, get_source, load_sources, source_for_url

    try:
        registry = load_sources(registry_file)
        if not names:
            if registry_file is None:
                raise UserError("give a SOURCE (a name from `aznews sources` or a site's URL), or --sources FILE")
            return registry
        out: dict[str, dict] = {}
        for n in names:
            src = source_for_url(n, registry) if n.startswith(("http://", "https://")) else get_source(n, registry)
            if src["name"] in out:
                if src["discovery"] != out[src["name"]]["discovery"]:
                    out[src["name"]]["discovery"] += [d for d in src["discovery"]
                                                      if d not in out[src["name"]]["discovery"]]
                continue
            out[src["name"]] = src
        return list(out.values())
    except SourceError as exc:
        raise UserError(str(exc)) from None


def crawl(sources: list[dict], args, base_url: str | None = None, extra_settings: dict | None = None) -> dict:
    """Run one crawl into args.out (the default dataset when None; args.out is set to it) with the
    dataset pipeline; returns Scrapy's stats."""
    from aznews.pipelines import dependencies

    dependencies.check(dependencies.CRAWL + (() if args.no_nlp else dependencies.NLP))  # before anything is written
    from aznews.crawler.run import run_crawl
    from aznews.pipelines.dataset.query import default_dataset

    args.out = args.out or default_dataset()

    if args.since and args.until and args.since > args.until:
        raise UserError(f"--since {args.since} is after --until {args.until}")
    out = args.out
    state = args.state
    scheduler = getattr(args, "scheduler", None)
    if scheduler and (state or args.jobdir):
        raise UserError("--scheduler cannot be combined with --state or --jobdir (Redis holds the crawl's state)")
    if state is None and _is_local(out) and not scheduler:
        state = re.sub(r"^file://", "", out).rstrip("/") + "/_state"
    crawl_id = uuid.uuid4().hex[:12]
    settings = {
        "AZNEWS_OUT": out,
        "AZNEWS_NLP": not args.no_nlp,
        "AZNEWS_CRAWL_ID": crawl_id,
    }
    if args.contact:
        settings["USER_AGENT"] = f"aznews/0.1 (+https://github.com/aznews/aznews; {args.contact})"
    if scheduler:
        from aznews.pipelines.distributed import redis_settings

        settings.update(redis_settings(scheduler, worker_id=getattr(args, "worker_id", None)))
    elif getattr(args, "worker_id", None):
        settings["AZNEWS_WRITER_ID"] = args.worker_id
    settings.update(extra_settings or {})
    for kv in getattr(args, "scrapy_set", None) or []:
        key, sep, value = kv.partition("=")
        if not sep or not key:
            raise UserError(f"--set needs KEY=VALUE, not {kv!r}")
        settings[key] = value
    if args.extract_processes is not None:
        settings["AZNEWS_EXTRACT_PROCESSES"] = args.extract_processes
    if args.nlp_processes is not None:
        settings["AZNEWS_NLP_PROCESSES"] = args.nlp_processes
    _check_settings(settings, from_option=args.extract_processes is not None)
    return run_crawl(
        sources,
        out_items_pipelines={"aznews.pipelines.item_pipeline.DatasetPipeline": 500},
        settings=settings,
        since=args.since,
        until=args.until,
        max_articles=args.max_articles,
        jobdir=args.jobdir,
        state_dir=state,
        base_url=base_url,
        progress=not args.no_progress and not getattr(args, "quiet", False),
        summary=not getattr(args, "quiet", False),
        crawl_id=crawl_id,
    )


def check_written(stats: dict, out: str) -> None:
    """A failed dataset write ends the command with one line and exit 1 (the crawl stopped there)."""
    error = stats.get("aznews/dataset/error")
    if error:
        raise UserError(f"writing to {out} failed: {error}; batches written before are kept "
                        f"({stats.get('aznews/dataset/written', 0)} articles)", status=1)


def run(args):
    sources = resolve_sources(args.sources, args.sources_file)
    if args.base_url and len(sources) != 1:
        raise UserError("--base-url needs exactly one source")
    stats = crawl(sources, args, base_url=args.base_url)
    check_written(stats, args.out)
    failed = stats.get("aznews/failed", 0)
    articles = stats.get("aznews/articles", 0)
    print(f"crawled {articles} articles into {args.out}"
          f" ({stats.get('aznews/rejected', 0)} pages rejected, {failed} failed)")
    errors = {k.rsplit("/", 1)[-1].rsplit(".", 1)[-1]: v for k, v in stats.items()
              if k.startswith("downloader/exception_type_count/")}
    if not articles and errors and not stats.get("downloader/response_count"):
        kinds = ", ".join(f"{n} x {name}" for name, n in sorted(errors.items()))
        raise UserError(f"no site answered ({kinds}): check the network or the source's base URL", status=1)
    return 0
