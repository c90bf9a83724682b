#!/usr/bin/env bash
# Runs the test suite in the project's virtual environment. pytest's exit code 5 ("no tests
# collected") is a failure here: a run that tests nothing must not pass.
set -u
cd "$(dirname "$0")/.."
mkdir -p test-artifacts
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
rc=$?
if [ $rc -eq 5 ]; then echo "run-tests: pytest collected no tests" >&2; exit 1; fi
exit $rc
