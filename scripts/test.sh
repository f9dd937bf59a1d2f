#!/usr/bin/env bash
# Install everything the tests need (Python packages in .venv, missing system packages such as
# PostgreSQL and poppler) and run every check: lint, types, catalogs, the whole test suite.
# Used by the README and by .ci/run alike. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh test
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

export QT_QPA_PLATFORM=offscreen
export PYTHONHASHSEED=0
# Every check runs even when an earlier one fails, so one run shows everything to fix.
failed=()
step() { local name=$1; shift; echo "== $name"; "$@" || failed+=("$name"); }
step ruff .venv/bin/ruff check desktop tests benchmarks i18n
step mypy .venv/bin/mypy desktop/domain
step catalogs .venv/bin/python i18n/manage.py check
# Two workers (the machine's two cores), a test file whole on one worker: its module fixtures
# (a server, a database) are built once, and its tests run in their written order. A worker
# that dies (a test past its timeout) ends the run rather than being replaced: a replaced
# worker under file scheduling can wait for work forever.
step pytest .venv/bin/python -m pytest -q -n 2 --dist loadfile --max-worker-restart 0 "$@"
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
