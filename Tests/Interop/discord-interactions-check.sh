#!/usr/bin/env bash
# Signs Discord interactions with PyNaCl, the library Discord's own Python samples verify with, and checks each
# against Discord's official `discord-interactions` package and a real `unhurried serve` on 127.0.0.1: both must
# accept what the application's key signed and refuse everything else.
set -euo pipefail
binary=${1:?usage: discord-interactions-check.sh PATH/TO/unhurried}
source "$(dirname "$0")/checks.sh"

python3 -m venv "$work/venv"
timeout 600 "$work/venv/bin/pip" install --quiet --disable-pip-version-check pynacl discord-interactions
"$work/venv/bin/python" "$(dirname "$0")/discord_interactions_check.py" "$(realpath "$binary")" "$work"
