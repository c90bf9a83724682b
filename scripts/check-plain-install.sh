#!/usr/bin/env bash
# The product as a new user installs it: build a wheel of the checkout, install it ALONE (no
# extras, no editable install, nothing of the checkout on sys.path) into a fresh virtual
# environment, and from a folder outside the checkout
#   - check that the distribution installs one top-level package, `aznews`, and no test modules;
#   - run `aznews demo --out DIR` (crawl, extraction, NLP, dataset) and check the tables;
#   - run `aznews parse` on a fixture page that only the generic extractor can handle (no
#     JSON-LD, no OpenGraph, a host the registry does not know) and check the body it found.
# The test extras pull in packages of their own; this is the check that sees the product without them.
#
#   bash scripts/check-plain-install.sh [SOURCE_TREE]     # default: this checkout
# Exit status 0 when every check passes; 1 with one line naming the failed check otherwise.
set -eu
here="$(cd "$(dirname "$0")/.." && pwd)"
src="$(cd "${1:-$here}" && pwd)"
PY="${PY:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aznews-plain.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "check-plain-install: FAILED: $*" >&2; exit 1; }
step() { echo "check-plain-install: $*" >&2; }

# 1. a wheel from the checkout's files (a copy: no stale build/ folder or local venv gets in)
mkdir -p "$work/src" "$work/dist"
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$src" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$work/src" 2>/dev/null) \
    || (cd "$src" && git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
          [ -e "$f" ] && cp --parents "$f" "$work/src"; done)
else
  (cd "$src" && tar --exclude=./.venv --exclude=./build --exclude=./dist -cf - .) | (cd "$work/src" && tar -xf -)
fi
step "building the wheel of $src"
"$PY" -m venv "$work/venv"
V="$work/venv/bin"
# the pip that comes with the venv, not upgraded: what a new user has (pip before 23.3 does not
# normalise extra names, so a dependency's `lxml[html_clean]` gets nothing from lxml 6's `html-clean`)
"$V/python" -m pip wheel -q --no-deps -w "$work/dist" "$work/src" >"$work/wheel.log" 2>&1 \
  || { tail -5 "$work/wheel.log" >&2; fail "pip wheel could not build the project"; }
wheel="$(ls "$work"/dist/aznews-*.whl 2>/dev/null | head -1)"
[ -n "$wheel" ] || fail "no aznews wheel was built"

# 2. the wheel alone, into the fresh environment (CPU torch first: plain pip would pull a CUDA build)
step "installing $(basename "$wheel") alone into a fresh virtual environment"
"$V/python" -m pip install -q torch==2.13.0 >"$work/torch.log" 2>&1 \
  || "$V/python" -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu >>"$work/torch.log" 2>&1 \
  || { tail -5 "$work/torch.log" >&2; fail "cannot install CPU torch"; }
"$V/python" -m pip install -q "$wheel" >"$work/install.log" 2>&1 \
  || { tail -5 "$work/install.log" >&2; fail "pip install of the wheel failed"; }

mkdir -p "$work/outside"
cd "$work/outside"   # nothing of the checkout is importable from here
export PYTHONPATH="" PYTHONNOUSERSITE=1

# 3. one top-level package, no test modules
"$V/python" - "$wheel" <<'EOF' || fail "the distribution's top-level packages"
import importlib.metadata as md, sys, zipfile
from pathlib import Path
wheel = sys.argv[1]
with zipfile.ZipFile(wheel) as z:
    top = [n for n in z.namelist() if n.endswith(".dist-info/top_level.txt")]
    levels = sorted(set(z.read(top[0]).decode().split())) if top else []
    tests = [n for n in z.namelist() if n.rsplit("/", 1)[-1].startswith("test_") and n.endswith(".py")]
installed = sorted(set((md.distribution("aznews").read_text("top_level.txt") or "").split()))
owners = sorted(name for name, dists in md.packages_distributions().items() if "aznews" in dists)
print(f"check-plain-install: wheel top_level.txt {levels}; installed {installed}; importlib.metadata {owners}",
      file=sys.stderr)
import aznews.pipelines.cli
where = Path(aznews.pipelines.cli.__file__).resolve()
if "site-packages" not in where.parts:
    sys.exit(f"check-plain-install: aznews imported from {where}, not from the installed wheel")
if levels != ["aznews"] or installed != ["aznews"] or owners != ["aznews"]:
    sys.exit("check-plain-install: top-level packages other than aznews")
if tests:
    sys.exit(f"check-plain-install: test modules in the wheel: {tests}")
EOF

# 4. the demo, end to end
step "aznews demo --out $work/outside/demo"
"$V/aznews" demo --out "$work/outside/demo" --no-progress >"$work/demo.log" 2>&1 \
  || { tail -5 "$work/demo.log" >&2; fail "aznews demo exited with an error"; }
"$V/python" - "$work/outside/demo" <<'EOF' || fail "aznews demo wrote no usable dataset"
import sys, pyarrow.dataset as ds
arts = ds.dataset(f"{sys.argv[1]}/articles", format="parquet", partitioning="hive").to_table()
roles = ds.dataset(f"{sys.argv[1]}/roles", format="parquet", partitioning="hive").to_table()
bodies = [b for b in arts.column("body").to_pylist() if b and b.strip()]
print(f"check-plain-install: demo dataset: {arts.num_rows} articles, {roles.num_rows} roles", file=sys.stderr)
if arts.num_rows < 5 or len(bodies) != arts.num_rows or roles.num_rows == 0:
    sys.exit("check-plain-install: the demo dataset lacks articles, bodies or roles")
EOF

# 5. the generic extractor, on a page nothing else covers
page="$src/tests/fixtures/extraction/html/az-hava-table.html"
truth="$src/tests/fixtures/extraction/ground-truth.json"
url="$("$V/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["az-hava-table"]["url"])' "$truth")"
step "aznews parse $(basename "$page") --url $url"
"$V/aznews" parse "$page" --url "$url" >"$work/parse.json" 2>"$work/parse.err" \
  || { cat "$work/parse.err" >&2; fail "aznews parse exited with an error"; }
"$V/python" - "$work/parse.json" "$truth" <<'EOF' || fail "aznews parse did not extract the article with the generic extractor"
import json, sys
got = json.load(open(sys.argv[1], encoding="utf-8"))
gold = json.load(open(sys.argv[2], encoding="utf-8"))["az-hava-table"]["articleBody"]
body = got.get("body") or ""
first = gold.split("\n")[0].strip()
print(f"check-plain-install: parse: {len(body)} characters of body, extraction_method "
      f"{got.get('extraction_method', got.get('method'))!r}, rejected {got.get('rejected')!r}", file=sys.stderr)
if not body.strip() or first not in body:
    sys.exit("check-plain-install: the body is empty or lacks the article's first paragraph")
EOF
step "ok"
