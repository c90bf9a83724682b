"""`aznews extract`: people, posts, organizations, places and dates from Azerbaijani text.

    echo "Təhsil nazirinin müşaviri Elnur Nəsibov ..." | aznews extract --published 2021-12-17
    aznews extract --jsonl < articles.jsonl > extracted.jsonl

Without --jsonl all of stdin is one text and one JSON object is printed: the NLP contract
(`Analysis.to_contract`) plus "dates_detail" (each date's text, value, precision, offsets).
With --jsonl every input line is {"id", "text", "published"} and one line is written per input,
in input order; a bad line gets {"id": ..., "error": "..."} and the others go on. The
publication time may also be given as "published_at", the name `aznews parse` and the
articles table use.
"""
from __future__ import annotations

import json
import sys
from datetime import datetime

from aznews.pipelines.errors import UserError

HELP = "extract people, titles, organizations, places, dates and roles from text on stdin"


def configure(parser) -> None:
    parser.add_argument("--jsonl", action="store_true",
                        help='read JSON lines {"id", "text", "published"} (or "published_at") and write one '
                             'result line per input')
    parser.add_argument("--published", metavar="ISO",
                        help="publication date-time of the text (resolves dates without a year)")
    parser.add_argument("--batch-size", type=int, default=32, metavar="N",
                        help="texts per NER batch with --jsonl (default 32)")
    parser.add_argument("--model-dir", metavar="DIR", help="use the NER model in DIR instead of the shipped one")
    parser.add_argument("--no-model", action="store_true", help="rules only (no Stanza NER model)")


def check_published(value):
    """None or an ISO 8601 date/date-time string; anything else is a ValueError."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError("published must be an ISO 8601 string")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"published is not an ISO 8601 date: {value!r}") from None
    return value


def _detail(analysis) -> dict:
    out = analysis.to_contract(None)
    out["dates_detail"] = [
        {"text": d.text, "value": d.value, "precision": d.precision, "start": d.start, "end": d.end,
         "sentence": d.sentence, "end_value": d.end_value}
        for d in analysis.dates
    ]
    return out


def _analyzer(args):
    from aznews import nlp

    return nlp.Analyzer(model_dir=args.model_dir, use_model=not args.no_model)


def run(args) -> int:
    try:
        published = check_published(args.published)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if args.batch_size < 1:
        raise UserError("--batch-size must be at least 1")
    try:
        data = sys.stdin.buffer.read()
    except OSError as exc:
        raise UserError(f"cannot read stdin: {exc}", status=1) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError("stdin is not UTF-8 text", status=1) from None
    if not args.jsonl:
        analyzer = _analyzer(args)
        result = analyzer.analyze(text, published=published)
        json.dump(_detail(result), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    return _run_jsonl(args, text.splitlines())


def _parse_line(line: str, lineno: int):
    """(id, text, published) or (id, error)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"line {lineno}: invalid JSON: {exc.msg}"
    if not isinstance(obj, dict):
        return None, f"line {lineno}: expected a JSON object"
    ident = obj.get("id")
    text = obj.get("text")
    if not isinstance(text, str):
        return ident, f"line {lineno}: missing or non-string 'text'"
    given = {k: obj[k] for k in ("published", "published_at") if obj.get(k) not in (None, "")}
    if len(set(map(str, given.values()))) > 1:
        return ident, f"line {lineno}: 'published' and 'published_at' differ"
    try:
        published = check_published(next(iter(given.values()), None))
    except ValueError as exc:
        return ident, f"line {lineno}: {exc}"
    return ident, (text, published)


def _run_jsonl(args, lines: list[str]) -> int:
    parsed = []
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parsed.append(_parse_line(line, lineno))
    good = [(ident, val) for ident, val in parsed if isinstance(val, tuple)]
    results = iter(())
    if good:
        analyzer = _analyzer(args)
        results = analyzer.analyze_many((val for _, val in good), batch_size=args.batch_size)
    out = sys.stdout
    for ident, val in parsed:
        if isinstance(val, tuple):
            line = next(results).to_contract(ident)
        else:
            line = {"id": ident, "error": val}
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")
    out.flush()
    return 0
