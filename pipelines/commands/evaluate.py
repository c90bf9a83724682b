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

    try:
        return run_from_args(args)
    except EvaluationError as exc:
        raise UserError(str(exc)) from None
