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
echo "== ruff";   .venv/bin/ruff check desktop tests benchmarks i18n
echo "== mypy";   .venv/bin/mypy desktop/domain
echo "== catalogs"; .venv/bin/python i18n/manage.py check
echo "== pytest"; .venv/bin/python -m pytest -q "$@"
