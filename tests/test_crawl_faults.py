"""A fault-injecting site: every recoverable article arrives exactly once, every
unrecoverable URL is logged with its reason and counted, and the crawl finishes."""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sites.crawlrun import crawl  # noqa: E402
from sites.newsfixture import RU_TEXT, FixtureSite, fixture_source  # noqa: E402


def test_faults(tmp_path):
    site = FixtureSite(n_ok=4, faults=True)
    try:
        res = crawl(tmp_path, [fixture_source(site.url, [{"method": "feed", "urls": ["/feed/"]}])],
                    settings={"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 2, "DOWNLOAD_MAXSIZE": 500_000,
                              "DOWNLOAD_WARNSIZE": 100_000, "REDIRECT_MAX_TIMES": 4},
                    timeout=90)
    finally:
        site.close()
    assert res.returncode == 0, res.log[-3000:]
    assert "Traceback" not in res.log
    assert res.stats["finish_reason"] == "finished"
    got = res.by_path()
    # every recoverable article exactly once (items are unique by canonical URL)
    assert len(res.items) == len(got)
    assert sorted(got) == sorted(site.recoverable()), res.log[-6000:]
    assert site.hits["/news/flaky/"] == 3  # two 503s, retried with backoff, then 200
    # charsets: windows-1251 without declaration, UTF-8 with BOM under a wrong header,
    # UTF-8 under a windows-1251 header
    assert got["/news/cp1251/"]["title"] == "Встреча министра"
    assert got["/news/cp1251/"]["body"] == RU_TEXT + "\n\n" + RU_TEXT
    assert got["/news/cp1251/"]["language"] == "ru"
    assert got["/news/cp1251/"]["published_at"] == "2021-12-17T11:15:00+04:00"
    assert got["/news/bom/"]["title"] == "BOM ilə gələn xəbər"
    assert got["/news/wrong-charset/"]["title"] == "Səhv kodlaşdırma xəbəri"
    assert got["/news/malformed/"]["title"] == "Pozuq HTML xəbəri"
    assert got["/news/malformed/"]["body"].startswith("Fixture xəbəri 108:")
    assert got["/news/moved-here/"]["url"].endswith("/news/moved-here/")
    for item in res.items:  # no theme chrome
        for chrome in ("skip to content", "Facebook", "Son xəbərlər", "hüquqlar"):
            assert chrome not in item["body"]
    # every unrecoverable URL: one log line with its reason, counted in the stats
    failed = dict(re.findall(r"Failed URL \S+?(/[^\s:]*): (.+)", res.log))
    for path, reason in site.unrecoverable().items():
        assert path in failed, (path, failed)
        assert reason in failed[path], (path, failed[path])
    assert res.stats["aznews/failed"] == len(site.unrecoverable())
    assert res.stats["aznews/failed/timeout"] == 1
    assert site.hits["/news/too-slow/"] == 3 and site.hits["/news/always-500/"] == 3
    # non-articles: logged with a reason, not yielded
    assert "Not an article: " + site.url + "/tag/tehsil/ (tag page)" in res.log
    assert "Empty body at " + site.url + "/news/empty/" in res.log
    assert res.stats["aznews/rejected"] == 2
    assert res.stats["aznews/duplicate_feed_entries"] == 6
    # a redirect to an article fetched anyway is not a failure, and not a second item
    assert res.stats["aznews/redirect_to_seen"] == 1 and site.hits["/news/ok-1/"] == 1
