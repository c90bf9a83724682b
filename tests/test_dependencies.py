"""The product's own dependencies: every package the code imports is required by setup.cfg,
and a missing, too old or broken one is one line and exit status 1 when a command starts,
never a silent fallback (the plain-wheel install itself is scripts/check-plain-install.sh,
run by `make test`)."""
import ast
import configparser
import importlib.metadata as md
import subprocess
import sys
from pathlib import Path

from packaging.requirements import Requirement

from aznews.pipelines import dependencies

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIRS = ("crawler", "nlp", "pipelines", "data")


def _install_requires() -> set[str]:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = [x.strip() for x in cfg["options"]["install_requires"].splitlines() if x.strip()]
    return {md.Distribution.from_name(Requirement(x).name).metadata["Name"].lower().replace("_", "-") for x in lines}


def _imported_top_levels() -> dict[str, str]:
    """Top-level module -> one file importing it, over the installed package's code."""
    found = {}
    for d in PACKAGE_DIRS:
        for f in (ROOT / d).rglob("*.py"):
            for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for n in names:
                    found.setdefault(n.split(".")[0], str(f.relative_to(ROOT)))
    return found


def test_every_imported_package_is_an_install_requirement():
    required = _install_requires()
    owners = md.packages_distributions()
    missing = {}
    for module, where in _imported_top_levels().items():
        if module in sys.stdlib_module_names or module == "aznews":
            continue
        dists = {md.Distribution.from_name(d).metadata["Name"].lower().replace("_", "-") for d in owners.get(module, [])}
        assert dists, f"{module} (imported in {where}) belongs to no installed distribution"
        if not dists & required:
            missing[module] = where
    assert not missing, f"imported but not in install_requires: {missing}"


def test_this_environment_meets_setup_cfg():
    # setup.cfg's own lines (an editable install's metadata is as old as its last install)
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    lines = [x.strip() for x in cfg["options"]["install_requires"].splitlines() if x.strip()]
    assert dependencies.problems(lines) == []


def test_problems_name_a_missing_and_an_old_package():
    found = dependencies.problems(["aznews-no-such-package>=1", "pip>=999", "packaging>=1",
                                   'pytest>=9999; extra == "test"'])
    assert found[0] == "aznews-no-such-package is not installed (aznews needs aznews-no-such-package>=1)"
    assert found[1].startswith("pip ") and "aznews needs pip>=999" in found[1]
    assert len(found) == 2  # the satisfied one and the extra's are not problems


def test_cli_stops_at_start_when_a_requirement_is_unmet(monkeypatch, capsys, tmp_path):
    from aznews.pipelines import cli

    monkeypatch.setattr(dependencies, "requirements", lambda dist="aznews": ["aznews-no-such-package>=1"])
    page = tmp_path / "page.html"
    page.write_text("<html><body><h1>Başlıq</h1><p>Mətn</p></body></html>", encoding="utf-8")
    assert cli.main(["parse", str(page)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("aznews parse: error: aznews-no-such-package is not installed")


def test_a_broken_generic_extractor_is_one_line_not_empty_bodies(tmp_path):
    """What a plain install with lxml 6 and an old pip gave: trafilatura raising on import.
    aznews parse must say so and exit 1, not print "empty body" for every page."""
    fake = tmp_path / "shadow" / "trafilatura"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean.\\n'
        'Install lxml[html-clean] or lxml_html_clean directly.")\n', encoding="utf-8")
    page = ROOT / "tests/fixtures/extraction/html/az-hava-table.html"
    env = {"PYTHONPATH": str(tmp_path / "shadow"), "PATH": "/usr/bin:/bin"}
    for args in (["parse", str(page), "--url", "https://xeberportal.example.az/x/1"], ["parse", "--jsonl"]):
        proc = subprocess.run([sys.executable, "-m", "aznews.pipelines.cli", *args], capture_output=True, text=True,
                              input='{"id": 1, "url": "https://a.example.az/x", "html": "<p>x</p>"}\n', env=env,
                              timeout=120)
        assert proc.returncode == 1, (proc.stdout, proc.stderr)
        assert proc.stdout == ""
        err = proc.stderr.strip()
        assert "\n" not in err and "Traceback" not in err
        assert "trafilatura cannot be imported" in err and "lxml_html_clean" in err
