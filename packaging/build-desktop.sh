#!/usr/bin/env bash
# Build the Kömek desktop bundle (one folder) on Linux with PyInstaller.
#
#   bash packaging/build-desktop.sh [DIST_DIR]
#
# DIST_DIR defaults to dist/ in the repository; the bundle is DIST_DIR/komek/ (run
# DIST_DIR/komek/komek). PyInstaller's work files go to $KOMEK_BUILD_WORK (default
# build/pyinstaller/). The Python that builds is $PYTHON, else .venv/bin/python, else python3;
# it needs Kömek's dependencies and PyInstaller (pip install -e '.[test]' brings both).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
WORK="${KOMEK_BUILD_WORK:-$ROOT/build/pyinstaller}"
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    echo "PyInstaller is not installed for $PYTHON: $PYTHON -m pip install 'pyinstaller>=6'" >&2
    exit 1
fi
mkdir -p "$DIST" "$WORK"
started=$(date +%s)
# The source tree must not leak in through PYTHONPATH: the bundle gets only what the spec says.
env -u PYTHONPATH "$PYTHON" -m PyInstaller --noconfirm --log-level "${KOMEK_BUILD_LOG:-WARN}" \
    --distpath "$DIST" --workpath "$WORK" "$ROOT/packaging/desktop/komek.spec"
echo "built $DIST/komek ($(du -sh "$DIST/komek" | cut -f1), version $(cat "$WORK/komek/komek-version.txt" 2>/dev/null || cat "$WORK/komek-version.txt"), $(( $(date +%s) - started )) s)"
