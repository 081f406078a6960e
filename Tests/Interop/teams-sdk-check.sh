#!/usr/bin/env bash
# Puts Microsoft's own Bot Framework Python packages (botbuilder-schema, botframework-connector) on the other side of
# the Teams adapter of a real `unhurried serve` on 127.0.0.1: channel tokens Microsoft's validators accept must be
# accepted and forged ones refused alike, and what the bot posts and answers must read as the SDK's models.
# Usage: teams-sdk-check.sh PATH/TO/unhurried
set -euo pipefail
binary=${1:?usage: teams-sdk-check.sh PATH/TO/unhurried}
here=$(cd "$(dirname "$0")" && pwd)
source "$here/checks.sh"

# The venv is kept between runs, keyed by the pinned requirements, so CI pays for the install once; a venv that is
# missing, half-installed or broken is made again, so a fresh clone (or an unwritable cache) always works.
requirements="$here/teams-sdk-requirements.txt"
key=$(sha256sum "$requirements" | cut -c1-16)
cache=${UNHURRIED_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/unhurried}
mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache="$work"
venv="$cache/teams-sdk-venv-$key"
usable() { [ -f "$venv/.installed" ] && "$venv/bin/python" -c 'import botbuilder.schema, botframework.connector.auth, jwt, cryptography' 2>/dev/null; }
if ! usable; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  # Bounded, like the rest: PyPI is the one host the check may reach.
  timeout 600 "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
  touch "$venv/.installed"
fi
"$venv/bin/python" -m pip freeze --disable-pip-version-check |
  grep -iE '^(botbuilder-schema|botframework-connector|msrest|msal|pyjwt|cryptography|aiohttp)==' | tr '\n' ' '
echo

# The check stops its server and removes its files itself, also when `timeout` ends it with SIGTERM; two minutes is
# four times what it needs.
timeout --kill-after=15 180 "$venv/bin/python" "$here/teams_sdk_check.py" "$binary"
