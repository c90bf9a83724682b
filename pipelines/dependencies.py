"""The packages aznews needs, checked before a command that crawls or extracts starts.

A missing, too old or broken required package is one line and exit status 1 at start-up,
never a silent fallback (an extractor that cannot be imported would otherwise turn every
page into an "empty body"). The requirements are the installed distribution's own
(`install_requires` in setup.cfg); run from a source tree that is not installed, there is
nothing to compare against and only the imports are tried.
"""
from __future__ import annotations

from aznews.pipelines.errors import UserError

REINSTALL = "reinstall aznews with its dependencies (pip install aznews, or pip install -e . in a checkout)"


def requirements(dist: str = "aznews") -> list[str]:
    """The distribution's requirement strings (empty when it is not installed); `problems`
    leaves out those of extras."""
    import importlib.metadata as md

    try:
        return list(md.requires(dist) or [])
    except md.PackageNotFoundError:
        return []


def problems(reqs: list[str] | None = None) -> list[str]:
    """One phrase per unmet requirement: not installed, or a version outside the range."""
    import importlib.metadata as md

    from packaging.requirements import InvalidRequirement, Requirement

    out = []
    for text in requirements() if reqs is None else reqs:
        try:
            req = Requirement(text)
        except InvalidRequirement:
            continue
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        try:
            version = md.version(req.name)
        except md.PackageNotFoundError:
            out.append(f"{req.name} is not installed (aznews needs {req})")
            continue
        if req.specifier and not req.specifier.contains(version, prereleases=True):
            out.append(f"{req.name} {version} is installed but aznews needs {req}")
    return out


def check(modules: tuple[str, ...] = ()) -> None:
    """UserError (exit 1) naming the first unmet requirement, or a module of `modules` that
    cannot be imported (installed, but broken)."""
    found = problems()
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise UserError(f"{found[0]}{more}; {REINSTALL}", status=1)
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # ImportError, or whatever a broken package raises on import
            raise UserError(f"required package {name} cannot be imported ({one_line(exc)}); {REINSTALL}",
                            status=1) from None


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0]}" if text else type(exc).__name__


# the packages the extraction cascade imports, tried before a crawl or a parse starts
EXTRACTION = ("lxml.html", "cssselect", "bs4", "dateparser", "trafilatura")
CRAWL = EXTRACTION + ("scrapy", "twisted", "pyarrow", "fsspec")
NLP = ("torch", "stanza")
