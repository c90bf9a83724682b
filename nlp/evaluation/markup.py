"""Convert the dev set's marked-up sources (dev/source/*.txt) to dev/az-news-dev.jsonl.

The sources are written by hand in a light inline markup, so that character offsets are
computed by this script and are always right. Format of a source file:

    === dev-001
    published: 2021-12-17T11:15:00+04:00
    role: Billurə Hacızadə | baş məsləhətçi | İctimaiyyətlə əlaqələr sektoru | holds
    skipped: true                      (only for non-Azerbaijani documents)
    note: free text, ignored

    First paragraph with [PER Billurə Hacızadə] and [ORG Təhsil Nazirliyinin|Təhsil Nazirliyi] ...

    Second paragraph ...

A document starts at a "=== ID" line; header lines ("key: value") follow up to the first
blank line; the rest up to the next "===" line is the text (paragraphs separated by one
blank line, leading/trailing blank lines dropped). A span is "[LABEL surface]" or
"[LABEL surface|canonical]"; LABEL is PER, ORG, TITLE, LOC or DATE. Without "|canonical"
the surface is its own canonical form. DATE canonicals are normalized values
("2021-12-16", "2021-12", "2021"); a range lists both ends, comma-separated
("2021-07-10,2021-07-11"). Literal "[" and "]" cannot occur in the text.

    python -m aznews.nlp.evaluation.markup            # rebuild dev/az-news-dev.jsonl
    python -m aznews.nlp.evaluation.markup --check    # exit 1 when the JSONL is out of date
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "dev" / "source"
DEV_PATH = HERE / "dev" / "az-news-dev.jsonl"

LABELS = {"PER": "PERSON", "ORG": "ORGANIZATION", "TITLE": "TITLE", "LOC": "LOCATION", "DATE": "DATE"}
FIELD_OF = {"PERSON": "persons", "ORGANIZATION": "organizations", "LOCATION": "locations", "TITLE": "titles"}
EVENTS = ("holds", "appointed", "dismissed")
_SPAN = re.compile(r"\[(PER|ORG|TITLE|LOC|DATE) ([^\[\]|]+?)(?:\|([^\[\]]+))?\]")
_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class MarkupError(ValueError):
    pass


def parse_text(marked: str, where: str = "") -> tuple[str, list[dict]]:
    """Strip the markup; return the plain text and its spans (with canonical forms)."""
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in _SPAN.finditer(marked):
        plain = marked[pos : m.start()]
        if "[" in plain or "]" in plain:
            raise MarkupError(f"{where}: stray bracket near {plain[-40:]!r}")
        out.append(plain)
        length += len(plain)
        label = LABELS[m.group(1)]
        surface = m.group(2)
        if surface != surface.strip():
            raise MarkupError(f"{where}: span with outer whitespace: {m.group(0)!r}")
        canonical = (m.group(3) or surface).strip()
        if label == "DATE":
            if not m.group(3):
                raise MarkupError(f"{where}: DATE span needs a value: {m.group(0)!r}")
            for value in canonical.split(","):
                if not _DATE_VALUE.match(value):
                    raise MarkupError(f"{where}: bad date value {value!r} in {m.group(0)!r}")
        spans.append({"start": length, "end": length + len(surface), "label": label, "canonical": canonical})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    tail = marked[pos:]
    if "[" in tail or "]" in tail:
        raise MarkupError(f"{where}: stray bracket near {tail[:40]!r}")
    out.append(tail)
    return "".join(out), spans


def _distinct(values) -> list[str]:
    seen: dict[str, None] = {}
    for v in values:
        if v:
            seen.setdefault(v, None)
    return list(seen)


def build_doc(doc_id: str, header: dict[str, list[str]], body: str, where: str) -> dict:
    text, spans = parse_text(body, f"{where} ({doc_id})")
    published = (header.get("published") or [""])[0]
    if not re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?\+04:00$", published):
        raise MarkupError(f"{where} ({doc_id}): published must be ISO 8601 with +04:00, got {published!r}")
    skipped = (header.get("skipped") or ["false"])[0].lower() == "true"
    gold: dict[str, list] = {f: [] for f in ("persons", "organizations", "locations", "titles", "roles", "dates")}
    for field in FIELD_OF.values():
        gold[field] = _distinct(s["canonical"] for s in spans if FIELD_OF.get(s["label"]) == field)
    gold["dates"] = _distinct(v for s in spans if s["label"] == "DATE" for v in s["canonical"].split(","))
    for line in header.get("role", []):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or parts[3] not in EVENTS or not parts[0] or not parts[1]:
            raise MarkupError(f"{where} ({doc_id}): bad role line {line!r}")
        role = dict(zip(("person", "title", "organization", "event"), parts))
        if role not in gold["roles"]:
            gold["roles"].append(role)
    if skipped and (spans or gold["roles"]):
        raise MarkupError(f"{where} ({doc_id}): a skipped document has no spans or roles")
    doc = {"id": doc_id, "published": published, "text": text, "spans": spans, "gold": gold}
    if skipped:
        doc["skipped"] = True
    return doc


def parse_source(source: str, where: str = "") -> list[dict]:
    docs: list[dict] = []
    chunks = re.split(r"^=== *(\S+) *$", source, flags=re.M)
    if chunks[0].strip():
        raise MarkupError(f"{where}: text before the first '=== ID' line")
    for doc_id, chunk in zip(chunks[1::2], chunks[2::2]):
        lines = chunk.strip("\n").split("\n")
        header: dict[str, list[str]] = {}
        i = 0
        while i < len(lines) and lines[i].strip():
            key, sep, value = lines[i].partition(":")
            if not sep:
                raise MarkupError(f"{where} ({doc_id}): header line without 'key:': {lines[i]!r}")
            header.setdefault(key.strip(), []).append(value.strip())
            i += 1
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", "\n".join(lines[i:]).strip())]
        body = "\n\n".join(" ".join(p.split()) for p in paragraphs if p)
        docs.append(build_doc(doc_id, header, body, where))
    return docs


def build_all(source_dir: Path = SOURCE_DIR) -> list[dict]:
    docs: list[dict] = []
    for path in sorted(source_dir.glob("*.txt")):
        docs.extend(parse_source(path.read_text(encoding="utf-8"), path.name))
    ids = [d["id"] for d in docs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise MarkupError(f"duplicate document ids: {', '.join(dupes)}")
    return docs


def dumps(docs: list[dict]) -> str:
    return "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)


def main(argv: list[str] | None = None, source_dir=None, out_path=None,
         module: str = "aznews.nlp.evaluation.markup") -> int:
    """Build (or `--check`) a JSONL set from its marked-up sources: the dev set by default;
    other sets (dev2, blind) call this with their own folders."""
    out_path = out_path or DEV_PATH
    ap = argparse.ArgumentParser(description=f"Build {out_path.name} from its marked-up sources.")
    ap.add_argument("--check", action="store_true", help="only check that the JSONL is up to date")
    args = ap.parse_args(argv)
    try:
        docs = build_all(source_dir) if source_dir is not None else build_all()
    except MarkupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = dumps(docs)
    if args.check:
        current = out_path.read_text(encoding="utf-8") if out_path.exists() else ""
        if current != text:
            print(f"{out_path} is out of date; run python -m {module}", file=sys.stderr)
            return 1
        print(f"{out_path}: {len(docs)} documents, up to date")
        return 0
    out_path.write_text(text, encoding="utf-8")
    print(f"wrote {len(docs)} documents to {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
