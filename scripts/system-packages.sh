#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Kömek needs, only those that are missing.
# Usage: bash scripts/system-packages.sh [runtime|test]
set -euo pipefail
want=()
have_lib() { ldconfig -p 2>/dev/null | grep -q "$1"; }
have_lib libEGL.so.1 || want+=(libegl1)
have_lib libGL.so.1 || want+=(libgl1)
have_lib libxkbcommon.so.0 || want+=(libxkbcommon0)
have_lib libxkbcommon-x11.so.0 || want+=(libxkbcommon-x11-0)
have_lib libfontconfig.so.1 || want+=(libfontconfig1)
have_lib libdbus-1.so.3 || want+=(libdbus-1-3)
have_lib libxcb-cursor.so.0 || want+=(libxcb-cursor0)
if [ "${1:-runtime}" = "test" ]; then
  command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || want+=(postgresql)
  # The district server's scripts and units are checked as an administrator would.
  command -v shellcheck >/dev/null 2>&1 || want+=(shellcheck)
  command -v systemd-analyze >/dev/null 2>&1 || want+=(systemd)
fi
[ ${#want[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${want[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
