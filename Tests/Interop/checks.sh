# Shared by the interop check scripts (sourced): a scratch directory removed on exit, `check NAME COMMAND…`
# counting passes and failures, `free_port`, `wait_for COMMAND…` (up to 10 s), `wait_up_to SECONDS COMMAND…` and
# `summary NAME`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up_to() {  # seconds, then a command, retried every 0.1 s until it succeeds or the time has passed
  local tries=$(($1 * 10)); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
wait_for() { wait_up_to 10 "$@"; }
summary() {  # the script's name: prints the counts and fails the script when anything failed
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
