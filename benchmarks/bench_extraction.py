"""Article-body extraction quality: `aznews parse --jsonl` against trafilatura's default.

    python benchmarks/bench_extraction.py                     # the bundled and the blind sets
    python benchmarks/bench_extraction.py --dataset DIR       # e.g. the ScrapingHub benchmark

A dataset directory holds `html/<id>.html.gz` (or `<id>.html`) and `ground-truth.json`
({id: {"articleBody": ..., "url": ...}}): the layout of the public
article-extraction-benchmark. Without --dataset two sets written for aznews are scored:
the bundled set in `tests/fixtures/extraction/` (36 pages: Azerbaijani, Russian and
English articles in twelve news-site layouts with menus, sidebars, related lists,
comments, share bars, cookie banners, ads, bylines and captions), which the extractor
was developed against, and the blind set in `benchmarks/extraction_blind/` (48 pages,
16 other layouts), written by a team member who never saw the extractor; the
extractor is not tuned on it.

Both extractors get the same decoded HTML and URL. aznews runs as the product does, one
`aznews parse --jsonl` subprocess for all pages; trafilatura runs in this process as
`trafilatura.extract(html)` with its defaults. The score is the usual bag-of-words overlap
of the extracted body with the gold body: tokens are runs of letters/digits, case-folded
(Azerbaijani rules); per page precision = common tokens / extracted tokens, recall =
common tokens / gold tokens (multisets), F1 their harmonic mean; an empty or failed
extraction scores 0. Reported: the mean over pages of each, for both, and the difference.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "tests" / "fixtures" / "extraction"
BLIND = ROOT / "benchmarks" / "extraction_blind"  # written apart from the extractor; never tuned on
_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter:
    from aznews.nlp.text import az_lower

    return Counter(_TOKEN.findall(az_lower(text or "")))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p_tok, g_tok = tokens(pred), tokens(gold)
    common = sum((p_tok & g_tok).values())
    if not common:
        return 0.0, 0.0, 0.0
    p = common / sum(p_tok.values())
    r = common / sum(g_tok.values())
    return p, r, 2 * p * r / (p + r)


def load_dataset(directory) -> list[dict]:
    """[{id, url, html, gold}] from a benchmark directory, sorted by id."""
    from aznews.crawler.extract import decode_html

    d = Path(directory)
    gt_file = d / "ground-truth.json"
    if not gt_file.exists():
        raise SystemExit(f"{gt_file} not found (expected html/<id>.html[.gz] and ground-truth.json)")
    truth = json.loads(gt_file.read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        rec = truth[pid]
        gz, plain = d / "html" / f"{pid}.html.gz", d / "html" / f"{pid}.html"
        if gz.exists():
            raw = gzip.decompress(gz.read_bytes())
        elif plain.exists():
            raw = plain.read_bytes()
        else:
            print(f"warning: no HTML for {pid}", file=sys.stderr)
            continue
        pages.append({"id": pid, "url": rec.get("url") or "", "html": decode_html(raw), "gold": rec.get("articleBody") or ""})
    if not pages:
        raise SystemExit(f"no pages in {d}")
    return pages


def aznews_command() -> list[str]:
    exe = shutil.which("aznews")
    return [exe] if exe else [sys.executable, "-m", "aznews.pipelines.cli"]


def run_aznews(pages) -> dict[str, str]:
    """Bodies from one `aznews parse --jsonl` subprocess (the product's path)."""
    lines = "".join(json.dumps({"id": p["id"], "url": p["url"], "html": p["html"]}, ensure_ascii=False) + "\n"
                    for p in pages)
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(aznews_command() + ["parse", "--jsonl", "--fetched-at", "2025-12-01T00:00:00+00:00"],
                          input=lines, capture_output=True, text=True, encoding="utf-8", cwd=str(ROOT), env=env)
    if proc.returncode != 0:
        raise SystemExit(f"aznews parse --jsonl failed ({proc.returncode}): {proc.stderr[-2000:]}")
    out = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec.get("body") or ""
    return out


def run_trafilatura(pages) -> dict[str, str]:
    import trafilatura

    return {p["id"]: trafilatura.extract(p["html"]) or "" for p in pages}


def evaluate(pages) -> dict:
    """Scores of both extractors: {"aznews": {...}, "trafilatura": {...}, "pages": [...]}."""
    t0 = time.perf_counter()
    az = run_aznews(pages)
    t1 = time.perf_counter()
    tr = run_trafilatura(pages)
    t2 = time.perf_counter()
    rows = []
    for p in pages:
        rows.append({"id": p["id"], "aznews": prf(az.get(p["id"], ""), p["gold"]),
                     "trafilatura": prf(tr.get(p["id"], ""), p["gold"])})
    res = {"pages": rows, "seconds": {"aznews": t1 - t0, "trafilatura": t2 - t1}}
    for name in ("aznews", "trafilatura"):
        n = len(rows)
        res[name] = {k: sum(r[name][i] for r in rows) / n for i, k in enumerate(("precision", "recall", "f1"))}
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", action="append",
                    help="benchmark directory (html/*.html.gz + ground-truth.json), repeatable; "
                         "default: the bundled set and the blind set")
    ap.add_argument("--per-page", action="store_true", help="print every page's F1")
    a = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    for directory in [Path(d) for d in a.dataset] if a.dataset else [BUNDLED, BLIND]:
        report(directory, a.per_page)


def report(directory: Path, per_page: bool) -> None:
    pages = load_dataset(directory)
    res = evaluate(pages)
    if per_page:
        print(f"{'page':40} {'aznews':>7} {'trafil.':>7}")
        for r in res["pages"]:
            flag = "  <" if r["aznews"][2] < r["trafilatura"][2] - 0.005 else ""
            print(f"{r['id'][:40]:40} {r['aznews'][2]:7.3f} {r['trafilatura'][2]:7.3f}{flag}")
    print(f"dataset: {directory} ({len(pages)} pages)")
    print(f"{'':24} {'precision':>9} {'recall':>9} {'F1':>9} {'seconds':>8}")
    for name, label in (("aznews", "aznews parse --jsonl"), ("trafilatura", "trafilatura.extract")):
        s = res[name]
        print(f"{label:24} {s['precision']:9.3f} {s['recall']:9.3f} {s['f1']:9.3f} {res['seconds'][name]:8.1f}")
    d = {k: res["aznews"][k] - res["trafilatura"][k] for k in ("precision", "recall", "f1")}
    print(f"{'difference':24} {d['precision']:+9.3f} {d['recall']:+9.3f} {d['f1']:+9.3f}")

if __name__ == "__main__":
    main()
