"""What a user sees on stderr during a crawl: a live display on a terminal, progress lines
elsewhere, a summary table, warnings as one line; no DEBUG record and no article text at the
default level; -v, -q and --log-file; --version; a failed dataset write as one line and exit 1."""
from __future__ import annotations

import fcntl
import logging
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=0", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def cmd(*args):
    return [sys.executable, "-m", "aznews.pipelines.cli", *map(str, args)]


@pytest.fixture(scope="module")
def site():
    from aznews.pipelines.demo.site import DemoSite, load_posts

    with DemoSite(load_posts()) as s:
        yield s


def article_snippets(site) -> list[str]:
    """Pieces of every article's text: none may reach stderr at the default level."""
    out = []
    for p in site.posts:
        out += [para[:50] for para in p.body if len(para) >= 50]
        out.append(p.title)
    return out


def assert_quiet(stderr: str, site) -> None:
    assert "DEBUG" not in stderr and " INFO " not in stderr and "Traceback" not in stderr
    assert "Scraped from" not in stderr and "Crawled (200)" not in stderr
    leaked = [s for s in article_snippets(site) if s in stderr]
    assert not leaked, leaked[:3]


def summary_row(text: str) -> list[str]:
    rows = [line for line in text.splitlines() if line.startswith("│ bayraqdar")]
    assert rows, text[-2000:]
    return [c.strip() for c in rows[-1].split("│")[1:-1]]


def run_in_pty(args, timeout=300) -> tuple[int, str, str]:
    """Run with stderr on a pseudo-terminal (120 columns), stdout on a pipe; returns (rc, stdout, stderr)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    p = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave,
                         env=dict(os.environ, TERM="xterm-256color", COLUMNS="120"))
    os.close(slave)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r, _, _ = select.select([master], [], [], 0.5)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif p.poll() is not None:
            break
    os.close(master)
    out = p.stdout.read().decode()
    p.wait(timeout=60)
    return p.returncode, out, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_crawl_not_on_a_terminal(site, tmp_path):
    """The default run (NLP on) with stderr on a pipe: progress lines, the summary table, nothing else."""
    r = subprocess.run(cmd("crawl", "bayraqdar", "--base-url", site.url, "--out", tmp_path / "ds",
                           "--set", "AZNEWS_PROGRESS_INTERVAL=0.5", *LOCAL),
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    n = len(site.posts)
    assert f"crawled {n} articles into" in r.stdout
    assert_quiet(r.stderr, site)
    progress = [line for line in r.stderr.splitlines() if line.startswith("progress: ")]
    assert progress, r.stderr
    assert re.search(rf"progress: \d+/{n} articles, [0-9.]+/s, elapsed \d+:\d\d, ETA \d+:\d\d, \d+ written", r.stderr)
    assert f"crawl finished (finished) in " in r.stderr and f"{n} written to the dataset" in r.stderr
    assert summary_row(r.stderr) == ["bayraqdar", str(n), str(n), str(n), "0", "0"]
    # every other line is a table line: no log record at the default level
    other = [line for line in r.stderr.splitlines()
             if line and not line.startswith(("progress: ", "crawl finished")) and line[0] not in "┏┃┡│└"]
    assert not other, other


@pytest.mark.slow
def test_crawl_on_a_terminal(site, tmp_path):
    rc, out, err = run_in_pty(cmd("crawl", "bayraqdar", "--base-url", site.url, "--out", tmp_path / "ds", "--no-nlp",
                                  "--set", "AZNEWS_WP_PER_PAGE=2", *LOCAL))
    assert rc == 0, err[-3000:]
    text = ANSI.sub("", err)
    n = len(site.posts)
    assert_quiet(text, site)
    assert "aznews crawl:" in text and "discovered" in text  # the live display was drawn
    assert "progress: " not in text  # lines are for logs, not terminals
    assert f"crawl finished (finished)" in text
    assert summary_row(text) == ["bayraqdar", str(n), str(n), str(n), "0", "0"]
    assert f"crawled {n} articles" in out


@pytest.mark.slow
def test_quiet_verbose_and_log_file(site, tmp_path):
    log_file = tmp_path / "crawl.log"
    r = subprocess.run(cmd("-q", "crawl", "bayraqdar", "--base-url", site.url, "--out", tmp_path / "q", "--no-nlp",
                           "--log-file", log_file, *LOCAL), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # errors only: none
    assert f"crawled {len(site.posts)} articles" in r.stdout
    log = log_file.read_text(encoding="utf-8")
    assert "INFO scrapy.core.engine: Spider opened" in log and "Spider closed (finished)" in log
    assert "DEBUG" not in log and not [s for s in article_snippets(site) if s in log]  # INFO: no items
    r = subprocess.run(cmd("crawl", "bayraqdar", "--base-url", site.url, "--out", tmp_path / "v", "--no-nlp", "-v",
                           "--no-progress", *LOCAL), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "INFO scrapy.core.engine: Spider closed (finished)" in r.stderr and "DEBUG" not in r.stderr
    v = subprocess.run(cmd("--version"), capture_output=True, text=True, timeout=60)
    assert v.returncode == 0 and re.fullmatch(r"aznews \d+\.\d+\.\d+\S*\n", v.stdout)


def test_warnings_are_one_line(capsys):
    from aznews.pipelines.cli import setup_logging

    setup_logging()
    try:
        try:
            raise ValueError("bad\nvalue")
        except ValueError:
            logging.getLogger("scrapy.core.scraper").error("Error processing %s", "<GET http://x/>", exc_info=True)
        logging.getLogger("aznews.test").warning("two\nlines")
        logging.getLogger("aznews.test").info("not shown")
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert err.splitlines() == ["error: Error processing <GET http://x/>: ValueError: bad value", "warning: two lines"]


def test_failed_dataset_write_is_one_line_and_exit_1(site, tmp_path):
    out = tmp_path / "ds"
    out.mkdir()
    (out / "_pending").write_text("not a folder")  # every batch write fails
    r = subprocess.run(cmd("crawl", "bayraqdar", "--base-url", site.url, "--out", out, "--no-nlp", "--no-progress",
                           *LOCAL), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, (r.stdout, r.stderr)
    errors = [line for line in r.stderr.splitlines() if line.startswith("aznews crawl: error:")]
    assert len(errors) == 1 and f"writing to {out} failed" in errors[0]
    assert "Traceback" not in r.stderr and "crawled" not in r.stdout
