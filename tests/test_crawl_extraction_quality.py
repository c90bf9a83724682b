"""Generic extraction quality on the bundled benchmark (tests/fixtures/extraction:
36 hand-written pages, twelve layouts, az/ru/en): `aznews parse --jsonl` (a real
subprocess) against trafilatura's default extract(), bag-of-words F1 of the body."""
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


@pytest.fixture(scope="module")
def result():
    bench = _bench()
    pages = bench.load_dataset(bench.BUNDLED)
    return bench, pages, bench.evaluate(pages)


def test_bundled_set_is_varied():
    truth = json.loads((ROOT / "tests/fixtures/extraction/ground-truth.json").read_text(encoding="utf-8"))
    assert len(truth) >= 30
    assert {v["language"] for v in truth.values()} == {"az", "ru", "en"}
    assert len({v["layout"] for v in truth.values()}) >= 10
    for pid, rec in truth.items():
        assert (ROOT / "tests/fixtures/extraction/html" / f"{pid}.html").exists()
        assert len(rec["articleBody"].split()) > 40


def test_metric():
    bench = _bench()
    assert bench.prf("a b c d", "a b c d") == (1.0, 1.0, 1.0)
    p, r, f = bench.prf("a b x y", "a b c d")
    assert (p, r) == (0.5, 0.5) and f == pytest.approx(0.5)
    assert bench.prf("", "a b") == (0.0, 0.0, 0.0)
    # Azerbaijani case folding: İ/i and I/ı are the same letters
    assert bench.prf("İLHAM ISTI", "ilham ıstı")[2] == 1.0


def test_aznews_at_least_as_good_as_trafilatura(result):
    bench, pages, res = result
    az, tr = res["aznews"], res["trafilatura"]
    assert len(res["pages"]) == len(pages) >= 30
    assert az["f1"] >= 0.9, az
    assert az["f1"] >= tr["f1"] - 0.005, (az, tr)
    # no page lost entirely (an empty body scores 0)
    worst = min(res["pages"], key=lambda r: r["aznews"][2])
    assert worst["aznews"][2] > 0.75, worst


def test_chrome_stays_out(result):
    bench, pages, res = result
    bodies = bench.run_aznews([p for p in pages if p["id"] in ("az-su-wordpress", "ru-vystavka-comments_heavy",
                                                              "en-port-divs")])
    assert "Oxşar xəbərlər" not in bodies["az-su-wordpress"] and "Facebook" not in bodies["az-su-wordpress"]
    assert "Kəpəz" not in bodies["az-su-wordpress"]  # a related-news title
    assert "Спасибо за подробную статью" not in bodies["ru-vystavka-comments_heavy"]
    assert "Read also" not in bodies["en-port-divs"]
    gold = {p["id"]: p["gold"] for p in pages}
    assert bodies["en-port-divs"].split("\n\n")[0] == gold["en-port-divs"].split("\n\n")[0]


def test_generic_body_starts_with_the_text(result):
    # trafilatura's text of these pages starts with the headline and a date line
    bench, pages, res = result
    ids = ("ru-zdorovye-minimal", "en-transport-table")
    bodies = bench.run_aznews([p for p in pages if p["id"] in ids])
    gold = {p["id"]: p["gold"] for p in pages}
    assert bodies["ru-zdorovye-minimal"].split("\n\n")[0] == gold["ru-zdorovye-minimal"].split("\n\n")[0]
    assert not bodies["en-transport-table"].startswith("New electric buses enter service")
    assert "Forty electric buses began carrying passengers" in bodies["en-transport-table"]


def test_blind_set_aznews_at_least_as_good_as_trafilatura():
    """The blind set (benchmarks/extraction_blind: 48 pages, 16 layouts the extractor's
    authors never saw, written by another team member): the bar holds there too. A
    regression guard only; the extractor is never tuned on these pages."""
    bench = _bench()
    pages = bench.load_dataset(bench.BLIND)
    assert len(pages) == 48 and len({p["id"].rsplit("-", 1)[1] for p in pages}) == 16
    res = bench.evaluate(pages)
    az, tr = res["aznews"], res["trafilatura"]
    assert az["f1"] >= tr["f1"] - 0.005, (az, tr)
    assert min(r["aznews"][2] for r in res["pages"]) > 0.6  # no page lost entirely (lowest at first scoring: 0.70)
