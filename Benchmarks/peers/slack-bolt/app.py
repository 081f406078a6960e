"""The peer Unhurried is measured beside: a Slack Bolt for Python app doing an ask's work on the request path.

It verifies the request (Bolt's signing-secret check, 5-minute window), reads the `/ask` text (mentions, links,
`!tier`), stores the ask in SQLite in one transaction (the item, one assignment per person with a deadline one
day later, and an outbox row for its card, as Unhurried does), and answers ephemerally. It neither counts
deadlines in people's working hours nor delivers the cards: Unhurried does both, the delivery in the background
during the same run, so the comparison is in the peer's favour.

Served by gunicorn (2 sync workers) as `app:api`; settings from the environment: SLACK_SIGNING_SECRET,
PEER_DATABASE (an SQLite file, made here in WAL mode with synchronous=FULL, as Unhurried keeps its own).
"""
import os
import re
import sqlite3
import threading
import time

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.authorization import AuthorizeResult

MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
LINK = re.compile(r"<(https?://[^|>]+)(?:\|([^>]*))?>")
TIER = re.compile(r"(?:^|\s)!(urgent|standard|low)\b")
DAY_MS = 86_400_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, team_id TEXT NOT NULL, channel_id TEXT NOT NULL,
    author_id TEXT NOT NULL, request TEXT NOT NULL, links TEXT NOT NULL, tier TEXT NOT NULL, created_at_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS assignments (item_id INTEGER NOT NULL REFERENCES items(id), assignee_id TEXT NOT NULL,
    due_at_ms INTEGER NOT NULL, PRIMARY KEY (item_id, assignee_id));
CREATE TABLE IF NOT EXISTS outbox (idempotency_key TEXT PRIMARY KEY, channel_id TEXT NOT NULL, item_id INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', created_at_ms INTEGER NOT NULL);
"""

local = threading.local()


def database():
    """One connection per thread, as each gunicorn worker serves one request at a time."""
    if not hasattr(local, "connection"):
        connection = sqlite3.connect(os.environ["PEER_DATABASE"], timeout=30, isolation_level=None)
        # Both workers switch a new file to WAL as they start; SQLite answers the second "locked" without waiting.
        for _ in range(100):
            try:
                connection.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                time.sleep(0.05)
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA busy_timeout=30000")
        local.connection = connection
    return local.connection


def store_ask(team_id, channel_id, author_id, text):
    """The item, its assignments and its card's outbox row, in one transaction; returns the item's id."""
    assignees = list(dict.fromkeys(MENTION.findall(text)))
    links = [url for url, _ in LINK.findall(text)]
    tier = (TIER.search(text) or [None, "standard"])[1]
    request = LINK.sub(lambda m: m.group(2) or m.group(1), TIER.sub(" ", MENTION.sub("", text))).strip()
    now = int(time.time() * 1000)
    connection = database()
    connection.execute("BEGIN IMMEDIATE")
    try:
        item_id = connection.execute(
            "INSERT INTO items (team_id, channel_id, author_id, request, links, tier, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (team_id, channel_id, author_id, request, "\n".join(links), tier, now)).lastrowid
        connection.executemany(
            "INSERT INTO assignments (item_id, assignee_id, due_at_ms) VALUES (?, ?, ?)",
            [(item_id, assignee, now + DAY_MS) for assignee in assignees])
        connection.execute(
            "INSERT INTO outbox (idempotency_key, channel_id, item_id, created_at_ms) VALUES (?, ?, ?, ?)",
            (f"item:{item_id}:item_card", channel_id, item_id, now))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return item_id, assignees


def authorize(enterprise_id, team_id, user_id):
    # The bot's identity without asking Slack (auth.test): the benchmark measures the request, not a startup call.
    return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, bot_token="xoxb-peer", bot_user_id="U0BOT", bot_id="B0BOT")


app = App(signing_secret=os.environ["SLACK_SIGNING_SECRET"], authorize=authorize, process_before_response=True)
database().executescript(SCHEMA)


@app.command("/ask")
def ask(ack, command):
    item_id, assignees = store_ask(command["team_id"], command["channel_id"], command["user_id"], command.get("text", ""))
    people = ", ".join(f"<@{person}>" for person in assignees) or "nobody"
    ack(response_type="ephemeral", text=f"Recorded ask #{item_id} for {people}.")


handler = SlackRequestHandler(app)


def api(environ, start_response):
    if environ.get("PATH_INFO") == "/healthz":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]
    return handler(environ, start_response)
