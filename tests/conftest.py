"""Shared fixtures. `demo_dataset` runs the real `aznews demo` once per test session."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
AZNEWS = [sys.executable, "-m", "aznews.pipelines.cli"]


def run_aznews(*args, input=None, timeout=300, cwd=None, env=None):
    """Run the aznews CLI in a subprocess; returns CompletedProcess with text output."""
    return subprocess.run(
        [*AZNEWS, *map(str, args)], input=input, capture_output=True, text=True,
        timeout=timeout, cwd=cwd or ROOT, env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def demo_dataset(tmp_path_factory) -> Path:
    """The dataset written by `aznews demo --out TMP` (the real crawl, NLP and writer)."""
    out = tmp_path_factory.mktemp("demo") / "dataset"
    proc = run_aznews("demo", "--out", out, "--no-progress")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server on a free loopback port (no persistence), for the tests of one module."""
    binary = shutil.which("redis-server") or ("/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)
    if binary is None:
        pytest.skip("no redis-server binary (apt-get install redis-server, see scripts/system-deps.sh)")
    import redis

    workdir = tmp_path_factory.mktemp("redis")
    for _ in range(3):
        port = free_port()
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                 "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            proc.kill()
            proc.wait()
            continue  # the port was taken meanwhile: try another
        try:
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            proc.terminate()
            proc.wait(10)
        return
    pytest.fail("redis-server did not start")


