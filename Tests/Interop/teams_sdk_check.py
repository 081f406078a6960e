"""Puts Microsoft's own Bot Framework Python packages (botbuilder-schema, botframework-connector) on the other side of
the Teams adapter of a real `unhurried serve`, everything on 127.0.0.1.

This script plays the Microsoft end: the Bot Framework's OpenID metadata and key set (keys of its own, endorsed for
`msteams`), an Entra token endpoint, a Bot Connector, and the Teams channel itself. Activities are built with
`botbuilder.schema`'s models; each channel token is checked with botframework-connector's validators (the legacy
`JwtTokenValidation` and the parameterized `BotFrameworkAuthenticationFactory` route) before it is sent, so the tokens
the server accepts are ones Microsoft's SDK accepts, and a table of forged tokens shows that both sides refuse the
same ones (where they differ on purpose, the table says why). What the bot sends back (the ask's card as a new
thread, the answer under the ask, the card updated after Bob's Action.Execute press, a chat opened with Bob for the
answer to an older client's Action.Submit press) is read with the SDK's models (`Activity`, `ConversationParameters`,
`AdaptiveCardInvokeResponse`). Prints `teams-sdk check: N/M passed` and exits non-zero on any failure.
Usage: teams_sdk_check.py PATH/TO/unhurried
"""
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm
from msrest.serialization import Serializer

from botbuilder.schema import (
    Activity, AdaptiveCardInvokeAction, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, ChannelAccount,
    ConversationAccount, ConversationParameters, Mention)
from botbuilder.schema.teams import ChannelInfo, TeamInfo, TeamsChannelData, TenantInfo
from botframework.connector.auth import (
    BotFrameworkAuthenticationFactory, ChannelValidation, JwtTokenValidation, PasswordServiceClientCredentialFactory,
    SimpleCredentialProvider)

from interop_support import answers, free_port, serve, stop_all, wait_until, write_policy

APP_ID = "3f6b3a9e-2c41-4d0a-9b7e-5a1c0d2e4f68"
APP_PASSWORD = "interop-teams-secret-9c2e"
# Made up: Microsoft's own tenant id would make botframework-connector take an Entra-issued token for the emulator's
# and fetch metadata from login.microsoftonline.com.
TENANT = "5e0c6f2a-93d1-4b7e-8c2f-6a1d0e9b3c47"
# The tenant of the forged requests, so that nothing they might wrongly cause touches the main conversation.
SIDE_TENANT = "0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5"
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
CHANNEL = "19:general@thread.tacv2"
SIDE_CHANNEL = "19:side@thread.tacv2"
BOT = ChannelAccount(id=f"28:{APP_ID}", name="Unhurried")
ALICE = ChannelAccount(id="29:1alice", name="Alice Jones", aad_object_id="6f1c1a52-0a3c-4c5e-9d43-1f2a3b4c5d6e")
BOB = ChannelAccount(id="29:1bob", name="Bob Smith", aad_object_id="8e2d2b63-1b4d-4d6f-8e54-2a3b4c5d6e7f")
CARD = "application/vnd.microsoft.card.adaptive"
WAIT_FOR_POSTS_S = 20
# Real service URLs have a region's path (https://smba.trafficmanager.net/amer/); the fake Bot Connector serves under
# one too, so a client that dropped it would be caught.
REGION = "amer"

binary = sys.argv[1]
passed = failed = 0
disagreements = []
# Disagreements no design decision of the adapter covers, printed for review rather than failed: see the token table.
undocumented = []


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}".rstrip(), flush=True)
    return condition


# Nothing but 127.0.0.1: a name lookup or connection elsewhere (which botframework-connector attempts for tokens it
# takes for the emulator's or a skill's) fails at once and is counted, so a verdict never rests on the internet.
outside_attempts = []
_getaddrinfo, _connect = socket.getaddrinfo, socket.socket.connect


def _local_host(host):
    return host in ("127.0.0.1", "localhost", "::1", None, "")


def _local_getaddrinfo(host, *args, **kwargs):
    if not _local_host(host if isinstance(host, str) else (host or b"").decode()):
        outside_attempts.append(str(host))
        raise OSError(f"teams-sdk check: no network beyond 127.0.0.1 (lookup of {host})")
    return _getaddrinfo(host, *args, **kwargs)


def _local_connect(self, address):
    if isinstance(address, tuple) and not _local_host(address[0]):
        outside_attempts.append(str(address[0]))
        raise OSError(f"teams-sdk check: no network beyond 127.0.0.1 (connection to {address[0]})")
    return _connect(self, address)


socket.getaddrinfo, socket.socket.connect = _local_getaddrinfo, _local_connect

# A SIGTERM (from `timeout` in the shell script) unwinds through the `finally` below, so the server and the temporary
# directory are cleaned up whatever ends the check.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(f"FAIL: teams-sdk check stopped by SIGTERM"))


# --- The Bot Framework's signing keys -------------------------------------------------------------------------------

class SigningKey:
    """A 2048-bit RSA key (as the Bot Framework's are) and its entry in the published JWK set."""

    def __init__(self, kid, endorsements):
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.jwk = RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        # The Bot Framework's keys also carry their certificate (x5c) and its SHA-1 thumbprint (x5t), which a JWK
        # reader has to take in its stride.
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "login.botframework.com")])
        now = datetime.now(timezone.utc)
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                       .public_key(self.private.public_key()).serial_number(x509.random_serial_number())
                       .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
                       .sign(self.private, hashes.SHA256()))
        der = certificate.public_bytes(serialization.Encoding.DER)
        self.jwk.update({"kid": kid, "use": "sig", "x5t": base64.urlsafe_b64encode(hashlib.sha1(der).digest()).rstrip(b"=").decode(),
                         "x5c": [base64.b64encode(der).decode()]})
        if endorsements is not None:
            self.jwk["endorsements"] = endorsements

    def sign(self, claims, kid=None):
        """RS256, with the header a live channel token has: typ, kid and the key's x5t."""
        return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": kid or self.kid, "x5t": self.jwk["x5t"]})


# The key Teams' tokens are signed with; one endorsed only for another channel; one published without any
# `endorsements` (which the Python SDK and .NET treat differently); and one never published.
TEAMS_KEY = SigningKey("interop-teams", ["msteams"])
SKYPE_KEY = SigningKey("interop-skype-only", ["skype"])
BARE_KEY = SigningKey("interop-no-endorsements", None)
STRANGER = SigningKey("interop-unpublished", ["msteams"])


def claims(service_url, now=None, **changes):
    """Exactly the claims a live channel token has (aud, exp, iss, nbf, serviceurl); `changes` replace or, as None,
    remove one."""
    now = int(time.time()) if now is None else now
    values = {"iss": ISSUER, "aud": APP_ID, "serviceurl": service_url, "nbf": now - 5, "exp": now + 3600}
    for name, value in changes.items():
        if value is None:
            values.pop(name, None)
        else:
            values[name] = value
    return values


def unsigned_token(header, payload, signature=b""):
    encode = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    signing_input = encode(json.dumps(header).encode()) + "." + encode(json.dumps(payload).encode())
    return signing_input, signing_input + "." + encode(signature)


def alg_none_token(service_url):
    return unsigned_token({"alg": "none", "typ": "JWT", "kid": TEAMS_KEY.kid}, claims(service_url))[1]


def hs256_with_public_key_token(service_url):
    """The classic forgery: HS256 keyed with the published public key's bytes, for verifiers that take the header's
    word for the algorithm."""
    public_pem = TEAMS_KEY.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    signing_input, _ = unsigned_token({"alg": "HS256", "typ": "JWT", "kid": TEAMS_KEY.kid}, claims(service_url))
    return unsigned_token({"alg": "HS256", "typ": "JWT", "kid": TEAMS_KEY.kid}, claims(service_url),
                          hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest())[1]


# --- Microsoft's endpoints on 127.0.0.1 -----------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.token_requests = []
        self.issued = set()
        self.connector = []
        self.next_id = 1795420800000

    def new_id(self):
        with self.lock:
            self.next_id += 1
            return str(self.next_id)

    def requests(self, method=None):
        with self.lock:
            return [r for r in self.connector if method is None or r["method"] == method]


recorder = Recorder()


class MicrosoftHandler(BaseHTTPRequestHandler):
    """Both servers' requests: the login's (metadata, keys, token) and the Bot Connector's, told apart by the server's
    `role`. Served from threads of their own: botframework-connector fetches the metadata with synchronous `requests`
    from inside its coroutines."""
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def reply(self, status, document=None):
        body = b"" if document is None else json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        if self.server.role == "login":
            base = self.server.base
            if self.path == "/v1/.well-known/openidconfiguration":
                return self.reply(200, {
                    "issuer": ISSUER, "authorization_endpoint": "https://invalid.botframework.com",
                    "jwks_uri": f"{base}/v1/.well-known/keys", "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["private_key_jwt"]})
            if self.path == "/v1/.well-known/keys":
                return self.reply(200, {"keys": [TEAMS_KEY.jwk, SKYPE_KEY.jwk, BARE_KEY.jwk]})
            return self.reply(404, {"error": "not found"})
        self.connector_call("GET", b"")

    def do_POST(self):
        body = self.body()
        if self.server.role == "login":
            return self.token(body)
        self.connector_call("POST", body)

    def do_PUT(self):
        self.connector_call("PUT", self.body())

    def token(self, body):
        """Entra's client-credentials grant at /{tenant}/oauth2/v2.0/token."""
        parts = self.path.split("/")
        fields = dict(urllib.parse.parse_qsl(body.decode(errors="replace"), keep_blank_values=True))
        with recorder.lock:
            recorder.token_requests.append({
                "path": self.path, "tenant": parts[1] if len(parts) > 1 else "",
                "content_type": self.headers.get("Content-Type", ""), "fields": fields})
        if len(parts) != 5 or parts[2:] != ["oauth2", "v2.0", "token"]:
            return self.reply(404, {"error": "not found"})
        if fields.get("grant_type") != "client_credentials":
            return self.reply(400, {"error": "unsupported_grant_type", "error_description": "AADSTS70003: unsupported grant type."})
        if fields.get("scope") != SCOPE:
            return self.reply(400, {"error": "invalid_scope", "error_description": "AADSTS70011: The provided value for 'scope' is not valid."})
        if fields.get("client_id") != APP_ID or fields.get("client_secret") != APP_PASSWORD:
            return self.reply(401, {"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret provided."})
        token = f"interop-app-token-{len(recorder.token_requests)}-{os.urandom(6).hex()}"
        with recorder.lock:
            recorder.issued.add(token)
        self.reply(200, {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600, "access_token": token})

    def connector_call(self, method, body):
        """The Bot Connector: records every call (path segments decoded, raw kept) and answers as the real one does."""
        raw = self.path.split("?")[0].split("/")[1:]
        in_region = raw[:1] == [REGION]
        raw = raw[1:] if in_region else raw
        segments = [urllib.parse.unquote(s) for s in raw]
        try:
            document = json.loads(body) if body else None
        except ValueError:
            document = None
        authorization = self.headers.get("Authorization", "")
        entry = {"method": method, "raw": raw, "segments": segments, "in_region": in_region, "authorization": authorization, "body": document,
                 "content_type": self.headers.get("Content-Type", ""), "at": time.time()}
        with recorder.lock:
            recorder.connector.append(entry)
            authorized = authorization.startswith("Bearer ") and authorization[7:] in recorder.issued
        if not authorized:
            return self.reply(401, {"message": "Authorization has been denied for this request."})
        if not in_region or segments[:2] != ["v3", "conversations"]:
            return self.reply(404, {"error": {"code": "NotFound", "message": "No such operation."}})
        rest = segments[2:]
        if method == "POST" and rest == []:
            document = document or {}
            if document.get("isGroup"):
                channel = ((document.get("channelData") or {}).get("channel") or {}).get("id", "")
                new = recorder.new_id()
                entry["answered_id"] = new
                return self.reply(201, {"id": f"{channel};messageid={new}", "activityId": new})
            member = ((document.get("members") or [{}])[0]).get("id", "")
            return self.reply(201, {"id": "a:" + member.split(":")[-1]})
        if method == "POST" and len(rest) in (2, 3) and rest[1] == "activities":
            new = recorder.new_id()
            entry["answered_id"] = new
            return self.reply(200, {"id": new})
        if method == "PUT" and len(rest) == 3 and rest[1] == "activities":
            return self.reply(200, {"id": rest[2]})
        if method == "GET" and len(rest) == 3 and rest[1] == "members":
            known = {a.id: a for a in (ALICE, BOB)}
            if rest[2] in known:
                return self.reply(200, known[rest[2]].serialize())
            return self.reply(404, {"error": {"code": "MemberNotFound", "message": "The member was not found."}})
        self.reply(404, {"error": {"code": "NotFound", "message": "No such operation."}})


def start(role):
    server = ThreadingHTTPServer(("127.0.0.1", 0), MicrosoftHandler)
    server.daemon_threads = True
    server.role = role
    server.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# --- Microsoft's validators -----------------------------------------------------------------------------------------

class MicrosoftValidators:
    """botframework-connector's two routes to validating a channel token, both pointed at the local metadata."""

    def __init__(self, metadata_url, login_url):
        ChannelValidation.open_id_metadata_endpoint = metadata_url
        self.legacy_credentials = SimpleCredentialProvider(APP_ID, "")
        self.parameterized = BotFrameworkAuthenticationFactory.create(
            to_bot_from_channel_open_id_metadata_url=metadata_url, to_bot_from_channel_token_issuer=ISSUER,
            to_channel_from_bot_oauth_scope=ISSUER, to_channel_from_bot_login_url=f"{login_url}/{TENANT}",
            credential_factory=PasswordServiceClientCredentialFactory(APP_ID, APP_PASSWORD, TENANT))
        self.loop = asyncio.new_event_loop()

    def verdicts(self, activity, header):
        """(legacy, parameterized): each "accepted" or "refused (<why>)"."""
        async def legacy():
            identity = await JwtTokenValidation.authenticate_request(activity, header or "", self.legacy_credentials)
            return identity

        async def parameterized():
            result = await self.parameterized.authenticate_request(activity, header)
            return result.claims_identity

        outcomes = []
        for route in (legacy, parameterized):
            try:
                identity = self.loop.run_until_complete(route())
                ok = identity is not None and identity.is_authenticated
                outcomes.append("accepted" if ok else "refused (no identity)")
            except Exception as error:  # the SDK refuses with PermissionError, jwt errors, IndexError, bare Exception
                outcomes.append(f"refused ({type(error).__name__}: {str(error)[:80]})")
        return outcomes

    def verdict(self, activity, header):
        legacy, parameterized = self.verdicts(activity, header)
        if legacy.startswith("accepted") != parameterized.startswith("accepted"):
            print(f"  note: the SDK's two routes disagree: legacy {legacy}, parameterized {parameterized}")
        return "accepted" if legacy == "accepted" and parameterized == "accepted" else legacy if legacy != "accepted" else parameterized


# --- Teams, the channel ---------------------------------------------------------------------------------------------

def as_teams_sends(activity):
    """The activity's JSON as Teams sends it. botbuilder-schema writes ConversationAccount's tenant as `tenantID`, where
    Teams (and the Bot Framework's REST reference, and the .NET SDK) write `tenantId`; the key is renamed so the server
    reads what Teams sends. Teams also repeats the tenant in channelData, which the models keep as they are."""
    document = activity.serialize()
    conversation = document.get("conversation", {})
    if "tenantID" in conversation:
        conversation["tenantId"] = conversation.pop("tenantID")
    return document


def envelope(kind, activity_id, sender, conversation_id, service_url, tenant=TENANT, channel=CHANNEL, **fields):
    return Activity(
        type=kind, id=activity_id, timestamp=datetime.now(timezone.utc), service_url=service_url, channel_id="msteams", from_property=sender,
        recipient=BOT, conversation=ConversationAccount(
            id=conversation_id, conversation_type="channel", tenant_id=tenant, is_group=True),
        channel_data=TeamsChannelData(
            tenant=TenantInfo(id=tenant), team=TeamInfo(id="19:team@thread.tacv2", name="Interop"),
            channel=ChannelInfo(id=channel, name="General")).serialize(),
        locale="en-GB", **fields)


def ask(activity_id, service_url, tenant=TENANT, channel=CHANNEL):
    """`@Unhurried ask @Bob review https://example.com/plan — is the date realistic?`, a new post in a channel."""
    mentions = [Mention(mentioned=BOT, text="<at>Unhurried</at>", type="mention"),
                Mention(mentioned=ChannelAccount(id=BOB.id, name=BOB.name), text=f"<at>{BOB.name}</at>", type="mention")]
    return envelope(
        "message", activity_id, ALICE, f"{channel};messageid={activity_id}", service_url, tenant=tenant, channel=channel,
        text=f"<at>Unhurried</at> ask <at>{BOB.name}</at> review https://example.com/plan — is the date realistic?",
        text_format="plain", entities=mentions)


def send(port, activity, header):
    """POSTs the activity to /teams/messages; (status, body bytes, content type)."""
    body = json.dumps(as_teams_sends(activity)).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if header is not None:
        headers["Authorization"] = header
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("POST", "/teams/messages", body, headers)
        response = connection.getresponse()
        return response.status, response.read(), response.getheader("Content-Type", "")
    finally:
        connection.close()


# --- Reading what the bot sent --------------------------------------------------------------------------------------

def card_of(activity):
    """The Adaptive Card of a deserialized activity's first attachment, or None."""
    attachments = activity.attachments or []
    if not attachments or attachments[0].content_type != CARD:
        return None
    return attachments[0].content


def card_text(card):
    return "\n".join(block.get("text", "") for block in card.get("body", []) if isinstance(block, dict))


def card_actions(card):
    return [action for block in card.get("body", []) if isinstance(block, dict) and block.get("type") == "ActionSet"
            for action in block.get("actions", [])] + list(card.get("actions", []))


def check_card(what, card):
    """What Teams requires of a card the bot sends: an AdaptiveCard of version 1.5 (the newest Teams shows, and the one
    Universal Actions need), buttons that are Action.Execute with a verb, and every mention entity's text written in
    the card's text (Teams finds each entity's text there)."""
    if not check(f"{what}: is an Adaptive Card", isinstance(card, dict), f"got {card!r:.200}"):
        return
    check(f"{what}: type AdaptiveCard, version 1.5", card.get("type") == "AdaptiveCard" and card.get("version") == "1.5",
          f"got type {card.get('type')!r}, version {card.get('version')!r}")
    for action in card_actions(card):
        check(f"{what}: button {action.get('title')!r} is Action.Execute with a verb and data",
              action.get("type") == "Action.Execute" and action.get("verb") and isinstance(action.get("data"), dict),
              json.dumps(action))
    text = card_text(card)
    for entity in (card.get("msteams") or {}).get("entities", []):
        mention = Mention.deserialize(entity)
        check(f"{what}: mention {mention.text!r} is written in the card's text",
              mention.type == "mention" and mention.text and mention.text in text and mention.mentioned is not None
              and mention.mentioned.id, f"text: {text!r:.300}")


def check_authorized(what, request, token):
    check(f"{what}: carries the issued app token", request["authorization"] == f"Bearer {token}",
          f"got {request['authorization'][:40]!r}")
    check(f"{what}: under the serviceUrl's path (/{REGION}/)", request["in_region"])


def check_path_encoding(what, request):
    """botbuilder-python's ConnectorClient puts each id in the path as msrest's Serializer.url writes it (percent-encoded,
    nothing kept); the server should name the same resource the same way."""
    expected = [request["raw"][0], request["raw"][1]] + [Serializer().url("id", s, "str") for s in request["segments"][2:]]
    check(f"{what}: ids percent-encoded as botbuilder-python's client does", request["raw"] == expected,
          f"raw {'/'.join(request['raw'])} vs {'/'.join(expected)}")


def wait_for(condition, seconds):
    end = time.time() + seconds
    while time.time() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    return condition()


# --- The check ------------------------------------------------------------------------------------------------------

def main(work):
    login, connector = start("login"), start("connector")
    metadata_url = f"{login.base}/v1/.well-known/openidconfiguration"
    service_url = f"{connector.base}/{REGION}/"
    validators = MicrosoftValidators(metadata_url, login.base)

    port = free_port()
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith(("SLACK_", "MATTERMOST_", "MATRIX_", "TEAMS_", "UNHURRIED_"))}
    environment.update({
        "TEAMS_APP_ID": APP_ID, "TEAMS_APP_PASSWORD": APP_PASSWORD, "TEAMS_TENANT_ID": TENANT,
        "TEAMS_LOGIN_URL": login.base, "TEAMS_OPENID_METADATA_URL": metadata_url})
    # Every hour a working hour, and cards that call their assignees at once: the card mentions Bob whenever CI runs.
    policy = write_policy(work, "{respond_within: 1d, call_outside_hours: true}")
    log_path = os.path.join(work, "server.log")
    server = serve(binary, port, f"sqlite://{os.path.join(work, 'teams.sqlite')}", log_path, environment,
                   config=policy, log_level="warning")
    try:
        wait_until(lambda: answers(port) or server.poll() is not None, 20, "the server to answer /readyz")
        if not check("server starts", server.poll() is None and answers(port)):
            return
        try:
            run(port, validators, service_url)
        except Exception:
            check("the check runs to its end", False, traceback.format_exc())
    finally:
        started = time.time()
        if server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except Exception:
                pass
        check("server stops within 10 s of SIGTERM", server.poll() is not None, f"after {time.time() - started:.1f} s")
        stop_all([server])
        login.shutdown()
        connector.shutdown()
        with open(log_path, errors="replace") as log:
            text = log.read()
        check("the app password never appears in the server's log", APP_PASSWORD not in text)
        if failed:
            print("server log (last 40 lines):\n" + "\n".join(text.splitlines()[-40:]))


def run(port, validators, service_url):
    # 1. The ask, with a token Microsoft's validators accept first.
    now = int(time.time())
    ask_id = str(now * 1000)
    activity = ask(ask_id, service_url)
    header = "Bearer " + TEAMS_KEY.sign(claims(service_url, now))
    check("Microsoft's validators accept the channel token", validators.verdict(activity, header) == "accepted",
          str(validators.verdicts(activity, header)))
    status, body, _ = send(port, activity, header)
    check("the ask is accepted", status == 200, f"HTTP {status} {body[:200]!r}")
    # Teams sends an activity again when the answer was slow: the same one must do nothing new.
    status, _, _ = send(port, activity, "Bearer " + TEAMS_KEY.sign(claims(service_url)))
    check("the same activity again is answered 200", status == 200, f"HTTP {status}")

    # 2. Forged and edge tokens: Microsoft's verdict and the server's, side by side.
    token_table(port, validators, service_url)

    # 3. What the bot sent: the ask's card as a new thread, the answer under the ask.
    thread = f"{CHANNEL};messageid={ask_id}"
    card_request = wait_for(lambda: next((r for r in recorder.requests("POST") if r["segments"] == ["v3", "conversations"]
                                          and (r["body"] or {}).get("isGroup")), None), WAIT_FOR_POSTS_S)
    reply_request = wait_for(lambda: next((r for r in recorder.requests("POST")
                                           if r["segments"][:4] == ["v3", "conversations", thread, "activities"]), None),
                             WAIT_FOR_POSTS_S)
    with recorder.lock:
        issued = sorted(recorder.issued)
    token = issued[0] if issued else None

    card_id = card = None
    if check("the ask's card reaches the Bot Connector as a new thread (POST /v3/conversations)", card_request is not None,
             f"within {WAIT_FOR_POSTS_S} s; calls: {[(r['method'], '/'.join(r['segments'])) for r in recorder.requests()]}"):
        check_authorized("new thread", card_request, token)
        parameters = ConversationParameters.deserialize(card_request["body"])
        channel_data = parameters.channel_data or {}
        check("new thread: isGroup, in the channel the ask came from",
              parameters.is_group is True and (channel_data.get("channel") or {}).get("id") == CHANNEL, json.dumps(channel_data))
        check("new thread: the tenant in channelData", (channel_data.get("tenant") or {}).get("id") == TENANT)
        posted = parameters.activity
        check("new thread: a message activity", posted is not None and posted.type == "message")
        card = card_of(posted) if posted else None
        check_card("the ask's card", card)
        if card:
            verbs = [a.get("verb") for a in card_actions(card)]
            check("the ask's card offers done", "done" in verbs, str(verbs))
            mentioned = [e.get("mentioned", {}).get("id") for e in (card.get("msteams") or {}).get("entities", [])]
            check("the ask's card calls Bob with a mention", BOB.id in mentioned, str(mentioned))
        card_id = card_request.get("answered_id")

    if check("the answer to the ask reaches the ask's thread", reply_request is not None, f"within {WAIT_FOR_POSTS_S} s"):
        check_authorized("answer", reply_request, token)
        check_path_encoding("answer", reply_request)
        answer = Activity.deserialize(reply_request["body"])
        check("answer: a message activity", answer.type == "message", str(answer.type))
        check_card("the answer", card_of(answer))
        check("answer: says the ask is recorded", "Recorded ask" in card_text(card_of(answer) or {}),
              card_text(card_of(answer) or {})[:200])

    # 4. Bob presses done on the card, as Teams sends an Action.Execute press, then as an older client's Action.Submit.
    examined_requests = [card_request, reply_request]
    if card_id and card:
        examined_requests += press(port, validators, service_url, card, card_id, token)
        examined_requests += submit(port, service_url, card, card_id, token)

    # Every other call the bot made (a chat opened with Bob, a call in it, a name looked up) as the SDK reads it.
    for request in recorder.requests():
        if any(request is examined for examined in examined_requests):
            continue
        what = f"{request['method']} /{'/'.join(request['segments'])}"
        check_authorized(what, request, token)
        check_path_encoding(what, request)
        if request["method"] == "POST" and request["segments"] == ["v3", "conversations"]:
            parameters = ConversationParameters.deserialize(request["body"])
            check(f"{what}: a chat for one person with the bot", parameters.bot is not None and parameters.bot.id == BOT.id
                  and len(parameters.members or []) == 1, json.dumps(request["body"])[:300])
        elif request["method"] == "POST":
            posted = Activity.deserialize(request["body"])
            check(f"{what}: a message activity", posted.type == "message")
            check_card(what, card_of(posted))


    with recorder.lock:
        tokens = list(recorder.token_requests)
    check("one app token from the token endpoint serves every call", len(tokens) == 1, f"{len(tokens)} requests")
    if tokens:
        request = tokens[0]
        check("token request: the bot's tenant in the path", request["tenant"] == TENANT, request["path"])
        check("token request: form-encoded", request["content_type"].split(";")[0].strip() == "application/x-www-form-urlencoded",
              request["content_type"])
        check("token request: client credentials for the Bot Framework's scope", request["fields"] == {
            "grant_type": "client_credentials", "client_id": APP_ID, "client_secret": APP_PASSWORD, "scope": SCOPE},
            str({k: ("…" if k == "client_secret" else v) for k, v in request["fields"].items()}))

    print("the bot's calls to the Bot Connector:\n" + "\n".join(
        f"  {r['method']} /{REGION}/{'/'.join(r['raw'])}" for r in recorder.requests()))
    check("nothing reached beyond 127.0.0.1", not outside_attempts, str(sorted(set(outside_attempts))))

    if disagreements:
        print("Microsoft's validator and the server disagree (documented, deliberate):")
        for line in disagreements:
            print("  " + line)
    if undocumented:
        print("Microsoft's validator and the server disagree, not by a design decision (review; not failed):")
        for line in undocumented:
            print("  " + line)


def press(port, validators, service_url, card, card_id, token):
    button = next(a for a in card_actions(card) if a.get("verb") == "done")
    value = AdaptiveCardInvokeValue(action=AdaptiveCardInvokeAction(
        type="Action.Execute", verb="done", data=button["data"]).serialize()).serialize()
    value["trigger"] = "manual"
    thread = f"{CHANNEL};messageid={card_id}"
    invoke = envelope("invoke", f"f:{os.urandom(8).hex()}", BOB, thread, service_url, name="adaptiveCard/action",
                      value=value, reply_to_id=card_id)
    header = "Bearer " + TEAMS_KEY.sign(claims(service_url))
    check("Microsoft's validators accept the press's token", validators.verdict(invoke, header) == "accepted")
    updates_before = len(recorder.requests("PUT"))
    status, body, content_type = send(port, invoke, header)
    check("the press is answered 200", status == 200, f"HTTP {status} {body[:200]!r}")
    check("the press's answer is JSON", content_type.split(";")[0].strip() == "application/json", content_type)
    try:
        document = json.loads(body)
    except ValueError:
        document = {}
    answer = AdaptiveCardInvokeResponse.deserialize(document)
    check("invoke response: statusCode 200 with the changed card",
          answer.status_code == 200 and answer.type == CARD and isinstance(answer.value, dict),
          f"{json.dumps(document)[:300]}")
    if isinstance(answer.value, dict):
        check_card("the card in the invoke response", answer.value)
        verbs = [a.get("verb") for a in card_actions(answer.value)]
        check("the card in the invoke response no longer offers done", "done" not in verbs, str(verbs))

    update = wait_for(lambda: (recorder.requests("PUT")[updates_before:] or [None])[0], WAIT_FOR_POSTS_S)
    examined = [update]
    if check("the card is updated for everyone (PUT …/activities/{id})", update is not None, f"within {WAIT_FOR_POSTS_S} s"):
        check_authorized("update", update, token)
        check_path_encoding("update", update)
        check("update: the card's own thread and id", update["segments"] == ["v3", "conversations", thread, "activities", card_id],
              "/".join(update["segments"]))
        updated = Activity.deserialize(update["body"])
        check("update: a message activity with the card's id", updated.type == "message" and updated.id == card_id,
              f"type {updated.type!r}, id {updated.id!r}")
        check_card("the updated card", card_of(updated))
        check("the updated card no longer offers done", "done" not in [a.get("verb") for a in card_actions(card_of(updated) or {})])

    # Pressing again changes nothing; Teams shows the answer's message to Bob alone.
    again = envelope("invoke", f"f:{os.urandom(8).hex()}", BOB, thread, service_url, name="adaptiveCard/action",
                     value=value, reply_to_id=card_id)
    status, body, _ = send(port, again, "Bearer " + TEAMS_KEY.sign(claims(service_url)))
    try:
        document = json.loads(body)
    except ValueError:
        document = {}
    # botbuilder-python's AdaptiveCardInvokeResponse types `value` as a dict, so it cannot read the documented message
    # answer, whose value is a string (.NET's model has `object`); the rest of it is read with the model.
    message = document.get("value") if isinstance(document, dict) else None
    repeated = AdaptiveCardInvokeResponse.deserialize({k: v for k, v in (document or {}).items() if k != "value"})
    check("a second press is answered with a message for Bob alone",
          status == 200 and repeated.status_code == 200 and repeated.type == "application/vnd.microsoft.activity.message"
          and isinstance(message, str) and message != "", f"HTTP {status} {body[:200]!r}")
    return examined


def submit(port, service_url, card, card_id, token):
    """The press as an older Teams client sends it (Action.Submit): a message whose value is the button's data. Its
    answer (the ask is already done) goes to Bob's chat with the bot, which the bot has to open first: a 1:1
    `POST /v3/conversations`, as botbuilder's ConversationParameters reads it."""
    button = next(a for a in card_actions(card) if a.get("verb") == "done")
    thread = f"{CHANNEL};messageid={card_id}"
    before = len(recorder.requests())
    message = envelope("message", str(int(time.time() * 1000)), BOB, thread, service_url, value=button["data"],
                       reply_to_id=card_id, text_format="plain")
    status, body, _ = send(port, message, "Bearer " + TEAMS_KEY.sign(claims(service_url)))
    check("an Action.Submit press is answered 200", status == 200, f"HTTP {status} {body[:200]!r}")
    chat = "a:" + BOB.id.split(":")[-1]
    since = lambda: [r for r in recorder.requests()[before:] if r["method"] == "POST"]
    opened = wait_for(lambda: next((r for r in since() if r["segments"] == ["v3", "conversations"]), None), WAIT_FOR_POSTS_S)
    posted = wait_for(lambda: next((r for r in since() if r["segments"] == ["v3", "conversations", chat, "activities"]), None),
                      WAIT_FOR_POSTS_S)
    if check("Bob's chat with the bot is opened (1:1 POST /v3/conversations)", opened is not None, f"within {WAIT_FOR_POSTS_S} s"):
        check_authorized("1:1 chat", opened, token)
        parameters = ConversationParameters.deserialize(opened["body"])
        check("1:1 chat: not a group, the bot and Bob alone",
              parameters.is_group is False and parameters.bot is not None and parameters.bot.id == BOT.id
              and [m.id for m in parameters.members or []] == [BOB.id], json.dumps(opened["body"])[:300])
        # botbuilder-python's model names the top-level tenant `tenantID`; Teams' REST reference (and .NET) `tenantId`,
        # which the bot writes, so it is read from the JSON; channelData.tenant is read through the model.
        check("1:1 chat: the tenant, top-level and in channelData",
              opened["body"].get("tenantId") == TENANT and ((parameters.channel_data or {}).get("tenant") or {}).get("id") == TENANT,
              json.dumps(opened["body"])[:300])
    if check("the answer reaches Bob's chat", posted is not None, f"within {WAIT_FOR_POSTS_S} s"):
        check_authorized("answer in Bob's chat", posted, token)
        check_path_encoding("answer in Bob's chat", posted)
        answer = Activity.deserialize(posted["body"])
        check("answer in Bob's chat: a message activity", answer.type == "message")
        check_card("answer in Bob's chat", card_of(answer))
    return [opened, posted]


def token_table(port, validators, service_url):
    """Each case: a token (or header), Microsoft's expected verdict and the server's expected status. Refused
    requests carry an ask in another tenant, so a wrong acceptance would show as a 200 and touch nothing else; accepted
    edge cases carry a `typing` activity, which the server verifies like any other and then ignores."""
    now = int(time.time())
    side = lambda i: ask(f"{now * 1000 + i}", service_url, tenant=SIDE_TENANT, channel=SIDE_CHANNEL)

    def typing(i, url=service_url):
        return envelope("typing", f"{now * 1000 + 500 + i}", ALICE, SIDE_CHANNEL, url, tenant=SIDE_TENANT, channel=SIDE_CHANNEL)

    bearer = lambda token: "Bearer " + token

    def from_webchat(activity):
        activity.channel_id = "webchat"
        return activity

    emea = "https://smba.trafficmanager.net/emea/"
    lenient_service_url = ("deliberate", "the server compares serviceurl ignoring case (as .NET) and trailing slashes (as teams.py)")
    refused, accepted = "refused", "accepted"
    cases = [
        # name, activity, Authorization header, Microsoft's verdict, server's status, and where they differ: whether on
        # purpose ("deliberate") or to be looked at ("review"), and why
        ("no Authorization header", side(1), None, refused, 401, None),
        ("scheme other than Bearer", side(2), "bearer " + TEAMS_KEY.sign(claims(service_url)), refused, 401, None),
        ("signed with another key under the published kid", side(3), bearer(STRANGER.sign(claims(service_url), kid=TEAMS_KEY.kid)),
         refused, 401, None),
        ("kid that is not published", side(4), bearer(STRANGER.sign(claims(service_url))), refused, 401, None),
        ("wrong audience (another bot)", side(5), bearer(TEAMS_KEY.sign(claims(service_url, aud="another-bot-app-id"))),
         refused, 401, None),
        ("wrong issuer (an Entra tenant's)", side(6), bearer(TEAMS_KEY.sign(claims(service_url, iss=f"https://sts.windows.net/{TENANT}/"))),
         refused, 401, None),
        ("issuer with a trailing slash", side(20), bearer(TEAMS_KEY.sign(claims(service_url, iss=ISSUER + "/"))), refused, 401, None),
        ("expired 6 minutes ago (beyond the 5 min skew)", side(7),
         bearer(TEAMS_KEY.sign(claims(service_url, nbf=now - 3960, exp=now - 360))), refused, 401, None),
        ("not valid for another 6 minutes", side(8), bearer(TEAMS_KEY.sign(claims(service_url, nbf=now + 360, exp=now + 3960))),
         refused, 401, None),
        ("alg none", side(9), bearer(alg_none_token(service_url)), refused, 401, None),
        ("HS256 keyed with the public key", side(10), bearer(hs256_with_public_key_token(service_url)), refused, 401, None),
        ("serviceurl of another region than the activity's", side(11), bearer(TEAMS_KEY.sign(claims(emea))), refused, 401, None),
        ("no serviceurl claim", side(12), bearer(TEAMS_KEY.sign(claims(service_url, serviceurl=None))), refused, 401, None),
        ("key endorsed for skype only", side(13), bearer(SKYPE_KEY.sign(claims(service_url))), refused, 401, None),
        # The token does not sign the body; the key's endorsements are what tie it to the activity's channelId.
        ("activity from webchat with a key endorsed for msteams", from_webchat(side(21)), bearer(TEAMS_KEY.sign(claims(service_url))),
         refused, 401, None),
        # Deliberately stricter: botframework-connector (jwt_token_extractor.py) skips the endorsement check when the key
        # has no `endorsements`; .NET's JwtTokenExtractor refuses such a channel token, and the adapter follows
        # .NET (TeamsChannelToken.check). The Bot Framework publishes endorsements on every key, so no genuine request
        # is refused.
        ("key published without endorsements", side(14), bearer(BARE_KEY.sign(claims(service_url))), accepted, 401,
         ("deliberate", "the server follows .NET: a channel token's key must be endorsed for the activity's channel")),
        # Deliberately more lenient: botframework-connector compares serviceurl with an exact `!=`; .NET compares it
        # ignoring case and teams.py ignoring a trailing slash, and the adapter does both (TeamsChannelToken.check).
        ("serviceurl without the trailing slash", typing(15), bearer(TEAMS_KEY.sign(claims(service_url.rstrip("/")))),
         refused, 200, lenient_service_url),
        ("serviceurl in upper case", typing(16), bearer(TEAMS_KEY.sign(claims(service_url.upper()))), refused, 200,
         lenient_service_url),
        # Deliberately stricter: no live token lacks `exp` (a live token's claims are exactly aud, exp, iss, nbf and
        # serviceurl), and TeamsTokenVerifier refuses one that would never expire, where PyJWT checks `exp` only when
        # present. An `aud` list is valid JWT but not what the Bot Framework issues: both sides refuse it.
        ("no exp claim", typing(22), bearer(TEAMS_KEY.sign(claims(service_url, exp=None))), accepted, 401,
         ("deliberate", "the server refuses a token that never expires (TeamsTokenVerifier); PyJWT checks exp only when present")),
        ("aud a list holding the app id and another", side(23),
         bearer(TEAMS_KEY.sign(claims(service_url, aud=[APP_ID, "another-bot-app-id"]))), refused, 401, None),
        ("no nbf claim", typing(24), bearer(TEAMS_KEY.sign(claims(service_url, nbf=None))), accepted, 200, None),
        # Within the 5 minutes' skew both sides allow.
        ("expired 2 minutes ago (within the skew)", typing(17),
         bearer(TEAMS_KEY.sign(claims(service_url, nbf=now - 3720, exp=now - 120))), accepted, 200, None),
        ("valid from 2 minutes on (within the skew)", typing(18),
         bearer(TEAMS_KEY.sign(claims(service_url, nbf=now + 120, exp=now + 3720))), accepted, 200, None),
        ("key endorsed for msteams (as Teams signs)", typing(19), bearer(TEAMS_KEY.sign(claims(service_url))), accepted, 200, None),
    ]
    print("token table (Microsoft's botframework-connector vs the server):")
    for name, activity, header, microsoft_expected, swift_expected, difference in cases:
        microsoft = validators.verdict(activity, header)
        status, body, _ = send(port, activity, header)
        microsoft_ok = microsoft.startswith(microsoft_expected)
        swift_ok = status == swift_expected and (status != 401 or body == b"")
        agree = microsoft.startswith("accepted") == (status == 200)
        print(f"  {name}: microsoft {microsoft}; server HTTP {status}" + ("" if agree else "  <- DISAGREE"))
        check(f"token table: Microsoft's validator on '{name}'", microsoft_ok, f"expected {microsoft_expected}, got {microsoft}")
        check(f"token table: server on '{name}'", swift_ok,
              f"expected HTTP {swift_expected}{' with an empty body' if swift_expected == 401 else ''}, got {status} {body[:100]!r}")
        if not agree:
            line = f"{name}: microsoft {microsoft.split(' (')[0]}, server HTTP {status} — {difference[1] if difference else ''}"
            if difference and difference[0] == "review":
                undocumented.append(line)
            elif difference:
                disagreements.append(line)
            else:
                check(f"token table: Microsoft and the server agree on '{name}'", False, f"microsoft {microsoft}, server {status}")


if __name__ == "__main__":
    started = time.time()
    work = tempfile.mkdtemp(prefix="teams-sdk-check-")
    try:
        main(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = passed + failed
    print(f"teams-sdk check: {passed}/{total} passed in {time.time() - started:.1f} s")
    sys.exit(1 if failed else 0)
