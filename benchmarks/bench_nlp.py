"""Extractor throughput on ONE CPU core, against the bare Stanza NER pass as the baseline.

    python benchmarks/bench_nlp.py [--articles 500] [--words 300] [--rounds 3] [--no-model]

Articles of about 300 words are assembled from the demo site's Azerbaijani posts
(data/demo_site/posts) when present, else from a built-in generator. The model is loaded
once. Timed, in alternating rounds (best round kept, the machine may be shared):

* baseline: the Stanza pipeline alone (aznews tokenizer + NER) over the texts, batched;
  with `--stanza-inference`, also the same pass with Stanza's own NER inference code;
* full: `Analyzer.analyze_many` (language check, the same Stanza pass, rule spans, dates,
  canonical forms, coreference, roles).

Prints articles/s for both, the overhead of the full analysis over the baseline (the
wall-clock difference of the best rounds; the median of the paired per-round differences, which
a machine whose speed drifts during the run disturbs less; and the post-NER work measured
inside the Analyzer, steadier still on a shared machine) and the peak RSS. Targets: >= 20 articles/s/core, <= 25% overhead, peak <= 1.5 GB.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_GEN_PARTS = {
    "person": ["Elnur Nəsibov", "Leyla Məmmədova", "Rauf Hüseynov", "Anar Quliyev", "Səbinə Əliyeva",
               "Teymur Musayev", "Kamran Həsənov", "Nigar Abbasova"],
    "title": ["nazirin müavini", "baş məsləhətçisi", "şöbəsinin müdiri", "sədrinin müavini", "mətbuat katibi"],
    "org": ["Təhsil Nazirliyinin", "Səhiyyə Nazirliyinin", "Dövlət Gömrük Komitəsinin", "Mərkəzi Bankın",
            "Ədliyyə Nazirliyinin", "Əmək və Əhalinin Sosial Müdafiəsi Nazirliyinin"],
    "place": ["Bakıda", "Gəncədə", "Şəkidə", "Sumqayıtda", "Lənkəranda", "Qubada"],
    "date": ["Dekabrın 16-da", "martın 3-də", "2023-cü ilin may ayında", "ötən il", "17 iyul 2024-cü il tarixində"],
}
_GEN_TEMPLATES = [
    "{date} {org} {title} {person} {place} ictimaiyyət nümayəndələri ilə görüşüb.",
    "{person} bildirib ki, qarşıdakı dövrdə bir sıra layihələrin icrası nəzərdə tutulur.",
    "Tədbirdə çıxış edən {org} {title} {person} görülən işlər barədə məlumat verib.",
    "{place} keçirilən müşavirədə sahənin inkişaf istiqamətləri müzakirə olunub.",
    "Qeyd edək ki, {person} {org} {title} vəzifəsinə təyin edilib.",
    "Görüşdə vətəndaşların müraciətləri dinlənilib, onların həlli üçün müvafiq tapşırıqlar verilib.",
]


def demo_paragraphs() -> list[str]:
    posts = ROOT / "data" / "demo_site" / "posts"
    out: list[str] = []
    if posts.is_dir():
        for f in sorted(posts.glob("*.json")):
            try:
                post = json.loads(f.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if post.get("language", "az") != "az":
                continue
            body = post.get("body") or []
            if isinstance(body, str):
                body = body.split("\n\n")
            out.extend(p.strip() for p in body if p and p.strip())
    return out


def generated_paragraphs(rng: random.Random, n: int = 400) -> list[str]:
    out = []
    for _ in range(n):
        sents = []
        for _ in range(3):
            t = rng.choice(_GEN_TEMPLATES)
            sents.append(t.format(**{k: rng.choice(v) for k, v in _GEN_PARTS.items()}))
        out.append(" ".join(s[0].upper() + s[1:] for s in sents))
    return out


def build_articles(count: int, words: int, seed: int = 7) -> tuple[list[str], str]:
    rng = random.Random(seed)
    paras = demo_paragraphs()
    source = "data/demo_site posts"
    if len(paras) < 5:
        paras = generated_paragraphs(rng)
        source = "built-in generator"
    articles = []
    for _ in range(count):
        chosen, n = [], 0
        while n < words:
            p = rng.choice(paras)
            chosen.append(p)
            n += len(p.split())
        articles.append("\n\n".join(chosen))
    return articles, source


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=500)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--no-model", action="store_true", help="rules only (no Stanza NER)")
    ap.add_argument("--profile", action="store_true", help="cProfile the rule part of one round")
    ap.add_argument("--stanza-inference", action="store_true",
                    help="also time the bare pass with Stanza's own NER inference code "
                         "(without nlp/inference.py), in the same rounds")
    args = ap.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from aznews import nlp

    articles, source = build_articles(args.articles, args.words)
    nwords = sum(len(a.split()) for a in articles)
    t0 = time.perf_counter()
    analyzer = nlp.Analyzer(use_model=not args.no_model)
    load_s = time.perf_counter() - t0
    items = [(a, "2024-06-01T10:00:00+04:00") for a in articles]

    # warm up both paths (lazy imports, lru caches of the first batch)
    list(analyzer.analyze_many(items[:16], batch_size=args.batch_size))
    analyzer.ner_only(articles[:16])

    def bare_pass() -> float:
        t = time.perf_counter()
        for k in range(0, len(articles), args.batch_size):
            analyzer.ner_only(articles[k : k + args.batch_size])
        return time.perf_counter() - t

    base_times, full_times, post_times, stanza_times = [], [], [], []
    for _ in range(args.rounds):
        if args.stanza_inference and analyzer.pipeline is not None:
            from aznews.nlp.inference import use_fast_inference, use_stanza_inference

            configs = analyzer.pipeline.processors["ner"].configs
            use_stanza_inference(analyzer.pipeline)
            for c in configs:
                c["batch_size"] = 32  # Stanza's default
            stanza_times.append(bare_pass())
            for c in configs:
                c["batch_size"] = nlp.pipeline.NER_BATCH_SENTENCES
            use_fast_inference(analyzer.pipeline)
        base_times.append(bare_pass())
        t = time.perf_counter()
        analyzer.post_seconds = 0.0
        n = 0
        for _r in analyzer.analyze_many(items, batch_size=args.batch_size):
            n += 1
        full_times.append(time.perf_counter() - t)
        post_times.append(analyzer.post_seconds)
        assert n == len(articles)
    base, full, post = min(base_times), min(full_times), min(post_times)
    print(f"articles: {len(articles)} x ~{nwords / len(articles):.0f} words ({source}); "
          f"model: {'yes' if analyzer.pipeline is not None else 'no (rules only)'}; torch threads: 1; "
          f"NER inference: aznews.nlp.inference, {nlp.pipeline.NER_BATCH_SENTENCES} sentences per batch")
    print(f"model load: {load_s:.2f} s")
    print("rounds (bare / full, s): " + ", ".join(f"{b:.2f}/{f:.2f}" for b, f in zip(base_times, full_times))
          + f"; best of {args.rounds} kept for both")
    print(f"bare Stanza tokenize+NER: {len(articles) / base:7.1f} articles/s  ({base:.2f} s)")
    if stanza_times:
        st = min(stanza_times)
        print(f"  the same pass with Stanza's own inference code and batch size: {len(articles) / st:.1f} articles/s "
              f"({st:.2f} s; rounds {', '.join(f'{x:.2f}' for x in stanza_times)})")
    print(f"full analysis:            {len(articles) / full:7.1f} articles/s  ({full:.2f} s)")
    print(f"overhead over bare NER:   {100.0 * (full - base) / base:+.1f} %  "
          f"(rules etc. {1000.0 * (full - base) / len(articles):.1f} ms/article)")
    paired = sorted(100.0 * (f - b) / b for b, f in zip(base_times, full_times))
    print(f"overhead paired per round (the two passes of one round run back to back): "
          f"{', '.join(f'{x:+.1f} %' for x in paired)}; median {paired[len(paired) // 2]:+.1f} %")
    print(f"measured post-NER work:   {1000.0 * post / len(articles):.1f} ms/article = "
          f"{100.0 * post / base:.1f} % of the bare NER pass (language check, rules, dates, "
          f"canonical forms, coreference, roles)")
    from aznews.nlp.tokenize import tokenize

    t0 = time.perf_counter()
    n_tokens = sum(len(sent) for text in articles for sent in tokenize(text))
    print(f"aznews tokenizer alone: {n_tokens / (time.perf_counter() - t0):,.0f} tokens/s  ({n_tokens} tokens)")
    print(f"peak RSS: {peak_rss_mb():.0f} MB")
    if args.profile:
        import cProfile
        import pstats

        pr = cProfile.Profile()
        pr.enable()
        list(analyzer.analyze_many(items[:200], batch_size=args.batch_size))
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
