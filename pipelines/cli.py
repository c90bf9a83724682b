"""The `aznews` command line.

Each subcommand lives in its own module, which defines

    HELP: str                      one line for `aznews --help`
    configure(parser) -> None      adds the subcommand's arguments
    run(args) -> int               does the work, returns the exit status

Modules keep heavy imports (stanza, scrapy, duckdb) inside functions so that
`aznews --help` stays fast. A command signals bad input by raising
`UserError`; the CLI prints it as one line and exits with its status, never
with a traceback.

Logging (`-v`, `-q`, `--log-file`, before or after the command name): by default
stderr gets warnings and errors only, one line each (a traceback becomes its last
line; the log file keeps it whole); `-v` shows the full log (Scrapy's included) at
INFO, `-vv` at DEBUG (which includes Scrapy's per-item records, article text and
all); `-q` errors only. `--log-file FILE` appends the full log at INFO (DEBUG with
-vv) to FILE whatever stderr shows. Progress displays and summaries are not log
records: they are the commands' own output on stderr.
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


def _log_options(parser, top: bool) -> None:
    # the same options after the command name; SUPPRESS keeps them from overwriting the ones given before it
    kw = {} if top else {"default": argparse.SUPPRESS}
    parser.add_argument("-v", "--verbose", action="count", help="more log on stderr: -v the full log, -vv debug",
                        **({"default": 0} if top else kw))
    parser.add_argument("-q", "--quiet", action="store_true", help="errors only on stderr; no progress display",
                        **kw)
    parser.add_argument("--log-file", metavar="FILE", help="append the full log (INFO, DEBUG with -vv) to FILE",
                        **kw)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("aznews")
    except PackageNotFoundError:
        return "unknown (not installed)"


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the subcommand named in `argv` gets its arguments (configure() may
    import more than `aznews --help` needs). With argv None every subcommand is configured."""
    parser = OneLineParser(
        prog="aznews",
        description="Crawl Azerbaijani news, extract people, posts, organizations "
        "and dates, and write them to a Parquet dataset.",
    )
    parser.add_argument("--version", action="version", version=f"aznews {_version()}")
    _log_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    sub.required = True
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        if argv is None or name in argv:
            module.configure(p)
            _log_options(p, top=False)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        setup_logging(args.verbose or 0, args.quiet, args.log_file)
    except OSError as exc:
        print(f"aznews {args.command}: error: cannot write the log file {args.log_file}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
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
    except Exception as exc:  # noqa: BLE001 - a bug or an unforeseen failure: still one line, never a traceback
        logging.getLogger("aznews").debug("unexpected error", exc_info=True)
        first = str(exc).strip().splitlines()
        print(f"aznews {args.command}: error: {type(exc).__name__}: {first[0] if first else 'unexpected error'}"
              + ("" if args.verbose else " (-v shows the traceback)"), file=sys.stderr)
        module = importlib.import_module(COMMANDS[args.command])
        return getattr(module, "RUNTIME_ERROR_STATUS", 1)


FULL_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class CurrentStderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a live progress display swaps it, to
    print the record above itself)."""

    def __init__(self):
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


class OneLineFormatter(logging.Formatter):
    """'warning: message' on one line: newlines folded, an exception as its type and message."""

    MAX = 500

    def format(self, record: logging.LogRecord) -> str:
        msg = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            msg = f"{msg}: {type(exc).__name__}: {exc}"
        msg = " ".join(msg.split())
        if len(msg) > self.MAX:
            msg = msg[: self.MAX - 1] + "…"
        return f"{record.levelname.lower()}: {msg}"


def setup_logging(verbose: int = 0, quiet: bool = False, log_file: str | None = None) -> None:
    """Handlers on the root logger for stderr (and a file); the root level is the lowest one they
    write, so nothing below it is even built (crawler/logformatter.py and run_crawl rely on that)."""
    root = logging.getLogger()
    for h in list(root.handlers):
        root.removeHandler(h)
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    err = CurrentStderrHandler()
    err.setLevel(level)
    err.setFormatter(OneLineFormatter() if verbose == 0 else logging.Formatter(FULL_FORMAT))
    root.addHandler(err)
    lowest = level
    if log_file:
        fh = logging.FileHandler(log_file, encoding="utf-8")
        fh.setLevel(logging.DEBUG if verbose >= 2 else logging.INFO)
        fh.setFormatter(logging.Formatter(FULL_FORMAT))
        root.addHandler(fh)
        lowest = min(lowest, fh.level)
    root.setLevel(lowest)
    logging.captureWarnings(True)  # library warnings: one line each, like every other warning


if __name__ == "__main__":
    sys.exit(main())
