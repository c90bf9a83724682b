"""Writers in real subprocesses: SIGKILL mid-write, and several writers at once."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aznews.pipelines.dataset.writer import Dataset
from aznews.pipelines.dataset.query import connect

ROOT = Path(__file__).resolve().parents[1]
N_ARTICLES = 2000
BATCH = 100
PER_ARTICLE = 10

WRITER = """
import sys
sys.path.insert(0, {bench!r})
from synthetic import batches
from aznews.pipelines.dataset.writer import Dataset
root, writer, part, parts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
ds = Dataset(root, writer_id=writer)
for i, batch in enumerate(batches({n}, batch_size={batch}, mentions_per_article={per}, months=2)):
    if i % parts == part:
        ds.write(*batch)
    if i % 5 == 4:  # publishing now and then, as a crawl does: a kill may land in a publish too
        ds.publish()
ds.publish()
print("done", flush=True)
""".format(bench=str(ROOT / "benchmarks"), n=N_ARTICLES, batch=BATCH, per=PER_ARTICLE)


def start_writer(root, writer="w", part=0, parts=1):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(root), writer, str(part), str(parts)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def committed_files(root) -> int:
    return sum(1 for p in Path(root).rglob("*.parquet"))


def check_plain(root) -> int:
    """What a plain Parquet reader (pyarrow.dataset over each table folder) sees is consistent:
    one row per article, child rows only of the current versions; returns the number of articles."""
    import pyarrow.dataset as pads

    def table(name):
        folder = Path(root) / name
        if not folder.exists():
            return None
        return pads.dataset(str(folder), format="parquet", partitioning="hive").to_table(columns=["article_id", "version"])

    arts = table("articles")
    if arts is None:
        return 0
    ids = arts.column("article_id").to_pylist()
    assert len(ids) == len(set(ids))
    current = set(zip(ids, arts.column("version").to_pylist()))
    for name in ("mentions", "roles", "dates"):
        t = table(name)
        if t is not None:
            assert set(zip(t.column("article_id").to_pylist(), t.column("version").to_pylist())) <= current, name
    return len(ids)


def check_consistent(root) -> int:
    """Every visible article is complete; returns the number of visible articles."""
    con = connect(root)
    n, distinct = con.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchall()[0]
    assert n == distinct
    incomplete = con.execute(
        "SELECT count(*) FROM articles a LEFT JOIN (SELECT article_id, count(*) AS k FROM mentions GROUP BY 1) m "
        f"USING (article_id) WHERE coalesce(m.k, 0) <> {PER_ARTICLE}"
    ).fetchall()[0][0]
    assert incomplete == 0
    assert con.execute("SELECT count(*) FROM roles").fetchall()[0][0] == n
    assert con.execute("SELECT count(*) FROM dates").fetchall()[0][0] == n
    assert con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] == n * PER_ARTICLE
    con.close()
    return n


@pytest.mark.slow
@pytest.mark.parametrize("kill_after_files", [1, 10, 30])
def test_sigkill_mid_write_leaves_readable_dataset_and_rerun_completes(tmp_path, kill_after_files):
    root = tmp_path / "ds"
    proc = start_writer(root)
    deadline = time.monotonic() + 60
    while committed_files(root) < kill_after_files and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert proc.poll() is None, "the writer finished before it could be killed; make the workload bigger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL

    partial = check_consistent(root)  # DuckDB reads it, no half-written article visible
    assert partial < N_ARTICLES
    assert check_plain(root) <= partial  # plain readers: the last publish, consistent

    proc = start_writer(root)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert check_consistent(root) == N_ARTICLES
    assert check_plain(root) == N_ARTICLES  # the re-run published everything, the killed run's batches too
    # compaction removes what the killed writer left behind, counts unchanged
    Dataset(root).compact(orphan_grace_s=0, temp_grace_s=0, retire_grace_s=0)
    assert check_consistent(root) == N_ARTICLES == check_plain(root)
    assert not [p for p in root.rglob(".*") if p.is_file()]


@pytest.mark.slow
def test_concurrent_writers_into_one_dataset(tmp_path):
    root = tmp_path / "ds"
    procs = [start_writer(root, f"writer{k}", k, 3) for k in range(3)]
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    assert check_consistent(root) == N_ARTICLES == check_plain(root)
    names = {p.name.split("-")[1] for p in (root / "_pending").rglob("*.parquet")}
    assert names == {"writer0", "writer1", "writer2"}
