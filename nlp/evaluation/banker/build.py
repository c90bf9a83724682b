"""The banker-2025 real-news evaluation set: annotations kept as offsets, texts read from ../shared.

The 433 articles in `../shared/data/eval-only/banker-2025/articles.jsonl` are third-party news
with no licence: they are never copied into the project. What the project keeps is the team's
annotation of them: for each article id, its spans (start, end, label, canonical), its roles and
the document-level gold, plus a hash of the text the offsets index into.

Annotators work on marked-up copies that live *outside* the checkout:

    python -m aznews.nlp.evaluation.banker.build render --ids b012,b047 --out /tmp/annot   # plain copies
    # ... insert [LABEL surface|canonical] markup and role: lines (see docs/ANNOTATION.md) ...
    python -m aznews.nlp.evaluation.banker.build build /tmp/annot --annotator a1 [--second]
    python -m aznews.nlp.evaluation.banker.build check          # every annotation still fits its text

`build` refuses a file whose text, with the markup stripped, is not exactly the article's text.
`render --from-annotations` writes the marked-up form of existing annotations back (for review
or correction), so the offsets are never typed by hand.

The split is fixed here (`SPLIT_SEED`): `dev` articles may be read while improving the NLP stage;
`blind` articles are scored but never read while changing rules, lists or templates.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from pathlib import Path

from aznews.nlp.evaluation import markup

HERE = Path(__file__).resolve().parent
ANNOTATIONS = HERE / "annotations.jsonl"           # the reconciled (primary) annotation
FIRST = HERE / "annotations-first.jsonl"           # the doubly annotated articles' first annotation, unreconciled
SECOND = HERE / "annotations-second.jsonl"         # independent second annotation (agreement)
SHARED_DEFAULT = HERE.parents[2] / ".." / "shared" / "data" / "eval-only" / "banker-2025"
EVENTS = ("holds", "appointed", "dismissed", "former")
SPLIT_SEED = 20251203
N_DEV, N_BLIND, N_DEVB = 100, 55, 90
_YEARS = re.compile(r"^\d{4}(-\d{4})?$")


class BankerError(ValueError):
    pass


def shared_dir(path: str | Path | None = None) -> Path:
    return Path(path) if path else SHARED_DEFAULT.resolve()


def load_articles(path: str | Path | None = None) -> dict[str, dict]:
    """id -> article, from ../shared (raises FileNotFoundError when it is not there)."""
    file = shared_dir(path) / "articles.jsonl"
    with open(file, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {r["id"]: r for r in rows}


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split_ids(articles: dict[str, dict]) -> dict[str, list[str]]:
    """The fixed dev/blind split: a seeded sample of the articles that markup can represent."""
    usable = sorted(i for i, a in articles.items() if "[" not in a["text"] and "]" not in a["text"])
    rng = random.Random(SPLIT_SEED)
    rng.shuffle(usable)
    # devb (a second dev part, annotated later) continues the same shuffle, so the
    # first two parts never change.
    return {"dev": usable[:N_DEV], "blind": usable[N_DEV:N_DEV + N_BLIND],
            "devb": usable[N_DEV + N_BLIND:N_DEV + N_BLIND + N_DEVB]}


def _parse_role(line: str, where: str) -> dict:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) == 4:
        parts.append("")
    if len(parts) != 5 or parts[3] not in EVENTS or not parts[0] or not parts[1]:
        raise BankerError(f"{where}: bad role line {line!r} (person | title | organization | event [| years])")
    if parts[4] and not _YEARS.match(parts[4]):
        raise BankerError(f"{where}: bad years {parts[4]!r} in role line (YYYY or YYYY-YYYY)")
    role = dict(zip(("person", "title", "organization", "event"), parts[:4]))
    if parts[4]:
        role["years"] = parts[4]
    return role


def parse_marked(source: str, where: str) -> tuple[dict, str, list[dict], list[dict]]:
    """One marked-up file: '=== ID' line, header lines, blank line, the marked text (verbatim)."""
    m = re.match(r"=== *(\S+) *\n", source)
    if not m:
        raise BankerError(f"{where}: the file must start with a '=== ID' line")
    doc_id = m.group(1)
    rest = source[m.end():]
    header_block, sep, body = rest.partition("\n\n")
    if not sep:
        raise BankerError(f"{where}: no blank line between the header and the text")
    header: dict[str, list[str]] = {}
    for line in header_block.split("\n"):
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        if not colon:
            raise BankerError(f"{where}: header line without 'key:': {line!r}")
        header.setdefault(key.strip(), []).append(value.strip())
    try:
        text, spans = markup.parse_text(body.rstrip("\n"), f"{where} ({doc_id})")
    except markup.MarkupError as exc:
        raise BankerError(str(exc)) from None
    roles = []
    for line in header.get("role", []):
        role = _parse_role(line, f"{where} ({doc_id})")
        if role not in roles:
            roles.append(role)
    return {"id": doc_id, "header": header}, text, spans, roles


def gold_of(spans: list[dict], roles: list[dict]) -> dict:
    gold = {f: markup._distinct(s["canonical"] for s in spans if markup.FIELD_OF.get(s["label"]) == f)
            for f in ("persons", "organizations", "locations", "titles")}
    gold["dates"] = markup._distinct(v for s in spans if s["label"] == "DATE" for v in s["canonical"].split(","))
    gold["roles"] = roles
    return gold


def build_file(path: Path, articles: dict[str, dict], annotator: str, split: dict[str, str]) -> dict:
    meta, text, spans, roles = parse_marked(path.read_text(encoding="utf-8"), path.name)
    doc_id = meta["id"]
    article = articles.get(doc_id)
    if article is None:
        raise BankerError(f"{path.name}: no article {doc_id!r} in banker-2025")
    if text != article["text"]:
        a, b = text, article["text"]
        i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
        raise BankerError(f"{path.name} ({doc_id}): text differs from the article at offset {i}: "
                          f"{a[max(0, i - 30):i + 30]!r} vs {b[max(0, i - 30):i + 30]!r}")
    return {"id": doc_id, "split": split.get(doc_id, "extra"), "annotator": annotator,
            "text_sha256": text_hash(text), "published": article.get("published"),
            "spans": spans, "gold": gold_of(spans, roles)}


def read_annotations(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {d["id"]: d for d in (json.loads(line) for line in fh if line.strip())}


def write_annotations(path: Path, docs: dict[str, dict]) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(docs[k], ensure_ascii=False) + "\n" for k in sorted(docs)), encoding="utf-8")
    tmp.replace(path)


def marked_text(text: str, spans: list[dict]) -> str:
    out, pos = [], 0
    for s in sorted(spans, key=lambda s: s["start"]):
        surface = text[s["start"]:s["end"]]
        label = {v: k for k, v in markup.LABELS.items()}[s["label"]]
        canon = "" if s["canonical"] == surface else "|" + s["canonical"]
        out.append(text[pos:s["start"]] + f"[{label} {surface}{canon}]")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


def render(ids: list[str], out: Path, articles: dict[str, dict], annotations: dict[str, dict] | None) -> int:
    out.mkdir(parents=True, exist_ok=True)
    for doc_id in ids:
        a = articles[doc_id]
        header = [f"=== {doc_id}", f"title: {a.get('title', '')}", f"published: {a.get('published', '')}"]
        body = a["text"]
        if annotations is not None and doc_id in annotations:
            ann = annotations[doc_id]
            for r in ann["gold"]["roles"]:
                header.append("role: " + " | ".join([r["person"], r["title"], r["organization"], r["event"]]
                                                    + ([r["years"]] if r.get("years") else [])))
            body = marked_text(body, ann["spans"])
        (out / f"{doc_id}.txt").write_text("\n".join(header) + "\n\n" + body + "\n", encoding="utf-8")
    return len(ids)


def load_set(split: str | None = None, shared: str | Path | None = None, second: bool = False,
             first: bool = False) -> list[dict]:
    """The annotated documents in the scorer's format (text from ../shared), one split or all.
    second: the independent second annotations; first: the first annotations of those articles
    as they were before reconciliation."""
    articles = load_articles(shared)
    docs = []
    source = SECOND if second else FIRST if first and FIRST.exists() else ANNOTATIONS
    for d in read_annotations(source).values():
        if split and d["split"] != split:
            continue
        text = articles[d["id"]]["text"]
        if text_hash(text) != d["text_sha256"]:
            raise BankerError(f"{d['id']}: the article's text changed since it was annotated")
        docs.append({"id": d["id"], "published": d.get("published"), "text": text,
                     "spans": d["spans"], "gold": d["gold"], "split": d["split"]})
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m aznews.nlp.evaluation.banker.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", help="banker-2025 folder (default ../shared/data/eval-only/banker-2025)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("render", help="write plain (or annotated) copies of articles for annotation")
    r.add_argument("--ids", help="comma-separated ids, or dev[:A-B] / blind[:A-B] (1-based ranges of the split)")
    r.add_argument("--out", required=True)
    r.add_argument("--from-annotations", action="store_true", help="write the existing annotation's markup")
    r.add_argument("--second", action="store_true", help="with --from-annotations: the second annotation")
    b = sub.add_parser("build", help="read marked-up files and store their annotations")
    b.add_argument("dir")
    b.add_argument("--annotator", required=True)
    b.add_argument("--reviewer", help="these files review stored annotations: keep their annotator, add the reviewer")
    b.add_argument("--second", action="store_true", help="store as the independent second annotation")
    v = sub.add_parser("validate", help="parse marked-up files and report errors; store nothing")
    v.add_argument("dir")
    sub.add_parser("check", help="check that every annotation still fits its article's text")
    sub.add_parser("split", help="print the dev and blind ids")
    args = ap.parse_args(argv)
    try:
        articles = load_articles(args.shared)
    except FileNotFoundError as exc:
        print(f"error: banker-2025 articles not found: {exc.filename}", file=sys.stderr)
        return 2
    split = split_ids(articles)
    split_of = {i: name for name, ids in split.items() for i in ids}
    try:
        if args.cmd == "split":
            for name, ids in split.items():
                print(f"{name} ({len(ids)}): {','.join(ids)}")
        elif args.cmd == "render":
            ids = _select(args.ids, split)
            ann = read_annotations(SECOND if args.second else ANNOTATIONS) if args.from_annotations else None
            print(f"wrote {render(ids, Path(args.out), articles, ann)} files to {args.out}")
        elif args.cmd == "build":
            target = SECOND if args.second else ANNOTATIONS
            docs = read_annotations(target)
            files = sorted(Path(args.dir).glob("*.txt"))
            for path in files:
                doc = build_file(path, articles, args.annotator, split_of)
                old = docs.get(doc["id"])
                if old is not None and old["spans"] == doc["spans"] and old["gold"] == doc["gold"]:
                    continue  # unchanged: keep the record as it is
                if args.reviewer and old is not None:  # a review keeps who annotated first
                    doc["annotator"] = f"{docs[doc['id']]['annotator']}, reviewed by {args.reviewer}"
                docs[doc["id"]] = doc
            write_annotations(target, docs)
            print(f"stored {len(files)} annotations from {args.dir} in {target.name} ({len(docs)} in all)")
        elif args.cmd == "validate":
            files = sorted(Path(args.dir).glob("*.txt"))
            errors = 0
            for path in files:
                try:
                    doc = build_file(path, articles, "validate", split_of)
                except BankerError as exc:
                    errors += 1
                    print(f"error: {exc}", file=sys.stderr)
                    continue
                g = doc["gold"]
                print(f"{doc['id']}: {len(doc['spans'])} spans, {len(g['persons'])} persons, "
                      f"{len(g['organizations'])} orgs, {len(g['roles'])} roles")
            print(f"{len(files) - errors} of {len(files)} files valid")
            return 1 if errors else 0
        elif args.cmd == "check":
            for target in (ANNOTATIONS, SECOND):
                for doc_id, d in read_annotations(target).items():
                    text = articles[doc_id]["text"]
                    if text_hash(text) != d["text_sha256"]:
                        raise BankerError(f"{target.name}: {doc_id}: the article's text changed")
                    for s in d["spans"]:
                        if not (0 <= s["start"] < s["end"] <= len(text)):
                            raise BankerError(f"{target.name}: {doc_id}: span out of range {s}")
            print("annotations fit their texts")
    except BankerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _select(spec: str | None, split: dict[str, list[str]]) -> list[str]:
    if not spec:
        raise BankerError("--ids is required")
    m = re.fullmatch(r"(dev|blind|devb)(?::(\d+)-(\d+))?", spec)
    if m:
        ids = split[m.group(1)]
        if m.group(2):
            ids = ids[int(m.group(2)) - 1:int(m.group(3))]
        return ids
    return [i.strip() for i in spec.split(",") if i.strip()]


if __name__ == "__main__":
    sys.exit(main())
