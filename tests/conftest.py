"""Shared fixtures. `demo_dataset` runs the real `aznews demo` once per test session."""
from __future__ import annotations

import os
import subprocess
import sys
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
