"""The analyst notebooks: committed executed (outputs and charts), and they execute again, offline.

They run on the dataset the real `aznews demo` writes (the session fixture `demo_dataset`),
as an analyst would after `make demo`. `python scripts/save_notebooks.py` saves them
executed.
"""
from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def committed(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    # saved executed: every code cell ran, in order, and shows what it made; no errors
    assert code and all(c.get("outputs") for c in code), "save the notebook executed: python scripts/save_notebooks.py"
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    assert not any(o.get("output_type") == "error" for c in code for o in c.outputs)
    assert sum(c.cell_type == "markdown" for c in nb.cells) >= 2
    return nb


def run_notebook(nb, dataset, monkeypatch):
    monkeypatch.setenv("AZNEWS_DATASET", str(dataset))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def outputs(nb, mime="text/plain") -> str:
    text = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.get("output_type") == "stream" and mime == "text/plain":
                text.append(o.get("text", ""))
            data = o.get("data", {})
            if mime in data:
                text.append(data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
    return "\n".join(text)


def source(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.slow
def test_ministry_of_education_posts(demo_dataset, monkeypatch):
    saved = committed("ministry_of_education_posts.ipynb")
    assert "lookup.who(" in source(saved) and "lookup.person(" in source(saved)  # who/person from Python
    assert "'Təhsil Nazirliyi'" not in source(saved)  # the body by its id and the watchlist, not by name
    fresh = run_notebook(saved, demo_dataset, monkeypatch)
    for nb in (saved, fresh):
        text = outputs(nb)
        assert "Billurə Hacızadə (billure-hacizade)" in text and "baş məsləhətçi" in text
        assert "Elnur Nəsibov" in text and "nazir müşaviri" in text and "Cəsarət Valehov" in text
        assert "sektorunun baş məsləhətçisi Billurə Hacızadə" in text  # the evidence sentence
        assert outputs(nb, "image/png"), "no chart"


@pytest.mark.slow
def test_ministry_mentions_per_month(demo_dataset, monkeypatch):
    saved = committed("ministry_mentions_per_month.ipynb")
    assert "LIKE" not in source(saved) and "watchlist.load()" in source(saved)
    fresh = run_notebook(saved, demo_dataset, monkeypatch)
    for nb in (saved, fresh):
        text = outputs(nb)
        assert "[Elm və Təhsil Nazirliyi, Təhsil Nazirliyi]" in text  # one ministry, both names
        assert "Səhiyyə Nazirliyi" in text and "Xarici İşlər Nazirliyi" in text
        assert "Almaniya" not in text  # a foreign ministry is no ministry of the watchlist
        assert outputs(nb, "image/png"), "no chart"
