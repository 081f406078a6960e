"""Starts `unhurried serve` with a new application key and drives it with interactions signed by PyNaCl;
discord_interactions.verify_key, Discord's own check, judges each too."""
import json
import os
import sys
import time
import urllib.error
import urllib.request

import nacl.signing
from discord_interactions import verify_key

from interop_support import Checks, answers, free_port, serve, stop_all, wait_until

binary, work = sys.argv[1], sys.argv[2]
key = nacl.signing.SigningKey.generate()
public_key = key.verify_key.encode().hex()
port = free_port()
check = Checks()


def send(interaction, signer=key, timestamp=None, tamper=False):
    """Posts the interaction signed over timestamp + body; returns the server's status and answer, and whether
    Discord's own check accepts it."""
    body = json.dumps(interaction).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    signature = signer.sign(timestamp.encode() + body).signature.hex()
    if tamper:
        body = body.replace(b"inbox", b"sent!")
    official = verify_key(body, signature, timestamp, public_key)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/discord/interactions", data=body, method="POST",
        headers={"X-Signature-Ed25519": signature, "X-Signature-Timestamp": timestamp, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read() or b"null"), official
    except urllib.error.HTTPError as error:
        return error.code, None, official


environment = dict(os.environ, DISCORD_APPLICATION_ID="1100000000000000001", DISCORD_PUBLIC_KEY=public_key,
                   DISCORD_BOT_TOKEN="interop-token", DISCORD_API_URL="http://127.0.0.1:9/api/v10")
server = serve(binary, port, f"sqlite://{work}/interop.sqlite", f"{work}/server.log", environment, log_level="warning")
try:
    wait_until(lambda: answers(port, "/healthz"), 20, "the server")
    ping = {"type": 1, "id": "1", "application_id": "1100000000000000001", "token": "t", "version": 1}
    status, answer, official = send(ping)
    check("a signed ping gets a pong", status == 200 and answer == {"type": 1}, f"{status} {answer}")
    check("Discord's own check accepts the ping", official)

    inbox = {"type": 2, "id": "2", "application_id": "1100000000000000001", "guild_id": "1200000000000000002",
             "channel_id": "1300000000000000003", "token": "t", "version": 1,
             "member": {"user": {"id": "1700000000000000007", "username": "alice"}}, "data": {"id": "3", "name": "inbox", "type": 1}}
    status, answer, official = send(inbox)
    check("a signed command is answered privately", status == 200 and answer["type"] == 4 and answer["data"]["flags"] == 64)
    check("the command ran", "Nothing waits on you" in answer["data"]["content"], answer["data"]["content"])

    status, _, official = send(inbox, tamper=True)
    check("a tampered body is refused", status == 401)
    check("Discord's own check refuses it too", not official)
    status, _, official = send(ping, signer=nacl.signing.SigningKey.generate())
    check("another key's signature is refused, as Discord's own check refuses it", status == 401 and not official)
    status, _, official = send(ping, timestamp=str(int(time.time()) - 301))
    check("a stale timestamp is refused", status == 401)
finally:
    stop_all([server])
check.finish("discord interactions")
