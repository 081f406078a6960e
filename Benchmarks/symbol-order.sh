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
start_server_under_callgrind order.sqlite --demangle=no --compress-strings=no
sleep 5
# Its start and idle are dumped apart from the asks.
callgrind_control --dump=idle "$profiled" >/dev/null
sign "$secret" "$warm_ask_text" "$work/ask.lua"
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
