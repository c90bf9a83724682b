"""Build the blind evaluation set (blind/source/*.txt -> blind/az-news-blind.jsonl) and check it.

Uses the dev set's converter (nlp.evaluation.markup) unchanged, then runs extra consistency
checks on the result, so that offsets and gold fields are verified by a program:

- every span's text[start:end] is the surface written in the markup, with no outer whitespace,
  and spans do not overlap;
- every document has 120-350 words, an id "blind-NNN", and at least one span;
- every role's person is one of the document's gold persons, its title one of its gold titles,
  and its organization (when not empty) a gold organization or a ministry inferred from a
  "<field> naziri" title;
- no PERSON full name (canonical) is shared with the dev set (the blind set reuses no people).

    python -m aznews.nlp.evaluation.blind.build            # rebuild az-news-blind.jsonl
    python -m aznews.nlp.evaluation.blind.build --check    # exit 1 when out of date or inconsistent
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from aznews.nlp.evaluation import markup

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
BLIND_PATH = HERE / "az-news-blind.jsonl"
MIN_WORDS, MAX_WORDS = 120, 350


def _surfaces(source_dir: Path) -> dict[str, list[str]]:
    """The span surfaces of each document, read straight from the markup."""
    out: dict[str, list[str]] = {}
    for path in sorted(source_dir.glob("*.txt")):
        chunks = re.split(r"^=== *(\S+) *$", path.read_text(encoding="utf-8"), flags=re.M)
        for doc_id, chunk in zip(chunks[1::2], chunks[2::2]):
            body = chunk.split("\n\n", 1)[1] if "\n\n" in chunk.strip("\n") else ""
            body = " ".join(body.split())
            out[doc_id] = [m.group(2) for m in markup._SPAN.finditer(body)]
    return out


def check(docs: list[dict], source_dir: Path = SOURCE_DIR, dev_docs: list[dict] | None = None) -> list[str]:
    problems: list[str] = []
    surfaces = _surfaces(source_dir)
    dev_people = {p for d in (dev_docs or []) for p in d["gold"]["persons"]}
    for doc in docs:
        did, text = doc["id"], doc["text"]
        if not re.fullmatch(r"blind-\d{3}", did):
            problems.append(f"{did}: id must be blind-NNN")
        words = len(text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            problems.append(f"{did}: {words} words, want {MIN_WORDS}-{MAX_WORDS}")
        if not doc["spans"]:
            problems.append(f"{did}: no spans")
        expected = surfaces.get(did, [])
        if len(expected) != len(doc["spans"]):
            problems.append(f"{did}: {len(doc['spans'])} spans, markup has {len(expected)}")
        last_end = -1
        for span, surface in zip(doc["spans"], expected):
            got = text[span["start"] : span["end"]]
            if got != surface or got != got.strip() or not got:
                problems.append(f"{did}: span {span} reads {got!r}, markup says {surface!r}")
            if span["start"] < last_end:
                problems.append(f"{did}: overlapping span {span}")
            last_end = span["end"]
            if "|" in span["canonical"] or span["canonical"] != span["canonical"].strip():
                problems.append(f"{did}: bad canonical in {span}")
            if span["label"] == "PERSON" and " " not in span["canonical"]:
                problems.append(f"{did}: person canonical {span['canonical']!r} is not a full name")
        gold = doc["gold"]
        orgs = set(gold["organizations"])
        for role in gold["roles"]:
            if role["person"] not in gold["persons"]:
                problems.append(f"{did}: role person {role['person']!r} is not a gold person")
            if role["title"] not in gold["titles"]:
                problems.append(f"{did}: role title {role['title']!r} is not a gold title")
            org = role["organization"]
            if org and org not in orgs and not org.endswith("Nazirliyi"):
                problems.append(f"{did}: role organization {org!r} is not a gold organization")
        for person in gold["persons"]:
            if person in dev_people:
                problems.append(f"{did}: person {person!r} also occurs in the dev set")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build and check the blind evaluation set JSONL.")
    ap.add_argument("--check", action="store_true", help="only check; exit 1 when out of date or inconsistent")
    args = ap.parse_args(argv)
    try:
        docs = markup.build_all(SOURCE_DIR)
        dev_docs = markup.build_all(markup.SOURCE_DIR)
    except markup.MarkupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    problems = check(docs, SOURCE_DIR, dev_docs)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    text = markup.dumps(docs)
    if args.check:
        current = BLIND_PATH.read_text(encoding="utf-8") if BLIND_PATH.exists() else ""
        if current != text:
            print(f"{BLIND_PATH} is out of date; run python -m aznews.nlp.evaluation.blind.build", file=sys.stderr)
            return 1
        if problems:
            return 1
        print(f"{BLIND_PATH}: {len(docs)} documents, up to date")
        return 0
    if problems:
        return 1
    BLIND_PATH.write_text(text, encoding="utf-8")
    spans = sum(len(d["spans"]) for d in docs)
    roles = sum(len(d["gold"]["roles"]) for d in docs)
    words = sum(len(d["text"].split()) for d in docs)
    print(f"wrote {len(docs)} documents ({words} words, {spans} spans, {roles} roles) to {BLIND_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
