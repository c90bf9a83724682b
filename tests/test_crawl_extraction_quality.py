"""Generic extraction quality: `aznews parse --jsonl` (a real subprocess) against trafilatura
with `favor_precision` in the same run, scored with the public article-extraction-benchmark's
own metric (4-gram shingles, per-page normalised counts, means over pages), on the bundled
set (tests/fixtures/extraction: 36 hand-written pages, twelve layouts, az/ru/en), the blind
set (benchmarks/extraction_blind, never tuned on) and the public benchmark itself when it
lies beside the checkout (../shared/data/benchmarks/article-extraction-benchmark)."""
import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_extraction", ROOT / "benchmarks" / "bench_extraction.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


BENCH = _bench()
PAIR = ("aznews", "trafilatura-precision")


@pytest.fixture(scope="module")
def bundled():
    pages = BENCH.load_dataset(BENCH.BUNDLED)
    return pages, BENCH.evaluate(pages, PAIR)


def test_bundled_set_is_varied():
    truth = json.loads((ROOT / "tests/fixtures/extraction/ground-truth.json").read_text(encoding="utf-8"))
    assert len(truth) >= 30
    assert {v["language"] for v in truth.values()} == {"az", "ru", "en"}
    assert len({v["layout"] for v in truth.values()}) >= 10
    for pid, rec in truth.items():
        assert (ROOT / "tests/fixtures/extraction/html" / f"{pid}.html").exists()
        assert len(rec["articleBody"].split()) > 40


def test_metric_is_the_published_one():
    counts = BENCH.page_counts
    assert counts("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    # shingles (a b c d), (b c d x) against (a b c d), (b c d e): one of each kind
    assert counts("a b c d x", "a b c d e") == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    # fewer than four tokens: one shorter shingle; case is kept, punctuation is not a token
    assert counts("Bakı, 2025", "Bakı 2025!") == (1.0, 0.0, 0.0)
    assert counts("bakı 2025", "Bakı 2025") == (0.0, 0.5, 0.5)
    assert counts("", "a b c d") == (0.0, 0.0, 1.0) and counts("", "") == (0.0, 0.0, 0.0)
    # precision is the mean over pages where something was extracted, recall over pages
    # with a gold body, F1 the harmonic mean of the two means
    s = BENCH.summarize([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.5, 0.5, 0.0)])
    assert s["precision"] == pytest.approx((1 + 0.5) / 2)
    assert s["recall"] == pytest.approx((1 + 0 + 1) / 3)
    assert s["f1"] == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_aznews_at_least_as_good_as_trafilatura_precision(bundled):
    pages, res = bundled
    az, tr = res["aznews"], res["trafilatura-precision"]
    assert len(res["pages"]) == len(pages) >= 30
    assert az["f1"] >= 0.95, az
    assert az["f1"] >= tr["f1"], (az, tr)
    worst = min(res["pages"], key=lambda r: BENCH.page_f1(r["aznews"]))  # no page lost
    assert BENCH.page_f1(worst["aznews"]) > 0.75, worst


def test_chrome_stays_out(bundled):
    pages, res = bundled
    bodies = res["bodies"]["aznews"]
    assert "Oxşar xəbərlər" not in bodies["az-su-wordpress"] and "Facebook" not in bodies["az-su-wordpress"]
    assert "Kəpəz" not in bodies["az-su-wordpress"]  # a related-news title
    assert "Спасибо за подробную статью" not in bodies["ru-vystavka-comments_heavy"]
    assert "Read also" not in bodies["en-port-divs"]
    gold = {p["id"]: p["gold"] for p in pages}
    assert bodies["en-port-divs"].split("\n\n")[0] == gold["en-port-divs"].split("\n\n")[0]


def test_generic_body_starts_with_the_text(bundled):
    # the generic extractor's text of these pages starts with the headline and a date line
    pages, res = bundled
    bodies = res["bodies"]["aznews"]
    gold = {p["id"]: p["gold"] for p in pages}
    assert bodies["ru-zdorovye-minimal"].split("\n\n")[0] == gold["ru-zdorovye-minimal"].split("\n\n")[0]
    assert not bodies["en-transport-table"].startswith("New electric buses enter service")
    assert "Forty electric buses began carrying passengers" in bodies["en-transport-table"]


def test_blind_set_aznews_at_least_as_good_as_trafilatura_precision():
    """The blind set (benchmarks/extraction_blind: 48 pages, 16 layouts the extractor's
    authors never saw, written by another team member): the bar holds there too. A
    regression guard only; the extractor is never tuned on these pages."""
    pages = BENCH.load_dataset(BENCH.BLIND)
    assert len(pages) == 48 and len({p["id"].rsplit("-", 1)[1] for p in pages}) == 16
    res = BENCH.evaluate(pages, PAIR)
    az, tr = res["aznews"], res["trafilatura-precision"]
    assert az["f1"] >= tr["f1"], (az, tr)
    assert min(BENCH.page_f1(r["aznews"]) for r in res["pages"]) > 0.5  # no page lost entirely


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH.PUBLIC / "ground-truth.json").exists(),
                    reason=f"the public article-extraction-benchmark is not at {BENCH.PUBLIC}")
def test_public_benchmark_aznews_at_least_as_good_as_trafilatura_precision():
    """The public benchmark (181 real pages, mostly English): aznews's F1 is at least
    trafilatura favor_precision's, and no language group falls far behind it."""
    pages = BENCH.load_dataset(BENCH.PUBLIC)
    assert len(pages) == 181
    res = BENCH.evaluate(pages, PAIR)
    az, tr = res["aznews"], res["trafilatura-precision"]
    assert az["f1"] >= tr["f1"], (az, tr)
    english = [r for r in res["pages"] if r["language"] == "en"]
    assert BENCH.summarize([r["aznews"] for r in english])["f1"] >= \
        BENCH.summarize([r["trafilatura-precision"] for r in english])["f1"] - 0.005
    # pages whose JSON-LD articleBody is a teaser cut with an ellipsis (or holds markup):
    # the page's own text wins, so none of them scores like the teaser alone (0.2)
    from aznews.crawler import extract

    structured = {}
    for p in pages:
        page = extract.Page(p["html"], p["url"], extract.parse_html(p["html"]), {}, None)
        body = (extract.from_json_ld(page, frozenset(), {}) or {}).get("body")
        if body:
            structured[p["id"]] = body
    teasers = [pid for pid, body in structured.items() if extract._is_teaser(body)]
    assert len(teasers) >= 3
    by_id = {r["id"]: r for r in res["pages"]}
    for pid in teasers:
        assert BENCH.page_f1(by_id[pid]["aznews"]) > 0.9, pid
    assert not any("&lt;" in res["bodies"]["aznews"][pid] or "&apos;" in res["bodies"]["aznews"][pid]
                   for pid in structured)
