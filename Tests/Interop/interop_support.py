"""Shared by the Python interop checks: ports, waiting, signed Slack commands, the fake Slack API and the servers'
processes, so each check says only what it does differently."""
import hashlib
import hmac
import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


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


def answers(port, path="/readyz"):
    """Whether the server on `port` answers `path` with 200 within a second."""
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1).status == 200
    except OSError:
        return False


def slash_command(port, secret, fields, timeout=10):
    """Posts a slash command signed with `secret` to the server on `port`; returns its status and answer."""
    body = urllib.parse.urlencode(dict({
        "team_id": "T0CHECK", "user_id": "U0ASKER", "command": "/ask",
        "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3"}, **fields))
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("POST", "/slack/commands", body, {
            "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def write_policy(directory, tier):
    """A policy in which every day is a working day and every hour counts, so follow-ups go out whatever day CI
    runs on; `tier` is the YAML of its one tier, `quick`. Give it `call_outside_hours: true` where cards must call
    their assignees at once whenever the check runs (the minute before midnight is outside these hours)."""
    path = os.path.join(directory, "policy.yaml")
    with open(path, "w") as f:
        f.write(f"""version: 1
timezone: UTC
working_hours: {{days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "23:59"}}
tiers:
  quick: {tier}
default_tier: quick
""")
    return path


class FakeSlack:
    """fake_slack.py on a port of its own; see its docstring for what it answers."""

    def __init__(self, *flags):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_slack.py"), str(self.port), *flags])
        wait_until(self.answering, 10, "the fake Slack API")

    def answering(self):
        try:
            self.counts()
            return True
        except OSError:
            return False

    @property
    def api_url(self):
        return f"http://127.0.0.1:{self.port}/api"

    def counts(self):
        """How often each idempotency key was posted."""
        return json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/counts", timeout=5))

    def posts(self):
        """Every post taken, in order: channel, idempotency key and the instant (time.time()) it arrived."""
        return json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/posts", timeout=5))

    def refuse_connections(self, seconds):
        """Closes the API's port and every open connection for `seconds`, then opens the same port again."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/outage?seconds={seconds}", method="POST")
        urllib.request.urlopen(request, timeout=5).read()


def serve(binary, port, database, log_path, environment, config=None, log_level="info"):
    """Starts `unhurried serve` on `port`, its output into `log_path`."""
    command = [binary, "serve", "--port", str(port), "--database", database, "--log-level", log_level]
    if config:
        command += ["--config", config]
    with open(log_path, "w") as log:
        return subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)


def stop_all(processes):
    """Stops every process still running: SIGTERM, then SIGKILL for any that has not ended 10 s later."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Checks:
    """Counts the checks that pass and fail, printing each failure; `finish` prints the closing line and exits."""

    def __init__(self):
        self.passed = self.failed = 0

    def __call__(self, name, condition, detail=""):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL: {name} {detail}".rstrip())

    def finish(self, name):
        print(f"{name}: {self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed else 0)
