#!/usr/bin/env bash
# Install Kömek into .venv (and any missing system libraries Qt needs) and start it.
# Arguments are passed to the app, e.g.: bash scripts/run.sh --lang ru --demo
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh runtime
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e .
exec .venv/bin/komek "$@"
