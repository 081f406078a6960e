#!/usr/bin/env bash
# Unhurried beside its peer, a Slack Bolt for Python app doing the same work (Benchmarks/peers/slack-bolt: verify,
# parse, store the ask in SQLite, answer ephemerally; gunicorn, 2 workers), in one run on 127.0.0.1: the same
# pre-signed `/ask` request, wrk with the same connections and duration against each in turn, each on its own
# SQLite file (WAL, synchronous=FULL). Prints requests/s, p50, p99, errors and RSS for both, and the ratio.
#   bash Benchmarks/peer-load.sh [DURATION_SECONDS] [CONNECTIONS]
# Not run in CI (it takes minutes); the README's performance section shows its latest figures.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-50}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
# Both loads must end inside the signature's 5-minute window.
[ "$duration" -le 120 ] || { echo "at most 120 seconds per load: the signed request is valid for 5 minutes" >&2; exit 1; }

source Benchmarks/load-common.sh
binary=$(build_release_server)
# The peer's own Python environment, made once: slack_bolt and gunicorn from PyPI.
venv=.build-peers/bolt-venv
[ -x "$venv/bin/gunicorn" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q -r Benchmarks/peers/slack-bolt/requirements.txt; }

make_scratch

start_bench_world

unhurried_port=$(free_port)
"$binary" serve --port "$unhurried_port" --config "$work/policy.yaml" --database "sqlite://$work/unhurried.sqlite" --log-level error &
unhurried=$!
pids+=($unhurried)

bolt_port=$(free_port)
PEER_DATABASE="$work/bolt.sqlite" "$venv/bin/gunicorn" --chdir Benchmarks/peers/slack-bolt --workers 2 --bind "127.0.0.1:$bolt_port" --log-level error app:api &
bolt=$!
pids+=($bolt)

wait_for_health "$unhurried_port"
wait_for_health "$bolt_port"
sleep 1
# gunicorn's master and its workers together.
bolt_rss_kib() { local total=0 pid; for pid in $bolt $(pgrep -P "$bolt"); do total=$((total + $(rss_kib "$pid"))); done; echo $total; }
idle=("$(rss_kib $unhurried)" "$(bolt_rss_kib)")

sign "$secret" "$warm_ask_text" "$work/ask.lua"
ours=$(run "http://127.0.0.1:$unhurried_port/slack/commands" "$work/ask.lua" "$connections" "$duration")
theirs=$(run "http://127.0.0.1:$bolt_port/slack/events" "$work/ask.lua" "$connections" "$duration")
loaded=("$(rss_kib $unhurried)" "$(bolt_rss_kib)")
stored=("$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM items").fetchone()[0])' "$work/unhurried.sqlite")"
        "$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM items").fetchone()[0])' "$work/bolt.sqlite")")

python3 - "$ours" "$theirs" "${idle[@]}" "${loaded[@]}" "${stored[@]}" "$connections" "$duration" "$(nproc)" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
idle, loaded, stored = sys.argv[3:5], sys.argv[5:7], sys.argv[7:9]
conns, secs, cores = sys.argv[9:12]
print(f"{conns} connections, {secs} s each, {cores} cores, the same signed /ask; SQLite (WAL, synchronous=FULL) for both")
for index, (name, r) in enumerate((("Unhurried (release, static runtime)", ours), ("Slack Bolt for Python (gunicorn x2)", theirs))):
    print(f"{name:36} {r['rps']:>8.0f} req/s   p50 {r['p50_ms']:7.2f} ms   p99 {r['p99_ms']:7.2f} ms   errors {r['errors']}   "
          f"RSS idle {int(idle[index]) / 1024:.0f} MiB, loaded {int(loaded[index]) / 1024:.0f} MiB   asks stored {stored[index]}")
print(f"Unhurried / Bolt: {ours['rps'] / theirs['rps']:.2f}x the requests/s, p99 {ours['p99_ms'] / theirs['p99_ms']:.2f}x")
PY
