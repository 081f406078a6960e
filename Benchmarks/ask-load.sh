#!/usr/bin/env bash
# Load test on 127.0.0.1: correctly signed `/ask` commands against the do-nothing `GET /healthz` baseline, on
# release-build servers with a durable store and a local fake Slack API receiving the cards (and answering profile
# lookups). Warm asks go to two people known since the first; first asks each go to someone new, so each waits on a
# profile lookup (for up to 10 s, 60,000 people). Prints requests/s, p50, p99 and errors for each, the warm asks'
# share of the baseline, the servers' CPU time during each load divided by its requests (background work included;
# time stolen by other guests is not in it, but it too moves with the machine's phase), the first server's idle and
# loaded RSS, and the targets of issue 19.
#   bash Benchmarks/ask-load.sh [DURATION_SECONDS] [CONNECTIONS] [REPLICAS]
# On SQLite by default (one server). Beside a PostgreSQL (UNHURRIED_TEST_POSTGRES_URL, e.g. under
# Tests/Interop/with-postgres.sh) it runs REPLICAS servers on it, loads them all at once (the connections split
# between them), and then measures the scheduler across the replicas: a burst of asks sharing one deadline, and
# how fast their overdue notices are planned once it passes (due actions per second).
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
connections=${2:-50}
replicas=${3:-1}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
postgres=${UNHURRIED_TEST_POSTGRES_URL:-}
[ -n "$postgres" ] || [ "$replicas" = 1 ] || { echo "several replicas need PostgreSQL: run under Tests/Interop/with-postgres.sh" >&2; exit 1; }

source Benchmarks/load-common.sh
binary=$(build_release_server)
make_scratch

start_bench_world

if [ -n "$postgres" ]; then
  database="$postgres$([[ $postgres == *\?* ]] && echo '&' || echo '?')schema=bench_$$"
  store="PostgreSQL, $replicas replica(s)"
else
  database="sqlite://$work/bench.sqlite"
  store="durable SQLite (WAL, synchronous=FULL)"
fi
ports=()
servers=()
for _ in $(seq "$replicas"); do
  port=$(free_port)
  "$binary" serve --port "$port" --config "$work/policy.yaml" --database "$database" --log-level error & servers+=($!)
  pids+=($!)
  ports+=("$port")
  wait_for_health "$port"
done
sleep 1
idle_rss=$(rss_kib "${servers[0]}")
idle_anon=$(anon_rss_kib "${servers[0]}")

sign "$secret" "$warm_ask_text" "$work/ask.lua"

# Every replica at once, the connections split between them; one line of figures per replica.
run_all() {  # path, script, seconds
  local each=$(( (connections + replicas - 1) / replicas )) port loads=()
  for port in "${ports[@]}"; do run "http://127.0.0.1:$port$1" "$2" "$each" "$3" > "$work/result.$port" & loads+=($!); done
  wait "${loads[@]}"
  cat "$work"/result.*
  rm -f "$work"/result.*
}
cpu=("$(cpu_ticks "${servers[@]}")")
baseline=$(run "http://127.0.0.1:${ports[0]}/healthz" Benchmarks/report.lua "$connections" "$duration")
cpu+=("$(cpu_ticks "${servers[@]}")")
asks=$(run_all /slack/commands "$work/ask.lua" "$duration")
cpu+=("$(cpu_ticks "${servers[@]}")")
first_people=60000
first_seconds=$(( duration < 10 ? duration : 10 ))
sign_first_asks "$secret" "$first_people" "$work/first.lua"
first=$(run_all /slack/commands "$work/first.lua" "$first_seconds")
cpu+=("$(cpu_ticks "${servers[@]}")")
loaded_rss=$(rss_kib "${servers[0]}")

python3 - "$baseline" "$asks" "$first" "$idle_rss" "$loaded_rss" "$connections" "$duration" "$store" "$first_people" "$first_seconds" \
  "$idle_anon" "$(getconf CLK_TCK)" "${cpu[@]}" <<'PY'
import json, sys
def combined(lines):
    parts = [json.loads(line) for line in lines.splitlines() if line.strip()]
    return {"rps": sum(p["rps"] for p in parts), "requests": sum(p["requests"] for p in parts),
            "p50_ms": max(p["p50_ms"] for p in parts), "p99_ms": max(p["p99_ms"] for p in parts),
            "errors": sum(p["errors"] for p in parts)}
base, asks, first = json.loads(sys.argv[1]), combined(sys.argv[2]), combined(sys.argv[3])
idle, loaded, conns, secs, store = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7], sys.argv[8]
people, first_secs, idle_anon, ticks = int(sys.argv[9]), int(sys.argv[10]), int(sys.argv[11]), int(sys.argv[12])
cpu = [int(t) for t in sys.argv[13:]]
def micros(load, phase): return (cpu[phase + 1] - cpu[phase]) / ticks * 1e6 / max(load["requests"], 1)
print(f"{conns} connections, {secs} s each ({first_secs} s of first asks), release build (static Swift runtime), {store}")
for name, r in (("GET /healthz (one server)", base), ("/ask, warm (all servers)", asks), ("/ask, first (all servers)", first)):
    print(f"{name:26} {r['rps']:>9.0f} req/s   p50 {r['p50_ms']:6.2f} ms   p99 {r['p99_ms']:6.2f} ms   errors {r['errors']}")
made = first["rps"] * first_secs
print(f"first asks: about {made:.0f} made to {people} people" + ("" if made <= people else ", so some were not first asks"))
print(f"warm asks / baseline: {asks['rps'] / base['rps'] * 100:.1f}% (target >= 20%), warm p99 {asks['p99_ms']:.2f} ms "
      f"(target <= 15 ms), first-ask p99 {first['p99_ms']:.2f} ms (target <= 50 ms)")
print(f"server CPU per request (user and system): /healthz {micros(base, 0):.0f} us, warm ask {micros(asks, 1):.0f} us, "
      f"first ask {micros(first, 2):.0f} us")
print(f"RSS idle {idle / 1024:.1f} MiB (target <= 35 MiB; {idle_anon / 1024:.1f} MiB of it the process's own, the rest mapped "
      f"pages of the binary and libraries), after load {loaded / 1024:.1f} MiB")
PY

[ -n "$postgres" ] || exit 0
# The scheduler across the replicas: asks for a deadline a minute or two ahead, then how fast the replicas
# together plan their overdue notices once it has passed.
deadline=$(date -u -d "@$(( ($(date +%s) + 100) / 60 * 60 ))" +%H:%M)
sign "$secret" "<@U0DAN|dan> check <https://example.com/burst|the burst> - is it planned in time? by $deadline" "$work/burst.lua"
run_all /slack/commands "$work/burst.lua" 5 > /dev/null
plain=${postgres%%\?*}
# Each notice goes to the thread and as a DM; the thread's copies count the notices.
planned() { psql "$plain" -Atc "SET search_path = bench_$$; SELECT count(*) FROM outbox WHERE kind = 'overdue' AND channel_id = 'C0BENCH'" | tail -1; }
burst=$(psql "$plain" -Atc "SET search_path = bench_$$; SELECT count(*) FROM assignments WHERE assignee_id = 'U0DAN'" | tail -1)
due_at=$(date -u -d "today $deadline" +%s)
while [ "$(date +%s)" -lt "$due_at" ]; do sleep 0.2; done
start=$(date +%s.%N)
for _ in $(seq 2400); do [ "$(planned)" -lt "$burst" ] || break; sleep 0.05; done
end=$(date +%s.%N)
[ "$(planned)" -ge "$burst" ] || { echo "scheduler: only $(planned) of $burst overdue notices planned within two minutes" >&2; exit 1; }
python3 -c "import sys; n, s = int(sys.argv[1]), float(sys.argv[3]) - float(sys.argv[2]); print(f'scheduler: {n} overdue notices due at {sys.argv[4]} UTC planned by {len(sys.argv[5].split())} replica(s) within {s:.2f} s of it: {n / s:.0f} due actions/s')" \
  "$burst" "$start" "$end" "$deadline" "${ports[*]}"
