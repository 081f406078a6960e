#!/usr/bin/env bash
# The command-line tool as an admin or a newcomer uses it: check-config, explain and try.
set -uo pipefail
binary=${1:?usage: cli-check.sh PATH/TO/unhurried}
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0
check() {  # name, then a command that must succeed
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}

out=$("$binary" check-config config/unhurried.example.yaml); code=$?
check "check-config accepts the example" test "$code" = 0
check "check-config summarises it" grep -q "OK — tiers urgent 4h, standard 1d, low 3d" <<<"$out"

printf 'timezone: Nowhere\ncolour: blue\ntiers:\n  fast: { respond_within: soon }\n' > "$work/bad.yaml"
err=$("$binary" check-config "$work/bad.yaml" 2>&1 >/dev/null); code=$?
check "check-config refuses a bad file" test "$code" = 1
check "check-config names line and key" grep -q "bad.yaml:2:1: colour: unknown key" <<<"$err"
check "check-config names the bad zone" grep -q "bad.yaml:1:11: timezone:" <<<"$err"
check "check-config names the bad duration" grep -q "bad.yaml:4:27: tiers.fast.respond_within:" <<<"$err"

json=$("$binary" explain --config config/unhurried.example.yaml --at 2026-11-20T15:30:00Z --tz Europe/Berlin --json)
check "explain --json" test "$json" = '{"tier": "standard", "due": "2026-11-23T15:30:00Z", "reminders": ["2026-11-23T11:30:00Z", "2026-11-23T14:42:00Z"], "escalation": "2026-11-24T11:30:00Z"}'
"$binary" explain --at 2026-11-20T15:30:00Z --tier nope >/dev/null 2>&1; code=$?
check "explain refuses an unknown tier" test "$code" != 0

db="sqlite://$work/try.sqlite"
out=$("$binary" try --database "$db" --time-zone UTC "/ask @bob review https://example.com/doc — is section 2 clear?")
check "try records an ask" grep -q "Recorded ask #1 (standard)" <<<"$out"
check "try shows the card it would post" grep -q "would post to #general" <<<"$out"
out=$("$binary" try --database "$db" --as bob "/inbox")
check "try lists the inbox" grep -q "#1 due" <<<"$out"
out=$("$binary" try --database "$db" --as bob "/done 1")
check "try closes the ask" grep -q "Everyone's part is finished" <<<"$out"
out=$("$binary" try --database "$db" "/async dance")
check "try explains an unknown verb" grep -q "I don't know \`dance\`" <<<"$out"

echo "cli: $passed passed, $failed failed"
[ "$failed" = 0 ]
