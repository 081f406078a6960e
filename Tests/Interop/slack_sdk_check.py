"""Drives a running server with requests signed by slack_sdk's SignatureVerifier."""
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from slack_sdk.signature import SignatureVerifier

base, secret = sys.argv[1], sys.argv[2]
signer = SignatureVerifier(signing_secret=secret)
passed = failed = 0


def wait_until_up():
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    sys.exit("server did not start")


def send(path, body, timestamp=None, signer_for=signer, tamper=False):
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = signer_for.generate_signature(timestamp=timestamp, body=body)
    if tamper:
        body = body.replace("review", "delete")
    request = urllib.request.Request(
        base + path, data=body.encode(), method="POST",
        headers={"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature,
                 "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def check(name, condition):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}")


wait_until_up()
form = urllib.parse.urlencode({
    "team_id": "T0INTEROP", "channel_id": "C0INTEROP", "user_id": "U0ALICE", "command": "/ask",
    "text": "<@U0BOB|bob> review <https://example.com/doc|the doc> - is section 2 clear?",
    "response_url": "https://hooks.slack.com/commands/x", "trigger_id": "1.2.3",
})

status, text = send("/slack/commands", form)
check("SDK-signed ask is accepted", status == 200 and json.loads(text)["response_type"] == "ephemeral")
check("the ask is recorded", "Recorded ask #" in text)
status, text = send("/slack/commands", form, tamper=True)
check("tampered body is refused", status == 401 and text == "")
status, _ = send("/slack/commands", form, signer_for=SignatureVerifier("another-secret"))
check("wrong secret is refused", status == 401)
status, _ = send("/slack/commands", form, timestamp=str(int(time.time()) - 301))
check("stale timestamp is refused", status == 401)
challenge = json.dumps({"token": "x", "challenge": "interop-challenge", "type": "url_verification"})
status, text = send("/slack/events", challenge)
check("url_verification echoes the challenge", status == 200 and text == "interop-challenge")

print(f"interop: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
