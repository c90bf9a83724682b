"""Score the extractor on the hand-annotated dev set and on the noisy Wikipedia-style NER set.

    from aznews.nlp.evaluation.evaluate import evaluate, load_dev
    report = evaluate(nlp.analyze, load_dev())

`predict(text, published)` returns an `nlp.types.Analysis` or a contract dict (the JSON
object of `aznews extract --jsonl`). The report has

- span-level precision/recall/F1 per label (exact character match, and a lenient variant in
  which any overlap with the same label counts, one-to-one),
- document-level P/R/F1 per field on canonical forms (persons, organizations, locations,
  titles, dates, roles on (person, title) and on (person, title, organization)),
  micro-averaged over documents; strings compare after Azerbaijani lower-casing
  (nlp.text.az_lower) and whitespace normalization,
- how many non-Azerbaijani documents were skipped.

Run: `python -m aznews.nlp.evaluation.evaluate [--dev PATH] [--wiki PATH | --no-wiki] [--json]`
or `aznews eval`. The Wikipedia-style set is read from ../shared at run time only; it is
never copied into the project.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Callable, Iterable

from aznews.nlp.text import az_lower
from aznews.nlp.types import LABELS

HERE = Path(__file__).resolve().parent
DEV_PATH = HERE / "dev" / "az-news-dev.jsonl"
WIKI_DEFAULT = HERE.parents[1].parent / "shared" / "data" / "eval-only" / "az-ner-wiki-style"
FIELDS = ("persons", "organizations", "locations", "titles", "dates", "roles_pt", "roles_pto")
WIKI_LABELS = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION", "DATE": "DATE"}
WIKI_SPLITS = {"train": ("train_words", "train_tags"), "valid": ("valid_words", "valid_tags"),
               "test": ("test-sents.txt", "test-tags.txt")}


class EvaluationError(ValueError):
    """Bad input: a missing or malformed dev set, predictions or wiki-style set."""


# --- loading -----------------------------------------------------------------

def load_dev(path: str | Path = DEV_PATH) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"dev set not found: {path}")
    docs = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(doc, dict) or not {"id", "text", "spans", "gold"} <= doc.keys():
                raise EvaluationError(f"{path}:{n}: a dev document needs id, text, spans and gold")
            docs.append(doc)
    if not docs:
        raise EvaluationError(f"dev set is empty: {path}")
    return docs


def load_predictions(path: str | Path) -> dict[str, dict]:
    """Contract JSON lines (`aznews extract --jsonl`) by id."""
    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"predictions file not found: {path}")
    preds: dict[str, dict] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EvaluationError(f"{path}:{n}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or obj.get("id") is None:
                raise EvaluationError(f"{path}:{n}: a prediction line needs an 'id'")
            preds[str(obj["id"])] = obj
    return preds


def _read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_wiki(path: str | Path = WIKI_DEFAULT, splits: Iterable[str] = ("train", "valid", "test")) -> dict:
    """Read the BIO word/tag files into documents with token-based character spans.

    Words are joined with single spaces to make the text. Lines whose word and tag counts
    differ, and tags outside PER/LOC/ORG/DATE, are counted and left out (I- without B- starts
    a span, as conlleval does)."""
    root = Path(path)
    if not root.is_dir():
        raise EvaluationError(
            f"Wikipedia-style evaluation set not found at {root} (pass --wiki PATH to the "
            "az-ner-wiki-style folder of ../shared, or --no-wiki)")
    docs: list[dict] = []
    bad_lines = 0
    bad_tags = 0
    for split in splits:
        words_name, tags_name = WIKI_SPLITS[split]
        wpath, tpath = root / words_name, root / tags_name
        if not (wpath.is_file() and tpath.is_file()):
            continue
        for i, (wline, tline) in enumerate(zip(_read_lines(wpath), _read_lines(tpath))):
            words, tags = wline.split(), tline.split()
            if not words:
                continue
            if len(words) != len(tags):
                bad_lines += 1
                continue
            text = " ".join(words)
            spans: list[dict] = []
            pos = 0
            current: dict | None = None
            for word, tag in zip(words, tags):
                start, end = pos, pos + len(word)
                pos = end + 1
                prefix, _, kind = tag.partition("-")
                label = WIKI_LABELS.get(kind)
                if tag != "O" and (label is None or prefix not in ("B", "I")):
                    bad_tags += 1
                    label = None
                if label is None:
                    current = None
                    continue
                if prefix == "I" and current is not None and current["label"] == label:
                    current["end"] = end
                else:
                    current = {"start": start, "end": end, "label": label}
                    spans.append(current)
            docs.append({"id": f"wiki-{split}-{i + 1:04d}", "text": text, "spans": spans})
    if not docs:
        raise EvaluationError(f"no word/tag files found in {root}")
    return {"docs": docs, "bad_lines": bad_lines, "bad_tags": bad_tags}


# --- scoring -----------------------------------------------------------------

def norm(value) -> str:
    return " ".join(az_lower(str(value or "")).split())


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": f}


def _as_contract(pred) -> dict:
    if pred is None:
        return {}
    if isinstance(pred, dict):
        return pred
    if hasattr(pred, "to_contract"):
        return pred.to_contract()
    raise EvaluationError(f"predict returned {type(pred).__name__}, expected an Analysis or a dict")


def _spans_of(contract: dict, labels: Iterable[str]) -> list[tuple[int, int, str]]:
    keep = set(labels)
    out = []
    for m in contract.get("mentions") or []:
        if m.get("label") in keep:
            out.append((int(m["start"]), int(m["end"]), m["label"]))
    return sorted(set(out))


def match_spans(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]], lenient: bool) -> tuple[int, list, list]:
    """One-to-one matching; exact pairs first, then (lenient) overlapping pairs by largest overlap.
    Returns (tp, matched gold flags, matched pred flags)."""
    gmatched = [False] * len(gold)
    pmatched = [False] * len(pred)
    index = {g: i for i, g in enumerate(gold)}
    for j, p in enumerate(pred):
        i = index.get(p)
        if i is not None and not gmatched[i]:
            gmatched[i] = pmatched[j] = True
    if lenient:
        pairs = []
        for i, (gs, ge, gl) in enumerate(gold):
            if gmatched[i]:
                continue
            for j, (ps, pe, pl) in enumerate(pred):
                if pmatched[j] or pl != gl:
                    continue
                overlap = min(ge, pe) - max(gs, ps)
                if overlap > 0:
                    pairs.append((-overlap, i, j))
        for _, i, j in sorted(pairs):
            if not gmatched[i] and not pmatched[j]:
                gmatched[i] = pmatched[j] = True
    return sum(gmatched), gmatched, pmatched


class _SpanCounter:
    def __init__(self, labels: Iterable[str]):
        self.labels = list(labels)
        self.counts = {mode: {lab: [0, 0, 0] for lab in self.labels} for mode in ("exact", "lenient")}

    def add(self, gold: list, pred: list) -> None:
        for mode in ("exact", "lenient"):
            _, gm, pm = match_spans(gold, pred, lenient=(mode == "lenient"))
            c = self.counts[mode]
            for (_, _, lab), hit in zip(gold, gm):
                if lab in c:
                    c[lab][0 if hit else 2] += 1
            for (_, _, lab), hit in zip(pred, pm):
                if lab in c and not hit:
                    c[lab][1] += 1

    def result(self) -> dict:
        out = {}
        for mode, c in self.counts.items():
            out[mode] = {lab: prf(*v) for lab, v in c.items()}
            out[mode]["ALL"] = prf(*(sum(v[k] for v in c.values()) for k in range(3)))
        return out


_PREDICATIVE = ("dır", "dir", "dur", "dür", "dı", "di")


def lenient_key(value) -> str:
    """A canonical form with inflection taken off every word (the project's own lemma), for
    matching "Təhsil Nazirliyinin" with "Təhsil Nazirliyi" or "Əliyevdir" with "Əliyev"."""
    from aznews.nlp.morph import lemma

    words = []
    for w in str(value or "").split():
        low = az_lower(w)
        for end in _PREDICATIVE:  # "direktorudur", "Əliyevdir": a copula, not part of the name
            if low.endswith(end) and len(low) > len(end) + 3:
                w, low = w[: -len(end)], low[: -len(end)]
                break
        words.append(az_lower(lemma(w)))
    return " ".join(words)


def _post_keys(title, organization) -> set[str]:
    """Ways of writing one post: the title itself and, with an organization, the title after the
    organization's field words ("nazir" at "Xarici İşlər Nazirliyi" = "xarici işlər naziri")."""
    keys = {lenient_key(title)}
    org_words = str(organization or "").split()
    if len(org_words) > 1:
        keys.add(lenient_key(" ".join(org_words[:-1]) + " " + str(title or "")))
    return keys


def _match_count(gold: set, pred: set, same) -> int:
    """One-to-one matches between two sets: exact ones first, then pairs `same` accepts."""
    g_left, p_left = list(gold - pred), list(pred - gold)
    tp = len(gold & pred)
    for g in g_left:
        for i, p in enumerate(p_left):
            if same(g, p):
                tp += 1
                del p_left[i]
                break
    return tp


def _lenient_same(field: str):
    if field in ("roles_pt", "roles_pto"):
        def same(g, p):
            if lenient_key(g[0]) != lenient_key(p[0]):
                return False
            if not (_post_keys(g[1], g[2]) & _post_keys(p[1], p[2])):
                return False
            return field == "roles_pt" or lenient_key(g[2]) == lenient_key(p[2]) or not g[2] or not p[2]
        return same
    if field == "dates":
        return lambda g, p: False
    return lambda g, p: lenient_key(g) == lenient_key(p)


def _field_sets(contract: dict, with_org: bool = False) -> dict[str, set]:
    sets = {f: {norm(v) for v in contract.get(f) or [] if norm(v)} for f in FIELDS[:5]}
    roles = contract.get("roles") or []
    if with_org:  # lenient matching needs the organization beside (person, title) to read a split post
        sets["roles_pt"] = {(norm(r.get("person")), norm(r.get("title")), norm(r.get("organization"))) for r in roles}
    else:
        sets["roles_pt"] = {(norm(r.get("person")), norm(r.get("title"))) for r in roles}
    sets["roles_pto"] = {(norm(r.get("person")), norm(r.get("title")), norm(r.get("organization"))) for r in roles}
    return sets


def score(pairs: Iterable[tuple[dict, dict]], lenient: bool = False) -> dict:
    """Score (gold document, prediction contract) pairs.

    lenient: document-level fields match one-to-one on inflection-free keys (`lenient_key`), and
    a role's post split into title + organization equals the same post written as one title
    (the convention of the banker-2025 real-news set); spans are scored the same either way."""
    spans = _SpanCounter(LABELS)
    fields = {f: [0, 0, 0] for f in FIELDS}
    per_doc = []
    n_docs = 0
    skip_total = skip_ok = false_skips = 0
    for doc, pred in pairs:
        n_docs += 1
        gold_spans = sorted({(s["start"], s["end"], s["label"]) for s in doc["spans"]})
        pred_spans = [] if pred.get("skipped") else _spans_of(pred, LABELS)
        spans.add(gold_spans, pred_spans)
        gsets = _field_sets(doc["gold"], with_org=lenient)
        psets = _field_sets({} if pred.get("skipped") else pred, with_org=lenient)
        doc_row = {"id": doc["id"]}
        for f in FIELDS:
            if lenient:
                if f == "roles_pt":  # (person, post): one per distinct person and title
                    gsets[f] = _dedupe_posts(gsets[f])
                    psets[f] = _dedupe_posts(psets[f])
                tp = _match_count(gsets[f], psets[f], _lenient_same(f))
            else:
                tp = len(gsets[f] & psets[f])
            fp, fn = len(psets[f]) - tp, len(gsets[f]) - tp
            for k, v in enumerate((tp, fp, fn)):
                fields[f][k] += v
            doc_row[f] = {"tp": tp, "fp": fp, "fn": fn}
        per_doc.append(doc_row)
        if doc.get("skipped"):
            skip_total += 1
            skip_ok += bool(pred.get("skipped"))
        elif pred.get("skipped"):
            false_skips += 1
    return {
        "documents": n_docs,
        "spans": spans.result(),
        "fields": {f: prf(*v) for f, v in fields.items()},
        "skipped": {"expected": skip_total, "correct": skip_ok, "false_skips": false_skips},
        "per_document": per_doc,
    }


def _dedupe_posts(roles: set) -> set:
    """(person, title, organization) triples -> one per (person, post), keeping the fullest."""
    best: dict = {}
    for r in sorted(roles, key=lambda r: -len(r[2])):
        best.setdefault((lenient_key(r[0]), lenient_key(r[1])), r)
    return set(best.values())


def evaluate(predict: Callable, docs: list[dict], lenient: bool = False) -> dict:
    """Run `predict(text, published)` on every document and score it."""
    return score(((doc, _as_contract(predict(doc["text"], doc.get("published")))) for doc in docs), lenient=lenient)


def evaluate_predictions(predictions: dict[str, dict], docs: list[dict]) -> dict:
    """Score contract lines (by id) against the dev set; a missing id counts as an empty prediction."""
    missing = [d["id"] for d in docs if d["id"] not in predictions]
    known = {d["id"] for d in docs}
    unknown = [i for i in predictions if i not in known]
    if len(missing) == len(docs):
        raise EvaluationError("no prediction line has the id of a dev document")
    report = score((doc, predictions.get(doc["id"], {})) for doc in docs)
    report["missing_ids"] = missing
    report["unknown_ids"] = unknown
    return report


def evaluate_wiki(predict: Callable, wiki: dict) -> dict:
    """Span-level scores on the Wikipedia-style set (TITLE predictions ignored)."""
    labels = list(WIKI_LABELS.values())
    counter = _SpanCounter(labels)
    for doc in wiki["docs"]:
        pred = _as_contract(predict(doc["text"], None))
        gold = sorted({(s["start"], s["end"], s["label"]) for s in doc["spans"]})
        counter.add(gold, [] if pred.get("skipped") else _spans_of(pred, labels))
    return {"sentences": len(wiki["docs"]), "bad_lines": wiki["bad_lines"], "bad_tags": wiki["bad_tags"],
            "spans": counter.result()}


# --- printing ----------------------------------------------------------------

def _row(name: str, r: dict) -> str:
    return (f"  {name:<14} P {r['precision']:6.1%}  R {r['recall']:6.1%}  F1 {r['f1']:6.1%}"
            f"   (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")


def format_sets(reports: dict) -> str:
    """Document-level field scores of several named sets (the banker parts, the agreement)."""
    lines = []
    names = {"roles_pt": "roles (p+post)", "roles_pto": "roles (p,t,o)"}
    for name, r in reports.items():
        title = {"agreement": "Inter-annotator agreement (second vs first annotation)"}.get(name, name)
        lines.append(f"{title}: {r['documents']} documents, lenient document-level matching")
        for f, v in r["fields"].items():
            lines.append(_row(names.get(f, f), v))
        lines.append("  spans, lenient overlap: " + ", ".join(
            f"{lab} {v['f1']:.1%}" for lab, v in r["spans"]["lenient"].items()))
    return "\n".join(lines)


def format_report(report: dict) -> str:
    lines: list[str] = []
    dev = report.get("dev")
    if dev:
        lines.append(f"Dev set: {dev['documents']} documents ({report.get('dev_path', '')})")
        for mode in ("exact", "lenient"):
            lines.append(f"Spans, {mode} match:")
            for lab, r in dev["spans"][mode].items():
                lines.append(_row(lab, r))
        lines.append("Document-level fields (canonical forms, micro-averaged):")
        for f, r in dev["fields"].items():
            name = {"roles_pt": "roles (p,t)", "roles_pto": "roles (p,t,o)"}.get(f, f)
            lines.append(_row(name, r))
        s = dev["skipped"]
        lines.append(f"Non-Azerbaijani documents skipped: {s['correct']}/{s['expected']}; "
                     f"Azerbaijani documents wrongly skipped: {s['false_skips']}")
        if dev.get("missing_ids"):
            lines.append(f"Predictions missing for {len(dev['missing_ids'])} documents (scored as empty)")
        if dev.get("unknown_ids"):
            lines.append(f"Ignored {len(dev['unknown_ids'])} prediction lines with unknown ids")
    wiki = report.get("wiki")
    if wiki:
        lines.append(f"Wikipedia-style set: {wiki['sentences']} sentences ({report.get('wiki_path', '')}); "
                     f"{wiki['bad_lines']} misaligned lines skipped, {wiki['bad_tags']} bad tags ignored")
        for mode in ("exact", "lenient"):
            lines.append(f"Spans, {mode} match:")
            for lab, r in wiki["spans"][mode].items():
                lines.append(_row(lab, r))
    if report.get("wiki_note"):
        lines.append(report["wiki_note"])
    return "\n".join(lines)


def run_all(dev: str | Path | None = None, wiki: str | Path | None = None, use_wiki: bool = True,
            predictions: str | Path | None = None, wiki_splits: Iterable[str] = ("train", "valid", "test"),
            predict: Callable | None = None) -> dict:
    """What `aznews eval` does: returns the report (dev, and wiki when available)."""
    dev_path = Path(dev) if dev else DEV_PATH
    docs = load_dev(dev_path)
    report: dict = {"dev_path": str(dev_path)}
    wiki_data = None
    if predictions is None and use_wiki:
        if wiki is not None:
            wiki_data = load_wiki(wiki, wiki_splits)
            report["wiki_path"] = str(wiki)
        elif WIKI_DEFAULT.is_dir():
            wiki_data = load_wiki(WIKI_DEFAULT, wiki_splits)
            report["wiki_path"] = str(WIKI_DEFAULT)
        else:
            report["wiki_note"] = (f"Wikipedia-style set not found at {WIKI_DEFAULT}; skipped "
                                   "(pass --wiki PATH to evaluate on it)")
    elif predictions is not None and wiki is not None:
        raise EvaluationError("--predictions scores the dev set only; leave out --wiki")
    if predictions is not None:
        report["dev"] = evaluate_predictions(load_predictions(predictions), docs)
        return report
    if predict is None:
        from aznews import nlp

        analyzer = nlp.Analyzer()
        predict = analyzer.analyze
    report["dev"] = evaluate(predict, docs)
    if wiki_data is not None:
        report["wiki"] = evaluate_wiki(predict, wiki_data)
    return report


SETS = {"dev": DEV_PATH, "dev2": HERE / "dev2" / "az-news-dev2.jsonl", "blind": HERE / "blind" / "az-news-blind.jsonl"}


BANKER_PARTS = ("dev", "devb", "blind")


def run_banker(parts: Iterable[str] = BANKER_PARTS, predict: Callable | None = None,
               shared: str | Path | None = None) -> dict:
    """The banker-2025 real-news set (texts from ../shared, annotations in the project), each
    part scored on its own with lenient document-level matching."""
    from aznews.nlp.evaluation.banker import build as banker

    try:
        docs = banker.load_set(shared=shared)
    except FileNotFoundError as exc:
        raise EvaluationError(f"banker-2025 articles not found ({exc.filename}); pass --shared DIR") from None
    except banker.BankerError as exc:
        raise EvaluationError(str(exc)) from None
    if predict is None:
        from aznews import nlp

        predict = nlp.Analyzer().analyze
    report = {}
    for part in parts:
        chosen = [d for d in docs if d["split"] == part]
        report[f"banker-{part}"] = evaluate(predict, chosen, lenient=True)
    return report


def agreement(shared: str | Path | None = None) -> dict:
    """Inter-annotator agreement on the doubly annotated articles: the first annotation as it was
    first stored (`annotations-first.jsonl` when kept, else the current one) against the second,
    F1 per field with the same lenient matching as the scores."""
    from aznews.nlp.evaluation.banker import build as banker

    first = {d["id"]: d for d in banker.load_set(shared=shared, first=True)}
    second = banker.load_set(shared=shared, second=True)
    pairs = [(first[d["id"]], {**d["gold"], "mentions": [dict(s) for s in d["spans"]]}) for d in second if d["id"] in first]
    return score(pairs, lenient=True)


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m aznews.nlp.evaluation.evaluate", description=__doc__.split("\n")[0])
    add_arguments(ap)
    args = ap.parse_args(argv)
    try:
        return run_from_args(args)
    except EvaluationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def add_arguments(ap) -> None:
    ap.add_argument("--set", choices=sorted(SETS) + ["banker"], dest="eval_set",
                    help="a bundled set: dev (default), dev2, blind, or banker (real news: its dev, devb and "
                         "blind parts, lenient matching; texts read from ../shared)")
    ap.add_argument("--part", choices=BANKER_PARTS + ("all",), default="all",
                    help="with --set banker: which part (devb: the second dev part)")
    ap.add_argument("--agreement", action="store_true",
                    help="with --set banker: inter-annotator agreement on the doubly annotated articles")
    ap.add_argument("--shared", metavar="DIR", help="with --set banker: the banker-2025 folder")
    ap.add_argument("--dev", metavar="PATH", help="dev set JSONL (default: the bundled dev set)")
    ap.add_argument("--wiki", metavar="PATH", help="az-ner-wiki-style folder (default: ../shared/data/eval-only/"
                    "az-ner-wiki-style when present)")
    ap.add_argument("--no-wiki", action="store_true", help="skip the Wikipedia-style set")
    ap.add_argument("--wiki-split", action="append", choices=sorted(WIKI_SPLITS),
                    help="wiki-style splits to use (repeatable; default: all)")
    ap.add_argument("--predictions", metavar="FILE.jsonl",
                    help="score these `aznews extract --jsonl` lines (matched by id) instead of running the extractor")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument("--per-document", action="store_true", help="with --json, keep per-document counts")


def run_from_args(args) -> int:
    eval_set = getattr(args, "eval_set", None)
    if eval_set == "banker":
        if args.agreement:
            report = {"agreement": agreement(args.shared)}
        else:
            parts = BANKER_PARTS if args.part == "all" else (args.part,)
            report = run_banker(parts, shared=args.shared)
        if args.json:
            for r in report.values():
                if not args.per_document:
                    r.pop("per_document", None)
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            print(format_sets(report))
        return 0
    if eval_set:
        args.dev = str(SETS[eval_set])
        args.no_wiki = True
    report = run_all(dev=args.dev, wiki=args.wiki, use_wiki=not args.no_wiki, predictions=args.predictions,
                     wiki_splits=args.wiki_split or ("train", "valid", "test"))
    if args.json:
        if not args.per_document and "dev" in report:
            report["dev"].pop("per_document", None)
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
