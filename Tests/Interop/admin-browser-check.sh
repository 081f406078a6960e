#!/usr/bin/env bash
# The admin page in a real browser: Debian's headless Chromium, driven over the DevTools Protocol from Python
# (websocket-client from PyPI, in a venv kept between runs), against a real `unhurried serve` on 127.0.0.1 with data
# this check makes. It saves a screenshot of the overview to SCREENSHOT.png, or to a temporary file: pass
# docs/admin-overview.png (which the README shows) only to refresh it.
set -euo pipefail
binary=${1:?usage: admin-browser-check.sh PATH/TO/unhurried [SCREENSHOT.png]}
here="$(cd "$(dirname "$0")" && pwd)"
if [ -n "${2:-}" ]; then
  screenshot=$2
else
  screenshot="$(mktemp -d)/admin-overview.png"
fi

if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "admin-browser-check: needs Debian's chromium (apt-get install chromium)" >&2
    exit 1
  fi
fi

venv=${UNHURRIED_BROWSER_VENV:-$HOME/.cache/unhurried/admin-browser-check}
if ! "$venv/bin/python" -c "import websocket" 2>/dev/null; then
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "websocket-client==1.8.0"
fi
mkdir -p "$(dirname "$screenshot")"
timeout 300 "$venv/bin/python" "$here/admin_browser_check.py" "$binary" "$screenshot"
echo "admin-browser-check: screenshot in $screenshot"
