#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Offline checks of what we ship: desktop file, metainfo, schema, the Swedish
translation and the Flatpak manifest. Each check is one meson test:

    check.py CHECK SOURCE_ROOT BUILD_ROOT
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BASE_ID = "se.sodertalje.Trygghetskarta"


def run(cmd, **kwargs):
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def fail(message):
    print(message)
    sys.exit(1)


def check_desktop(src, build):
    path = os.path.join(build, "data", BASE_ID + ".desktop")
    result = run(["desktop-file-validate", path])
    output = result.stdout + result.stderr
    print(output)
    # desktop-file-validate exits 0 even when it reports errors.
    if result.returncode != 0 or re.search(r"^.*error:", output, re.M):
        fail("desktop file has errors")
    merged = open(path, encoding="utf-8").read()
    if "Name[sv]=" not in merged and "GenericName[sv]=" not in merged:
        fail("desktop file carries no Swedish translation")


def check_appstream(src, build):
    path = os.path.join(build, "data", BASE_ID + ".metainfo.xml")
    result = run(["appstreamcli", "validate", "--no-net", "--explain", path])
    print(result.stdout + result.stderr)
    if result.returncode != 0:
        fail("metainfo does not validate")
    tree = ET.parse(path)
    if not tree.findall(".//summary[@{http://www.w3.org/XML/1998/namespace}lang='sv']"):
        fail("metainfo carries no Swedish summary")
    # Screenshots must point at images kept in the repository.
    for image in tree.findall(".//screenshot/image"):
        relative = image.text.split("/-/raw/main/", 1)[-1]
        if not os.path.exists(os.path.join(src, relative)):
            fail(f"screenshot {image.text} is not in the repository")


def check_schemas(src, build):
    result = run(["glib-compile-schemas", "--strict", "--dry-run", os.path.join(src, "data")])
    print(result.stdout + result.stderr)
    if result.returncode != 0:
        fail("schema does not compile strictly")


def xgettext_pot(src, out):
    files = []
    for line in open(os.path.join(src, "po", "POTFILES.in"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            files.append(line)
    cmd = [
        "xgettext", "--from-code=UTF-8", "--add-comments", "--package-name=trygghetskarta",
        "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
        "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
        "--keyword=ngettext:1,2",
        "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
        "-D", src, "-o", out,
    ] + files
    result = run(cmd)
    if result.returncode != 0:
        fail("xgettext failed:\n" + result.stderr)


def check_po(src, build):
    po = os.path.join(src, "po", "sv.po")
    result = run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", po])
    stats = result.stdout + result.stderr
    print(stats)
    if result.returncode != 0 or "untranslated" in stats or "fuzzy" in stats:
        fail("po/sv.po is not complete")

    # Every file with user-visible strings is listed in POTFILES.in.
    listed = {l.strip() for l in open(os.path.join(src, "po", "POTFILES.in"), encoding="utf-8")
              if l.strip() and not l.startswith("#")}
    unlisted = []
    for top in ("src", "data"):
        for root, _, names in os.walk(os.path.join(src, top)):
            for name in names:
                rel = os.path.relpath(os.path.join(root, name), src)
                if not name.endswith((".c", ".ui", ".xml", ".in")):
                    continue
                text = open(os.path.join(src, rel), encoding="utf-8", errors="replace").read()
                if re.search(r'\b(_|N_|C_|NC_|ngettext)\s*\(\s*"', text) or 'translatable="yes"' in text:
                    if rel not in listed:
                        unlisted.append(rel)
    if unlisted:
        fail("files with translatable strings missing from po/POTFILES.in: " + ", ".join(sorted(unlisted)))

    # Every string in the code is in sv.po, translated.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "fresh.pot")
        xgettext_pot(src, pot)
        result = run(["msgcmp", po, pot])
        print(result.stdout + result.stderr)
        if result.returncode != 0:
            fail("po/sv.po lacks strings that are in the code")


def flatpak_manifest(src):
    return os.path.join(src, "flatpak", BASE_ID + ".json")


def check_app_id(src, build):
    ids = {}
    manifest = json.load(open(flatpak_manifest(src), encoding="utf-8"))
    ids["flatpak manifest"] = manifest.get("id") or manifest.get("app-id")
    ids["desktop file name"] = os.path.basename(
        [f for f in os.listdir(os.path.join(build, "data")) if f.endswith(".desktop")][0])[:-len(".desktop")]
    tree = ET.parse(os.path.join(build, "data", ids["desktop file name"] + ".metainfo.xml"))
    ids["metainfo id"] = tree.findtext("id")
    ids["metainfo launchable"] = tree.findtext("launchable")[:-len(".desktop")]
    schema = ET.parse(os.path.join(src, "data", BASE_ID + ".gschema.xml"))
    ids["gschema id"] = schema.find("schema").get("id")
    ids["gschema path"] = schema.find("schema").get("path").strip("/").replace("/", ".")
    config = open(os.path.join(build, "config.h"), encoding="utf-8").read()
    ids["APPLICATION_ID"] = re.search(r'#define APPLICATION_ID "([^"]+)"', config).group(1)
    for what, value in ids.items():
        print(f"{what}: {value}")
    if len(set(ids.values())) != 1:
        fail("the app id differs between files")


def check_flatpak(src, build):
    path = flatpak_manifest(src)
    result = run(["flatpak-builder", "--show-manifest", path])
    output = result.stdout + result.stderr
    if result.returncode != 0 or "WARNING" in output:
        print(output)
        fail("flatpak-builder does not accept the manifest")
    import jsonschema
    schema_path = os.path.join(src, "..", "shared", "schemas", "flatpak-manifest.schema.json")
    if not os.path.exists(schema_path):
        print("SKIP: ../shared/schemas/flatpak-manifest.schema.json is not beside the checkout")
        sys.exit(77)
    schema = json.load(open(schema_path, encoding="utf-8"))
    manifest = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(manifest, schema)
    # The narrowest permissions: files through portals only.
    args = manifest.get("finish-args", [])
    broad = [a for a in args if a.startswith("--filesystem") or a in ("--socket=session-bus", "--socket=system-bus")]
    if broad:
        fail("the manifest asks for more than it needs: " + " ".join(broad))
    for module in ("libshumate", "yajl"):
        if not any(m.get("name") == module for m in manifest.get("modules", [])):
            fail(module + " is not in the runtime: the manifest must build it")


CHECKS = {
    "desktop": check_desktop,
    "appstream": check_appstream,
    "schemas": check_schemas,
    "po": check_po,
    "app-id": check_app_id,
    "flatpak": check_flatpak,
}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](sys.argv[2], sys.argv[3])
