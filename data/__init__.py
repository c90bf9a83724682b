"""Bundled data: the demo news site and the watchlists.

`data/` is also the default place for output (`data/aznews/`, every command's default dataset), which is git-ignored.
"""
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
DEMO_SITE_DIR = DATA_DIR / "demo_site"
WATCHLIST_DIR = DATA_DIR / "watchlists"
