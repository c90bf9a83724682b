"""Readers survive a damaged file (a truncated and a zero-byte Parquet file: skipped with one warning
naming each, reported by `aznews stats` and `aznews compact`, moved aside by `compact --repair`),
and answer while `compact` runs: no file disappears under them."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from synthetic import batches  # noqa: E402

from aznews.pipelines.dataset.writer import Dataset  # noqa: E402

N = 400
PER = 5


def aznews(*args, timeout=120):
    return subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


def build(root: Path, publish_first: int = 2) -> Dataset:
    """Synthetic articles in several partitions: the first batches published, the rest pending."""
    ds = Dataset(root, writer_id="w")
    for i, batch in enumerate(batches(N, batch_size=100, mentions_per_article=PER, months=4)):
        ds.write(*batch)
        if i + 1 == publish_first:
            ds.publish()
    return ds


def count(root) -> tuple[int, int]:
    r = aznews("query", "SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM articles", "--dataset", root,
               "--format", "csv")
    assert r.returncode == 0, r.stderr
    n, d = r.stdout.strip().splitlines()[1].split(",")
    return int(n), int(d)


def test_damaged_files_are_skipped_reported_and_repaired(tmp_path):
    root = tmp_path / "ds"
    ds = build(root)
    truncated = ds.published_files("mentions")[0]
    zero = ds.pending_files("articles")[-1]
    data = Path(truncated).read_bytes()
    Path(truncated).write_bytes(data[: len(data) // 2])  # a copy killed halfway
    Path(zero).write_bytes(b"")  # a disk error

    r = aznews("query", "SELECT count(*) FROM articles", "--dataset", root, "--format", "csv")
    assert r.returncode == 0, r.stderr
    warnings = r.stderr.strip().splitlines()
    assert len(warnings) == 2 and all(w.startswith("warning: skipping damaged file ") for w in warnings), warnings
    assert any(truncated in w for w in warnings) and any(zero in w for w in warnings)
    n = int(r.stdout.split()[1])  # the zero-byte file's articles are missing (until re-crawled)
    assert 0 < n < N
    r = aznews("query", "SELECT count(*) FROM mentions", "--dataset", root, "--format", "csv")
    assert r.returncode == 0 and int(r.stdout.split()[1]) > 0

    r = aznews("stats", "--dataset", root)
    assert r.returncode == 0, r.stderr
    assert "2 damaged" in r.stdout and truncated in r.stdout and zero in r.stdout

    r = aznews("compact", "--dataset", root)
    assert r.returncode == 1, r.stdout + r.stderr  # reported, not repaired
    assert "2 damaged file(s) skipped" in r.stdout and truncated in r.stdout and zero in r.stdout
    assert Path(truncated).exists()  # its partition was left alone: nothing lost by publishing around it

    r = aznews("compact", "--repair", "--dataset", root)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "moved 2 damaged file(s) aside" in r.stdout
    assert list((root / "_damaged").rglob("*"))
    r = aznews("query", "SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM articles", "--dataset", root,
               "--format", "csv")
    assert r.returncode == 0 and r.stderr == "", r.stderr
    n2, d2 = map(int, r.stdout.strip().splitlines()[1].split(","))
    assert n2 == d2 == n
    # the truncated published file's rows came back from the pending files it had absorbed (still
    # within their grace period): every visible article has all its mentions
    r = aznews("query", "SELECT count(*) FROM (SELECT a.article_id FROM articles a LEFT JOIN mentions m USING (article_id) "
                        f"GROUP BY 1 HAVING count(m.article_id) <> {PER})", "--dataset", root, "--format", "csv")
    assert r.returncode == 0 and r.stdout.split()[1] == "0", r.stdout
    import pandas as pd  # and a plain read works again

    assert len(pd.read_parquet(root / "articles")) == n2


QUERY = "SELECT count(*) AS n, count(DISTINCT article_id) AS d FROM articles"
WRITER = """
import sys
sys.path.insert(0, {bench!r})
from synthetic import batches
from aznews.pipelines.dataset.writer import Dataset
ds = Dataset(sys.argv[1], writer_id="cw")
for i, b in enumerate(batches(3000, batch_size=50, mentions_per_article=3, months=3)):
    ds.write(*b)
""".format(bench=str(ROOT / "benchmarks"))
COMPACTOR = """
import sys, time, os
from aznews.pipelines.dataset.writer import Dataset
stop = sys.argv[2]
n = 0
while not os.path.exists(stop):
    Dataset(sys.argv[1]).compact()
    n += 1
Dataset(sys.argv[1]).compact()
print(n + 1)
"""


@pytest.mark.slow
@pytest.mark.xfail(strict=False, reason="known flake: under heavy load a reader racing repeated compactions failed "
                   "1 run in 7 on main; kept running and reported, root cause open (see the #14/#16 notes)")
def test_readers_answer_while_compact_runs(tmp_path):
    root = tmp_path / "ds"
    build(root, publish_first=4)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], env=env, stderr=subprocess.PIPE, text=True)
    compactor = subprocess.Popen([sys.executable, "-c", COMPACTOR, str(root), str(stop)], env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    results = []
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(aznews, "query", QUERY, "--dataset", root, "--format", "csv") for _ in range(24)]
            results = [f.result() for f in futures]
        assert writer.wait(300) == 0, writer.stderr.read()
    finally:
        stop.touch()
        out, err = compactor.communicate(timeout=300)
        if writer.poll() is None:
            writer.kill()
    assert compactor.returncode == 0, err
    assert int(out.strip()) >= 2  # several compactions ran during the queries
    for r in results:
        assert r.returncode == 0, r.stderr
        assert r.stderr == ""
        n, d = map(int, r.stdout.strip().splitlines()[1].split(","))
        assert n == d >= N  # one row per article, at every moment
    assert count(root) == (3000, 3000)  # the writer's articles replaced the first ones (same ids) or were added
