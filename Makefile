# Set-up and entry points. `make demo` and `make test` work on a fresh machine with
# Python 3.11 and access to the package registries: they create .venv on first use.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.aznews-installed

.PHONY: demo test check-plain-install install system-deps bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# The CPU build of torch first: plain `pip install stanza` would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install -q torch==2.13.0 || $(BIN)/python -m pip install -q torch --index-url https://download.pytorch.org/whl/cpu
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/aznews demo

# Debian packages some tests need (redis-server, chromium); best effort, needs root and apt.
system-deps:
	bash scripts/system-deps.sh

# the suite, then the product as a new user installs it: the wheel alone in a fresh venv
test: $(STAMP) system-deps
	bash scripts/run-tests.sh
	bash scripts/check-plain-install.sh

check-plain-install:
	bash scripts/check-plain-install.sh

bench: $(STAMP)
	for b in benchmarks/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) data/aznews data/demo .pytest_cache test-artifacts
