#!/usr/bin/env bash
# The Matrix application-service adapter against a real Synapse homeserver on 127.0.0.1: the bot joins when
# invited, records asks, edits a card when the assignee replies in its thread, reminds in the thread, and survives
# a restart and a replayed transaction with every post exactly once (see matrix_e2e.py for the steps).
# Synapse comes from PyPI into a venv kept between runs:
#   ${UNHURRIED_SYNAPSE_VENV:-$HOME/.cache/unhurried/synapse-1.163.2}
# MATRIX_E2E_KEEP=1 keeps the scratch directory (logs, configs, databases) for a look.
set -euo pipefail
binary=${1:?usage: matrix-e2e.sh PATH/TO/unhurried}
synapse_version=1.163.2
venv=${UNHURRIED_SYNAPSE_VENV:-$HOME/.cache/unhurried/synapse-$synapse_version}

installed() {
  "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('matrix-synapse') != sys.argv[1])" \
    "$synapse_version" 2>/dev/null
}
if ! installed; then
  echo "matrix-e2e: installing matrix-synapse==$synapse_version into $venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "matrix-synapse==$synapse_version"
  installed || { echo "matrix-e2e: matrix-synapse==$synapse_version is not importable from $venv" >&2; exit 1; }
fi

SYNAPSE_BIN="$venv/bin" exec python3 "$(dirname "$0")/matrix_e2e.py" "$binary"
