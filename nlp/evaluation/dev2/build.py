"""Build dev2/az-news-dev2.jsonl from dev2/source/*.txt (same markup as the dev set).

dev2 is a second, fresh evaluation set written in styles the dev set lacks (news-agency
leads, decree titles, foreign officials, companies in quotes, faculties, district police and
courts, numbered schools, patronymics everywhere, parks, reserves, festivals, funds).

    python -m aznews.nlp.evaluation.dev2.build            # rebuild the JSONL
    python -m aznews.nlp.evaluation.dev2.build --check    # exit 1 when the JSONL is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

from aznews.nlp.evaluation import markup

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
DEV2_PATH = HERE / "az-news-dev2.jsonl"


def main(argv: list[str] | None = None) -> int:
    return markup.main(argv, SOURCE_DIR, DEV2_PATH, module="aznews.nlp.evaluation.dev2.build")


if __name__ == "__main__":
    sys.exit(main())
