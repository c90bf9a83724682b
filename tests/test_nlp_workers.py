"""`aznews nlp --workers N` over a dataset crawled with --no-nlp (real crawl, real model, spawn workers)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def aznews(*args, timeout=240):
    return subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="module")
def unanalysed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("nlp") / "crawled"
    p = aznews("demo", "--out", out, "--no-nlp", "--no-progress")
    assert p.returncode == 0, p.stderr[-3000:]
    return out


def _rows(dataset, sql):
    from aznews.pipelines.dataset.query import connect

    con = connect(str(dataset))
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_nlp_workers_match_one_worker(unanalysed, tmp_path):
    before = _rows(unanalysed, "SELECT count(*), count(nlp_status) FROM articles")[0]
    assert before[0] >= 15 and before[1] == 0  # crawled, nothing analysed yet
    assert _rows(unanalysed, "SELECT count(*) FROM mentions") == [(0,)]
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(unanalysed, one)
    shutil.copytree(unanalysed, two)

    p2 = aznews("nlp", "--dataset", two, "--workers", 2, "--batch-size", 4)
    assert p2.returncode == 0, p2.stderr[-3000:]
    assert "nlp: " in p2.stderr and f"/{before[0]} articles" in p2.stderr  # progress on stderr
    assert f"analysed {before[0]} articles" in p2.stdout and "with 2 worker(s)" in p2.stdout
    p1 = aznews("nlp", "--dataset", one, "--workers", 1)
    assert p1.returncode == 0, p1.stderr[-3000:]

    for ds in (one, two):
        status = dict(_rows(ds, "SELECT language, list(DISTINCT nlp_status) FROM articles GROUP BY language"))
        assert status["az"] == ["analyzed"], status
        assert all(v == ["skipped-language"] for k, v in status.items() if k != "az"), status
        # one visible copy per article, and the analysed copy is the visible one
        assert _rows(ds, "SELECT count(*), count(DISTINCT article_id) FROM articles")[0] == (before[0], before[0])
    mention_sql = ("SELECT article_id, sentence, start, \"end\", text, label, canonical FROM mentions "
                   "ORDER BY ALL")
    m1, m2 = _rows(one, mention_sql), _rows(two, mention_sql)
    assert len(m1) > 100 and {r[5] for r in m1} >= {"PERSON", "ORGANIZATION", "TITLE"}
    assert m1 == m2
    roles_sql = "SELECT article_id, person, title, organization, event FROM roles ORDER BY ALL"
    r1 = _rows(one, roles_sql)
    assert r1 and r1 == _rows(two, roles_sql)
    # mentions of every az article (the bundled posts all name people or organizations)
    missing = _rows(two, "SELECT count(*) FROM articles a WHERE language = 'az' AND NOT EXISTS "
                         "(SELECT 1 FROM mentions m WHERE m.article_id = a.article_id)")
    assert missing == [(0,)]

    # nothing left to do: a second run writes nothing
    again = aznews("nlp", "--dataset", two, "--workers", 2)
    assert again.returncode == 0 and again.stdout.startswith("nothing to analyse"), again.stdout
    assert _rows(two, "SELECT count(*) FROM mentions") == [(len(m2),)]


def test_nlp_missing_dataset(tmp_path):
    p = aznews("nlp", "--dataset", tmp_path / "none")
    assert p.returncode == 2 and p.stderr.startswith("aznews nlp: error: dataset not found")
    p = aznews("nlp", "--workers", 0)
    assert p.returncode == 2 and "must be at least 1" in p.stderr


_KILLED_PARENT = """
import os, sys
from aznews.pipelines.analysis import AnalysisPool
pool = AnalysisPool(processes=1)
pool.analyse([{"article_id": "a", "body": "Bakıda Təhsil Nazirliyi məlumat yayıb.", "published_at": None}])
import multiprocessing
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
sys.stdin.read()  # wait to be killed
"""


def test_nlp_worker_exits_when_its_parent_is_killed():
    # kill -9 of a crawl or Redis worker leaves its pool no time to stop: the NLP worker must
    # not wait for ever with the model loaded
    import os
    import signal
    import time

    p = subprocess.Popen([sys.executable, "-c", _KILLED_PARENT], cwd=ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, text=True)
    try:
        children = [int(x) for x in p.stdout.readline().split()]
        assert children, "the pool started no worker process"
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=10)
        deadline = time.monotonic() + 15
        alive = children
        while alive and time.monotonic() < deadline:
            time.sleep(0.2)
            alive = [c for c in children if _running(c)]
        assert not alive, f"NLP worker {alive} outlived its killed parent"
    finally:
        if p.poll() is None:
            p.kill()


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
