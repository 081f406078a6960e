"""Checks that fake_slack.py, listening on the port given, refuses over-limit blocks as Slack does and takes a
message at the limit, so the command-line checks fail where Slack would. Prints what differs and exits 1."""
import json
import sys
import urllib.request

url = f"http://127.0.0.1:{sys.argv[1]}/api/chat.postMessage"


def post(**message):
    request = urllib.request.Request(url, json.dumps({"channel": "C0LIMITS", **message}).encode(),
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def section(length):
    return {"type": "section", "text": {"type": "mrkdwn", "text": "s" * length}}


expected = {
    "at the limit": (post(text="t" * 4000, blocks=[section(3000)] * 4 + [{"type": "divider"}] * 46), {"ok": True}),
    "section text": (post(blocks=[section(3001)]), {
        "ok": False, "error": "invalid_blocks",
        "errors": ["failed to match all allowed schemas [json-pointer:/blocks/0/text]",
                   "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
        "response_metadata": {"messages": ["[ERROR] failed to match all allowed schemas [json-pointer:/blocks/0/text]",
                                           "[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text/text]"]}}),
    "51 blocks": (post(blocks=[{"type": "divider"}] * 51), {
        "ok": False, "error": "invalid_blocks", "errors": ["no more than 50 items allowed [json-pointer:/blocks]"],
        "response_metadata": {"messages": ["[ERROR] no more than 50 items allowed [json-pointer:/blocks]"]}}),
    "long text": (post(text="t" * 4001), {"ok": False, "error": "msg_too_long"}),
    "long blocks": (post(blocks=[section(3000)] * 4 + [section(1)]), {"ok": False, "error": "msg_blocks_too_long"}),
}
wrong = {name: answer for name, (answer, want) in expected.items() if {k: answer.get(k) for k in want} != want}
for name, answer in wrong.items():
    print(f"fake Slack, {name}: answered {json.dumps(answer)[:300]}")
sys.exit(1 if wrong else 0)
