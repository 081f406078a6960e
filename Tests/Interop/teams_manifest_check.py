"""The package `unhurried teams-package` wrote, read as Teams reads it: a zip with manifest.json and the two icons at
its root, every CRC right; the manifest valid against Microsoft's JSON schema (when its path is given) and within
the limits the schema leaves to prose; the icons PNGs of Teams' sizes, the outline white on transparent.

usage: teams_manifest_check.py PACKAGE.zip APP_ID HOST [SCHEMA.json]
"""
import io
import json
import sys
import zipfile

import jsonschema
from PIL import Image

package, app_id, host = sys.argv[1:4]
schema_path = sys.argv[4] if len(sys.argv) > 4 else None
failures = []


def expect(condition, what):
    if not condition:
        failures.append(what)
        print(f"FAIL: {what}")


with zipfile.ZipFile(package) as archive:
    expect(archive.testzip() is None, "every entry's CRC-32 matches its contents")
    expect(sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"],
           f"exactly manifest.json and the two icons, at the root: {archive.namelist()}")
    manifest = json.loads(archive.read("manifest.json"))
    icons = {name: Image.open(io.BytesIO(archive.read(name))) for name in ("color.png", "outline.png")}

if schema_path:
    with open(schema_path) as file:
        schema = json.load(file)
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    for error in validator.iter_errors(manifest):
        expect(False, f"schema: {'/'.join(map(str, error.absolute_path))}: {error.message[:300]}")
    # Draft 4, which the schema declares, has no `const`: its manifestVersion would pass any string.
    expect(manifest["manifestVersion"] == schema["properties"]["manifestVersion"]["const"],
           f"manifestVersion is the schema's: {manifest['manifestVersion']}")
    expect(manifest["$schema"].endswith(f"/v{manifest['manifestVersion']}/MicrosoftTeams.schema.json"),
           f"$schema names the version: {manifest['$schema']}")

bot = manifest["bots"][0]
expect(manifest["id"] == bot["botId"] == manifest["webApplicationInfo"]["id"] == app_id,
       "the app, its bot and its web application are the Entra app")
expect(manifest["validDomains"] == [host], f"validDomains is the host: {manifest['validDomains']}")
expect(manifest["description"]["short"] != manifest["description"]["full"], "the two descriptions differ")
expect(all(len(command_list["commands"]) <= 12 for command_list in bot["commandLists"]), "at most 12 commands a list")
expect(sorted(scope for command_list in bot["commandLists"] for scope in command_list["scopes"]) == sorted(bot["scopes"]),
       "one command list for each of the bot's scopes")
expect({permission["name"] for permission in manifest["authorization"]["permissions"]["resourceSpecific"]}
       == {"ChannelMessage.Read.Group"}, "asks to read channel messages")

expect(manifest["icons"] == {"color": "color.png", "outline": "outline.png"}, "the manifest names the packaged icons")
color, outline = icons["color.png"], icons["outline.png"]
expect(color.format == "PNG" and color.size == (192, 192), f"color.png is a 192×192 PNG: {color.format} {color.size}")
expect(outline.format == "PNG" and outline.size == (32, 32), f"outline.png is a 32×32 PNG: {outline.format} {outline.size}")
rgba = outline.convert("RGBA").tobytes()
pixels = [tuple(rgba[index:index + 4]) for index in range(0, len(rgba), 4)]
expect(all(alpha == 0 or (red, green, blue) == (255, 255, 255) for red, green, blue, alpha in pixels),
       "outline.png is white on transparent")
expect(any(alpha == 0 for *_, alpha in pixels) and any(alpha == 255 for *_, alpha in pixels),
       "outline.png has both transparent and opaque pixels")

sys.exit(1 if failures else 0)
