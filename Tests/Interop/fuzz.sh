#!/usr/bin/env bash
# Usage: fuzz.sh [SECONDS_PER_HARNESS]   (default 30)
# Builds the libFuzzer harnesses (UNHURRIED_FUZZ=1: only the project's own modules are instrumented, see Package.swift)
# and runs each from its seed corpus in Fuzz/corpus for the given time. What libFuzzer finds goes to
# .build-fuzz/runs/<harness>/, never into the repository. Fails when a harness crashes, leaks past 2 GB, hangs, or meets
# an input that takes over 100 ms (the harnesses fail those themselves), printing the input.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-30}"
harnesses=(slack mattermost matrix teams discord time policy form)

export UNHURRIED_FUZZ=1
# A failing harness stops at once: Swift's backtracer would take long enough for libFuzzer to call it a hang.
export SWIFT_BACKTRACE=enable=no
build=(swift build -c release --scratch-path .build-fuzz)
# One product at a time: a build of them all would also link `unhurried`, which has no libFuzzer to link against.
mkdir -p .build-fuzz
for harness in "${harnesses[@]}"; do
  "${build[@]}" --product "fuzz-$harness" >.build-fuzz/build.log 2>&1 || { tail -n 60 .build-fuzz/build.log; exit 1; }
done
bin="$("${build[@]}" --show-bin-path)"

passed=0
failed=0
for harness in "${harnesses[@]}"; do
  run=".build-fuzz/runs/$harness"
  rm -rf "$run"
  mkdir -p "$run/found" "$run/crashes"
  # The scratch corpus comes first: libFuzzer writes what it finds into the first directory.
  if "$bin/fuzz-$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$run/crashes/" "$run/found" "Fuzz/corpus/$harness" >"$run/log" 2>&1; then
    outcome=ok
    passed=$((passed + 1))
  else
    outcome=FAILED
    failed=$((failed + 1))
    grep -v '^#' "$run/log" | tail -n 25
    for input in "$run"/crashes/*; do
      [ -e "$input" ] || continue
      echo "input $input:"
      od -An -c "$input" | head -n 40
    done
  fi
  executions="$(awk '/stat::number_of_executed_units/ { print $2 }' "$run/log")"
  echo "fuzz-$harness: ${executions:-?} executions in ${seconds}s: $outcome"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
