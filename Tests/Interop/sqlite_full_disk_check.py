"""SQLite on a full file system: a clear private answer, nothing half-written, and back to work when space returns.

Mounts a small tmpfs (4 MiB) for the database's directory and starts `unhurried serve` on it beside fake_slack.py.
After a first ask it fills the file system with a file of zeros, then sends asks until one cannot be stored. It
fails unless that ask is answered at once with the private "nothing was recorded" message (an ephemeral reply to
the slash command is what the person sees on Slack), /healthz answers meanwhile and the server stays up. Then it
deletes the filler, sends one more ask, and checks that it is recorded and its card posted, along with every card
of an ask recorded before; after the server stops, that the database passes `PRAGMA integrity_check` and
`foreign_key_check`, holds exactly the asks that were answered as recorded (the refused one not at all), and each
with its `created` event, assignment and card.

    python3 Tests/Interop/sqlite_full_disk_check.py BINARY

It needs to mount a tmpfs (root, and a machine that allows it); where that is refused it says so and passes
without checking anything.
"""
import errno
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

from interop_support import FakeSlack, answers, free_port, serve, slash_command, stop_all, wait_until, write_policy

SECRET = "full-disk-secret"
FILE_SYSTEM_MIB = 4
MOST_ASKS_TO_FILL = 50
PRIVATE_FAILURE = "could not be saved just now and nothing was recorded"
binary = sys.argv[1]
work = tempfile.mkdtemp(prefix="unhurried-full-disk-")
mount_point = os.path.join(work, "db")
failures = []


def check(name, condition, detail=""):
    if not condition:
        failures.append(f"{name} {detail}".rstrip())


def ask(port, marker):
    status, text = slash_command(port, SECRET, {
        "channel_id": "C0FULL",
        "text": f"<@U0BOB> check https://example.com/{marker} - does {marker} hold? " + "More context here. " * 60})
    return status, text


def fill(directory):
    """Writes zeros into `directory` until the file system refuses more; returns the filler's path."""
    filler = os.path.join(directory, "filler")
    with open(filler, "wb", buffering=0) as f:
        for chunk in (1 << 16, 1 << 12, 1 << 9):
            while True:
                try:
                    f.write(b"\0" * chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    return filler


def main(processes):
    slack = FakeSlack()
    processes.append(slack.process)
    port = free_port()
    log = os.path.join(work, "server.log")
    database = os.path.join(mount_point, "full.sqlite")
    environment = dict(os.environ, SLACK_SIGNING_SECRET=SECRET, SLACK_BOT_TOKEN="xoxb-full", SLACK_API_URL=slack.api_url)
    # Only cards: no call at the start of someone's hours comes into the count.
    policy = write_policy(work, "{respond_within: 1d, call_outside_hours: true}")
    server = serve(binary, port, f"sqlite://{database}", log, environment, config=policy)
    processes.append(server)
    wait_until(lambda: answers(port), 30, "the server")

    recorded = []
    status, text = ask(port, "first")
    check("an ask before the disk fills is recorded", status == 200 and "Recorded ask" in text, text[:200])
    recorded.append("first")
    wait_until(lambda: len(slack.counts()) == 1, 30, "the first card")

    filler = fill(mount_point)
    refused = None
    for number in range(MOST_ASKS_TO_FILL):
        marker = f"full-{number}"
        started = time.monotonic()
        status, text = ask(port, marker)
        answered_in = time.monotonic() - started
        if "Recorded ask" in text:
            recorded.append(marker)  # the write-ahead log may still have had room
            continue
        refused = marker
        check("the refused ask is answered at once", status == 200 and answered_in < 3, f"({status}, {answered_in:.1f} s)")
        check("the refused ask says nothing was recorded, privately",
              PRIVATE_FAILURE in text and '"response_type":"in_channel"' not in text.replace(" ", ""), text[:300])
        break
    check("an ask is refused once the disk is full", refused is not None, f"({len(recorded)} recorded)")
    check("/healthz answers while the disk is full", answers(port, "/healthz"))
    check("the server is still running", server.poll() is None)
    print(f"sqlite-full-disk: {FILE_SYSTEM_MIB} MiB file system filled; {len(recorded) - 1} asks still recorded, then "
          f"refused with {text.strip()[:120]!r} in {answered_in:.2f} s")

    os.remove(filler)
    freed = time.monotonic()
    status, text = ask(port, "after")
    check("an ask after space returns is recorded", status == 200 and "Recorded ask" in text, text[:200])
    recorded.append("after")
    try:
        wait_until(lambda: len(slack.counts()) >= len(recorded), 60, "every recorded ask's card")
    except SystemExit as error:
        failures.append(str(error))
    repeated = {key: n for key, n in slack.counts().items() if n != 1}
    check("each card is posted once", not repeated, str(repeated))
    print(f"sqlite-full-disk: after space returned, the next ask was recorded and all {len(recorded)} cards were out "
          f"within {time.monotonic() - freed:.1f} s")

    server.terminate()
    check("the server stops cleanly", server.wait(timeout=10) == 0)
    errors = re.findall(r" error .*", open(log).read())
    print(f"sqlite-full-disk: the server logged {len(errors)} errors while the disk was full: {sorted(set(errors))}")
    check_database(database, recorded, refused)


def check_database(path, recorded, refused):
    database = sqlite3.connect(path)
    try:
        check("the database passes integrity_check", database.execute("PRAGMA integrity_check").fetchall() == [("ok",)])
        check("the database passes foreign_key_check", database.execute("PRAGMA foreign_key_check").fetchall() == [])
        requests = [row[0] for row in database.execute("SELECT request FROM items ORDER BY id")]
        stored = [re.search(r"does (\S+) hold", request).group(1) for request in requests]
        check("the database holds exactly the asks answered as recorded", stored == recorded, f"{stored} != {recorded}")
        check("the refused ask left nothing", not any(refused and refused in request for request in requests))
        incomplete = database.execute("""
            SELECT count(*) FROM items i
            WHERE NOT EXISTS (SELECT 1 FROM item_events e WHERE e.item_id = i.id AND e.kind = 'created')
               OR NOT EXISTS (SELECT 1 FROM assignments a WHERE a.item_id = i.id)
               OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = i.id AND o.kind = 'item_card')""").fetchone()[0]
        check("every stored ask is whole: its event, assignment and card", incomplete == 0, f"({incomplete} are not)")
    finally:
        database.close()


os.makedirs(mount_point)
mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={FILE_SYSTEM_MIB}m", "tmpfs", mount_point],
                         capture_output=True, text=True)
if mounted.returncode != 0:
    print(f"sqlite-full-disk: skipped: this machine refuses to mount a tmpfs ({mounted.stderr.strip() or 'not root'})")
    subprocess.run(["rm", "-rf", work])
    sys.exit(0)
processes = []
try:
    main(processes)
finally:
    stop_all(processes)
    subprocess.run(["umount", mount_point])
    subprocess.run(["rm", "-rf", work])
for failure in failures:
    print(f"FAIL: {failure}")
print(f"sqlite-full-disk: {'failed' if failures else 'passed'}")
sys.exit(1 if failures else 0)
