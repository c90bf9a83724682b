"""The analyst notebooks execute, offline, against a dataset.

`dataset_for_notebooks(tmp_path)` is the one place that decides which dataset
they run on; swap its body for the `aznews demo` output when that exists.
"""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from pipelines.dataset import Dataset
from test_dataset_samples import sample_batch

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def dataset_for_notebooks(tmp_path) -> Path:
    """A small realistic dataset: the reference Təhsil Nazirliyi article and a few more."""
    root = tmp_path / "dataset"
    Dataset(root).write(*sample_batch())
    return root


def run_notebook(name, tmp_path, monkeypatch):
    monkeypatch.setenv("AZNEWS_DATASET", str(dataset_for_notebooks(tmp_path)))
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
def test_ministry_of_education_posts(tmp_path, monkeypatch):
    nb = run_notebook("ministry_of_education_posts.ipynb", tmp_path, monkeypatch)
    text = outputs(nb)
    assert "Billurə Hacızadə" in text and "baş məsləhətçi" in text
    assert "Elm və Təhsil Nazirliyi" in text and "dismissed" in text
    assert "Aygün Məmmədova" not in text  # Səhiyyə Nazirliyi is another ministry


@pytest.mark.slow
def test_ministry_mentions_per_month(tmp_path, monkeypatch):
    nb = run_notebook("ministry_mentions_per_month.ipynb", tmp_path, monkeypatch)
    assert outputs(nb, "image/png"), "no chart"
    text = outputs(nb)
    assert "Təhsil Nazirliyi" in text and "Səhiyyə Nazirliyi" in text
