"""A stand-in for Slack's Web API on 127.0.0.1 for the command-line checks.

It takes chat.postMessage (answering with a ts), answers conversations.history / conversations.replies from
what it took, with each message's metadata, and users.info with no zone. GET /counts returns how often each
idempotency key was posted. With --hold-first it takes the first post and then holds its answer for a minute,
so a test can kill the server in the window between Slack taking a post and the server recording it. With
--refuse ERROR it answers every call {"ok": false, "error": ERROR}, as Slack does for a request that cannot
succeed. The benchmarks use it too: it keeps connections alive, as Slack does.
"""
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

port = int(sys.argv[1])
hold_first = "--hold-first" in sys.argv
refusal = sys.argv[sys.argv.index("--refuse") + 1] if "--refuse" in sys.argv else None
lock = threading.Lock()
messages = []  # (channel, thread_ts, ts, key)


class Slack(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

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
            counts = {}
            for _, _, _, key in messages:
                counts[key] = counts.get(key, 0) + 1
        self.answer(counts)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        method = self.path.rsplit("/", 1)[-1]
        if refusal:
            self.answer({"ok": False, "error": refusal})
        elif method == "chat.postMessage":
            body = json.loads(raw)
            key = body.get("metadata", {}).get("event_payload", {}).get("idempotency_key", "")
            with lock:
                ts = "1795420800.%06d" % (len(messages) + 1)
                messages.append((body["channel"], body.get("thread_ts"), ts, key))
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
                    for channel, thread, ts, key in messages
                    if channel == fields.get("channel") and thread == fields.get("ts")
                ]
            self.answer({"ok": True, "messages": found})
        else:
            self.answer({"ok": True, "user": {"id": "U0SOMEONE"}})


ThreadingHTTPServer(("127.0.0.1", port), Slack).serve_forever()
