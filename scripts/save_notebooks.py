"""Execute the analyst notebooks and save them with their outputs (tables and charts).

    python scripts/save_notebooks.py                 # against data/aznews (made by `aznews demo` when missing)
    python scripts/save_notebooks.py --dataset DIR

The notebooks in notebooks/ are committed executed, so that they can be read (and their
charts seen) without running anything; run this after a change to them or to what the
demo dataset holds. tests/test_notebooks.py checks that every code cell has its outputs and
executes the notebooks again.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default=str(ROOT / "data" / "aznews"))
    ap.add_argument("notebooks", nargs="*", help="notebooks to run (default: all in notebooks/)")
    args = ap.parse_args(argv)
    if not Path(args.dataset).exists():
        subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", "demo", "--out", args.dataset, "--no-progress"],
                       check=True, cwd=ROOT)
    os.environ["AZNEWS_DATASET"] = os.path.relpath(args.dataset, NOTEBOOKS)  # the path the outputs show
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    paths = [Path(p) for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        nbformat.write(nb, path)
        print(f"saved {path.relative_to(ROOT)} with outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
