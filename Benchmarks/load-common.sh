# Shared by the load benchmarks (sourced): building the server as for production, free ports, RSS, signing
# requests as Slack does, and running wrk. Everything stays on 127.0.0.1.

# Built as for production: release, with the Swift runtime linked in (fewer shared-library pages resident).
build_release_server() {  # prints the binary's path
  # As the Dockerfile builds it.
  local build=(env UNHURRIED_LEAN_BINARY=1 swift build -c release --static-swift-stdlib --scratch-path .build-static)
  "${build[@]}" --product unhurried >/dev/null
  echo "$("${build[@]}" --show-bin-path)/unhurried"
}

# A scratch folder ($work) and the processes started for the run ($pids): stopped and removed when the script ends,
# however it ends.
make_scratch() {
  work=$(mktemp -d)
  pids=()
  trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"' EXIT
}

# The fake Slack API the benchmarked servers post to ($slack_port), the secret requests are signed with ($secret, also
# in the environment the servers are started with), and the policy the servers run ($work/policy.yaml): every day a
# working day, so no part of a run waits for a weekend.
start_bench_world() {
  secret="bench-secret"
  slack_port=$(free_port)
  python3 Tests/Interop/fake_slack.py "$slack_port" & pids+=($!)
  export SLACK_SIGNING_SECRET=$secret SLACK_BOT_TOKEN=xoxb-bench SLACK_API_URL="http://127.0.0.1:$slack_port/api"
  cat > "$work/policy.yaml" <<'YAML'
version: 1
timezone: UTC
working_hours: {days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "23:59"}
tiers:
  standard: {respond_within: 1d, remind_at: [50%]}
default_tier: standard
YAML
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# The part of that RSS which is the process's own memory rather than pages of the binary and libraries it maps.
anon_rss_kib() { awk '/RssAnon/ {print $2}' "/proc/$1/status"; }
# CPU time (user and system, in clock ticks) the processes have used so far; the command name in `stat` is skipped.
cpu_ticks() { local pid total=0; for pid in "$@"; do total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}'))); done; echo $total; }

# The warm ask the benchmarks send: two people known since the first, a link, a question.
warm_ask_text='<@U0BOB|bob> <@U0CAROL|carol> review <https://example.com/q3|the Q3 brief> - do our channels fit the new data?'

# The production build under valgrind's callgrind (with OPTIONS), its store the SQLite file $work/DATABASE, in the
# bench world, once it answers /healthz. Sets $port, $server (the `timeout` around valgrind) and $profiled (the server).
start_server_under_callgrind() {  # database file name, callgrind options...
  local database=$1
  shift
  # Valgrind 3.19 cannot read the DWARF 5 the toolchain writes: profile a copy without it (its symbols stay).
  objcopy --strip-debug "$(build_release_server)" "$work/unhurried"
  start_bench_world
  port=$(free_port)
  timeout 900 valgrind --tool=callgrind "$@" --callgrind-out-file="$work/callgrind.out" \
    "$work/unhurried" serve --port "$port" --config "$work/policy.yaml" --database "sqlite://$work/$database" \
    --log-level error 2>"$work/valgrind.log" &
  server=$!
  pids+=($server)
  # Slower under valgrind: up to a minute to start.
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  profiled=$(pgrep -P "$server")
}

wait_for_health() {  # port
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "nothing answers /healthz on port $1" >&2
  return 1
}

# Slack's signature covers the timestamp and body only, so one signed request stays valid for 5 minutes, and the
# same script may be sent to any app that knows the secret.
sign() {  # secret, ask text, output script
  python3 - "$1" "$2" > "$3" <<'PY'
import hashlib, hmac, sys, time, urllib.parse
secret, text = sys.argv[1], sys.argv[2]
body = urllib.parse.urlencode({
    "team_id": "T0BENCH", "channel_id": "C0BENCH", "user_id": "U0ALICE", "command": "/ask", "text": text,
    "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"})
ts = str(int(time.time()))
sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
print(f'wrk.method = "POST"\nwrk.body = "{body}"')
print(f'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"')
print(f'wrk.headers["X-Slack-Request-Timestamp"] = "{ts}"\nwrk.headers["X-Slack-Signature"] = "{sig}"')
PY
  cat Benchmarks/report.lua >> "$3"
}

# PEOPLE asks, each to someone nobody has asked before (U2000000, U2000001, ...), signed once and sent in turn by each
# wrk thread from a point of its own: until they run out, every ask waits on a profile lookup.
sign_first_asks() {  # secret, people, output script
  python3 - "$1" "$2" > "$3" <<'PY'
import hashlib, hmac, sys, time, urllib.parse
secret, people = sys.argv[1], int(sys.argv[2])
ts = str(int(time.time()))
print("local asks = {")
for number in range(people):
    person = f"U{2_000_000 + number}"
    body = urllib.parse.urlencode({
        "team_id": "T0BENCH", "channel_id": "C0BENCH", "user_id": "U0ALICE", "command": "/ask",
        "text": f"<@{person}|p{number}> review <https://example.com/q3|the Q3 brief> - do our channels fit the new data?",
        "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"})
    sig = "v0=" + hmac.new(secret.encode(), f"v0:{ts}:{body}".encode(), hashlib.sha256).hexdigest()
    print(f'  {{"{body}", "{sig}"}},')
print("}")
print(f'local timestamp = "{ts}"')
print("""local turn = 0
local threads = 0
setup = function(thread)
  thread:set("start", threads * math.floor(#asks / 2))
  threads = threads + 1
end
init = function() turn = start or 0 end
request = function()
  turn = turn % #asks + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Slack-Request-Timestamp"] = timestamp, ["X-Slack-Signature"] = asks[turn][2]}, asks[turn][1])
end""")
PY
  cat Benchmarks/report.lua >> "$3"
}

# One line of JSON figures (requests/s, p50, p99, errors) from wrk.
run() {  # url, script, connections, seconds
  wrk -t2 -c"$3" -d"$4s" --timeout 5s -s "$2" "$1" | grep '^RESULT' | cut -d' ' -f2-
}
