"""`aznews report`: one self-contained HTML file, checked in headless Chromium."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
from pathlib import Path

import pytest

from conftest import ROOT, run_aznews

CHROMIUM = os.environ.get("AZNEWS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("AZNEWS_CHROMEDRIVER", "/usr/bin/chromedriver")
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def report_file(demo_dataset, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    proc = run_aznews("report", "--dataset", demo_dataset, "--out", out)
    assert proc.returncode == 0, proc.stderr
    return out


SECTIONS = ("mentions", "whoswho", "entities", "people", "appointments", "latest")


def _section(text: str, name: str) -> str:
    return text.split(f'<section id="{name}">', 1)[1].split("</section>", 1)[0]


def _rows(fragment: str) -> list[str]:
    """The text of each table body row in an HTML fragment."""
    rows = []
    for body in re.findall(r"<tbody>(.*?)</tbody>", fragment, re.S):
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            rows.append(re.sub(r"<[^>]+>", "|", tr))
    return rows


def test_report_is_self_contained(report_file, demo_dataset):
    text = report_file.read_text(encoding="utf-8")
    # small, readable by others, nothing loaded from elsewhere: no scripts, stylesheets, fonts, images or frames
    assert report_file.stat().st_size <= 1_500_000
    assert stat.S_IMODE(report_file.stat().st_mode) == 0o644
    assert not re.search(r"<script\b", text, re.I)
    assert not re.search(r"<link\b", text, re.I)
    assert not re.search(r"<(img|iframe|object|embed)\b", text, re.I)
    assert "@import" not in text and "@font-face" not in text
    assert not re.search(r"url\(", text, re.I)
    assert not re.search(r'(src|href)="(?!http://127\.0\.0\.1:)', text)  # the only links: the articles
    for section in SECTIONS:
        assert f'<section id="{section}">' in text
    assert text.count("<svg") == 2  # the mentions chart and the appointments timeline
    # the former and the current name of the education ministry are one row
    entities = _section(text, "entities")
    rows = {m[0]: m[1] for m in re.findall(r"<tr><td>([^<]+)</td>.*?<td>([^<]*)</td></tr>", entities)}
    assert "Elm və Təhsil Nazirliyi" in rows and "Təhsil Nazirliyi" not in rows
    assert rows["Elm və Təhsil Nazirliyi"] == "Təhsil Nazirliyi (until 2022-07-28)"  # former name used, counted here
    assert "<mark>" in text and 'href="http://127.0.0.1:' in text
    # no table repeats a row
    for section in SECTIONS:
        body_rows = _rows(_section(text, section))
        assert len(body_rows) == len(set(body_rows)), section


def test_report_whos_who_and_chart(report_file, demo_dataset):
    from aznews.pipelines.dataset.query import connect
    from aznews.pipelines.monitor import charts

    text = report_file.read_text(encoding="utf-8")
    who = _section(text, "whoswho")
    blocks = dict(re.findall(r'<div class="body" data-entity="([^"]+)">(.*?)</div>', who, re.S))
    etn = blocks["elm-ve-tehsil-nazirliyi"]
    assert "<h3>Elm və Təhsil Nazirliyi</h3>" in etn
    current = _rows(etn.split("<h4>Current holders</h4>", 1)[1].split("<h4>", 1)[0])
    # the current holders are the open tenures of the posts view at the body and its units
    con = connect(demo_dataset)
    expected = con.execute(
        "SELECT person, title FROM posts WHERE current AND 'elm-ve-tehsil-nazirliyi' IN (organization_id, parent_organization_id)"
    ).fetchall()
    got = {tuple(c for c in r.split("|") if c)[:2] for r in current}
    assert got == set(expected) and ("Elnur Nəsibov", "nazir müşaviri") in got
    changes = etn.split("<h4>Changes", 1)[1]
    assert "Orxan Vəliyev" in changes and "appointed" in changes  # appointed in February 2025
    # the presidential administration: a head of department appointed and his predecessor dismissed
    pa = blocks["prezident-administrasiyasi"]
    assert "Cavanşir Əsgərzadə" in pa and "Aydın Məhərrəmli" in pa and "dismissed" in pa
    # the chart: months over 2021-2025, one distinct colour per series, the legend names them
    chart = _section(text, "mentions")
    assert "<h2>Mentions per watched entity per month</h2>" in chart
    fills = dict(re.findall(r'fill="(#[0-9A-Fa-f]{6})" data-series="([^"]+)"', chart))
    by_series = {}
    for colour, series in re.findall(r'fill="(#[0-9A-Fa-f]{6})" data-series="([^"]+)"', chart):
        by_series.setdefault(series, set()).add(colour)
    assert len(by_series) >= 8 and all(len(c) == 1 for c in by_series.values())
    assert len({c for cs in by_series.values() for c in cs}) == len(by_series)  # distinct colours
    assert set(fills) <= set(charts.PALETTE) | {charts.OTHER}
    legend = re.findall(r'<li><span class="swatch" style="background:(#[0-9A-Fa-f]{6})"></span>([^<]+)</li>', chart)
    assert {n: {c} for c, n in legend} == by_series
    # bars add up to the mentions of the watched entities
    counts = [int(x) for x in re.findall(r"<title>[^<]*: (\d+)</title></rect>", chart)]
    total = int(re.search(r"· (\d+) mentions of", text).group(1))
    assert sum(counts) == total


@pytest.mark.parametrize("since, unit", [("2025-08-10", "day"), ("2025-06-01", "week"), ("2024-01-01", "month")])
def test_report_bins_fit_the_period(demo_dataset, tmp_path, since, unit):
    out = tmp_path / "r.html"
    proc = run_aznews("report", "--dataset", demo_dataset, "--since", since, "--out", out)
    assert proc.returncode == 0, proc.stderr
    chart = _section(out.read_text(encoding="utf-8"), "mentions")
    assert f"per {unit}</h2>" in chart
    labels = re.findall(r'class="tick" text-anchor="middle">([^<]+)</text>', chart)
    pattern = {"day": r"\d{4}-\d\d-\d\d$", "week": r"\d{4}-W\d\d$", "month": r"\d{4}-\d\d$"}[unit]
    assert labels and all(re.match(pattern, lb) for lb in labels)
    assert min(labels) >= since[: len(labels[0])] if unit != "week" else True


def test_report_errors(demo_dataset, tmp_path):
    for args, message in [
        (["--dataset", tmp_path / "none", "--out", tmp_path / "r.html"], "dataset not found"),
        (["--dataset", demo_dataset, "--since", "yesterday", "--out", tmp_path / "r.html"], "bad date 'yesterday'"),
        (["--dataset", demo_dataset, "--out", tmp_path / "no" / "r.html"], "does not exist"),
    ]:
        proc = run_aznews("report", *args)
        assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not (tmp_path / "r.html").exists()


def test_report_since_limits_the_period(demo_dataset, tmp_path):
    out = tmp_path / "r.html"
    assert run_aznews("report", "--dataset", demo_dataset, "--since", "2025-01-01", "--out", out).returncode == 0
    text = out.read_text(encoding="utf-8")
    latest = text.split('<section id="latest">', 1)[1]
    dates = re.findall(r"<tr><td class=date>(\d{4}-\d\d-\d\d)</td>", latest)
    assert dates and min(dates) >= "2025-01-01"


def test_report_renders_in_headless_chromium(report_file, tmp_path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip(f"headless Chromium test needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    assert report_file.stat().st_size <= 1_500_000 and stat.S_IMODE(report_file.stat().st_mode) == 0o644
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1366,2400"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_page_load_timeout(60)
        driver.get(report_file.as_uri())  # a file: URL, no server
        # the who's who section: one block per watched body with posts, tables drawn with rows
        bodies = driver.find_elements(By.CSS_SELECTOR, "#whoswho div.body")
        assert len(bodies) >= 5
        etn = driver.find_element(By.CSS_SELECTOR, '#whoswho div.body[data-entity="elm-ve-tehsil-nazirliyi"]')
        assert etn.is_displayed() and etn.size["height"] > 100
        holders = etn.find_elements(By.CSS_SELECTOR, "table.current tbody tr")
        assert len(holders) >= 5 and any("Elnur Nəsibov" in r.text for r in holders)
        assert all(r.is_displayed() and r.size["height"] > 10 for r in holders)
        # the charts drew their data: bars and markers with a size on screen
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 2
        for c in charts:
            assert c.size["height"] > 150 and c.size["width"] > 400
        bars = driver.find_elements(By.CSS_SELECTOR, "#mentions svg rect")
        assert len(bars) >= 10 and all(b.size["height"] > 0 for b in bars[:10])
        assert driver.find_elements(By.CSS_SELECTOR, "#appointments svg g.marker")
        assert len(driver.find_elements(By.CSS_SELECTOR, "#latest tbody tr")) >= 10
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "report.png"
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, min(int(height) + 140, 16000))  # the whole page in one picture
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 20_000
        # no network: the page made no request besides itself, and no resource was loaded
        requests = [json.loads(e["message"])["message"] for e in driver.get_log("performance")]
        urls = {m["params"]["request"]["url"] for m in requests if m.get("method") == "Network.requestWillBeSent"}
        # (chrome:// pages are the browser's own; data: URLs are no network)
        page = [u for u in urls if not u.startswith(("chrome://", "chrome-untrusted://", "devtools://", "data:"))]
        assert page == [report_file.as_uri()]
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        assert resources == []
        logs = driver.get_log("browser")
        assert [e for e in logs if e["level"] in ("SEVERE", "WARNING")] == []
    finally:
        driver.quit()
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
