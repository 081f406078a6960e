#!/usr/bin/env bash
# Where the warm ask path spends its instructions: the production build under valgrind's callgrind on 127.0.0.1,
# counting only while ASKS signed `/ask` commands (default 200, naming people whose zones are known by then) are
# answered one after another. Instruction counts repeat from run to run where timings on a shared machine do not.
# Prints instructions per ask and the functions with the most inclusive instructions; keeps the profile when
# PROFILE_OUT names a file (for callgrind_annotate or KCachegrind).
#   bash Benchmarks/ask-profile.sh [ASKS]
# With `--concurrent SECONDS`, wrk sends the asks instead, from 50 connections for that long (at most 120 s): group
# commits then carry many asks each, as under load, and the instructions are divided by the asks stored.
#   bash Benchmarks/ask-profile.sh --concurrent 30
set -euo pipefail
cd "$(dirname "$0")/.."
concurrent_seconds=
if [ "${1:-}" = --concurrent ]; then
  concurrent_seconds=${2:-30}
  [ "$concurrent_seconds" -ge 1 ] && [ "$concurrent_seconds" -le 120 ] || { echo "between 1 and 120 seconds" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
  asks=0
else
  asks=${1:-200}
  [ "$asks" -ge 1 ] && [ "$asks" -le 5000 ] || { echo "between 1 and 5000 asks" >&2; exit 1; }
fi
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }

source Benchmarks/load-common.sh
make_scratch
start_server_under_callgrind profile.sqlite --instr-atstart=no

send() {  # count
  python3 - "$secret" "$port" "$1" "$warm_ask_text" <<'PY'
import hashlib, hmac, http.client, sys, time, urllib.parse
secret, port, count, text = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for _ in range(count):
    body = urllib.parse.urlencode({
        "team_id": "T0BENCH", "channel_id": "C0BENCH", "user_id": "U0ALICE", "command": "/ask",
        "text": text,
        "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"})
    ts = str(int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    connection.request("POST", "/slack/commands", body, {
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature})
    response = connection.getresponse()
    answer = response.read().decode()
    if response.status != 200 or "Recorded ask" not in answer:
        sys.exit(f"ask answered {response.status}: {answer[:200]}")
PY
}
# Warm: the people's zones, the connections and the caches are in place before counting starts.
send 20
callgrind_control -i on "$profiled" >/dev/null 2>&1
if [ -n "$concurrent_seconds" ]; then
  sign "$secret" "$warm_ask_text" "$work/ask.lua"
  wrk -t 2 -c 50 -d "${concurrent_seconds}s" -s "$work/ask.lua" "http://127.0.0.1:$port/slack/commands" >/dev/null
else
  send "$asks"
fi
callgrind_control -i off "$profiled" >/dev/null 2>&1
kill -TERM "$profiled"
wait "$server" 2>/dev/null || true
[ -z "${PROFILE_OUT:-}" ] || cp "$work/callgrind.out" "$PROFILE_OUT"

# Under wrk the count is what was stored past the 20 warm-up asks (a request still open at the end may be among them).
[ -z "$concurrent_seconds" ] || asks=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM items').fetchone()[0] - 20)" "$work/profile.sqlite")
total=$(callgrind_annotate "$work/callgrind.out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); total = $1} END {print total}')
echo "$asks warm asks${concurrent_seconds:+ from 50 connections}: $total instructions, $((total / asks)) per ask (all threads, release build, static runtime)"
callgrind_annotate --inclusive=yes "$work/callgrind.out" 2>/dev/null | swift demangle --simplified | sed -n '/file:function/,$p' | head -45 || true
