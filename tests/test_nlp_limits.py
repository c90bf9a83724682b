"""The NLP text cap (aznews.pipelines.nlp_limits): long texts are analysed in bounded
pieces up to a cap, with offsets into the whole text; a 50 MB text through
`aznews extract` takes bounded time and memory."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import AZNEWS, ROOT

CAP = 100_000  # the documented default of AZNEWS_NLP_MAX_CHARS

PARA = ("Təhsil nazirinin müşaviri Elnur Nəsibov Bakıda jurnalistlərlə görüşüb. "
        "Görüşdə Təhsil Nazirliyinin baş məsləhətçisi Billurə Hacızadə də iştirak edib.")


def test_pieces_cover_the_analysed_part_and_cut_at_boundaries(monkeypatch):
    from aznews.pipelines import nlp_limits

    monkeypatch.setenv("AZNEWS_NLP_MAX_CHARS", "1000")
    monkeypatch.setenv("AZNEWS_NLP_CHUNK_CHARS", "300")
    text = "\n\n".join(f"{i}. {PARA}" for i in range(40))
    parts = nlp_limits.pieces(text)
    joined = "".join(p for _, p in parts)
    assert joined == nlp_limits.analysed_part(text) == text[:len(joined)]
    assert 500 < len(joined) <= 1000 and nlp_limits.truncated(text)
    assert all(len(p) <= 300 for _, p in parts)
    assert all(text[off:off + len(p)] == p for off, p in parts)
    assert all(p.endswith("\n\n") for _, p in parts[:-1])  # paragraph breaks first
    # no boundary at all: hard cuts at the chunk size
    parts = nlp_limits.pieces("ə" * 950)
    assert [len(p) for _, p in parts] == [300, 300, 300, 50]
    assert not nlp_limits.truncated("ə" * 1000) and nlp_limits.truncated("ə" * 1001)


@pytest.fixture(scope="module")
def analyzer():
    from aznews import nlp

    return nlp.Analyzer()


def test_a_long_crawled_body_is_analysed_in_pieces_up_to_the_cap(analyzer, monkeypatch):
    from aznews.pipelines import nlp_limits
    from aznews.pipelines.analysis import analyse_rows
    from aznews.pipelines.dataset import records

    monkeypatch.setenv("AZNEWS_NLP_MAX_CHARS", "3000")
    monkeypatch.setenv("AZNEWS_NLP_CHUNK_CHARS", "1000")
    body = "\n\n".join(f"{PARA} Xəbər {i}." for i in range(200))  # ~32,000 characters
    short = PARA
    items = [{"url": f"https://bayraqdar.info/2021/12/17/x{i}/", "canonical_url": f"https://bayraqdar.info/2021/12/17/x{i}/",
              "source": "bayraqdar", "title": "t", "body": b, "published_at": "2021-12-17T11:15:00+04:00",
              "fetched_at": "2021-12-17T12:00:00+00:00", "language": "az"} for i, b in enumerate((body, short))]
    out = analyse_rows([records.article_row(i) for i in items], analyzer)  # the crawl's and `aznews nlp`'s driver
    rows, mentions = out.articles, out.mentions
    assert [r["nlp_status"] for r in rows] == ["truncated", "analyzed"]
    long_id = rows[0]["article_id"]
    ms = [m for m in mentions if m["article_id"] == long_id]
    assert ms and max(m["end"] for m in ms) <= 3000  # nothing after the cap
    assert min(m["start"] for m in ms) < 200 and max(m["start"] for m in ms) > 2000  # every piece analysed
    for m in ms:  # offsets index into the whole body
        assert body[m["start"]:m["end"]] == m["text"]
    persons = {m["canonical"] for m in ms if m["label"] == "PERSON"}
    assert {"Elnur Nəsibov", "Billurə Hacızadə"} <= persons
    sentences = [m["sentence"] for m in sorted(ms, key=lambda m: m["start"])]
    assert sentences == sorted(sentences) and len(set(sentences)) > 10  # numbered on across pieces
    # the same text analysed whole gives the same mentions as analysed in pieces
    whole = analyzer.analyze(nlp_limits.analysed_part(body))
    assert {(m.start, m.end, m.label) for m in whole.mentions} == {(m["start"], m["end"], m["label"]) for m in ms}


@pytest.mark.slow
def test_a_50_mb_text_takes_bounded_time_and_memory(tmp_path):
    import psutil

    n = 50 * 2**20
    big = (PARA + " ") * (n // len((PARA + " ").encode()) + 1)
    data = json.dumps({"id": "big", "text": big}, ensure_ascii=False).encode()
    data = data[: data.rindex(b" ")] + b'"}'  # one 50 MB line
    data += b"\n" + json.dumps({"id": "small", "text": PARA}, ensure_ascii=False).encode() + b"\n"
    assert len(data) > n
    inp = tmp_path / "in.jsonl"
    inp.write_bytes(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AZNEWS_NLP_")}
    with open(inp, "rb") as stdin:
        proc = subprocess.Popen([*AZNEWS, "extract", "--jsonl"], stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=ROOT, env=env)
        peak = 0
        ps = psutil.Process(proc.pid)
        import threading
        import time

        out = {}

        def read():
            out["stdout"], out["stderr"] = proc.communicate()

        t = threading.Thread(target=read)
        t.start()
        started = time.monotonic()
        while t.is_alive():
            try:
                peak = max(peak, ps.memory_info().rss)
            except psutil.Error:
                pass
            if time.monotonic() - started > 600:  # before the cap: still running after 12 minutes
                proc.kill()
            t.join(0.05)
        elapsed = time.monotonic() - started
    assert proc.returncode == 0, out["stderr"][-2000:]
    lines = [json.loads(x) for x in out["stdout"].decode().splitlines()]
    print(f"50 MB text: {elapsed:.0f} s, peak RSS {peak / 2**20:.0f} MB")
    assert [x["id"] for x in lines] == ["big", "small"]
    assert lines[0]["truncated"] is True and 90_000 < lines[0]["analysed_chars"] <= CAP
    assert "Elnur Nəsibov" in lines[0]["persons"] and max(m["end"] for m in lines[0]["mentions"]) <= CAP
    assert "truncated" not in lines[1] and "Billurə Hacızadə" in lines[1]["persons"]
    assert peak < 1.5 * 2**30  # the NLP memory budget (README), the 50 MB input included
