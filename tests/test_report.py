"""`aznews report`: one self-contained HTML file, checked in headless Chromium."""
from __future__ import annotations

import os
import re
import shutil
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


def test_report_is_self_contained(report_file, demo_dataset):
    text = report_file.read_text(encoding="utf-8")
    # nothing loaded from elsewhere: no external scripts, stylesheets, fonts, images or frames
    assert not re.search(r"<script[^>]+\bsrc=", text, re.I)
    assert not re.search(r"<link\b", text, re.I)
    assert not re.search(r"<(img|iframe|object|embed)\b", text, re.I)
    assert "@import" not in text and "@font-face" not in text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text, re.I)
    assert text.count("Plotly.newPlot") == 2  # weekly chart and appointments timeline
    assert len(re.findall(r"<script\b", text)) >= 3 and len(text) > 1_000_000  # plotly.js inlined once
    for section in ("weekly", "entities", "people", "appointments", "latest"):
        assert f'<section id="{section}">' in text
    # the former and the current name of the education ministry are one row
    entities = text.split('<section id="entities">', 1)[1].split("</section>", 1)[0]
    rows = {m[0]: m[1] for m in re.findall(r"<tr><td>([^<]+)</td>.*?<td>([^<]*)</td></tr>", entities)}
    assert "Elm və Təhsil Nazirliyi" in rows and "Təhsil Nazirliyi" not in rows
    assert rows["Elm və Təhsil Nazirliyi"] == "Təhsil Nazirliyi"  # former name used, counted here
    assert "<mark>" in text and 'href="http://127.0.0.1:' in text


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
    dates = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>", latest)
    assert dates and min(dates) >= "2025-01-01"


def test_report_renders_in_headless_chromium(report_file, tmp_path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip(f"headless Chromium test needs {CHROMIUM} and {CHROMEDRIVER} (apt install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1366,2400"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    try:
        driver.set_page_load_timeout(60)
        driver.get(report_file.as_uri())  # a file: URL, no server
        WebDriverWait(driver, 30).until(
            lambda d: len(d.find_elements(By.CSS_SELECTOR, ".js-plotly-plot svg.main-svg")) >= 2)
        plots = driver.find_elements(By.CSS_SELECTOR, ".js-plotly-plot")
        assert len(plots) == 2
        for p in plots:  # each chart drew its data: bars or markers inside the SVG
            assert p.find_elements(By.CSS_SELECTOR, "svg.main-svg")
            assert p.find_elements(By.CSS_SELECTOR, "g.trace path, g.trace .point"), p.get_attribute("id")
            assert p.size["height"] > 150 and p.size["width"] > 400
        tables = driver.find_elements(By.CSS_SELECTOR, "table")
        assert len(tables) >= 4
        assert len(driver.find_elements(By.CSS_SELECTOR, "#latest tbody tr")) >= 10
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "report.png"
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1366, min(int(height) + 140, 16000))  # the whole page in one picture
        driver.save_screenshot(str(shot))
        assert shot.stat().st_size > 20_000
        resources = driver.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)")
        assert [r for r in resources if not r.startswith(("data:", "blob:"))] == []
        severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert severe == []
    finally:
        driver.quit()
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
