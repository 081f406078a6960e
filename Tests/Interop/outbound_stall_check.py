"""A chat API that stops answering must not take the server with it.

Starts `unhurried serve` with Slack's Web API pointed at a local server that accepts connections and never
answers, sends signed asks naming 300 new people at once (each person's profile lookup runs past its budget and
is cancelled, and each card's post hangs), then checks that /healthz still answers at once and that SIGTERM
stops the server within seconds. The server logs at trace level meanwhile, and neither the signing secret nor the
bot token may appear in the log. Usage: outbound_stall_check.py PATH/TO/unhurried
"""
import concurrent.futures
import hashlib
import hmac
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ASKS, PEOPLE_PER_ASK = 12, 25
SECRET, BOT_TOKEN = "stall-check-secret-3f9a", "xoxb-stall-token-77c1"
HEALTH_LIMIT_S, SHUTDOWN_LIMIT_S = 1.0, 6.0

binary = sys.argv[1]
passed = failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}".rstrip())


def silent_server():
    """Accepts connections and holds them open, reading nothing and answering nothing."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1024)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def signed_ask(base, ask):
    people = " ".join(f"<@U{ask}P{person}>" for person in range(PEOPLE_PER_ASK))
    body = urllib.parse.urlencode({
        "team_id": "T0STALL", "channel_id": "C0STALL", "user_id": "U0ALICE", "command": "/ask",
        "text": f"{people} review https://example.com/doc - does it read well?",
        "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3",
    }).encode()
    timestamp = str(int(time.time()))
    mac = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(base + "/slack/commands", data=body, method="POST", headers={
        "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + mac,
        "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def health_seconds(base):
    started = time.monotonic()
    with urllib.request.urlopen(base + "/healthz", timeout=30) as response:
        response.read()
    return time.monotonic() - started


listener, held = silent_server()
port = free_port()
base = f"http://127.0.0.1:{port}"
work = tempfile.mkdtemp()
environment = dict(os.environ, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN=BOT_TOKEN,
                   SLACK_API_URL=f"http://127.0.0.1:{listener.getsockname()[1]}/api")
log = open(os.path.join(work, "server.log"), "w")
server = subprocess.Popen([binary, "serve", "--port", str(port), "--database", f"sqlite://{work}/stall.sqlite", "--log-level", "trace"],
                          env=environment, stdout=log, stderr=subprocess.STDOUT)
try:
    for _ in range(100):
        try:
            health_seconds(base)
            break
        except OSError:
            time.sleep(0.1)
    with concurrent.futures.ThreadPoolExecutor(ASKS) as pool:
        started = time.monotonic()
        statuses = list(pool.map(lambda ask: signed_ask(base, ask), range(ASKS)))
        asked_in = time.monotonic() - started
    check("every ask is answered", statuses == [200] * ASKS, str(statuses))
    print(f"outbound-stall: {ASKS} asks naming {ASKS * PEOPLE_PER_ASK} people answered in {asked_in:.2f} s; "
          f"{len(held)} connections held by the silent API")
    # Probed while the lookups have just been cancelled and the cards' posts hang on the silent API.
    slowest = max(health_seconds(base) for _ in range(20))
    check("/healthz answers at once", slowest < HEALTH_LIMIT_S, f"(slowest {slowest:.3f} s)")
    time.sleep(2)
    slowest_later = max(health_seconds(base) for _ in range(20))
    check("/healthz still answers at once", slowest_later < HEALTH_LIMIT_S, f"(slowest {slowest_later:.3f} s)")
    print(f"outbound-stall: slowest /healthz {max(slowest, slowest_later) * 1000:.1f} ms")
    started = time.monotonic()
    server.send_signal(signal.SIGTERM)
    try:
        code = server.wait(timeout=SHUTDOWN_LIMIT_S)
        stopped_in = time.monotonic() - started
        check("SIGTERM stops the server cleanly", code == 0, f"(exit {code})")
        print(f"outbound-stall: stopped {stopped_in:.2f} s after SIGTERM")
    except subprocess.TimeoutExpired:
        check(f"SIGTERM stops the server within {SHUTDOWN_LIMIT_S:.0f} s", False)
finally:
    if server.poll() is None:
        server.kill()
        server.wait()
    listener.close()
    log.close()
    logged = open(os.path.join(work, "server.log")).read()
    check("the trace log holds no secret", SECRET not in logged and BOT_TOKEN not in logged and len(logged) > 1000)
    if failed:
        print(open(os.path.join(work, "server.log")).read()[-4000:])
    print(open(os.path.join(work, "server.log")).read()[-3000:]) if os.environ.get("SHOWLOG") else None
    shutil.rmtree(work, ignore_errors=True)

print(f"outbound-stall: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
