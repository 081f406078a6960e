"""The chat API down for minutes, then back: the backlog drains, paced, each post exactly once.

Simulates Slack's Web API becoming unreachable (its port closed: every connection refused, open ones cut) for
OUTAGE seconds, then coming back on the same address with everything it had taken before, while people keep
asking. One `unhurried serve` on SQLite talks to fake_slack.py; a few asks are posted while Slack is up, then the
API goes away and ASKS more asks arrive over the first half of the outage, spread over a few channels. Once the API
is back the check waits for every card and fails unless each idempotency key arrived exactly once, no post was
given up on, every ask was answered at once during the outage, and no channel got more than the server's pace
allows (a burst of three, then one a second: ChannelPacer). It prints the posts queued, how long the backlog took to
drain, the most posts a channel got in one second, and how many attempts failed and were retried.

    python3 Tests/Interop/chat_outage_check.py BINARY [--outage SECONDS] [--asks N]

The outage is 120 s unless told (the issue asks for several minutes; a longer one only lengthens the CI run, since
the server's backoff reaches its longer steps after a few minutes). OUTAGE_KEEP=1 keeps the server's log.
"""
import argparse
import os
import re
import subprocess
import tempfile
import time
import urllib.request

from interop_support import FakeSlack, answers, free_port, serve, slash_command, stop_all, wait_until, write_policy

arguments = argparse.ArgumentParser()
arguments.add_argument("binary")
arguments.add_argument("--outage", type=float, default=120)
arguments.add_argument("--asks", type=int, default=60)
options = arguments.parse_args()

SECRET = "outage-secret"
CHANNELS = 3
BEFORE_OUTAGE = 6
# ChannelPacer's defaults; a post may land up to this much later than its slot, or earlier by clock granularity.
PACE_BURST, PACE_PER_SECOND, PACE_SLACK = 3, 1.0, 1
ANSWER_LIMIT_S = 3.0
work = tempfile.mkdtemp(prefix="unhurried-outage-")
processes = []
failures = []


def ask(port, number):
    started = time.monotonic()
    status, text = slash_command(port, SECRET, {
        "channel_id": f"C0OUT{number % CHANNELS}",
        "text": f"<@U0P{number:03d}> check https://example.com/{number} - does item {number} hold?"})
    answered_in = time.monotonic() - started
    match = re.search(r"Recorded ask #(\d+)", text)
    if status != 200 or not match:
        raise SystemExit(f"FAIL: ask {number} answered {status}: {text[:200]}")
    return int(match.group(1)), answered_in


def overpaced(posts):
    """Posts that broke the pace: for any two posts to a channel, those between them (both counted) must fit a
    burst plus the pace over the time between them."""
    broken = []
    by_channel = {}
    for post in posts:
        by_channel.setdefault(post["channel"], []).append(post["arrival"])
    for channel, arrivals in by_channel.items():
        arrivals.sort()
        for first in range(len(arrivals)):
            for last in range(first + 1, len(arrivals)):
                allowed = PACE_BURST + (arrivals[last] - arrivals[first]) * PACE_PER_SECOND + PACE_SLACK
                if last - first + 1 > allowed:
                    broken.append((channel, last - first + 1, arrivals[last] - arrivals[first]))
    return broken


def busiest_second(posts):
    """The most posts one channel got within any one second."""
    most = 0
    by_channel = {}
    for post in posts:
        by_channel.setdefault(post["channel"], []).append(post["arrival"])
    for arrivals in by_channel.values():
        arrivals.sort()
        for first, start in enumerate(arrivals):
            most = max(most, sum(1 for t in arrivals[first:] if t < start + 1))
    return most


def metric(port, name):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    return sum(float(value) for value in re.findall(rf"^unhurried_{name}(?:_total)?(?:{{[^}}]*}})? (\S+)$", text, re.M))


def main():
    slack = FakeSlack()
    processes.append(slack.process)
    port = free_port()
    log = os.path.join(work, "server.log")
    environment = dict(os.environ, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN="xoxb-outage", SLACK_API_URL=slack.api_url)
    # Only cards: no follow-up and no call at the start of someone's hours comes into the count.
    policy = write_policy(work, "{respond_within: 1d, call_outside_hours: true}")
    processes.append(serve(options.binary, port, f"sqlite://{work}/outage.sqlite", log, environment, config=policy))
    wait_until(lambda: answers(port), 30, "the server")

    ids = [ask(port, number)[0] for number in range(BEFORE_OUTAGE)]
    wait_until(lambda: len(slack.counts()) >= BEFORE_OUTAGE, 30, "the first cards")

    slack.refuse_connections(options.outage)
    outage_started = time.time()
    slowest_answer = 0.0
    for number in range(BEFORE_OUTAGE, BEFORE_OUTAGE + options.asks):
        # Spread over the outage's first half, so some posts have retried many times and some few when it ends.
        time.sleep(max(0.0, outage_started + (number - BEFORE_OUTAGE) * options.outage / 2 / options.asks - time.time()))
        item, answered_in = ask(port, number)
        ids.append(item)
        slowest_answer = max(slowest_answer, answered_in)
    if slowest_answer > ANSWER_LIMIT_S:
        failures.append(f"an ask during the outage took {slowest_answer:.1f} s to answer")
    healthy_during = answers(port, "/healthz")

    wait_until(slack.answering, options.outage + 30, "the API to come back")
    back = time.time()
    expected = {f"item:{item}:item_card" for item in ids}
    try:
        wait_until(lambda: set(slack.counts()) >= expected, options.outage * 2 + 300, "every card after the outage")
    except SystemExit:
        print(f"{len(expected - set(slack.counts()))} of {len(expected)} cards missing")
        raise
    posts = slack.posts()
    drained = max(post["arrival"] for post in posts) - back
    time.sleep(2)  # anything sent twice would arrive now
    counts = slack.counts()

    repeated = {key: n for key, n in counts.items() if n != 1}
    if repeated:
        failures.append(f"{len(repeated)} keys posted more than once, e.g. {sorted(repeated.items())[:3]}")
    if set(counts) - expected:
        failures.append(f"unexpected keys, e.g. {sorted(set(counts) - expected)[:3]}")
    broken = overpaced(posts)
    if broken:
        failures.append(f"{len(broken)} runs of posts faster than the pace, e.g. {broken[:3]}")
    dead = metric(port, "outbox_dead_posts")
    if dead:
        failures.append(f"{dead:.0f} posts given up on")
    if not healthy_during:
        failures.append("/healthz did not answer during the outage")
    text = open(log).read()
    retried = text.count("Post failed; will retry")
    queued = len(ids) - BEFORE_OUTAGE
    print(f"chat-outage: API refused connections for {back - outage_started:.1f} s; {queued} asks during it, each "
          f"answered within {slowest_answer:.2f} s; {queued} cards queued; {retried} failed attempts retried "
          f"({metric(port, 'outbox_attempts'):.0f} attempts in all), {dead:.0f} dead")
    print(f"chat-outage: backlog drained {drained:.1f} s after the API came back; at most {busiest_second(posts)} posts "
          f"to one channel in one second; every key {'exactly once' if not repeated else 'NOT exactly once'}")


try:
    main()
finally:
    stop_all(processes)
    if os.environ.get("OUTAGE_KEEP"):
        print(f"kept {work}")
    else:
        subprocess.run(["rm", "-rf", work])
for failure in failures:
    print(f"FAIL: {failure}")
print(f"chat-outage: {'failed' if failures else 'passed'}")
raise SystemExit(1 if failures else 0)
