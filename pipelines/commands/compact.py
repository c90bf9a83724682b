"""`aznews compact`: publish every pending batch, drop superseded article versions, handle damaged files.

Publishing is what makes a plain Parquet read of a table folder return the current
state (see aznews.pipelines.dataset.writer); every aznews write command also
publishes at its end. `compact` does it for the whole dataset and, with --repair,
moves unreadable files to DATASET/_damaged/ so that their partitions can be
published from the rest.
"""
from __future__ import annotations

from aznews.pipelines.commands.argtypes import non_negative_float

HELP = "publish pending batches, drop superseded article versions; --repair moves damaged files aside"


def configure(parser):
    parser.add_argument("--dataset", default=None, help="dataset path or fsspec URL (default: $AZNEWS_DATASET or data/aznews)")
    parser.add_argument("--repair", action="store_true",
                        help="move damaged (unreadable) files to DATASET/_damaged/ and publish their partitions from the rest")
    parser.add_argument("--grace", type=non_negative_float, default=None, metavar="SECONDS",
                        help="delete merged pending files and dead writers' leftovers this long after they stopped "
                             "counting (default: 600 s for merged files, 3600 s for leftovers)")


def run(args):
    from aznews.pipelines.dataset.writer import RETIRE_GRACE_S, Dataset
    from aznews.pipelines.dataset.query import default_dataset

    ds = Dataset(args.dataset or default_dataset())
    if args.grace is None:
        res = ds.publish(retire_grace_s=RETIRE_GRACE_S, repair=args.repair)
    else:
        res = ds.publish(orphan_grace_s=args.grace, temp_grace_s=args.grace, retire_grace_s=args.grace, repair=args.repair)
    dropped = ", ".join(f"{t} {n}" for t, n in res.rows_dropped.items())
    print(
        f"published {res.partitions} partition(s), {res.absorbed} pending file(s) merged, {res.retired} deleted; "
        f"files {res.files_before} -> {res.files_after}; rows dropped: {dropped}; "
        f"stale temporary files removed: {res.temp_files_removed}"
    )
    if res.quarantined:
        print(f"moved {len(res.quarantined)} damaged file(s) aside (their rows are lost; a re-crawl with a fresh "
              f"--state stores those articles again):")
        for p in res.quarantined:
            print(f"  {p}")
    damaged = [p for p in res.damaged if not args.repair]
    if damaged:
        print(f"{len(damaged)} damaged file(s) skipped (run `aznews compact --repair` to move them aside):")
        for p in damaged:
            print(f"  {p}")
        return 1
    return 0
