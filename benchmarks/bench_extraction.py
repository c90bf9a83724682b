"""Article-body extraction quality and speed: `aznews parse --jsonl` against trafilatura.

    python benchmarks/bench_extraction.py                     # bundled, blind and public sets
    python benchmarks/bench_extraction.py --dataset DIR       # e.g. the public article-extraction-benchmark
    python benchmarks/bench_extraction.py --dataset DIR --per-page --bootstrap 1000

A dataset directory holds `html/<id>.html.gz` (or `<id>.html`) and `ground-truth.json`
({id: {"articleBody": ..., "url": ...}}): the layout of the public article-extraction-benchmark
(Zyte/ScrapingHub, MIT; read where it lies, never copied into the project). Without --dataset
it is scored when it lies at ../shared/data/benchmarks/article-extraction-benchmark, after
two sets written for aznews: the bundled set in `tests/fixtures/extraction/` (36
pages: Azerbaijani, Russian and English articles in twelve news-site layouts), which the
extractor was developed against, and the blind set in `benchmarks/extraction_blind/` (48
pages, 16 other layouts) written by a team member who never saw the extractor; the extractor
is not tuned on it.

Three extractors get the same decoded HTML and URL, in the same run: aznews as the product
runs it (one `aznews parse --jsonl` subprocess for all pages), trafilatura's `extract(html)`
with its defaults, and `extract(html, favor_precision=True)`, both in this process.

The metric is the benchmark's own, as published with it: a text is split into `\\w+` tokens
(case kept), the tokens into overlapping 4-gram shingles (a text of fewer than four tokens is
one shorter shingle); per page the multisets of extracted and gold shingles give true
positives (the common count), false positives and false negatives, normalised to sum to 1 so
that a long article weighs no more than a short one. A page's precision is tp/(tp+fp) and its
recall tp/(tp+fn) (both 1 when fp = fn = 0); precision is the mean over the pages where
something was extracted (tp+fp > 0), recall the mean over the pages with a gold body; F1 is
the harmonic mean of those two means. `--bootstrap N` adds 95% intervals of the F1 difference
between aznews and each trafilatura mode (paired resampling of pages).

Speed is milliseconds per page on this machine, wall-clock and CPU (user + system; on a busy
machine the steadier figure): for aznews, between its first and its last output line divided
by the pages in between (process start-up and the first page's imports left out), CPU from
/proc; for trafilatura, the calls in this process after one warm-up page. The per-language table groups pages by the language the page declares (`<html lang>`,
else its gold body's script and function words).
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "tests" / "fixtures" / "extraction"
BLIND = ROOT / "benchmarks" / "extraction_blind"  # written apart from the extractor; never tuned on
PUBLIC = ROOT.parent / "shared" / "data" / "benchmarks" / "article-extraction-benchmark"
EXTRACTORS = ("aznews", "trafilatura", "trafilatura-precision")
LABELS = {"aznews": "aznews parse --jsonl", "trafilatura": "trafilatura default",
          "trafilatura-precision": "trafilatura favor_precision"}

# ---------------------------------------------------------------- the published metric

_TOKEN = re.compile(r"\w+")
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter:
    """The multiset of n-token shingles of `text` (one shorter shingle below n tokens)."""
    toks = _TOKEN.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_counts(pred: str, gold: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of one page's shingles, normalised to sum to 1 (0, 0, 0 when both are empty)."""
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp, fp, fn) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _page_recall(tp, fp, fn) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def page_f1(counts) -> float:
    p, r = _page_precision(*counts), _page_recall(*counts)
    return 2 * p * r / (p + r) if p + r else 0.0


def summarize(counts: list[tuple[float, float, float]]) -> dict:
    """Precision (mean over pages with an extraction), recall (mean over pages with a gold
    body) and F1 of the two means, as the benchmark publishes them."""
    ps = [_page_precision(*c) for c in counts if c[0] + c[1] > 0]
    rs = [_page_recall(*c) for c in counts if c[0] + c[2] > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(counts)}


def bootstrap_diff(a: list, b: list, rounds: int, seed: int = 12) -> tuple[float, float, float]:
    """Mean and 95% interval of F1(a) - F1(b) over paired resamples of the pages."""
    rng = random.Random(seed)
    n = len(a)
    diffs = []
    for _ in range(rounds):
        idx = [rng.randrange(n) for _ in range(n)]
        diffs.append(summarize([a[i] for i in idx])["f1"] - summarize([b[i] for i in idx])["f1"])
    diffs.sort()
    return sum(diffs) / rounds, diffs[int(0.025 * rounds)], diffs[min(rounds - 1, int(0.975 * rounds))]


# ---------------------------------------------------------------- data

_DECLARED_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def page_language(raw: bytes, gold: str, given: str | None = None) -> str:
    if given:
        return given
    m = _DECLARED_LANG.search(raw[:20000])
    if m:
        return m.group(1).decode("ascii").lower()
    from aznews.nlp.text import detect_language

    return detect_language(gold)


def load_dataset(directory) -> list[dict]:
    """[{id, url, html, gold, language}] from a benchmark directory, sorted by id."""
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
        gold = rec.get("articleBody") or ""
        pages.append({"id": pid, "url": rec.get("url") or "", "html": decode_html(raw), "gold": gold,
                      "language": page_language(raw, gold, rec.get("language"))})
    if not pages:
        raise SystemExit(f"no pages in {d}")
    return pages


# ---------------------------------------------------------------- extractors

def run_aznews(pages, timing: dict | None = None) -> dict[str, str]:
    """Bodies from one `aznews parse --jsonl` subprocess (the product's path)."""
    lines = "".join(json.dumps({"id": p["id"], "url": p["url"], "html": p["html"]}, ensure_ascii=False) + "\n"
                    for p in pages)
    cmd = [sys.executable, "-m", "aznews.pipelines.cli", "parse", "--jsonl",
           "--fetched-at", "2025-12-01T00:00:00+00:00"]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, encoding="utf-8", cwd=str(ROOT))

    def feed():
        try:
            proc.stdin.write(lines)
        finally:
            proc.stdin.close()

    err: list[str] = []
    threading.Thread(target=feed, daemon=True).start()
    threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True).start()
    out, stamps, cpu = {}, [], []
    for line in proc.stdout:
        stamps.append(time.perf_counter())
        cpu.append(_cpu_seconds(proc.pid))
        if line.strip():
            rec = json.loads(line)
            out[rec["id"]] = rec.get("body") or ""
    rc = proc.wait()
    if rc != 0:
        time.sleep(0.1)
        raise SystemExit(f"aznews parse --jsonl failed ({rc}): {''.join(err)[-2000:]}")
    if timing is not None and len(stamps) > 1:
        timing["aznews"] = (stamps[-1] - stamps[0]) / (len(stamps) - 1)
        if cpu[0] is not None and cpu[-1] is not None:
            timing["aznews cpu"] = (cpu[-1] - cpu[0]) / (len(stamps) - 1)
    return out


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a running process (Linux /proc), else None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def run_trafilatura(pages, timing: dict | None = None, name: str = "trafilatura", **options) -> dict[str, str]:
    import trafilatura

    trafilatura.extract(pages[0]["html"], **options)  # warm-up: lazy imports and caches
    out = {}
    t0, c0 = time.perf_counter(), time.process_time()
    for p in pages:
        out[p["id"]] = trafilatura.extract(p["html"], **options) or ""
    if timing is not None:
        timing[name] = (time.perf_counter() - t0) / len(pages)
        timing[name + " cpu"] = (time.process_time() - c0) / len(pages)
    return out


def evaluate(pages, extractors=EXTRACTORS) -> dict:
    """{"pages": [{id, language, <extractor>: (tp, fp, fn)}], <extractor>: summary, "ms": {...}}."""
    timing: dict = {}
    bodies = {}
    for name in extractors:
        if name == "aznews":
            bodies[name] = run_aznews(pages, timing)
        elif name == "trafilatura":
            bodies[name] = run_trafilatura(pages, timing, name)
        elif name == "trafilatura-precision":
            bodies[name] = run_trafilatura(pages, timing, name, favor_precision=True)
        else:
            raise ValueError(f"unknown extractor {name!r}")
    rows = []
    for p in pages:
        row = {"id": p["id"], "language": p["language"]}
        for name in extractors:
            row[name] = page_counts(bodies[name].get(p["id"], ""), p["gold"])
        rows.append(row)
    res = {"pages": rows, "bodies": bodies, "ms": {k: v * 1000 for k, v in timing.items()}}
    for name in extractors:
        res[name] = summarize([r[name] for r in rows])
    return res


# ---------------------------------------------------------------- report

def report(directory: Path, per_page: bool, bootstrap: int) -> dict:
    pages = load_dataset(directory)
    res = evaluate(pages)
    rows = res["pages"]
    if per_page:
        print(f"{'page':44} {'lang':4} " + " ".join(f"{n[:12]:>12}" for n in EXTRACTORS))
        for r in sorted(rows, key=lambda r: page_f1(r["aznews"]) - page_f1(r["trafilatura-precision"])):
            print(f"{r['id'][:44]:44} {r['language']:4} " + " ".join(f"{page_f1(r[n]):12.3f}" for n in EXTRACTORS))
    print(f"dataset: {directory} ({len(pages)} pages)")
    print(f"{'':30} {'precision':>9} {'recall':>9} {'F1':>9} {'ms/page':>8} {'CPU ms':>7}")
    for name in EXTRACTORS:
        s = res[name]
        cpu = res["ms"].get(name + " cpu")
        print(f"{LABELS[name]:30} {s['precision']:9.3f} {s['recall']:9.3f} {s['f1']:9.3f} {res['ms'][name]:8.1f} "
              + (f"{cpu:7.1f}" if cpu is not None else f"{'-':>7}"))
    for other in EXTRACTORS[1:]:
        line = f"{'aznews - ' + other:30} {res['aznews']['f1'] - res[other]['f1']:+29.3f}"
        if bootstrap:
            mean, lo, hi = bootstrap_diff([r["aznews"] for r in rows], [r[other] for r in rows], bootstrap)
            line += f"   95% [{lo:+.3f}, {hi:+.3f}] ({bootstrap} resamples)"
        print(line)
    langs = Counter(r["language"] for r in rows)
    if len(langs) > 1:
        print(f"{'F1 by language':30} {'pages':>5} " + " ".join(f"{n[:12]:>12}" for n in EXTRACTORS))
        for lang, n in langs.most_common():
            sub = [r for r in rows if r["language"] == lang]
            print(f"{lang:30} {n:5d} " + " ".join(f"{summarize([r[x] for r in sub])['f1']:12.3f}" for x in EXTRACTORS))
    return res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", action="append",
                    help="benchmark directory (html/*.html[.gz] + ground-truth.json), repeatable; "
                         "default: the bundled set, the blind set and the public benchmark when present")
    ap.add_argument("--per-page", action="store_true", help="print every page's F1, worst for aznews first")
    ap.add_argument("--bootstrap", type=int, default=0, metavar="N",
                    help="95%% interval of the F1 differences from N paired resamples")
    a = ap.parse_args(argv)
    default = [BUNDLED, BLIND] + ([PUBLIC] if (PUBLIC / "ground-truth.json").exists() else [])
    for directory in [Path(d) for d in a.dataset] if a.dataset else default:
        report(directory, a.per_page, a.bootstrap)


if __name__ == "__main__":
    main()
