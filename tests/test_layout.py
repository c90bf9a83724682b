"""The house rules of the layout, read from the code's own imports (no import is executed).

Data flows one way: nlp <- crawler <- pipelines (a stage imports only itself and earlier
stages; `data` holds bundled files and imports nothing of ours), and no module imports
itself back through a chain of others (no import loop, lazy imports inside functions
counted too: a loop is a design loop even when Python tolerates it)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = {"data": 0, "nlp": 1, "crawler": 2, "pipelines": 3}


def _modules() -> dict[str, Path]:
    mods = {}
    for top in STAGES:
        for path in (ROOT / top).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            mods["aznews." + ".".join(parts)] = path
    return mods


def _imports(path: Path, name: str, modules: dict[str, Path]) -> set[str]:
    """The aznews modules `name` imports (resolved to the longest existing module name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # `from pkg import sub` imports the submodule; `from pkg import name`, the package
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        for t in targets:
            while t and t not in modules:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


@pytest.fixture(scope="module")
def graph():
    modules = _modules()
    return {name: _imports(path, name, modules) for name, path in modules.items()}


def _stage(module: str) -> str:
    return module.split(".")[1]


def test_every_import_runs_forward(graph):
    backward = sorted(f"{m} imports {t}" for m, ts in graph.items() for t in ts
                      if STAGES[_stage(t)] > STAGES[_stage(m)]
                      or (_stage(m) == "data" and _stage(t) != "data"))
    assert not backward, "imports against the flow nlp <- crawler <- pipelines:\n" + "\n".join(backward)


def test_no_import_loops(graph):
    # Tarjan's strongly connected components; a package importing its own submodules to
    # re-export them is not a loop unless a submodule imports the package back
    index, low, stack, on, loops, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                loops.append(sorted(comp))

    import sys
    sys.setrecursionlimit(10000)
    for v in list(graph):
        if v not in index:
            visit(v)
    assert not loops, "import loops:\n" + "\n".join(" <-> ".join(c) for c in loops)


def test_no_test_modules_in_the_package():
    tests = [str(p.relative_to(ROOT)) for top in STAGES for p in (ROOT / top).rglob("test_*.py")]
    assert not tests, f"test modules inside the installed package: {tests}"


def test_the_graph_sees_the_known_arrows(graph):
    # the checker reads real imports: the CLI reaches the crawler, the crawler the NLP's text helpers
    assert "aznews.crawler.run" in graph["aznews.pipelines.commands.crawl"]
    assert "aznews.nlp.text" in graph["aznews.crawler.extract"]
