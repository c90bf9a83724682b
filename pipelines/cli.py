"""The `aznews` command line.

Each subcommand lives in its own module, which defines

    HELP: str                      one line for `aznews --help`
    configure(parser) -> None      adds the subcommand's arguments
    run(args) -> int               does the work, returns the exit status

Modules keep heavy imports (stanza, scrapy, duckdb) inside functions so that
`aznews --help` stays fast. A command signals bad input by raising
`UserError`; the CLI prints it as one line and exits with its status, never
with a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import logging
import sys

from aznews.pipelines.errors import UserError

# name -> module; order is the order shown in --help
COMMANDS = {
    "demo": "aznews.pipelines.commands.demo",
    "crawl": "aznews.pipelines.commands.crawl",
    "sources": "aznews.pipelines.commands.sources",
    "parse": "aznews.pipelines.commands.parse",
    "extract": "aznews.pipelines.commands.extract",
    "eval": "aznews.pipelines.commands.evaluate",
    "nlp": "aznews.pipelines.commands.nlp",
    "query": "aznews.pipelines.commands.query",
    "stats": "aznews.pipelines.commands.stats",
    "compact": "aznews.pipelines.commands.compact",
    "who": "aznews.pipelines.commands.who",
    "person": "aznews.pipelines.commands.person",
    "watch": "aznews.pipelines.commands.watch",
    "report": "aznews.pipelines.commands.report",
}


class OneLineParser(argparse.ArgumentParser):
    """argparse prints usage plus the error; users asked for one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand named in `argv` gets its arguments (configure() may
    import more than `aznews --help` needs). With argv None every subcommand is configured."""
    parser = OneLineParser(
        prog="aznews",
        description="Crawl Azerbaijani news, extract people, posts, organizations "
        "and dates, and write them to a Parquet dataset.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        if argv is None or name in argv:
            module.configure(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"aznews {args.command}: error: {exc}", file=sys.stderr)
        return exc.status
    except ImportError as exc:
        # a required package missing or broken where a command imports it (heavy imports
        # live inside functions): one line, unless -v asks for the traceback
        if args.verbose:
            raise
        from aznews.pipelines.dependencies import REINSTALL, one_line

        print(f"aznews {args.command}: error: a required package is missing or broken ({one_line(exc)}); "
              f"{REINSTALL}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"aznews {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
