#!/usr/bin/env bash
# Writes Deployment/symbol-order.txt: the functions of the production build that run while it starts, idles and
# answers signed `/ask` commands (valgrind's callgrind on 127.0.0.1, with the fake Slack API of the load tests).
# The production link (UNHURRIED_LEAN_BINARY, as the Dockerfile builds) lays these out first and together. The kernel
# maps a binary's pages in 64 KiB at a time around each page touched, so code that runs scattered over the 36 MB of
# text made some 20 MiB of it resident; packed, about 12 MiB. A function missing from the list (new, or renamed) is
# only laid out after them; run this again when idle RSS creeps up (`ask-load.sh` prints it).
#   bash Benchmarks/symbol-order.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

source Benchmarks/load-common.sh
make_scratch
# Valgrind 3.19 cannot read the DWARF 5 the toolchain writes: profile a copy without it (its symbols stay).
objcopy --strip-debug "$(build_release_server)" "$work/unhurried"
start_bench_world
port=$(free_port)
timeout 900 valgrind --tool=callgrind --demangle=no --compress-strings=no --callgrind-out-file="$work/callgrind.out" \
  "$work/unhurried" serve --port "$port" --config "$work/policy.yaml" --database "sqlite://$work/order.sqlite" \
  --log-level error 2>"$work/valgrind.log" &
server=$!
pids+=($server)
# Slower under valgrind: up to a minute to start.
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
sleep 5
# `timeout` started valgrind: its child is the process being profiled. Its start and idle are dumped apart from the asks.
profiled=$(pgrep -P "$server")
callgrind_control --dump=idle "$profiled" >/dev/null
sign "$secret" "<@U0BOB|bob> <@U0CAROL|carol> review <https://example.com/q3|the Q3 brief> - do our channels fit the new data?" "$work/ask.lua"
run "http://127.0.0.1:$port/slack/commands" "$work/ask.lua" 4 10 >/dev/null
kill -TERM "$profiled"
wait "$server" 2>/dev/null || true

# Each `fn=` names a function that ran, in the object the last `ob=` named; only the binary's own are kept.
ran() {  # callgrind output files
  awk -v binary="$work/unhurried" '
    /^ob=/ { object = substr($0, 4) }
    /^fn=/ && object == binary { name = substr($0, 4); if (name !~ /^0x/) print name }
  ' "$@" | LC_ALL=C sort -u
}
# What runs at rest first, so that the idle server's pages are the fewest; then what only the asks ran.
ran "$work/callgrind.out.1" > "$work/idle.txt"
ran "$work/callgrind.out" "$work/callgrind.out.1" | LC_ALL=C comm -23 - "$work/idle.txt" > "$work/asks.txt"
cat "$work/idle.txt" "$work/asks.txt" > Deployment/symbol-order.txt
echo "$(wc -l < "$work/idle.txt") functions at rest, then $(wc -l < "$work/asks.txt") more for asks, in Deployment/symbol-order.txt"
