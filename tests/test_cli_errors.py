"""Errors users see (the real CLI in subprocesses): one line on stderr, exit 2 for bad input
and 1 for a runtime failure, never a traceback and never exit 0 on failure."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from conftest import run_aznews


def one_line(proc, status: int, *expected: str) -> str:
    assert proc.returncode == status, (proc.returncode, proc.stderr[-3000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    lines = proc.stderr.strip().splitlines()
    last = lines[-1]
    assert last.startswith("aznews "), proc.stderr[-3000:]
    for text in expected:
        assert text in last, (text, last)
    return last


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    from aznews.pipelines.dataset.writer import Dataset
    from test_query import sample_batch

    root = tmp_path_factory.mktemp("cli") / "ds"
    Dataset(root).write(*sample_batch([0, 1]))
    return root


class _Server:
    def __init__(self, handler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.parametrize("extra, expected", [
    (["--out", "foo://x"], "cannot open foo://x: Protocol not known: foo"),
    (["--out", "s3://bucket/news"], "s3:// needs a filesystem package that is not installed"),
    (["--set", "CONCURRENT_REQUESTS=abc"], "--set CONCURRENT_REQUESTS must be a whole number, not 'abc'"),
    (["--set", "AZNEWS_BATCH_SIZE=0"], "AZNEWS_BATCH_SIZE must be >= 1"),
    (["--jobdir", "FILE"], "--jobdir FILE is a file, not a folder"),
    (["--state", "FILE"], "--state FILE is a file, not a folder"),
    (["--worker-id", "../x"], "--worker-id may contain only letters, digits, '-' and '_'"),
    (["--base-url", "notaurl"], "--base-url must be an http(s) URL"),
])
def test_crawl_bad_options(tmp_path, extra, expected):
    f = tmp_path / "FILE"
    f.write_text("x")
    args = [str(f) if a == "FILE" else a for a in extra]
    expected = expected.replace("FILE", str(f))
    out = [] if "--out" in args else ["--out", str(tmp_path / "ds")]
    p = run_aznews("crawl", "bayraqdar", *out, "--no-nlp", "--no-progress", *args, timeout=120)
    one_line(p, 2, expected)
    assert not (tmp_path / "ds" / "_state").exists()  # refused before anything was crawled


def test_crawl_where_every_discovery_method_fails_exits_1(tmp_path):
    class NotFound(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    srv = _Server(NotFound)
    try:
        p = run_aznews("crawl", "bayraqdar", "--base-url", srv.url, "--out", tmp_path / "ds", "--no-nlp",
                       "--no-progress", "--set", "RETRY_TIMES=0", timeout=120)
    finally:
        srv.close()
    one_line(p, 1, "no discovery method worked for bayraqdar")


@pytest.mark.parametrize("cmd", [["query", "SELECT 1"], ["stats"], ["compact"], ["watch"], ["nlp"],
                                 ["report", "--out", "REPORT"]])
def test_dataset_commands_on_a_url_without_its_filesystem_package(tmp_path, cmd):
    cmd = [str(tmp_path / "r.html") if a == "REPORT" else a for a in cmd]
    p = run_aznews(*cmd, "--dataset", "s3://bucket/news")
    one_line(p, 2, "cannot open s3://bucket/news: s3:// needs a filesystem package")


def test_query_out_folder_and_bad_max_rows(dataset, tmp_path):
    one_line(run_aznews("query", "SELECT 1", "--dataset", dataset, "--out", tmp_path), 2,
             f"cannot write {tmp_path}: it is a folder")
    one_line(run_aznews("query", "SELECT 1", "--dataset", dataset, "--max-rows", "-1"), 2,
             "--max-rows: must be at least 1")
    # a failed query leaves an existing --out file as it was
    out = tmp_path / "keep.csv"
    out.write_text("precious\n")
    one_line(run_aznews("query", "SELECT no_such FROM articles", "--dataset", dataset, "--format", "csv",
                        "--out", out), 2, "query failed")
    assert out.read_text() == "precious\n"


def test_query_is_one_read_only_statement_unless_any_sql(dataset, tmp_path):
    target = tmp_path / "written.csv"
    one_line(run_aznews("query", "SELECT 1; SELECT 2", "--dataset", dataset), 2, "give one SQL statement, not 2")
    one_line(run_aznews("query", f"COPY (SELECT 1) TO '{target}'", "--dataset", dataset), 2,
             "a COPY statement is not read-only")
    one_line(run_aznews("query", "SELECT * FROM read_csv('/etc/passwd')", "--dataset", dataset), 2,
             "query failed: Permission Error")
    one_line(run_aznews("query", f"ATTACH '{tmp_path}/x.db'", "--dataset", dataset), 2, "not read-only")
    assert not target.exists() and not (tmp_path / "x.db").exists()
    p = run_aznews("query", "SELECT count(*) AS n FROM articles", "--dataset", dataset, "--format", "csv")
    assert p.returncode == 0 and p.stdout.split() == ["n", "2"], p.stderr
    p = run_aznews("query", f"COPY (SELECT 7 AS a) TO '{target}'; SELECT 1 AS done", "--dataset", dataset,
                   "--any-sql", "--format", "csv")
    assert p.returncode == 0 and p.stdout.split() == ["done", "1"], p.stderr
    assert target.read_text().split() == ["a", "7"]


def test_query_table_reads_only_the_rows_it_shows(dataset, tmp_path):
    import psutil
    import subprocess

    from conftest import AZNEWS, ROOT

    proc = subprocess.Popen([*AZNEWS, "query", "SELECT range AS n, repeat('x', 40) AS pad FROM range(20000000)",
                             "--dataset", str(dataset), "--max-rows", "5"], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    print(f"query --max-rows 5 over 20M rows: peak RSS {peak / 2**20:.0f} MB")
    assert "more than 5 rows: only the first 5 shown" in out and out.count("│ 4 ") == 1
    assert peak < 300 * 2**20


def test_watch_state_dir_that_is_a_file(dataset, tmp_path):
    f = tmp_path / "state"
    f.write_text("x")
    one_line(run_aznews("watch", "--dataset", dataset, "--state-dir", f), 2, f"--state-dir {f} is a file")


def test_eval_on_binary_files(tmp_path):
    b = tmp_path / "bin.jsonl"
    b.write_bytes(bytes(range(256)) * 10)
    one_line(run_aznews("eval", "--dev", b, "--no-wiki"), 2, f"--dev {b} is not UTF-8 text")
    one_line(run_aznews("eval", "--predictions", b, "--no-wiki"), 2, f"--predictions {b} is not UTF-8 text")


def test_parse_fetched_at_and_download_cap(tmp_path):
    one_line(run_aznews("parse", "--jsonl", "--fetched-at", "yesterday", input=""), 2,
             "--fetched-at must be an ISO 8601 time")
    big = b"<html><body><p>" + b"x" * (30 * 2**20) + b"</p></body></html>"

    class Big(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if self.path == "/declared":
                self.send_header("Content-Length", str(len(big)))
            self.end_headers()
            try:
                for i in range(0, len(big), 1 << 20):
                    self.wfile.write(big[i:i + (1 << 20)])
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *a):
            pass

    srv = _Server(Big)
    try:
        for path in ("/declared", "/streamed"):  # a Content-Length, or none: the body is cut at the cap
            one_line(run_aznews("parse", srv.url + path, timeout=120), 2, "larger than the 8 MB download cap")
    finally:
        srv.close()


def test_extract_model_dir_must_hold_a_model(tmp_path):
    one_line(run_aznews("extract", "--model-dir", tmp_path / "nowhere", input="x"), 2,
             f"--model-dir {tmp_path / 'nowhere'}: no such folder")


def test_watchlist_list_fields_must_be_lists(dataset, tmp_path):
    wl = tmp_path / "w.yaml"
    wl.write_text("people:\n  - id: x\n    name: Elnur Nəsibov\n    aliases: not a list\n", encoding="utf-8")
    one_line(run_aznews("watch", "--dataset", dataset, "--watchlist", wl), 2,
             "people[0] (id 'x'): 'aliases' must be a list of non-empty strings")


def test_catastrophic_watchlist_regex_fails_in_bounded_time(tmp_path):
    from aznews.pipelines.dataset import records
    from aznews.pipelines.dataset.writer import Dataset

    root = tmp_path / "ds"
    item = {"url": "https://a.az/x/", "source": "bayraqdar", "title": "t", "body": "a" * 60 + "!",
            "fetched_at": "2025-01-01T00:00:00+00:00", "language": "az"}
    Dataset(root).write([records.article_row(item)])
    wl = tmp_path / "w.yaml"
    wl.write_text("patterns:\n  - id: bad\n    regex: '(a|aa)+$'\n", encoding="utf-8")
    started = time.monotonic()
    p = run_aznews("watch", "--dataset", root, "--watchlist", wl, "--no-builtin", timeout=120)
    elapsed = time.monotonic() - started
    print(f"catastrophic regex: stopped after {elapsed:.1f} s")
    one_line(p, 2, "pattern 'bad' took more than 2 s on article", "simplify the regex")
    # watch's cron contract: 2 is an error, never 1 ("new mentions")


@pytest.mark.slow
def test_extract_jsonl_invalid_utf8_line_gets_an_error_and_the_rest_go_on():
    data = (json.dumps({"id": "a", "text": "Təhsil nazirinin müşaviri Elnur Nəsibov görüş keçirib."},
                       ensure_ascii=False).encode() + b"\n"
            + b'{"id": "b", "text": "\xff\xfe broken"}\n'
            + json.dumps({"id": "c", "text": "Anar Quliyev Bakıya gəlib."}, ensure_ascii=False).encode() + b"\n")
    import subprocess

    from conftest import AZNEWS, ROOT

    p = subprocess.run([*AZNEWS, "extract", "--jsonl"], input=data, capture_output=True, cwd=ROOT, timeout=300)
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    out = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["persons"] == ["Elnur Nəsibov"] and out[2]["persons"] == ["Anar Quliyev"]
    assert out[1] == {"id": "b", "error": "line 2: not UTF-8 text (byte 22)"}


def test_demo_reruns_and_concurrent_demos_dedupe(tmp_path):
    import subprocess

    from conftest import AZNEWS, ROOT

    out = tmp_path / "ds"
    args = ["demo", "--out", str(out), "--no-nlp", "--no-progress"]
    p = run_aznews(*args)
    assert p.returncode == 0, p.stderr[-2000:]
    import shutil

    shutil.rmtree(out / "_state")  # a re-run that has forgotten what it crawled
    p = run_aznews(*args)
    assert p.returncode == 0, p.stderr[-2000:]
    glob = f"{out}/articles/**/*.parquet"
    con = duckdb.connect()
    n, distinct = con.execute(f"SELECT count(*), count(DISTINCT article_id) FROM read_parquet('{glob}')").fetchone()
    from aznews.pipelines.demo.site import load_posts

    posts = len(load_posts())
    assert n == distinct == posts  # the second demo, on another port, stored nothing twice
    # two demos at once into a fresh dataset: the views show every post once
    out2 = tmp_path / "ds2"
    procs = [subprocess.Popen([*AZNEWS, "demo", "--out", str(out2), "--no-nlp", "--no-progress"], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-2000:]
    from aznews.pipelines.dataset.query import connect

    c = connect(out2)
    assert c.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone() == (posts, posts)
