"""`aznews compact`: merge small files per partition and drop superseded article versions."""
from __future__ import annotations

HELP = "merge small Parquet files and drop superseded article versions"


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/demo)")


def run(args):
    from aznews.pipelines.dataset.writer import Dataset
    from aznews.pipelines.dataset.query import default_dataset

    ds = Dataset(args.dataset or default_dataset())
    res = ds.compact()
    dropped = ", ".join(f"{t} {n}" for t, n in res.rows_dropped.items())
    print(
        f"compacted {res.partitions} partition(s): {res.files_before} -> {res.files_after} files; "
        f"rows dropped: {dropped}; stale temporary files removed: {res.temp_files_removed}"
    )
    return 0
