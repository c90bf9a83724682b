"""Error table of the banker-2025 dev part by the categories of the real-news issue.

    python -m aznews.nlp.evaluation.errors                       # run the extractor, print the table
    python -m aznews.nlp.evaluation.errors --predictions P.jsonl # score saved `aznews extract --jsonl` lines

Every document-level miss (fn) and spurious value (fp) of persons, organizations and roles
(person + post, lenient matching as in `aznews eval --set banker`) is put in one category by
what it looks like; the table counts them. Only the dev part: the blind part is never read.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from aznews.nlp.evaluation import evaluate as E
from aznews.nlp.text import az_lower

_PREDICATIVE = ("dır", "dir", "dur", "dür")


def _names():
    from aznews.nlp import lexicon as L

    az = {az_lower(n) for n in L.given_names()} | {az_lower(n) for n in L.surnames()}
    foreign = {az_lower(n) for n in L.foreign_given_names() | L.foreign_surnames()}
    orgs = {}
    for b in L.other_organizations():
        for n in [b["name"], *b["aliases"], *b["abbreviations"]]:
            orgs[az_lower(n)] = b["kind"]
    countries = {az_lower(x) for x in L.locations()}
    return az, foreign - az, orgs, countries


def person_category(value: str, other_side: set, names) -> str:
    az, foreign, _, _ = names
    words = value.split()
    if "." in value:
        return "initialled form not resolved"
    if any(w.endswith(_PREDICATIVE) for w in words[-1:]):
        return "predicative ending left on"
    if any(sorted(words) == sorted(o.split()) for o in other_side) or any(
            set(words) < set(o.split()) or set(o.split()) < set(words) for o in other_side):
        return "wrong extent or order (part of the name, extra word)"
    if any(w in foreign for w in words) or not all(w in az for w in words):
        return "foreign person"
    if len(words) >= 3:
        return "three-part name"
    return "other person"


def org_category(value: str, other_side: set, names) -> str:
    _, _, orgs, countries = names
    words = value.split()
    if any(set(words) < set(o.split()) or set(o.split()) < set(words) for o in other_side):
        return "boundary (yanında chains, glued names, fragments)"
    if value in orgs or ".az" in value or value.endswith((" bank", " holding", " group")) or (
            value.isascii() and value.replace(" ", "").isalpha()):
        return "company, bank, brand or media"
    if any(w.startswith(("məktəb", "lisey", "gimnaziya", "bağça", "fakültə")) for w in words):
        return "school, faculty or other numbered or named institution"
    if words and words[0] != "azərbaycan" and words[0] in countries and len(words) > 1:
        return "body written with a place name (foreign bodies, regional offices)"
    return "other organization"


def role_category(g, pred_persons: set, names) -> str:
    person, title, org = g[0], g[1], g[2]
    az, foreign, _, _ = names
    if person not in pred_persons and not any(E.lenient_key(person) == E.lenient_key(p) for p in pred_persons):
        if any(w in foreign for w in person.split()) or not all(w in az for w in person.split()):
            return "foreign official not found"
        return "person not found"
    return "person found, post missed or different (biographies, field words, post after the name)"


def table(docs: list[dict], predictions: dict[str, dict]) -> dict[str, Counter]:
    names = _names()
    out = {"persons": Counter(), "organizations": Counter(), "roles": Counter()}
    for d in docs:
        pred = predictions.get(d["id"], {})
        g = E._field_sets(d["gold"], with_org=True)
        p = E._field_sets(pred, with_org=True)
        for field, cat in (("persons", person_category), ("organizations", org_category)):
            same = E._lenient_same(field)
            for v in g[field]:
                if not any(v == x or same(v, x) for x in p[field]):
                    out[field]["missed: " + cat(v, p[field], names)] += 1
            for v in p[field]:
                if not any(v == x or same(x, v) for x in g[field]):
                    out[field]["spurious: " + cat(v, g[field], names)] += 1
        same = E._lenient_same("roles_pt")
        for r in g["roles_pt"]:
            if not any(r == x or same(r, x) for x in p["roles_pt"]):
                out["roles"]["missed: " + role_category(r, p["persons"], names)] += 1
        out["roles"]["spurious"] += sum(1 for x in p["roles_pt"] if not any(x == r or same(r, x) for r in g["roles_pt"]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aznews.nlp.evaluation.errors", description=__doc__.split("\n")[0])
    ap.add_argument("--predictions", help="`aznews extract --jsonl` output for the dev part (by id)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from aznews.nlp.evaluation.banker import build as banker

    docs = banker.load_set("dev")
    if args.predictions:
        predictions = E.load_predictions(args.predictions)
    else:
        from aznews import nlp

        an = nlp.Analyzer()
        predictions = {d["id"]: an.analyze(d["text"], d["published"]).to_contract(d["id"]) for d in docs}
    result = table(docs, predictions)
    if args.json:
        print(json.dumps({k: dict(v) for k, v in result.items()}, ensure_ascii=False, indent=1))
        return 0
    for field, counts in result.items():
        print(f"{field}:")
        for cat, n in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {n:4d}  {cat}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
