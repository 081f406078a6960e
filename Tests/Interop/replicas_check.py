"""Several replicas on one PostgreSQL: every follow-up exactly once, even when one replica is killed mid-work.

Starts three `unhurried serve` processes on one PostgreSQL database (UNHURRIED_TEST_POSTGRES_URL; see
with-postgres.sh) and one fake Slack API, sends ASKS correctly signed asks spread over the replicas (200 channels,
200 assignees) on a calendar-counted tier with a window of seconds, and kills one replica with SIGKILL once about
half of the expected posts have reached Slack. It then waits until every card, reminder and overdue notice has
arrived, and fails unless each idempotency key arrived exactly once and nothing else did. One allowance: a reminder
that fell due before the kill may have been claimed by the killed replica, whose claim then waits out its 60 s lease,
past the overdue notice's time, and the planner sends only that latest word (as after any downtime); such a reminder,
never queued, may be folded into its overdue notice, which must then have arrived. Every post that was queued must
arrive, however late a dead replica's claim lets it go. It prints how the work was shared: the posts
each replica delivered and the follow-ups each planned, and how many reminders were folded.

With --restart-postgres SECONDS, the PostgreSQL server itself goes down too, once about a quarter of the posts
have arrived: stopped as if it crashed (`pg_ctl -m immediate`), kept down for SECONDS, and started again on the same
port (with-postgres.sh's UNHURRIED_TEST_POSTGRES_DATA). The replicas must carry on by themselves: the same check then
holds, except that any reminder may be folded (every replica's claims wait out their lease), and it prints how long
the database was away, how long until posts flowed again and the work drained, and how many errors and warnings each
replica logged.

    python3 Tests/Interop/replicas_check.py BINARY [ASKS] [--restart-postgres SECONDS]

REPLICAS_DEADLINE=SECONDS bounds each wait (default 200); REPLICAS_KEEP=1 keeps the replicas' logs for a look.
"""
import argparse
import concurrent.futures
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from interop_support import FakeSlack, answers, free_port, serve, slash_command, stop_all, wait_until, write_policy

arguments = argparse.ArgumentParser()
arguments.add_argument("binary")
arguments.add_argument("asks", type=int, nargs="?", default=2000)
arguments.add_argument("--restart-postgres", type=float, metavar="SECONDS")
options = arguments.parse_args()
binary, asks = options.binary, options.asks
base_url = os.environ.get("UNHURRIED_TEST_POSTGRES_URL")
if not base_url:
    sys.exit("replicas_check.py: set UNHURRIED_TEST_POSTGRES_URL (bash Tests/Interop/with-postgres.sh python3 ...)")
database = f"{base_url}{'&' if '?' in base_url else '?'}schema=replicas_{os.getpid()}"
secret = "replicas-secret"
channels = 200
deadline_seconds = int(os.environ.get("REPLICAS_DEADLINE", "200"))  # the whole check, kill and lease expiry included
work = tempfile.mkdtemp(prefix="unhurried-replicas-")
processes = []


def restart_postgres(down_seconds):
    """Stops the database as a crash would, keeps it down, starts it again; returns how long it was away."""
    data = os.environ.get("UNHURRIED_TEST_POSTGRES_DATA")
    if not data:
        raise SystemExit("replicas_check.py: --restart-postgres needs the server of with-postgres.sh")
    owner = os.environ.get("UNHURRIED_TEST_POSTGRES_OWNER")
    pg_ctl = ["runuser", "-u", owner, "--"] if owner else []
    pg_ctl += [os.path.join(os.environ["UNHURRIED_TEST_POSTGRES_BIN"], "pg_ctl"), "-D", data, "-w"]
    stopped = time.time()
    subprocess.run(pg_ctl + ["-m", "immediate", "stop"], check=True, stdout=subprocess.DEVNULL)
    time.sleep(down_seconds)
    subprocess.run(pg_ctl + ["-l", os.path.join(os.path.dirname(data), "server.log"), "start"], check=True,
                   stdout=subprocess.DEVNULL)
    return time.time() - stopped


def psql(query, *options, **run):
    """Runs a query with psql on the check's database; `{schema}` in it names the check's schema."""
    command = [os.path.join(os.environ.get("UNHURRIED_TEST_POSTGRES_BIN", "/usr/bin"), "psql"), base_url, "-X", "-q", *options]
    return subprocess.run(command + ["-c", query.format(schema=database.rsplit("schema=", 1)[1])], **run)


def psql_lines(query):
    """The rows a query returns, one line of text each."""
    result = psql(query, "-A", "-t", check=True, capture_output=True, text=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def describe(keys, logs):
    """Prints what the store and the replicas' logs say of the missing keys' items, to tell a lost plan from a lost post."""
    items = sorted({key.split(":")[1] for key in keys})
    for table, columns in [("assignments", "*"), ("outbox", "id, idempotency_key, status, attempts, next_attempt_at_ms, "
                                                            "in_flight_since_ms, claimed_until_ms, last_error, created_at_ms, sent_at_ms")]:
        psql(f"SELECT {columns} FROM {{schema}}.{table} WHERE item_id IN ({', '.join(items)}) ORDER BY item_id", check=False)
    for number, log in enumerate(logs):
        for line in open(log):
            if any(f"item:{item}:" in line for item in items):
                print(f"replica {number}: {line.rstrip()[:300]}")


def main():
    policy = write_policy(work, "{respond_within: 30s, counting: calendar, remind_at: [50%], remind_via: [thread], call_outside_hours: true}")
    slack = FakeSlack()
    processes.append(slack.process)
    environment = dict(os.environ, SLACK_SIGNING_SECRET=secret, SLACK_BOT_TOKEN="xoxb-replicas", SLACK_API_URL=slack.api_url)
    replicas = []
    for number in range(3):
        port = free_port()
        log = os.path.join(work, f"replica-{number}.log")
        process = serve(binary, port, database, log, environment, config=policy)
        processes.append(process)
        replicas.append((port, process, log))
    for port, _, log in replicas:
        try:
            wait_until(lambda: answers(port), 30, f"replica on port {port}")
        except SystemExit:
            print(open(log).read()[-2000:])
            raise

    started = time.time()

    def ask(number):
        port = replicas[number % 3][0]
        status, text = slash_command(port, secret, {
            "team_id": "T0REPL", "channel_id": f"C{number % channels:05d}",
            "text": f"<@U{number % channels:05d}> check https://example.com/{number} - does item {number} hold?"})
        match = re.search(r"Recorded ask #(\d+)", text)
        if status != 200 or not match:
            raise SystemExit(f"FAIL: ask {number} answered {status}: {text[:200]}")
        return int(match.group(1)), time.time() - started

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        recorded = list(pool.map(ask, range(asks)))
    ids = [i for i, _ in recorded]
    # The policy's window is 30 s and its reminder comes at half of it.
    reminder_due = {i: answered_at + 15 for i, answered_at in recorded}
    if len(set(ids)) != asks:
        raise SystemExit(f"FAIL: {asks} asks got {len(set(ids))} distinct ids")
    sent = time.time() - started
    expected = {f"item:{i}:item_card" for i in ids}
    for i, number in zip(ids, range(asks)):
        assignee = f"U{number % channels:05d}"
        expected |= {f"item:{i}:{assignee}:reminder-1:thread", f"item:{i}:{assignee}:overdue:thread"}

    back = None
    if options.restart_postgres is not None:
        wait_until(lambda: sum(slack.counts().values()) >= len(expected) // 4, deadline_seconds, "a quarter of the posts")
        restarted_at = time.time() - started
        delivered_at_restart = sum(slack.counts().values())
        outage = restart_postgres(options.restart_postgres)
        back = time.time()
        delivered_at_back = sum(slack.counts().values())
        wait_until(lambda: sum(slack.counts().values()) > delivered_at_back, deadline_seconds, "a post after the restart")
        print(f"PostgreSQL stopped at {restarted_at:.1f} s with {delivered_at_restart} of {len(expected)} posts delivered, "
              f"away {outage:.1f} s, meanwhile Slack took {delivered_at_back - delivered_at_restart} posts; posts flowed "
              f"again {time.time() - back:.1f} s after it was back")
    wait_until(lambda: sum(slack.counts().values()) >= len(expected) // 2, deadline_seconds, "half of the posts")
    victim_port, victim, _ = replicas[1]
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    killed_at = time.time() - started
    delivered_at_kill = sum(slack.counts().values())

    # A replica that held an assignment's claim when it was killed, or when the database went away, leaves it until
    # the lease runs out; by then its overdue notice may be due too, and the planner sends only that latest word.
    reminders = {key for key in expected if ":reminder-" in key}
    if options.restart_postgres is None:
        reminders = {key for key in reminders if reminder_due[int(key.split(":")[1])] <= killed_at + 1}
    foldable = reminders
    required = expected - foldable
    try:
        wait_until(lambda: set(slack.counts()) >= required, deadline_seconds, "every post to arrive")
    except SystemExit:
        missing = required - set(slack.counts())
        kinds = {}
        for key in missing:
            kind = key.split(":")[-2] if key.endswith(":thread") else key.split(":")[-1]
            kinds[kind] = kinds.get(kind, 0) + 1
        print(f"{len(missing)} of {len(expected)} posts missing after {time.time() - started:.0f} s: {kinds}, e.g. {sorted(missing)[:3]}")
        try:
            describe(sorted(missing)[:5], [log for _, _, log in replicas])
        except Exception as error:  # the missing posts are the failure to report, whatever the look at them did
            print(f"(could not describe them: {error})")
        raise
    # A reminder the planner queued is owed like any post, however late its claim let it go (after its overdue notice,
    # when the killed replica held it); only one never queued may have been folded into its overdue notice.
    queued = set(psql_lines("SELECT idempotency_key FROM {schema}.outbox")) & foldable
    wait_until(lambda: set(slack.counts()) >= required | queued, deadline_seconds, "every queued reminder to arrive")
    arrived = time.time()
    time.sleep(2)  # anything sent twice would arrive now
    counts = slack.counts()
    finished = arrived - started

    failures = []
    folded = {key for key in foldable - set(counts) if key.replace(":reminder-1:", ":overdue:") in counts}
    if foldable - set(counts) - folded:
        failures.append(f"reminders missing without their overdue notice: {sorted(foldable - set(counts) - folded)[:3]}")
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
        errors, warnings = len(re.findall(r" error ", text)), len(re.findall(r" warning ", text))
        shares.append(posts)
        state = "killed" if number == 1 else "alive"
        print(f"replica {number} ({state}): delivered {posts} posts, queued {planned} follow-ups, found {recovered} in "
              f"Slack's history; logged {errors} errors and {warnings} warnings")
    if sum(1 for n in shares if n > 0) < 3:
        failures.append(f"the work was not shared by all three replicas: {shares}")
    print(f"{asks} asks sent in {sent:.1f} s; replica 1 killed at {killed_at:.1f} s with {delivered_at_kill} of "
          f"{len(expected)} posts delivered; all delivered after {finished:.1f} s, each key "
          f"{'exactly once' if not repeated else 'NOT exactly once'}"
          + f"; {len(folded)} reminders planned late were folded into their overdue notice"
          + (f"; the work drained {arrived - back:.1f} s after PostgreSQL was back" if back else ""))
    if failures:
        for failure in failures:
            print(f"FAIL: {failure}")
        sys.exit(1)
    print("replicas-check: passed")


try:
    main()
finally:
    stop_all(processes)
    if not os.environ.get("REPLICAS_KEEP"):
        subprocess.run(["rm", "-rf", work])
    else:
        print(f"kept {work}")
