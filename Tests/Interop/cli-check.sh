#!/usr/bin/env bash
# The command-line tool as an admin or a newcomer uses it: check-config, explain and try.
set -uo pipefail
binary=${1:?usage: cli-check.sh PATH/TO/unhurried}
cd "$(dirname "$0")/../.."
source Tests/Interop/checks.sh
signed_ask() {  # port, channel: sends "/ask @U0BOB check …" signed with cli-secret and prints the answer
  local body="team_id=T1&channel_id=$2&user_id=U0ALICE&command=%2Fask&text=%3C%40U0BOB%3E+check+https%3A%2F%2Fexample.com+-+ok%3F"
  local ts; ts=$(date +%s)
  local sig; sig=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac cli-secret | sed 's/^.* //')
  curl -fs "http://127.0.0.1:$1/slack/commands" -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: v0=$sig" --data "$body"
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
check "explain --json" test "$json" = '{"tier": "standard", "due": "2026-11-23T15:30:00Z", "reminders": ["2026-11-23T11:30:00Z", "2026-11-23T14:42:00Z"], "escalation": "2026-11-24T11:30:00Z", "follow_ups": [{"name": "reminder-1", "at": "2026-11-23T11:30:00Z"}, {"name": "reminder-2", "at": "2026-11-23T14:42:00Z"}, {"name": "overdue", "at": "2026-11-23T15:30:00Z"}, {"name": "escalation", "at": "2026-11-24T11:30:00Z"}]}'
"$binary" explain --at 2026-11-20T15:30:00Z --tier nope >/dev/null 2>&1; code=$?
check "explain refuses an unknown tier" test "$code" != 0

out=$("$binary" simulate --config config/unhurried.example.yaml config/scenario.example.yaml); code=$?
check "simulate replays the example" test "$code" = 0
check "simulate prints the timeline" grep -q "^29 messages from Mon 23 Nov 2026 08:00" <<<"$out"
check "simulate marks whom a post calls and whom it names" grep -q "item_card       #1    C0PRODUCT calls @U0CAROL, names @U0ALICE, names @U0BOB" <<<"$out"
check "simulate counts calls outside people's hours: none" grep -q "^U0BOB: called 8 times in their working hours, 0 outside them" <<<"$out"
check "simulate shows the escalation" grep -q "Thu 26 Nov 2026 05:00 UTC  escalation      #1    C0PRODUCT thread about U0CAROL" <<<"$out"
json=$("$binary" simulate --json --config config/unhurried.example.yaml config/scenario.example.yaml)
check "simulate --json: a JSON object a line" python3 -c 'import json,sys; posts=[json.loads(line) for line in sys.argv[1].splitlines()]; assert len(posts)==29 and posts[1]["kind"]=="item_card" and posts[1]["at"]=="2026-11-23T09:00:00Z" and posts[1]["channel"]=="C0PRODUCT" and posts[1]["notifies"]==["U0CAROL"] and posts[0]["to"]=="U0ALICE" and posts[0]["notifies"]==[], posts[:2]' "$json"
printf 'start: 2026-11-23T08:00:00Z
steps:
  - at: 2026-11-23T09:00:00Z
    as: U1
    command: ask without slash
' > "$work/bad-scenario.yaml"
err=$("$binary" simulate "$work/bad-scenario.yaml" 2>&1 >/dev/null); code=$?
check "simulate refuses a bad scenario" test "$code" = 1
check "simulate names line and key" grep -q "bad-scenario.yaml:5:14: steps\[0\].command: must be a slash command" <<<"$err"

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
json=$("$binary" export --database "$db" --format json 2>/dev/null)
check "export --format json writes the ask and its history" python3 -c 'import json,sys; items=json.loads(sys.argv[1])["items"]; assert len(items)==1 and [e["kind"] for e in items[0]["history"]]==["created","done"], items' "$json"
out=$("$binary" export --database "$db" --format csv --since 2020-01-01 2>/dev/null)
check "export --format csv has a header and a row per assignee" test "$(printf '%s\n' "$out" | wc -l)" = 2
out=$("$binary" export --database "$db" --format markdown --channel elsewhere 2>&1)
check "export --channel filters" grep -q "Exported 0 asks, 0 decisions and 0 pre-reads" <<<"$out"
out=$("$binary" export --database "$db" --since yesterday 2>&1); code=$?
check "export refuses a bad --since" grep -q "is not a date" <<<"$out"
for url in 'postgres://app:hunter2@db.internal/' 'postgres://app:hunter2@127.0.0.1:1/unhurried'; do
  out=$("$binary" outbox --database "$url" 2>&1)
  check "a database error hides the password ($url)" bash -c '! grep -q hunter2 <<<"$1" && grep -q "app" <<<"$1"' _ "$out"
done

# Hot reload: SIGHUP re-reads the file; a broken file is rejected and the last good policy stays.
port=$(free_port)
cp config/unhurried.example.yaml "$work/policy.yaml"
"$binary" serve --port "$port" --config "$work/policy.yaml" --database "sqlite://$work/serve.sqlite" > "$work/serve.log" 2>&1 &
server=$!
wait_for curl -fs "http://127.0.0.1:$port/healthz"
sed -i 's/respond_within: 4h/respond_within: 2h/' "$work/policy.yaml"
kill -HUP "$server"; sleep 0.5
check "SIGHUP reloads the policy" grep -q "reason=SIGHUP.*Reloaded policy" "$work/serve.log"
echo "colour: blue" >> "$work/policy.yaml"
kill -HUP "$server"; sleep 0.5
check "a broken policy is rejected with its position" grep -q "policy.yaml:[0-9]*:1: colour: unknown key" "$work/serve.log"
metrics=$(curl -fs "http://127.0.0.1:$port/metrics")
check "reloads are counted" grep -q 'unhurried_policy_reloads_total{outcome="rejected"} 1' <<<"$metrics"
check "the server still answers" curl -fs "http://127.0.0.1:$port/readyz" -o /dev/null
kill -TERM "$server"; wait "$server"; code=$?
check "SIGTERM stops the server cleanly" test "$code" = 0

# A restart on the broken file starts on the last valid policy, kept in the store, and says why; fixing the file
# puts it in force. A new database has none kept: the broken file still stops the start, naming its problem.
"$binary" serve --port "$port" --config "$work/policy.yaml" --database "sqlite://$work/serve.sqlite" > "$work/restart.log" 2>&1 &
server=$!
wait_for curl -fs "http://127.0.0.1:$port/healthz"
check "a restart on a broken file starts" curl -fs "http://127.0.0.1:$port/readyz" -o /dev/null
check "it names the file's problem" grep -q "policy.yaml:[0-9]*:1: colour: unknown key.*Policy file refused; starting on the last valid policy" "$work/restart.log"
metrics=$(curl -fs "http://127.0.0.1:$port/metrics")
check "the refusal is counted" grep -q 'unhurried_policy_reloads_total{outcome="rejected"} 1' <<<"$metrics"
sed -i '/^colour: blue$/d' "$work/policy.yaml"
kill -HUP "$server"; sleep 0.5
check "the mended file is put in force" grep -q "reason=SIGHUP.*Reloaded policy" "$work/restart.log"
kill -TERM "$server"; wait "$server"
echo "colour: blue" >> "$work/policy.yaml"
err=$("$binary" serve --port "$port" --config "$work/policy.yaml" --database "sqlite://$work/fresh.sqlite" 2>&1 >/dev/null); code=$?
check "a new database with a broken file does not start" test "$code" = 1
check "it names the file's problem" grep -q "policy.yaml:[0-9]*:1: colour: unknown key" <<<"$err"

# The fake Slack the checks below post to refuses what Slack refuses, or they would pass where Slack would not.
limits_port=$(free_port)
python3 Tests/Interop/fake_slack.py "$limits_port" &
limits_fake=$!
wait_for curl -fs "http://127.0.0.1:$limits_port/counts"
check "the fake Slack keeps Block Kit's limits" python3 Tests/Interop/fake_slack_limits_check.py "$limits_port"
kill "$limits_fake"

# The outbox: a post Slack refuses for good is parked as dead, listed, and can be queued again.
refuser_port=$(free_port)
python3 Tests/Interop/fake_slack.py "$refuser_port" --refuse channel_not_found &
refuser=$!
# The refusal must be the first answer the card gets, so the fake has to be listening before the server starts.
wait_for curl -fs "http://127.0.0.1:$refuser_port/counts"
db="sqlite://$work/outbox.sqlite"
SLACK_SIGNING_SECRET=cli-secret SLACK_BOT_TOKEN=xoxb-cli SLACK_API_URL="http://127.0.0.1:$refuser_port/api" \
  "$binary" serve --port "$port" --database "$db" > "$work/outbox-serve.log" 2>&1 &
server=$!
wait_for curl -fs "http://127.0.0.1:$port/healthz"
answer=$(signed_ask "$port" C0GONE)
check "a signed ask is recorded" grep -q "Recorded ask #1" <<<"$answer"
wait_for grep -q "parked as dead" "$work/outbox-serve.log"
metrics=$(curl -fs "http://127.0.0.1:$port/metrics")
# The card dies; so may the asker's DM about it, which the same refusing API turns away.
check "metrics count the dead post" grep -Eq 'unhurried_outbox_posts\{status="dead"\} [12]' <<<"$metrics"
check "metrics say why it died" grep -q 'unhurried_outbox_dead_posts_total{platform="slack",reason="channel_not_found"}' <<<"$metrics"
kill -TERM "$server"; wait "$server"; kill "$refuser"
out=$("$binary" outbox --dead --database "$db")
grep -q "item:1:item_card  slack:C0GONE" <<<"$out" || { echo "outbox --dead printed: $out"; tail -5 "$work/outbox-serve.log"; }
check "outbox --dead lists the refused post" grep -q "item:1:item_card  slack:C0GONE  attempts 1 — chat.postMessage: channel_not_found" <<<"$out"
out=$("$binary" outbox retry 1 --database "$db")
check "outbox retry queues it again" grep -q "Post 1 is queued again" <<<"$out"
out=$("$binary" outbox --database "$db")
check "outbox lists it as pending" grep -q "item:1:item_card  slack:C0GONE  attempts 0 next attempt" <<<"$out"
"$binary" outbox retry 42 --database "$db" > /dev/null 2>&1; code=$?
check "outbox retry refuses an unknown post" test "$code" = 1

# kill -9 in the one hard window: Slack has taken the card, the server dies before recording it. After the
# restart, once the dead process's claim on the card has run out (a minute), the card is found in the channel's
# history by its idempotency key and recorded, not posted again.
fake_port=$(free_port)
python3 Tests/Interop/fake_slack.py "$fake_port" --hold-first &
fake=$!
wait_for curl -fs "http://127.0.0.1:$fake_port/counts"
db="sqlite://$work/crash.sqlite"
export SLACK_SIGNING_SECRET=cli-secret SLACK_BOT_TOKEN=xoxb-cli SLACK_API_URL="http://127.0.0.1:$fake_port/api"
"$binary" serve --port "$port" --database "$db" > "$work/crash-serve.log" 2>&1 &
server=$!
wait_for curl -fs "http://127.0.0.1:$port/healthz"
answer=$(signed_ask "$port" C0GENERAL)
check "an ask is recorded before the crash" grep -q "Recorded ask #1" <<<"$answer"
wait_for bash -c "curl -fs http://127.0.0.1:$fake_port/counts | grep -q item:1:item_card"
kill -KILL "$server"; wait "$server" 2>/dev/null
"$binary" serve --port "$port" --database "$db" > "$work/crash-restart.log" 2>&1 &
server=$!
wait_up_to 90 grep -q "had been delivered" "$work/crash-restart.log"
check "after kill -9 the card is found in the channel's history" grep -q "had been delivered; recorded without posting again" "$work/crash-restart.log"
counts=$(curl -fs "http://127.0.0.1:$fake_port/counts")
check "the card was posted exactly once" test "$counts" = '{"item:1:item_card": 1}'
kill -TERM "$server"; wait "$server"; kill "$fake"
unset SLACK_SIGNING_SECRET SLACK_BOT_TOKEN SLACK_API_URL

summary cli
