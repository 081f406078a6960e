#!/usr/bin/env bash
# `unhurried teams-package` as an admin runs it, and its zip as Teams reads it: Python's zipfile and Pillow read the
# package, jsonschema validates the manifest against Microsoft's schema (teams_manifest_check.py), and options Teams
# could not use are refused with a message naming what to fix.
#
# Microsoft's schema is no part of this repository: it is taken from TEAMS_MANIFEST_SCHEMA, else from the shared
# folder beside the checkout, and must be the file pinned below (microsoft/json-schemas, teams/v1.30, MIT). Without
# it the schema validation is skipped, saying so, and every other check still runs.
set -uo pipefail
binary=${1:?usage: teams-manifest-check.sh PATH/TO/unhurried}
cd "$(dirname "$0")/../.."
source Tests/Interop/checks.sh

schema=${TEAMS_MANIFEST_SCHEMA:-../shared/teams/MicrosoftTeams.schema.v1.30.json}
schema_sha256=dfc85799e94527a16a622988620c82de1f58e790f97001e5e6bbe37fcf6846df
app_id=3f2504e0-4f89-41d3-9a0c-0305e82c3301
host=unhurried.example.org

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check jsonschema==4.26.0 pillow==13.0.0

out=$(cd "$work" && env -u TEAMS_APP_ID "$binary" teams-package --app-id "$app_id" --host "https://$host/teams/messages"); code=$?
check "teams-package writes the package" test "$code" = 0 -a -f "$work/unhurried-teams.zip"
check "teams-package names the messaging endpoint" grep -qF "https://$host/teams/messages" <<<"$out"

if [ -f "$schema" ] && [ "$(sha256sum "$schema" | cut -d' ' -f1)" = "$schema_sha256" ]; then
  check "the package is what Teams takes, valid against Microsoft's schema v1.30" \
    "$work/venv/bin/python" Tests/Interop/teams_manifest_check.py "$work/unhurried-teams.zip" "$app_id" "$host" "$schema"
else
  [ -f "$schema" ] && check "the schema at $schema is the pinned v1.30 file" false
  echo "SKIPPED: validation against Microsoft's schema: no MicrosoftTeams.schema.json v1.30 at $schema (see README, Microsoft Teams)"
  check "the package is what Teams takes" \
    "$work/venv/bin/python" Tests/Interop/teams_manifest_check.py "$work/unhurried-teams.zip" "$app_id" "$host"
fi

TEAMS_APP_ID=$app_id "$binary" teams-package --host "$host" --output "$work/from-environment.zip" >/dev/null; code=$?
check "the app id defaults to TEAMS_APP_ID" test "$code" = 0
check "the same options make the same package" cmp -s "$work/unhurried-teams.zip" "$work/from-environment.zip"

refused() {  # name, the message expected on standard error, then the command's arguments
  local name=$1 message=$2; shift 2
  local err code
  err=$(env -u TEAMS_APP_ID "$binary" teams-package --output "$work/refused.zip" "$@" 2>&1 >/dev/null); code=$?
  check "$name: exits non-zero" test "$code" != 0
  check "$name: says \"$message\"" grep -qF -- "$message" <<<"$err"
  check "$name: writes nothing" test ! -e "$work/refused.zip"
}
refused "a bad GUID" "--app-id must be a GUID" --app-id 3f2504e0-nope --host "$host"
refused "no app id" "with --app-id (or set TEAMS_APP_ID)" --host "$host"
refused "no host" "Missing expected argument '--host <host>'" --app-id "$app_id"
refused "an http URL" "https only" --app-id "$app_id" --host "http://$host"
refused "a host with a path" "without port, path or query" --app-id "$app_id" --host "https://$host/unhurried"
refused "a name Teams cuts" "--name must be 1 to 30 characters" --app-id "$app_id" --host "$host" --name "Unhurried, the asks tracker for teams"

summary "teams-manifest-check"
