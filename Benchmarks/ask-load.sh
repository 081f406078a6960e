#!/usr/bin/env bash
# Load test on 127.0.0.1: correctly signed `/ask` commands against the do-nothing `GET /healthz` baseline,
# on one release-build server with a durable SQLite store and a local fake Slack API receiving the cards.
# Prints requests/s, p50, p99 and errors for both, their ratio, and the server's idle and loaded RSS.
#   bash Benchmarks/ask-load.sh [DURATION_SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-50}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

# Built as for production: release, with the Swift runtime linked in (fewer shared-library pages resident).
build=(swift build -c release --static-swift-stdlib --scratch-path .build-static)
"${build[@]}" --product unhurried >/dev/null
binary="$("${build[@]}" --show-bin-path)/unhurried"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

slack_port=$(free_port)
python3 Tests/Interop/fake_slack.py "$slack_port" & pids+=($!)

port=$(free_port)
secret="bench-secret"
SLACK_SIGNING_SECRET=$secret SLACK_BOT_TOKEN=xoxb-bench SLACK_API_URL="http://127.0.0.1:$slack_port/api" \
  "$binary" serve --port "$port" --database "sqlite://$work/bench.sqlite" --log-level error & server=$!
pids+=($server)
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 1
idle_rss=$(rss_kib "$server")

# Slack's signature covers the timestamp and body only, so one signed request stays valid for 5 minutes.
python3 - "$secret" > "$work/ask.lua" <<'PY'
import hashlib, hmac, sys, time, urllib.parse
secret = sys.argv[1]
body = urllib.parse.urlencode({
    "team_id": "T0BENCH", "channel_id": "C0BENCH", "user_id": "U0ALICE", "command": "/ask",
    "text": "<@U0BOB|bob> <@U0CAROL|carol> review <https://example.com/q3|the Q3 brief> - do our channels fit the new data?",
    "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"})
ts = str(int(time.time()))
sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
print(f'wrk.method = "POST"\nwrk.body = "{body}"')
print(f'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"')
print(f'wrk.headers["X-Slack-Request-Timestamp"] = "{ts}"\nwrk.headers["X-Slack-Signature"] = "{sig}"')
PY
cat Benchmarks/report.lua >> "$work/ask.lua"

run() { wrk -t2 -c"$connections" -d"${duration}s" --timeout 5s -s "$2" "$1" | grep '^RESULT' | cut -d' ' -f2-; }
baseline=$(run "http://127.0.0.1:$port/healthz" Benchmarks/report.lua)
asks=$(run "http://127.0.0.1:$port/slack/commands" "$work/ask.lua")
loaded_rss=$(rss_kib "$server")

python3 - "$baseline" "$asks" "$idle_rss" "$loaded_rss" "$connections" "$duration" <<'PY'
import json, sys
base, asks = json.loads(sys.argv[1]), json.loads(sys.argv[2])
idle, loaded, conns, secs = int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
print(f"{conns} connections, {secs} s each, release build (static Swift runtime), durable SQLite (WAL, synchronous=FULL)")
for name, r in (("GET /healthz (baseline)", base), ("signed /ask", asks)):
    print(f"{name:26} {r['rps']:>9.0f} req/s   p50 {r['p50_ms']:6.2f} ms   p99 {r['p99_ms']:6.2f} ms   errors {r['errors']}")
print(f"asks / baseline: {asks['rps'] / base['rps'] * 100:.1f}% (target >= 40%), ask p99 {asks['p99_ms']:.2f} ms (target < 25 ms)")
print(f"RSS idle {idle / 1024:.1f} MiB (target < 40 MiB), after load {loaded / 1024:.1f} MiB")
PY
