"""`aznews eval`: score the extractor on the bundled dev set (and the Wikipedia-style NER set).

    aznews eval                          run nlp.Analyzer on the dev set (+ ../shared wiki set if present)
    aznews eval --dev PATH --wiki PATH   other sets
    aznews eval --predictions out.jsonl  score `aznews extract --jsonl` lines, matched by id
    aznews eval --json                   machine-readable report
"""
from __future__ import annotations

from aznews.pipelines.errors import UserError

HELP = "score the NLP extractor on the dev set (span and field precision/recall/F1)"


def configure(parser):
    from aznews.nlp.evaluation.evaluate import add_arguments

    add_arguments(parser)


def run(args) -> int:
    from aznews.nlp.evaluation.evaluate import EvaluationError, run_from_args

    for option in ("dev", "predictions"):  # the files read as UTF-8 JSON lines
        _check_text_file(f"--{option}", getattr(args, option, None))
    try:
        return run_from_args(args)
    except EvaluationError as exc:
        raise UserError(str(exc)) from None
    except UnicodeDecodeError as exc:  # a file of the wiki-style set
        raise UserError(f"an evaluation file is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _check_text_file(option: str, path) -> None:
    """A given input file that is not UTF-8 text (a binary file) is one line, not a traceback."""
    if not path:
        return
    import codecs
    import os

    if os.path.isdir(path):
        raise UserError(f"{option} {path} is a folder, not a JSON lines file")
    try:
        decoder = codecs.getincrementaldecoder("utf-8")()
        with open(path, "rb") as fh:
            offset = 0
            while chunk := fh.read(1 << 20):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise UserError(f"{option} {path} is not UTF-8 text (byte {offset + exc.start + 1})") from None
                offset += len(chunk)
            decoder.decode(b"", final=True)
    except FileNotFoundError:
        return  # the evaluator says which file is missing
    except UnicodeDecodeError:
        raise UserError(f"{option} {path} is not UTF-8 text (it ends inside a character)") from None
    except OSError as exc:
        raise UserError(f"cannot read {option} {path}: {exc.strerror or exc}") from None
