"""A stand-in for Slack's Web API on 127.0.0.1 for the command-line checks.

It takes chat.postMessage (answering with a ts), answers conversations.history / conversations.replies from
what it took, with each message's metadata, and users.info with no zone. GET /counts returns how often each
idempotency key was posted, GET /posts every post in order with its channel, key and arrival time. POST
/outage?seconds=N closes the port and every open connection for N seconds, as an API that is down refuses
connections, then opens the same port again with everything it took before. With --hold-first it takes the first post and then holds its answer for a minute,
so a test can kill the server in the window between Slack taking a post and the server recording it. With
--refuse ERROR it answers every call {"ok": false, "error": ERROR}, as Slack does for a request that cannot
succeed; with --refuse-channel CHANNEL it answers {"ok": false, "error": "channel_not_found"} to posts there only,
as for a channel deleted after its asks. The benchmarks use it too: it keeps connections alive, as Slack does.

Like Slack, it refuses a chat.* message whose blocks break Block Kit's limits with invalid_blocks, listing each
complaint in Slack's words with a JSON pointer; blocks whose texts add up to over 12,000 characters with
msg_blocks_too_long; and text over 4,000 characters with msg_too_long. Tests/UnhurriedServerTests/SlackMessageLimits.swift
gives the sources; lengths are counted in UTF-16 units, never fewer than Slack's characters.
"""
import json
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
hold_first = "--hold-first" in sys.argv
refusal = sys.argv[sys.argv.index("--refuse") + 1] if "--refuse" in sys.argv else None
refused_channel = sys.argv[sys.argv.index("--refuse-channel") + 1] if "--refuse-channel" in sys.argv else None
lock = threading.Lock()
messages = []  # (channel, thread_ts, ts, key, arrival)
outage_seconds = 0


TEXT_LIMIT = 4_000
BLOCK_TEXT_LIMIT = 12_000


def units(value):
    return len(value.encode("utf-16-le")) // 2 if isinstance(value, str) else 0


def text_length(value):
    """Every `text` written in the blocks, at any depth."""
    if isinstance(value, dict):
        return sum(units(v) if k == "text" and isinstance(v, str) else text_length(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(text_length(v) for v in value)
    return 0


def block_complaints(blocks):
    complaints = []

    def count(items, most, where, least=0):
        if len(items) > most:
            complaints.append(f"no more than {most} items allowed [json-pointer:{where}]")
        if len(items) < least:
            complaints.append(f"must provide at least {least} items [json-pointer:{where}]")

    def length(value, most, where):
        if units(value) > most:
            complaints.append(f"must be less than {most + 1} characters [json-pointer:{where}]")

    def text(obj, most, where, either_kind=False):
        # Where Slack's schema allows plain_text or mrkdwn, a breach inside also fails the choice between them.
        before = len(complaints)
        length(obj.get("text") if isinstance(obj, dict) else None, most, where + "/text")
        if either_kind and len(complaints) > before:
            complaints.insert(before, f"failed to match all allowed schemas [json-pointer:{where}]")

    def element(el, where):
        length(el.get("action_id"), 255, where + "/action_id")
        if el.get("type") == "button":
            text(el.get("text"), 75, where + "/text")
            length(el.get("value"), 2000, where + "/value")
            length(el.get("url"), 3000, where + "/url")
        elif el.get("type") == "overflow":
            options = el.get("options") or []
            count(options, 5, where + "/options", least=2)
            for i, option in enumerate(options):
                text(option.get("text"), 75, f"{where}/options/{i}/text")
                length(option.get("value"), 150, f"{where}/options/{i}/value")

    def block(b, where):
        length(b.get("block_id"), 255, where + "/block_id")
        kind = b.get("type")
        if kind == "section":
            text(b.get("text"), 3000, where + "/text", either_kind=True)
            fields = b.get("fields") or []
            count(fields, 10, where + "/fields")
            for i, field in enumerate(fields):
                text(field, 2000, f"{where}/fields/{i}", either_kind=True)
            if isinstance(b.get("accessory"), dict):
                element(b["accessory"], where + "/accessory")
        elif kind == "context":
            elements = b.get("elements") or []
            count(elements, 10, where + "/elements")
            for i, el in enumerate(elements):
                text(el, 3000, f"{where}/elements/{i}", either_kind=True)
        elif kind == "header":
            text(b.get("text"), 150, where + "/text")
        elif kind == "actions":
            elements = b.get("elements") or []
            count(elements, 25, where + "/elements")
            seen = set()
            for i, el in enumerate(elements):
                action_id = el.get("action_id")
                if action_id is not None and action_id in seen:
                    complaints.append(f'`action_id` "{action_id}" already exists [json-pointer:{where}/elements/{i}/action_id]')
                seen.add(action_id)
                element(el, f"{where}/elements/{i}")

    count(blocks, 50, "/blocks")
    for i, b in enumerate(blocks):
        block(b if isinstance(b, dict) else {}, f"/blocks/{i}")
    return complaints


class Slack(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle's algorithm the body would wait for the client's delayed ACK
    # (40 ms) on a kept-alive connection, a stall Slack's own API does not have.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def answer(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with lock:
            if self.path == "/posts":
                return self.answer([{"channel": channel, "key": key, "arrival": arrival}
                                    for channel, _, _, key, arrival in messages])
            counts = {}
            for _, _, _, key, _ in messages:
                counts[key] = counts.get(key, 0) + 1
        self.answer(counts)

    def do_POST(self):
        global outage_seconds
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        method = self.path.rsplit("/", 1)[-1]
        body = json.loads(raw) if method.startswith("chat.") else {}
        complaints = block_complaints(body.get("blocks") or [])
        if self.path.startswith("/outage?"):
            outage_seconds = float(urllib.parse.parse_qs(self.path.split("?", 1)[1])["seconds"][0])
            self.answer({"ok": True})
            threading.Thread(target=self.server.shutdown).start()
        elif refusal:
            self.answer({"ok": False, "error": refusal})
        elif refused_channel and body.get("channel") == refused_channel:
            self.answer({"ok": False, "error": "channel_not_found"})
        elif complaints:
            self.answer({"ok": False, "error": "invalid_blocks", "errors": complaints,
                         "response_metadata": {"messages": ["[ERROR] " + c for c in complaints]}})
        elif text_length(body.get("blocks") or []) > BLOCK_TEXT_LIMIT:
            self.answer({"ok": False, "error": "msg_blocks_too_long"})
        elif units(body.get("text")) > TEXT_LIMIT:
            self.answer({"ok": False, "error": "msg_too_long"})
        elif method == "chat.postMessage":
            key = body.get("metadata", {}).get("event_payload", {}).get("idempotency_key", "")
            with lock:
                ts = "1795420800.%06d" % (len(messages) + 1)
                messages.append((body["channel"], body.get("thread_ts"), ts, key, time.time()))
                first = len(messages) == 1
            if hold_first and first:
                time.sleep(60)
            self.answer({"ok": True, "channel": body["channel"], "ts": ts})
        elif method in ("conversations.history", "conversations.replies"):
            fields = dict(urllib.parse.parse_qsl(raw))
            with lock:
                found = [
                    {"type": "message", "ts": ts,
                     "metadata": {"event_type": "unhurried_post", "event_payload": {"idempotency_key": key}}}
                    for channel, thread, ts, key, _ in messages
                    if channel == fields.get("channel") and thread == fields.get("ts")
                ]
            self.answer({"ok": True, "messages": found})
        else:
            self.answer({"ok": True, "user": {"id": "U0SOMEONE"}})


class Server(ThreadingHTTPServer):
    """Tracks the connections it holds, so an outage can cut them as a dying server's would be."""
    daemon_threads = True
    # Many clients connecting at once are queued, as by a real API's listener, rather than dropped and retried a
    # second later.
    request_queue_size = 128

    def __init__(self, *args):
        self.connections = set()
        super().__init__(*args)

    def process_request(self, request, client_address):
        self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request):
        self.connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request, client_address):
        pass  # a connection cut by an outage is expected, and its client is told by the cut itself

    def cut_connections(self):
        self.server_close()
        for connection in list(self.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


while True:
    server = Server(("127.0.0.1", port), Slack)
    server.serve_forever(poll_interval=0.05)
    server.cut_connections()
    time.sleep(outage_seconds)
