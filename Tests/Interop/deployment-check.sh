#!/usr/bin/env bash
# What of Deployment/ can be checked without a container runtime: the systemd unit, with systemd's own
# verifier, pointed at the built binary. (The image is built where Docker runs; this machine has no daemon.)
set -uo pipefail
binary=${1:?usage: deployment-check.sh PATH/TO/unhurried}
cd "$(dirname "$0")/../.."
source Tests/Interop/checks.sh

if command -v systemd-analyze >/dev/null; then
  sed "s|/usr/local/bin/unhurried|$binary|" Deployment/systemd/unhurried.service > "$work/unhurried.service"
  # verify exits 0 on unknown keys and only says so; any word from it is a problem.
  out=$(systemd-analyze verify "$work/unhurried.service" 2>&1)
  [ -z "$out" ] || echo "$out"
  check "systemd accepts the unit" test -z "$out"
  start=$(sed -n 's/^ExecStart=[^ ]* //p' Deployment/systemd/unhurried.service)
  # The flags the unit passes are ones `serve` takes.
  check "the unit's serve flags exist" bash -c "for flag in \$(tr ' ' '\n' <<<\"$start\" | grep '^--'); do \"$binary\" serve --help | grep -q -- \"\$flag\" || exit 1; done"
else
  echo "deployment: systemd-analyze not installed; the unit was not verified"
fi

summary deployment
