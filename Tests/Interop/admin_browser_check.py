"""Drives Debian's headless Chromium through the admin page of a real `unhurried serve`, over the Chrome DevTools
Protocol: logs in with the keyboard, reads the overview of asks this check made (charts, tables, overdue, a dead
post), presses Retry, rehearses a candidate policy and a broken one, and saves a screenshot of the overview.

Usage: admin_browser_check.py PATH/TO/unhurried SCREENSHOT.png (run by admin-browser-check.sh, which provides
Chromium and websocket-client)."""
import base64
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import websocket

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from interop_support import Checks, FakeSlack, answers, free_port, serve, slash_command, stop_all, wait_until  # noqa: E402

binary, screenshot = sys.argv[1], sys.argv[2]
TOKEN = "browser-check-admin-token-5e1f07c2d9a4"
SECRET = "browser-check-signing-secret"
check = Checks()
DAY_MS = 86_400 * 1000
WEEK_MS = 7 * DAY_MS
SIX_AM_MS = 6 * 3_600 * 1000
# The first response to one ask in each of the eleven weeks before this one, in minutes, and as the page shows it in
# working time: the check's working days end at 23:59, so the answer 26 hours late (past its one-day deadline) took
# 25h 59m of it. Each ask is moved to 06:00 UTC, so the one-minute gap at midnight falls inside the late answer only,
# whatever time of day the check runs.
EARLIER_WEEKS = [(40, "40m"), (70, "1h 10m"), (120, "2h"), (55, "55m"), (180, "3h"), (90, "1h 30m"), (26 * 60, "25h 59m"),
                 (50, "50m"), (140, "2h 20m"), (60, "1h"), (45, "45m")]


def backdate(database, item, weeks, answered_after_minutes):
    """Moves an acknowledged ask and its history `weeks` weeks back, its acknowledgement `answered_after_minutes` after
    it was asked. Signed commands can only be sent now, and the charts need weeks behind them; this writes the columns
    the SQLite store reads (Sources/UnhurriedStorage/SQLite/SQLiteMigrations.swift)."""
    with sqlite3.connect(database, timeout=10) as db:
        (created,) = db.execute("SELECT created_at_ms FROM items WHERE id = ?", (item,)).fetchone()
        # The last 06:00 UTC at or before the same instant `weeks` weeks back: still inside that week's seven days.
        moved = created - weeks * WEEK_MS
        asked = moved - (moved - SIX_AM_MS) % DAY_MS
        answered = asked + answered_after_minutes * 60_000
        db.execute("UPDATE items SET created_at_ms = ? WHERE id = ?", (asked, item))
        db.execute("UPDATE assignments SET due_at_ms = due_at_ms - ?, acknowledged_at_ms = ? WHERE item_id = ?",
                   (created - asked, answered, item))
        db.execute("UPDATE item_events SET at_ms = CASE kind WHEN 'acknowledged' THEN ? ELSE ? END WHERE item_id = ?",
                   (answered, asked, item))


class Browser:
    """One headless Chromium tab, driven command by command."""

    def __init__(self, directory):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if not chromium:
            raise SystemExit("FAIL: chromium is not installed")
        self.port = free_port()
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--metrics-recording-only", "--hide-scrollbars", "--font-render-hinting=none",
             f"--remote-debugging-port={self.port}", "--remote-debugging-address=127.0.0.1",
             f"--user-data-dir={directory}/chromium", "--window-size=1200,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=open(os.path.join(directory, "chromium.log"), "w"))
        wait_until(self.tabs, 30, "Chromium's DevTools port")
        page = next(tab for tab in self.tabs() if tab["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.send("Page.enable")
        self.send("Runtime.enable")

    def tabs(self):
        try:
            return json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=1))
        except OSError:
            return None

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise SystemExit(f"FAIL: {method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise SystemExit(f"FAIL: {expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression, what, seconds=15):
        wait_until(lambda: self.evaluate(f"document.readyState === 'complete' && !!({expression})"), seconds, what)

    def go(self, url, lands_on=None):
        """Opens `url` and waits for the page it ends on: `lands_on` (a path) after a redirect."""
        path = lands_on or urllib.parse.urlsplit(url).path
        self.send("Page.navigate", url=url)
        self.wait_for(f"location.pathname === {json.dumps(path)}", url)

    def text(self, selector):
        return self.evaluate(f"(document.querySelector({json.dumps(selector)}) || {{}}).textContent || ''").strip()

    def type(self, text):
        self.send("Input.insertText", text=text)

    def press(self, key, code, key_code):
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code,
                      text="\r" if key == "Enter" and kind == "keyDown" else "")

    def screenshot(self, path, width):
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False)
        height = self.evaluate("document.documentElement.scrollHeight")
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=min(height, 4000), deviceScaleFactor=1, mobile=False)
        data = self.send("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    started = time.time()
    directory = tempfile.mkdtemp(prefix="unhurried-admin-browser-")
    processes = []
    browser = None
    try:
        slack = FakeSlack("--refuse-channel", "C0GONE")
        processes.append(slack.process)
        policy = os.path.join(directory, "policy.yaml")
        with open(policy, "w") as f:
            # Every hour of every day is working time, so the figures read alike whenever the check runs; `urgent`
            # falls due two seconds after an ask, so one can be overdue while the check looks.
            f.write("""version: 1
timezone: UTC
working_hours: {days: [mon, tue, wed, thu, fri, sat, sun], from: "00:00", to: "23:59"}
tiers:
  standard: { respond_within: 1d }
  urgent: { respond_within: 2s, counting: calendar, call_outside_hours: true }
default_tier: standard
""")
        port = free_port()
        environment = dict(os.environ, UNHURRIED_ADMIN_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN="xoxb-check",
                           SLACK_API_URL=slack.api_url)
        server = serve(binary, port, f"sqlite://{directory}/admin.sqlite", os.path.join(directory, "server.log"), environment,
                       config=policy, log_level="warning")
        processes.append(server)
        wait_until(lambda: answers(port), 30, "the server")
        base = f"http://127.0.0.1:{port}"

        def ask(channel, text, user="U0ALICE", command="/ask"):
            status, answer = slash_command(port, SECRET, {"channel_id": channel, "user_id": user, "command": command, "text": text})
            check(f"{command} {text[:30]} is answered", status == 200, answer[:200])
            return answer

        def item_id(answer):
            return int(re.search(r"Recorded ask #(\d+)", answer).group(1))

        for weeks, (minutes, _) in zip(range(len(EARLIER_WEEKS), 0, -1), EARLIER_WEEKS):
            earlier = item_id(ask("C0TEAM", f"<@U0BOB> read https://example.com/week-{weeks} - anything missing?"))
            ask("C0TEAM", str(earlier), user="U0BOB", command="/ack")
            backdate(f"{directory}/admin.sqlite", earlier, weeks, minutes)
        this_week = [item_id(ask("C0TEAM", f"<@U0BOB> review https://example.com/doc-{n} - is part {n} right?")) for n in range(3)]
        ask("C0TEAM", "<@U0BOB> check https://example.com/incident - is the fix live? !urgent")
        ask("C0GONE", "<@U0CAROL> look at https://example.com/gone - still needed?")
        time.sleep(1)
        for n in this_week[:2]:
            ask("C0TEAM", str(n), user="U0BOB", command="/ack")
        # Past the urgent ask's deadline, and long enough for the card to C0GONE to be refused and parked as dead.
        wait_until(lambda: b"outbox_posts" in urllib.request.urlopen(base + "/metrics").read(), 10, "metrics")
        time.sleep(3)

        browser = Browser(directory)
        browser.go(base + "/admin", lands_on="/admin/login")
        browser.wait_for("document.querySelector('#token')", "the login form")
        check("without a session the browser lands on the login form", browser.evaluate("location.pathname") == "/admin/login")
        check("the token field has the focus", browser.evaluate("document.activeElement && document.activeElement.id") == "token")
        browser.type("not-the-token")
        browser.press("Enter", "Enter", 13)
        browser.wait_for("document.querySelector('[role=alert]')", "the refusal")
        check("a wrong token is refused without a hint", browser.text("[role=alert]") == "That token was not accepted.")
        browser.evaluate("document.querySelector('#token').focus()")
        browser.type(TOKEN)
        browser.press("Enter", "Enter", 13)
        browser.wait_for("document.querySelector('#overdue-total')", "the overview")
        check("the token logs in to the overview", browser.evaluate("location.pathname") == "/admin")
        check("the session cookie is HttpOnly (script cannot see it)", "unhurried_admin" not in browser.evaluate("document.cookie"))

        check("one ask is overdue now", browser.text("#overdue-total") == "1", browser.text("#overdue-total"))
        check("a chart per figure of each channel and tier", browser.evaluate("document.querySelectorAll('svg.chart').length") >= 4)
        heading = browser.evaluate("[...document.querySelectorAll('h3')].map(h => h.textContent)")
        check("the team channel's tiers are charted", "slack:C0TEAM · standard" in heading and "slack:C0TEAM · urgent" in heading, heading)
        rows = browser.evaluate("""[...document.querySelectorAll('article.trend-block')].filter(a => a.querySelector('h3').textContent ===
            'slack:C0TEAM · standard').map(a => [...a.querySelectorAll('tbody tr')].map(r => [...r.cells].map(c => c.textContent)))[0]""")
        check("twelve weeks in the table", rows is not None and len(rows) == 12, rows)
        check("this week: three asks, two answered in the expected time", rows and rows[-1][1] == "3" and rows[-1][3] == "100%", rows and rows[-1])
        check("each earlier week: its ask and its first response",
              rows and [row[1:3] for row in rows[:-1]] == [["1", shown] for _, shown in EARLIER_WEEKS], rows)
        check("the late week is 0% within the expected time", rows and rows[6][3] == "0%" and rows[5][3] == "100%", rows)
        check("a median bar for every week", browser.evaluate("""[...document.querySelectorAll('article.trend-block')].find(a =>
            a.querySelector('h3').textContent === 'slack:C0TEAM · standard').querySelectorAll('svg.chart')[0].querySelectorAll('rect.bar').length""") == 12)
        check("the median bars have their numbers as tooltips",
              browser.evaluate("[...document.querySelectorAll('svg.chart rect.bar title')].some(t => / 1m$/.test(t.textContent))"))
        dead = browser.evaluate("[...document.querySelectorAll('#dead-posts h3')].map(h => h.textContent)")
        check("the refused card is a dead post by its reason", any(h.startswith("channel_not_found") or "channel_not_found" in h for h in dead), dead)
        check("no person is named on the page", "U0BOB" not in browser.evaluate("document.body.innerText"))
        check("the platform's last successful post is shown",
              browser.evaluate("[...document.querySelectorAll('td')].some(td => / UTC$/.test(td.textContent))"))
        check("the policy file is named", policy in browser.evaluate("document.body.innerText"))

        browser.screenshot(screenshot, 1200)
        check("the screenshot is saved", os.path.getsize(screenshot) > 10_000)
        browser.send("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
        check("on a phone's width the page does not scroll sideways",
              browser.evaluate("document.documentElement.scrollWidth") <= 390, browser.evaluate("document.documentElement.scrollWidth"))
        browser.send("Emulation.clearDeviceMetricsOverride")

        browser.evaluate("document.querySelector('button[aria-label^=\"Retry post\"]').focus()")
        browser.press("Enter", "Enter", 13)
        browser.wait_for("document.querySelector('[role=status]')", "the retry's notice")
        check("Retry queues the post again", "is queued again" in browser.text("[role=status]"), browser.text("[role=status]"))

        browser.go(base + "/admin/what-if")
        check("the what-if form starts from the policy in force", "urgent" in browser.evaluate("document.querySelector('#policy').value"))
        candidate = browser.evaluate("document.querySelector('#policy').value").replace("respond_within: 1d }", "respond_within: 4h, escalate_after: 1h }")
        browser.evaluate(f"document.querySelector('#policy').value = {json.dumps(candidate)}")
        browser.evaluate("document.querySelector('form[action=\"/admin/what-if\"] button').click()")
        browser.wait_for("document.querySelector('#what-if-result')", "the comparison")
        standard_asks = str(len(EARLIER_WEEKS) + 4)
        check("the candidate moves every standard deadline earlier", browser.text("#deadlines-earlier") == standard_asks,
              browser.text("#deadlines-earlier"))
        check("and gains their escalations", browser.text("#escalations-gained") == standard_asks, browser.text("#escalations-gained"))
        check("it says how to apply it", "How to apply it" in browser.evaluate("document.body.innerText"))
        browser.evaluate("document.querySelector('#policy').value = 'version: 1\\ntiers:\\n  standard: { respond_within: soon }\\n'")
        browser.evaluate("document.querySelector('form[action=\"/admin/what-if\"] button').click()")
        browser.wait_for("document.querySelector('#problems-heading')", "the problems")
        problems = browser.evaluate("[...document.querySelectorAll('#what-if-result tbody tr')].map(r => [...r.cells].map(c => c.textContent))")
        check("a broken candidate's problems carry line and column",
              any(row[0] == "3" and row[2] == "tiers.standard.respond_within" for row in problems), problems)

        browser.evaluate("document.querySelector('nav form button').click()")
        browser.wait_for("document.querySelector('#token')", "the login form after logging out")
        browser.go(base + "/admin", lands_on="/admin/login")
        browser.wait_for("document.querySelector('#token')", "the login form")
        check("after logging out the overview asks for the token again", browser.evaluate("location.pathname") == "/admin/login")
    finally:
        if browser:
            browser.close()
        stop_all(processes)
        shutil.rmtree(directory, ignore_errors=True)
    print(f"admin-browser-check took {time.time() - started:.1f}s")
    check.finish("admin-browser-check")


main()
