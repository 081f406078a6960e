"""Several replicas on one PostgreSQL: every follow-up exactly once, even when one replica is killed mid-work.

Starts three `unhurried serve` processes on one PostgreSQL database (UNHURRIED_TEST_POSTGRES_URL; see
with-postgres.sh) and one fake Slack API, sends ASKS correctly signed asks spread over the replicas (200 channels,
200 assignees) on a calendar-counted tier with a window of seconds, and kills one replica with SIGKILL once about
half of the expected posts have reached Slack. It then waits until every card, reminder and overdue notice has
arrived, and fails unless each idempotency key arrived exactly once and nothing else did. It prints how the work
was shared: the posts each replica delivered and the follow-ups each planned.

    python3 Tests/Interop/replicas_check.py BINARY [ASKS]

REPLICAS_DEADLINE=SECONDS bounds each wait (default 200); REPLICAS_KEEP=1 keeps the replicas' logs for a look.
"""
import concurrent.futures
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

binary = sys.argv[1]
asks = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
base_url = os.environ.get("UNHURRIED_TEST_POSTGRES_URL")
if not base_url:
    sys.exit("replicas_check.py: set UNHURRIED_TEST_POSTGRES_URL (bash Tests/Interop/with-postgres.sh python3 ...)")
database = f"{base_url}{'&' if '?' in base_url else '?'}schema=replicas_{os.getpid()}"
secret = "replicas-secret"
channels = 200
deadline_seconds = int(os.environ.get("REPLICAS_DEADLINE", "200"))  # the whole check, kill and lease expiry included
work = tempfile.mkdtemp(prefix="unhurried-replicas-")
processes = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"FAIL: timed out waiting for {what}")


def healthy(port):
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1).status == 200
    except OSError:
        return False


def slack_counts(port):
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/counts", timeout=5))


def main():
    # Every day a working day and every hour counted: follow-ups go out whatever day CI runs on.
    policy = os.path.join(work, "policy.yaml")
    with open(policy, "w") as f:
        f.write("""version: 1
timezone: UTC
working_hours: {days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "23:59"}
tiers:
  quick: {respond_within: 30s, counting: calendar, remind_at: [50%], remind_via: [thread]}
default_tier: quick
""")
    slack_port = free_port()
    processes.append(subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "fake_slack.py"), str(slack_port)]))
    environment = dict(os.environ, SLACK_SIGNING_SECRET=secret, SLACK_BOT_TOKEN="xoxb-replicas",
                       SLACK_API_URL=f"http://127.0.0.1:{slack_port}/api")
    replicas = []
    for number in range(3):
        port = free_port()
        log = open(os.path.join(work, f"replica-{number}.log"), "w")
        process = subprocess.Popen(
            [binary, "serve", "--port", str(port), "--config", policy, "--database", database, "--log-level", "info"],
            env=environment, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        replicas.append((port, process, log.name))
    for port, _, log in replicas:
        try:
            wait_until(lambda: healthy(port), 30, f"replica on port {port}")
        except SystemExit:
            print(open(log).read()[-2000:])
            raise

    started = time.time()
    timestamp = str(int(started))

    def ask(number):
        port = replicas[number % 3][0]
        body = urllib.parse.urlencode({
            "team_id": "T0REPL", "channel_id": f"C{number % channels:05d}", "user_id": "U0ASKER", "command": "/ask",
            "text": f"<@U{number % channels:05d}> check https://example.com/{number} - does item {number} hold?",
            "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"})
        signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("POST", "/slack/commands", body, {
            "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature})
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        match = re.search(r"Recorded ask #(\d+)", text)
        if response.status != 200 or not match:
            raise SystemExit(f"FAIL: ask {number} answered {response.status}: {text[:200]}")
        return int(match.group(1))

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(ask, range(asks)))
    if len(set(ids)) != asks:
        raise SystemExit(f"FAIL: {asks} asks got {len(set(ids))} distinct ids")
    sent = time.time() - started
    expected = {f"item:{i}:item_card" for i in ids}
    for i, number in zip(ids, range(asks)):
        assignee = f"U{number % channels:05d}"
        expected |= {f"item:{i}:{assignee}:reminder-1:thread", f"item:{i}:{assignee}:overdue:thread"}

    wait_until(lambda: sum(slack_counts(slack_port).values()) >= len(expected) // 2, deadline_seconds, "half of the posts")
    victim_port, victim, _ = replicas[1]
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    killed_at = time.time() - started
    delivered_at_kill = sum(slack_counts(slack_port).values())

    try:
        wait_until(lambda: set(slack_counts(slack_port)) >= expected, deadline_seconds, "every post to arrive")
    except SystemExit:
        missing = expected - set(slack_counts(slack_port))
        kinds = {}
        for key in missing:
            kind = key.split(":")[-2] if key.endswith(":thread") else key.split(":")[-1]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{len(missing)} of {len(expected)} posts missing after {time.time() - started:.0f} s: {kinds}, e.g. {sorted(missing)[:3]}")
        raise
    time.sleep(2)  # anything sent twice would arrive now
    counts = slack_counts(slack_port)
    finished = time.time() - started

    failures = []
    repeated = {key: n for key, n in counts.items() if n != 1}
    unexpected = set(counts) - expected
    if repeated:
        failures.append(f"{len(repeated)} keys posted more than once, e.g. {sorted(repeated.items())[:3]}")
    if unexpected:
        failures.append(f"{len(unexpected)} unexpected keys, e.g. {sorted(unexpected)[:3]}")
    shares = []
    for number, (_, _, log) in enumerate(replicas):
        text = open(log).read()
        posts = text.count("Delivered post")
        planned = sum(int(m) for m in re.findall(r"posts=(\d+).*Queued follow-ups", text))
        recovered = text.count("had been delivered; recorded without posting again")
        shares.append(posts)
        state = "killed" if number == 1 else "alive"
        print(f"replica {number} ({state}): delivered {posts} posts, queued {planned} follow-ups, found {recovered} in Slack's history")
    if sum(1 for n in shares if n > 0) < 3:
        failures.append(f"the work was not shared by all three replicas: {shares}")
    print(f"{asks} asks sent in {sent:.1f} s; replica 1 killed at {killed_at:.1f} s with {delivered_at_kill} of "
          f"{len(expected)} posts delivered; all delivered after {finished:.1f} s, each key "
          f"{'exactly once' if not repeated else 'NOT exactly once'}")
    if failures:
        for failure in failures:
            print(f"FAIL: {failure}")
        sys.exit(1)
    print("replicas-check: passed")


try:
    main()
finally:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    if not os.environ.get("REPLICAS_KEEP"):
        subprocess.run(["rm", "-rf", work])
    else:
        print(f"kept {work}")
