"""Monitoring: watchlists of ministries, officials and phrases; `aznews watch` and `aznews report`.

    watchlist.py   load/validate/merge YAML watchlists (built-in: data/watchlists/government.yaml)
    match.py       find watched entities in the dataset (DuckDB join of mentions with the aliases)
    state.py       what `aznews watch` has already reported, per watchlist
    report.py      the self-contained HTML report
"""
