#!/usr/bin/env bash
# Signs requests with Slack's official Python SDK (an independent implementation of the v0 scheme) and sends
# them to a real `unhurried serve` on 127.0.0.1: SDK-signed asks must be accepted, everything else refused.
set -euo pipefail
binary=${1:?usage: slack-sdk-check.sh PATH/TO/unhurried}
source "$(dirname "$0")/checks.sh"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check slack_sdk

port=$(free_port)
export SLACK_SIGNING_SECRET="interop-secret-$RANDOM" SLACK_BOT_TOKEN="xoxb-interop" SLACK_API_URL="http://127.0.0.1:9/api"
"$binary" serve --port "$port" --database "sqlite://$work/interop.sqlite" --log-level warning > "$work/server.log" 2>&1 &
server_pid=$!

"$work/venv/bin/python" "$(dirname "$0")/slack_sdk_check.py" "http://127.0.0.1:$port" "$SLACK_SIGNING_SECRET"
