"""Build dev2/az-news-dev2.jsonl from dev2/source/*.txt (same markup as the dev set).

dev2 is a second, fresh evaluation set written in styles the dev set lacks (news-agency
leads, decree titles, foreign officials, companies in quotes, faculties, district police and
courts, numbered schools, patronymics everywhere, parks, reserves, festivals, funds).

    python -m nlp.evaluation.dev2.build            # rebuild the JSONL
    python -m nlp.evaluation.dev2.build --check    # exit 1 when the JSONL is out of date
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nlp.evaluation.markup import MarkupError, build_all, dumps

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
DEV2_PATH = HERE / "az-news-dev2.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the dev2 set JSONL from its marked-up sources.")
    ap.add_argument("--check", action="store_true", help="only check that the JSONL is up to date")
    args = ap.parse_args(argv)
    try:
        text = dumps(build_all(SOURCE_DIR))
    except MarkupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = DEV2_PATH.read_text(encoding="utf-8") if DEV2_PATH.exists() else ""
        if current != text:
            print(f"{DEV2_PATH} is out of date; run python -m nlp.evaluation.dev2.build", file=sys.stderr)
            return 1
        print(f"{DEV2_PATH}: up to date")
        return 0
    DEV2_PATH.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} documents to {DEV2_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
