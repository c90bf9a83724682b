"""Checks of the blind evaluation set (run explicitly: pytest -q tests/test_nlp_blind_set.py)."""
from __future__ import annotations

import json

import pytest

from aznews.nlp.evaluation import markup
from aznews.nlp.evaluation.blind import build


def _load():
    return [json.loads(line) for line in build.BLIND_PATH.read_text(encoding="utf-8").splitlines()]


def test_jsonl_is_built_from_the_sources():
    assert build.BLIND_PATH.read_text(encoding="utf-8") == markup.dumps(markup.build_all(build.SOURCE_DIR))


def test_consistency_checks_pass():
    docs = _load()
    assert len(docs) == 40
    assert build.check(docs, build.SOURCE_DIR, markup.build_all(markup.SOURCE_DIR)) == []


def test_offsets_point_at_the_canonical_mentions():
    for doc in _load():
        for span in doc["spans"]:
            surface = doc["text"][span["start"] : span["end"]]
            assert surface and "[" not in surface and "|" not in surface
            if span["label"] == "PERSON" and " " in surface and "oğlu" not in surface and "qızı" not in surface \
                    and "." not in surface:
                # a written-out full name starts with the canonical given name
                assert surface.split()[0] == span["canonical"].split()[0], (doc["id"], span)


def test_check_catches_a_broken_offset():
    docs = _load()
    broken = json.loads(json.dumps(docs))
    broken[0]["spans"][0]["start"] += 1
    assert any("reads" in p for p in build.check(broken, build.SOURCE_DIR))


def test_check_catches_a_role_with_an_unknown_title():
    docs = json.loads(json.dumps(_load()))
    docs[0]["gold"]["roles"].append({"person": docs[0]["gold"]["persons"][0], "title": "no such post",
                                     "organization": "", "event": "holds"})
    assert any("not a gold title" in p for p in build.check(docs, build.SOURCE_DIR))


@pytest.mark.parametrize("field", ["persons", "organizations", "locations", "titles", "dates"])
def test_every_document_has_gold_for_most_fields(field):
    docs = _load()
    assert sum(bool(d["gold"][field]) for d in docs) >= 30
