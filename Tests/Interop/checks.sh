# Shared by the interop check scripts (sourced): a scratch directory removed on exit, `check NAME COMMAND…`
# counting passes and failures, `free_port`, `wait_for COMMAND…` (up to 10 s) and `summary NAME`.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() {  # a command, retried every 0.1 s until it succeeds or 10 s have passed
  for _ in $(seq 100); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
summary() {  # the script's name: prints the counts and fails the script when anything failed
  echo "$1: $passed passed, $failed failed"
  [ "$failed" = 0 ]
}
