"""The Matrix application-service adapter end to end, against a real Synapse on 127.0.0.1.

Starts `unhurried serve` with MATRIX_* settings, registers it with Synapse through the YAML that
`unhurried matrix-registration` prints, and drives it as people would: alice and bob are ordinary users who create
a room, invite the bot and write to it with their own tokens, and everything is read back from the room as bob.
Checks, in order:
  1. unhurried refuses a transaction signed with a wrong hs_token (403 M_FORBIDDEN); Synapse can ping it;
  2. the bot joins a room it is invited to;
  3. `!ask` gets a "Recorded ask" notice in a thread under the command, and one card in the main timeline;
  4. a reply by the assignee in the card's thread edits the card to "acknowledged";
  5. an ask nobody answers gets a "Reminder for" notice in its card's thread (tier: 20 s, reminder at 50 %);
  6. an ask sent while unhurried is down arrives once Synapse retries (forced with the appservice ping) after a
     restart on the same database: exactly one card;
  7. the same transaction pushed twice gives one card; `!decision` is recorded and posted, and `!decisions` finds it
     with a matrix.to link to its post;
  8. no idempotency key appears twice in the room, and the acknowledged ask got no reminder.

    SYNAPSE_BIN=VENV/bin python3 Tests/Interop/matrix_e2e.py BINARY      (matrix-e2e.sh sets up the venv)

Standard library only; Synapse is run from SYNAPSE_BIN. Everything lives in a temporary directory, deleted at the
end unless MATRIX_E2E_KEEP=1. Prints "ok: …" or "FAIL: …" per check and exits 1 when anything failed.
"""
import collections
import datetime
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

BOT = "@unhurried:localhost"
TIME_LIMIT = 240  # seconds for the whole run, cleanup excluded (the standup waits up to two minutes for its digest)
POLICY = """version: 1
timezone: UTC
working_hours: {days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "23:59"}
tiers:
  quick: {respond_within: 20s, counting: calendar, remind_at: [50%], remind_via: [thread], call_outside_hours: true}
default_tier: quick
"""
RATE_UNLIMITED = {"per_second": 1000, "burst_count": 1000}


class Abort(Exception):
    """Ends the run early: what follows cannot be checked. reported: the reason was already printed as a FAIL."""

    def __init__(self, reason, reported=False):
        super().__init__(reason)
        self.reported = reported


# ---------------------------------------------------------------- results

passed, failed = 0, 0


def check(condition, name, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok: {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL: {name}" + (f" ({detail})" if detail else ""), flush=True)
    return bool(condition)


def require(condition, name, detail=""):
    """A check the rest of the run depends on."""
    if not check(condition, name, detail):
        raise Abort(name, reported=True)


# ---------------------------------------------------------------- HTTP

def http(method, url, body=None, token=None, timeout=10):
    """(status, decoded JSON body) of one request; connection errors are raised as OSError."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw) if raw.strip() else {}
    except ValueError:
        return status, {"unparsed": raw.decode(errors="replace")[:300]}


def q(text):
    return urllib.parse.quote(text, safe="")


class Matrix:
    """The client-server API of one Synapse as one user (or the appservice, with its as_token)."""

    def __init__(self, base, token=None, user_id=None):
        self.base, self.token, self.user_id = base, token, user_id

    def call(self, method, path, body=None, expect=200):
        status, payload = http(method, self.base + path, body, self.token)
        if status != expect:
            raise Abort(f"{method} {path} as {self.user_id or 'anonymous'} answered {status}: "
                        f"{json.dumps(payload)[:300]}")
        return payload

    def send(self, room, content, event_type="m.room.message"):
        path = f"/_matrix/client/v3/rooms/{q(room)}/send/{event_type}/e2e-{secrets.token_hex(8)}"
        return self.call("PUT", path, content)["event_id"]

    def timeline(self, room):
        """Every event of the room, oldest first (pages of 100, newest first, as a client reads back)."""
        events, since = [], None
        for _ in range(10):
            query = {"dir": "b", "limit": "100"} | ({"from": since} if since else {})
            page = self.call("GET", f"/_matrix/client/v3/rooms/{q(room)}/messages?{urllib.parse.urlencode(query)}")
            events += page.get("chunk", [])
            if not page.get("chunk") or not page.get("end"):
                break
            since = page["end"]
        return events[::-1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, seconds, interval=0.3):
    """The first truthy value of condition() within seconds, else None; connection errors count as falsy."""
    end = time.monotonic() + seconds
    while True:
        try:
            value = condition()
        except OSError:
            value = None
        if value or time.monotonic() >= end:
            return value
        time.sleep(interval)


# ---------------------------------------------------------------- the room as read back

def relation(event):
    return event.get("content", {}).get("m.relates_to") or {}


def bot_messages(events):
    """The bot's own messages, edits excluded."""
    return [e for e in events if e["sender"] == BOT and e["type"] == "m.room.message"
            and relation(e).get("rel_type") != "m.replace"]


def bot_edits(events, target):
    return [e for e in events if e["sender"] == BOT and e["type"] == "m.room.message"
            and relation(e).get("rel_type") == "m.replace" and relation(e).get("event_id") == target]


def thread_messages(events, root, prefix, msgtype):
    """The bot's messages in the thread of `root` starting with `prefix`: answers are m.notice (they call nobody),
    reminders m.text (they call the assignee)."""
    return [e for e in bot_messages(events) if relation(e).get("rel_type") == "m.thread"
            and relation(e).get("event_id") == root and e["content"].get("msgtype") == msgtype
            and e["content"].get("body", "").startswith(prefix)]


CARD = re.compile(r"^\**Ask \**#?(\d+)\**\s+from")
RECORDED = re.compile(r"^Recorded ask \**#?(\d+)")


def cards(events, request_text):
    """Cards in the main timeline whose text names the ask's request (m.text: a card calls the people asked)."""
    return [e for e in bot_messages(events) if e["content"].get("msgtype") == "m.text"
            and relation(e).get("rel_type") != "m.thread" and CARD.match(e["content"].get("body", ""))
            and request_text in e["content"].get("body", "")]


def describe(event):
    """One line for a message as read back: sender, msgtype, relation, first line of the body, idempotency key."""
    content = event.get("content", {})
    related = relation(event)
    target = related.get("event_id") or (related.get("m.in_reply_to") or {}).get("event_id")
    link = f" {related.get('rel_type', 'reply')}→{target}" if related else ""
    key = content.get("org.unhurried.idempotency_key")
    body = (content.get("m.new_content") or content).get("body", "").split("\n")[0][:70]
    return (f"{event['event_id']} {event['sender']} {content.get('msgtype')}{link} {body!r}"
            + (f" key={key}" if key else ""))


# ---------------------------------------------------------------- the run

class Run:
    def __init__(self, binary, synapse_bin):
        self.binary, self.synapse_bin = os.path.abspath(binary), synapse_bin
        self.work = tempfile.mkdtemp(prefix="unhurried-matrix-e2e-")
        self.processes = []
        self.unhurried = self.synapse = None
        self.alice = self.bob = self.room = self.first_card = None
        self.unhurried_port, self.synapse_port = free_port(), free_port()
        self.hs = f"http://127.0.0.1:{self.synapse_port}"
        self.bot_url = f"http://127.0.0.1:{self.unhurried_port}"
        self.as_token, self.hs_token = secrets.token_hex(24), secrets.token_hex(24)
        self.shared_secret = secrets.token_hex(16)
        self.unhurried_log = os.path.join(self.work, "unhurried.log")
        self.synapse_log = os.path.join(self.work, "synapse", "homeserver.log")
        self.environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MATRIX_"))} | {
            "MATRIX_HOMESERVER_URL": self.hs, "MATRIX_AS_TOKEN": self.as_token, "MATRIX_HS_TOKEN": self.hs_token,
            "MATRIX_BOT_USER": BOT}

    # -------------------------------------------------------- processes

    def start(self, arguments, log_path, **options):
        with open(log_path, "ab") as log:
            process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       **options)
        self.processes.append(process)
        return process

    @staticmethod
    def stop(process, grace=10):
        """SIGTERM by PID, SIGKILL after grace seconds; True when it ended by itself."""
        if process.poll() is not None:
            return True
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
            return True
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
            return False

    def stop_all(self):
        running = [p for p in self.processes if p.poll() is None]
        for process in running:
            os.kill(process.pid, signal.SIGTERM)
        end = time.monotonic() + 10
        for process in running:
            try:
                process.wait(max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()

    @staticmethod
    def await_answer(process, url, seconds, name):
        """Waits until `url` answers 200, failing fast (and the run) if `process` exits first."""
        def answering():
            if process.poll() is not None:
                return "exited"
            return http("GET", url, timeout=2)[0] == 200

        state = wait_for(answering, seconds)
        require(state is True, name,
                f"it exited with status {process.returncode}" if state == "exited" else f"no answer after {seconds} s")

    def start_unhurried(self):
        with open(self.unhurried_log, "a") as log:
            log.write(f"--- matrix-e2e: starting unhurried on port {self.unhurried_port} ---\n")
        self.unhurried = self.start(
            [self.binary, "serve", "--port", str(self.unhurried_port),
             "--config", os.path.join(self.work, "policy.yaml"),
             "--database", "sqlite://" + os.path.join(self.work, "unhurried.sqlite"), "--log-level", "debug"],
            self.unhurried_log, env=self.environment, cwd=self.work)
        self.await_answer(self.unhurried, f"{self.bot_url}/readyz", 30, f"unhurried answers /readyz on port {self.unhurried_port}")

    # -------------------------------------------------------- Synapse

    def registration(self):
        """The appservice registration as `unhurried matrix-registration` prints it, checked field by field."""
        try:
            result = subprocess.run([self.binary, "matrix-registration", "--url", self.bot_url], env=self.environment,
                                    capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            require(False, "matrix-registration prints a YAML registration", "no answer within 30 s")
        # PyYAML comes with Synapse; this script itself stays on the standard library.
        parsed = subprocess.run(
            [os.path.join(self.synapse_bin, "python"), "-c",
             "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
            input=result.stdout, capture_output=True, text=True, timeout=30)
        document = json.loads(parsed.stdout) if parsed.returncode == 0 else None
        require(result.returncode == 0 and isinstance(document, dict), "matrix-registration prints a YAML registration",
                f"exit status {result.returncode}, stderr {result.stderr.strip()[-500:]!r}" if result.returncode else
                f"not a YAML mapping: {(parsed.stderr.strip() or result.stdout)[-300:]!r}")
        users = (document.get("namespaces") or {}).get("users") or []
        expected = {"id": "unhurried", "url": self.bot_url, "as_token": self.as_token, "hs_token": self.hs_token,
                    "sender_localpart": "unhurried", "rate_limited": False}
        wrong = {k: document.get(k) for k, v in expected.items() if document.get(k) != v}
        exclusive = any(isinstance(u, dict) and u.get("exclusive") is True and isinstance(u.get("regex"), str)
                        and re.match(u["regex"], BOT) for u in users)
        problems = [f"{key}: {value!r}" for key, value in wrong.items()]
        problems += [] if exclusive else [f"no exclusive user namespace matching {BOT} in {users!r}"]
        check(not problems, "the registration names unhurried, its url and tokens, an exclusive user namespace with "
              "the bot, rate_limited false", "; ".join(problems))
        path = os.path.join(self.work, "synapse", "appservice-unhurried.yaml")
        with open(path, "w") as f:
            f.write(result.stdout)
        return path

    def start_synapse(self, registration):
        data = os.path.join(self.work, "synapse")
        log_config = os.path.join(data, "log.config")
        # JSON is YAML: both files are written with json.dumps.
        with open(log_config, "w") as f:
            json.dump({
                "version": 1,
                "formatters": {"precise": {"format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - "
                                                     "%(request)s - %(message)s"}},
                "filters": {"context": {"()": "synapse.logging.context.LoggingContextFilter", "request": ""}},
                "handlers": {"file": {"class": "logging.FileHandler", "formatter": "precise",
                                      "filename": self.synapse_log, "filters": ["context"]}},
                "loggers": {"synapse.storage.SQL": {"level": "WARNING"}},
                "root": {"level": "INFO", "handlers": ["file"]},
                "disable_existing_loggers": False}, f, indent=1)
        rate_limits = {name: RATE_UNLIMITED for name in (
            "rc_message", "rc_registration", "rc_room_creation", "rc_joins_per_room", "rc_admin_redaction",
            "rc_media_create", "rc_profile", "rc_reports", "rc_delayed_event_mgmt", "rc_3pid_validation")}
        rate_limits |= {"rc_login": {k: RATE_UNLIMITED for k in ("address", "account", "failed_attempts")},
                        "rc_joins": {k: RATE_UNLIMITED for k in ("local", "remote")},
                        "rc_invites": {k: RATE_UNLIMITED for k in ("per_room", "per_user", "per_issuer")}}
        config = os.path.join(data, "homeserver.yaml")
        with open(config, "w") as f:
            json.dump({
                "server_name": "localhost",
                "pid_file": os.path.join(data, "homeserver.pid"),
                "listeners": [{"port": self.synapse_port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
                               "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}],
                "database": {"name": "sqlite3", "args": {"database": os.path.join(data, "homeserver.db")}},
                "log_config": log_config,
                "media_store_path": os.path.join(data, "media_store"),
                "signing_key_path": os.path.join(data, "localhost.signing.key"),
                "registration_shared_secret": self.shared_secret,
                "enable_registration": False,
                "report_stats": False,
                "trusted_key_servers": [],
                "suppress_key_server_warning": True,
                "federation_domain_whitelist": [],
                "presence": {"enabled": False},
                "url_preview_enabled": False,
                "enable_metrics": False,
                "app_service_config_files": [registration],
            } | rate_limits, f, indent=1)
        subprocess.run([os.path.join(self.synapse_bin, "generate_signing_key"), "-o",
                        os.path.join(data, "localhost.signing.key")], check=True, timeout=60)
        self.synapse = self.start([os.path.join(self.synapse_bin, "python"), "-m", "synapse.app.homeserver",
                                   "-c", config], os.path.join(data, "stdout.log"), cwd=data)
        self.await_answer(self.synapse, f"{self.hs}/_matrix/client/versions", 60,
                          f"Synapse answers on port {self.synapse_port} with unhurried's registration")

    def register(self, localpart):
        """A normal user through the shared-secret admin API: a Matrix client for them."""
        nonce = Matrix(self.hs).call("GET", "/_synapse/admin/v1/register")["nonce"]
        password = secrets.token_hex(12)
        mac = hmac.new(self.shared_secret.encode(), b"\0".join(
            [nonce.encode(), localpart.encode(), password.encode(), b"notadmin"]), hashlib.sha1).hexdigest()
        answer = Matrix(self.hs).call("POST", "/_synapse/admin/v1/register", {
            "nonce": nonce, "username": localpart, "password": password, "admin": False, "mac": mac})
        return Matrix(self.hs, answer["access_token"], answer["user_id"])

    # -------------------------------------------------------- steps

    def step1_start(self):
        with open(os.path.join(self.work, "policy.yaml"), "w") as f:
            f.write(POLICY)
        os.makedirs(os.path.join(self.work, "synapse"))
        self.start_unhurried()
        status, payload = http("PUT", f"{self.bot_url}/_matrix/app/v1/transactions/e2e-wrong-token",
                               {"events": []}, token="not-the-" + self.hs_token)
        check(status == 403 and payload.get("errcode") == "M_FORBIDDEN",
              "unhurried refuses a transaction with a wrong hs_token (403 M_FORBIDDEN)", f"{status} {payload}")
        self.start_synapse(self.registration())
        status, payload = http("POST", f"{self.hs}/_matrix/client/v1/appservice/unhurried/ping", {}, self.as_token)
        check(status == 200, "Synapse pings unhurried (POST /_matrix/app/v1/ping)", f"{status} {payload}")

    def step2_room(self):
        self.alice, self.bob = self.register("alice"), self.register("bob")
        self.room = self.alice.call("POST", "/_matrix/client/v3/createRoom",
                                    {"name": "launch", "preset": "private_chat"})["room_id"]
        for user in (self.bob.user_id, BOT):
            self.alice.call("POST", f"/_matrix/client/v3/rooms/{q(self.room)}/invite", {"user_id": user})
        self.bob.call("POST", f"/_matrix/client/v3/rooms/{q(self.room)}/join", {})

        def bot_membership():
            return self.membership_of_bot().get("membership") == "join"

        require(wait_for(bot_membership, 10), "the bot joins the room it was invited to (within 10 s)",
                f"its membership event: {self.membership_of_bot()}")

    def membership_of_bot(self):
        path = f"/_matrix/client/v3/rooms/{q(self.room)}/state/m.room.member/{q(BOT)}"
        return http("GET", self.hs + path, token=self.alice.token)[1]

    def send_ask(self, text):
        """alice sends `!ask @bob:localhost TEXT` with her own token: the command's event id."""
        return self.alice.send(self.room, {"msgtype": "m.text", "body": f"!ask {self.bob.user_id} {text}"})

    def expect_answer(self, command, text, seconds=15):
        """Checks the bot's answer to an ask, read back by bob: the card, or None."""
        def answered():
            events = self.bob.timeline(self.room)
            return thread_messages(events, command, "Recorded ask", "m.notice") and cards(events, text)

        wait_for(answered, seconds)
        events = self.bob.timeline(self.room)
        recorded, found = thread_messages(events, command, "Recorded ask", "m.notice"), cards(events, text)
        number = RECORDED.match(recorded[0]["content"]["body"]) if len(recorded) == 1 else None
        check(number, f"\"{text}\": one \"Recorded ask N\" notice in a thread under the command",
              f"{len(recorded)} such notices" + ("" if recorded else f" after {seconds} s"))
        same = not number or (found and CARD.match(found[0]["content"]["body"]).group(1) == number.group(1))
        check(len(found) == 1 and same,
              f"\"{text}\": one card \"Ask {number.group(1) if number else 'N'} from …\" in the main timeline",
              f"{len(found)} cards" + ("" if found else f" after {seconds} s")
              + ("" if same else ", numbered differently"))
        return found[0] if found else None

    def step3_first_ask(self):
        # bob's profile names his zone (m.tz, spec v1.16); an ask to him reads it.
        self.bob.call("PUT", f"/_matrix/client/v3/profile/{q(self.bob.user_id)}/m.tz", {"m.tz": "Asia/Kolkata"})
        self.first_card = self.expect_answer(self.send_ask("review the launch doc"), "review the launch doc")
        command = self.bob.send(self.room, {"msgtype": "m.text", "body": "!hours"})
        found = wait_for(lambda: thread_messages(self.bob.timeline(self.room), command, "Your working hours", "m.notice"), 15)
        body = found[0]["content"]["body"] if found else ""
        check("Asia/Kolkata" in body and "zone from your chat profile" in body,
              "bob's !hours answer shows the zone from his Matrix profile (m.tz)", body or "no answer within 15 s")

    def step4_acknowledge(self):
        name = "bob's reply in the card's thread edits the card (m.replace with m.new_content) to \"acknowledged\""
        if not self.first_card:
            check(False, name, "no card to reply to")
            return
        card = self.first_card["event_id"]
        self.bob.send(self.room, {"msgtype": "m.text", "body": "on it", "m.relates_to": {
            "rel_type": "m.thread", "event_id": card, "is_falling_back": True, "m.in_reply_to": {"event_id": card}}})

        def acknowledged():
            return [e for e in bot_edits(self.bob.timeline(self.room), card)
                    if "acknowledged" in (e["content"].get("m.new_content") or {}).get("body", "")]

        check(wait_for(acknowledged, 15), name, "no such edit within 15 s")

    def step5_reminder(self):
        card = self.expect_answer(self.send_ask("sign off the budget"), "sign off the budget")
        name = "an unanswered ask gets a \"Reminder for\" notice in its card's thread (within 40 s)"
        if not card:
            check(False, name, "no card")
            return
        started = time.monotonic()
        reminders = wait_for(lambda: thread_messages(self.bob.timeline(self.room), card["event_id"], "Reminder for", "m.text"),
                             40, interval=1)
        if check(reminders, name):
            print(f"  (the reminder came {time.monotonic() - started:.1f} s after the card was read back)")
            notified = self.bob.call("GET", "/_matrix/client/v3/notifications?limit=50").get("notifications", [])
            check(any(n.get("event", {}).get("event_id") == reminders[0]["event_id"] for n in notified),
                  "the reminder notifies bob (his notifications list it)", f"{len(notified)} notifications, not the reminder")

    def step6_restart(self):
        check(self.stop(self.unhurried), "unhurried stops on SIGTERM within 10 s", "it was killed with SIGKILL")
        log_size = os.path.getsize(self.synapse_log)
        command = self.send_ask("third thing")
        time.sleep(3)  # Synapse pushes at once, fails, and retries after 2 s
        with open(self.synapse_log, errors="replace") as f:
            f.seek(log_size)
            since = f.read()
        check("push_bulk to" in since and "Starting recoverer for AS ID unhurried" in since,
              "Synapse tried to push the ask while unhurried was down, and failed",
              "no failed push_bulk in the Synapse log")
        self.start_unhurried()
        # Without this the next retry could be up to the backoff away (2, 4, 8 … s).
        status, payload = http("POST", f"{self.hs}/_matrix/client/v1/appservice/unhurried/ping", {}, self.as_token)
        check(status == 200, "after the restart, Synapse's appservice ping succeeds (it retries at once)",
              f"{status} {payload}")
        self.expect_answer(command, "third thing", seconds=30)
        time.sleep(2)  # a second copy would arrive now
        found = cards(self.bob.timeline(self.room), "third thing")
        check(len(found) == 1, "the ask sent while unhurried was down has exactly one card after the restart",
              f"{len(found)} cards")

    def step7_replay(self):
        # An event Synapse never sent: the bot cannot thread under it (Synapse refuses relations to unknown
        # events with 400), so only the card is checked.
        transaction = {"events": [{
            "type": "m.room.message", "room_id": self.room, "sender": self.alice.user_id,
            "user_id": self.alice.user_id, "event_id": "$e2e-replay-1", "origin_server_ts": int(time.time() * 1000),
            "content": {"msgtype": "m.text", "body": f"!ask {self.bob.user_id} replayed"}, "age": 5,
            "unsigned": {"age": 5}}]}
        url = f"{self.bot_url}/_matrix/app/v1/transactions/e2e-replay-1"
        answers = [http("PUT", url, transaction, self.hs_token) for _ in range(2)]
        check(all(status == 200 for status, _ in answers),
              "the same transaction pushed twice is answered 200 both times", f"{answers}")
        wait_for(lambda: cards(self.bob.timeline(self.room), "replayed"), 15)
        time.sleep(2)
        found = cards(self.bob.timeline(self.room), "replayed")
        check(len(found) == 1, "the transaction pushed twice gives exactly one card", f"{len(found)} cards")

    def step7_decisions(self):
        """A decision recorded in the room, then found by a search that links to its post."""
        command = self.alice.send(self.room, {"msgtype": "m.text", "body": "!decision We launch on Dec 3 #launch"})
        recorded = wait_for(
            lambda: thread_messages(self.bob.timeline(self.room), command, "Recorded decision", "m.notice"), 15)
        check(recorded, "!decision is answered in a thread under the command", "no answer within 15 s")

        def posted():
            return [e for e in bot_messages(self.bob.timeline(self.room))
                    if e["content"].get("body", "").startswith("Decision #") and "We launch on Dec 3" in e["content"]["body"]]

        card = wait_for(posted, 15)
        check(card and len(card) == 1, "the decision is posted into the room once", f"{len(card or [])} posts")
        search = self.bob.send(self.room, {"msgtype": "m.text", "body": "!decisions \"launch\" OR"})
        found = wait_for(
            lambda: thread_messages(self.bob.timeline(self.room), search, "Decisions matching", "m.notice"), 15)
        body = found[0]["content"]["body"] if found else ""
        link = f"https://matrix.to/#/{q(self.room)}/{q(card[0]['event_id']) if card else '?'}?via=localhost"
        check(link in body, "!decisions finds it and links to its post (matrix.to)", body or "no answer within 15 s")

    def step7_track(self):
        """A plain message mentioning bob becomes an ask when alice and bob both react ⏳ to it: one card, in its thread.
        (Synapse itself refuses the same reaction twice from one person: M_DUPLICATE_ANNOTATION.)"""
        message = self.alice.send(self.room, {
            "msgtype": "m.text", "body": f"{self.bob.user_id} could you check the budget https://example.com/budget?"})
        for person in (self.alice, self.bob):
            person.send(self.room, {"m.relates_to": {"rel_type": "m.annotation", "event_id": message, "key": "⏳"}},
                        event_type="m.reaction")

        def tracked():
            return [e for e in bot_messages(self.bob.timeline(self.room)) if relation(e).get("rel_type") == "m.thread"
                    and relation(e).get("event_id") == message and CARD.match(e["content"].get("body", ""))]

        card = wait_for(tracked, 15)
        time.sleep(2)  # a second card, were there one, would come within the same delivery pass
        card = tracked()
        body = card[0]["content"]["body"] if card else ""
        check(len(card) == 1 and "check the budget" in body,
              "⏳ by alice and by bob on a message that mentions bob makes one ask, its card in the message's thread",
              f"{len(card)} cards: {body[:200]}")

    def step7_long_ask(self):
        """The longest ask a command takes: Synapse takes its card, shortened, and !show answers with all of it."""
        text = " ".join(f"<{n}&>" for n in range(1, 481))
        command = self.send_ask(text)
        recorded = wait_for(lambda: thread_messages(self.bob.timeline(self.room), command, "Recorded ask", "m.notice"), 15)
        number = RECORDED.match(recorded[0]["content"]["body"]).group(1) if recorded else None
        check(number, f"an ask of {len(text):,} characters is recorded", "no answer within 15 s")
        if not number:
            return
        card = wait_for(lambda: [e for e in bot_messages(self.bob.timeline(self.room))
                                 if e["content"].get("body", "").startswith(f"Ask #{number} from")], 15)
        body = card[0]["content"]["body"] if card else ""
        check(card and "<1&>" in body and "<480&>" not in body and f"!show {number}" in body,
              "its card is posted, shortened, pointing to !show", body[:300] or "no card within 15 s")
        show = self.bob.send(self.room, {"msgtype": "m.text", "body": f"!show {number}"})
        found = wait_for(lambda: thread_messages(self.bob.timeline(self.room), show, f"Ask #{number}", "m.notice"), 15)
        body = found[0]["content"]["body"] if found else ""
        check(text in body, "bob's !show answers with the whole ask", body[:300] or "no answer within 15 s")

    def step7_preread(self):
        """A pre-read for a meeting half an hour away is posted at once; bob's typed `!preread read` edits its card."""
        at = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=30)).strftime("%H:%M")
        command = self.alice.send(self.room, {
            "msgtype": "m.text", "body": f"!preread Retro at {at} for {self.bob.user_id} notes https://example.com/retro"})
        answer = wait_for(lambda: thread_messages(self.bob.timeline(self.room), command, "Scheduled pre-read", "m.notice"), 15)
        body = answer[0]["content"]["body"] if answer else ""
        check("posted here now" in body, "!preread is answered in a thread: scheduled, posted now", body or "no answer within 15 s")
        number = re.search(r"pre-read \**#?(\d+)", body)

        def posted():
            return [e for e in bot_messages(self.bob.timeline(self.room))
                    if e["content"].get("body", "").startswith("Pre-read #") and "Retro" in e["content"]["body"]]

        card = wait_for(posted, 15)
        check(card and len(card) == 1 and card[0]["content"].get("msgtype") == "m.text"
              and self.bob.user_id in card[0]["content"].get("m.mentions", {}).get("user_ids", []),
              "the pre-read is posted once, calling its reader (m.text with m.mentions)", f"{card}")
        if not card or not number:
            return
        self.bob.send(self.room, {"msgtype": "m.text", "body": f"!preread read {number.group(1)}"})

        def read():
            return [e for e in bot_edits(self.bob.timeline(self.room), card[0]["event_id"])
                    if f"{self.bob.user_id} · read" in (e["content"].get("m.new_content") or {}).get("body", "")]

        check(wait_for(read, 15), "bob's !preread read edits the card to show he read it", "no such edit within 15 s")

    def step7_standup(self):
        """A standup added while running (SIGHUP reloads the policy): bob answers with `!update`, and at the digest
        time the room gets one update that names him without calling him (m.notice, no m.mentions)."""
        now = datetime.datetime.now(datetime.timezone.utc)
        digest_at = (now + datetime.timedelta(minutes=2)).strftime("%H:%M")
        with open(os.path.join(self.work, "policy.yaml"), "a") as f:
            f.write(f'standups:\n  - {{ channel: "{self.room}", workspace: localhost, platform: matrix, people: ["{self.bob.user_id}"], '
                    f'prompt_at: "00:00", digest_at: "{digest_at}" }}\n')
        self.unhurried.send_signal(signal.SIGHUP)
        reloaded = wait_for(lambda: "Reloaded policy" in open(self.unhurried_log, errors="replace").read(), 15)
        check(reloaded, "unhurried reloads the policy with a standup on SIGHUP", "no \"Reloaded policy\" in its log")
        command = self.bob.send(self.room, {"msgtype": "m.text", "body": "!update Reviewed the launch doc; next the budget"})
        answer = wait_for(lambda: thread_messages(self.bob.timeline(self.room), command, "Thanks, noted for", "m.notice"), 15)
        check(answer, "bob's !update is noted for the room's update", "no answer within 15 s")

        def update():
            return [e for e in bot_messages(self.bob.timeline(self.room)) if e["content"].get("body", "").startswith("Async update")]

        posted = wait_for(update, 150, interval=2)
        content = posted[0]["content"] if posted else {}
        check(posted and len(posted) == 1 and "Reviewed the launch doc" in content.get("body", "")
              and self.bob.user_id in content.get("body", "") and content.get("msgtype") == "m.notice"
              and not content.get("m.mentions", {}).get("user_ids"),
              f"at {digest_at} UTC the room gets one update with bob's answer, naming him without calling him", f"{posted}")

    def step8_final(self):
        time.sleep(1)
        events = self.bob.timeline(self.room)
        messages = bot_messages(events)
        keyed = [e["content"].get("org.unhurried.idempotency_key") for e in messages]
        keys = collections.Counter(k for k in keyed if isinstance(k, str))
        unkeyed = [e["content"].get("body", "")[:60] for e, k in zip(messages, keyed) if not isinstance(k, str)]
        repeated = {k: n for k, n in keys.items() if n > 1}
        check(not unkeyed, f"each of the bot's {len(messages)} messages carries org.unhurried.idempotency_key",
              f"without one: {unkeyed}")
        check(not repeated, f"no idempotency key appears twice in the room ({len(keys)} keys)", f"repeated: {repeated}")
        for text in ("review the launch doc", "sign off the budget", "third thing", "replayed"):
            found = cards(events, text)
            check(len(found) == 1, f"in the end, one card for \"{text}\"", f"{len(found)} cards")
        if self.first_card:
            reminders = thread_messages(events, self.first_card["event_id"], "Reminder for", "m.text")
            check(not reminders, "the acknowledged ask got no reminder", f"{len(reminders)} reminders")

    def report(self, room_events):
        """After a failure: the room's messages as bob read them last, and the tails of the logs."""
        if room_events is not None:
            messages = [e for e in room_events if e["type"] == "m.room.message"]
            print(f"--- the room's {len(messages)} messages as bob reads them, oldest first ---")
            print("\n".join(describe(e) for e in messages) or "(none)")

        def noise(line):  # Synapse logs every request; the test's own polling would drown the rest
            return (("synapse.access.http" in line and ' 200 "GET ' in line) or "Responding to `/messages`" in line
                    or "synapse.storage.background_updates" in line or "did not have cached prev group" in line)

        for name, path in (("unhurried", self.unhurried_log), ("synapse", self.synapse_log),
                           ("synapse stdout", os.path.join(self.work, "synapse", "stdout.log"))):
            if os.path.exists(path) and os.path.getsize(path):
                with open(path, errors="replace") as f:
                    lines = [line for line in f if not noise(line)][-40:]
                print(f"--- last {len(lines)} lines of the {name} log ({path}) ---")
                print("".join(lines).rstrip())

    def main(self):
        started = time.monotonic()
        room_events = None
        try:
            for step in (self.step1_start, self.step2_room, self.step3_first_ask, self.step4_acknowledge,
                         self.step5_reminder, self.step6_restart, self.step7_replay, self.step7_decisions, self.step7_track, self.step7_long_ask,
                         self.step7_preread, self.step7_standup, self.step8_final):
                step()
        except Abort as reason:
            if not reason.reported:
                check(False, "the run goes on", str(reason))
            print("matrix-e2e: stopped early; the remaining checks did not run")
        except Exception as error:  # a bug here or a surprise from a server: still a clean failure
            traceback.print_exc()
            check(False, "the run goes on", f"{type(error).__name__}: {error}")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # cleanup is bounded; let it finish
            if failed and self.room and self.synapse and self.synapse.poll() is None:
                try:
                    room_events = self.bob.timeline(self.room)
                except (OSError, Abort):
                    pass
            self.stop_all()
        print(f"matrix-e2e: took {time.monotonic() - started:.0f} s")
        if failed:
            self.report(room_events)
        if os.environ.get("MATRIX_E2E_KEEP") == "1":
            print(f"matrix-e2e: kept {self.work}")
        else:
            subprocess.run(["rm", "-rf", self.work])
        print(f"matrix-e2e: {passed} passed, {failed} failed")
        return 1 if failed else 0


def abort_on_signal(signum, _frame):
    raise Abort("time limit reached" if signum == signal.SIGALRM else f"stopped by signal {signum}")


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.environ.get("SYNAPSE_BIN"):
        sys.exit("usage: SYNAPSE_BIN=VENV/bin python3 matrix_e2e.py PATH/TO/unhurried "
                 "(or: bash Tests/Interop/matrix-e2e.sh PATH/TO/unhurried)")
    signal.signal(signal.SIGTERM, abort_on_signal)
    signal.signal(signal.SIGALRM, abort_on_signal)
    signal.alarm(TIME_LIMIT)
    sys.exit(Run(sys.argv[1], os.environ["SYNAPSE_BIN"]).main())
