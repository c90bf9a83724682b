"""The analyst notebooks execute, offline, against a dataset.

They run on the dataset the real `aznews demo` writes (the session fixture
`demo_dataset`), as an analyst would after `make demo`.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def run_notebook(name, dataset, monkeypatch):
    monkeypatch.setenv("AZNEWS_DATASET", str(dataset))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), "committed with outputs"
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 2
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb, mime="text/plain") -> str:
    text = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream":
                text.append(o.get("text", ""))
            data = o.get("data", {})
            if mime in data:
                text.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
    return "\n".join(text)


@pytest.mark.slow
def test_ministry_of_education_posts(demo_dataset, monkeypatch):
    nb = run_notebook("ministry_of_education_posts.ipynb", demo_dataset, monkeypatch)
    text = outputs(nb)
    assert "Billurə Hacızadə" in text and "baş məsləhətçi" in text
    assert "Cəsarət Valehov" in text


@pytest.mark.slow
def test_ministry_mentions_per_month(demo_dataset, monkeypatch):
    nb = run_notebook("ministry_mentions_per_month.ipynb", demo_dataset, monkeypatch)
    assert outputs(nb, "image/png"), "no chart"
    text = outputs(nb)
    assert "Təhsil Nazirliyi" in text and "Səhiyyə Nazirliyi" in text
