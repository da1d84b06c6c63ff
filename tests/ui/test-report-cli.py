#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PDF report from the command line, as a script makes it before a
meeting: every finding with its measures, an actor's handout with only
theirs, real text in Swedish, and an error that leaves no file behind."""

import json
import os
import subprocess
import sys
import tempfile

from trygg_atspi import Tap, main_binary

EXAMPLE = os.path.join(os.environ["G_TEST_SRCDIR"], "..", "src", "io", "example", "example-walk.geojson")


def run(*args):
    env = dict(os.environ, LANGUAGE="sv", LC_ALL="C.UTF-8")
    return subprocess.run([main_binary()] + list(args), env=env, capture_output=True, text=True, timeout=120)


def pdftext(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout


def main():
    tap = Tap()
    tmp = tempfile.mkdtemp(prefix="trygg-report-cli-")
    db = os.path.join(tmp, "vandring.db")
    features = json.load(open(EXAMPLE, encoding="utf-8"))["features"]

    result = run("--database=" + db, "--import=" + EXAMPLE)
    tap.ok(result.returncode == 0, "the example walk is imported", result.stderr)

    report = os.path.join(tmp, "rapport.pdf")
    result = run("--database=" + db, "--export=" + report)
    tap.ok(result.returncode == 0 and os.path.exists(report), "--export=FILE.pdf writes the report", result.stderr)
    text = " ".join(pdftext(report).split())
    missing = [f["properties"]["title"] for f in features if " ".join(f["properties"]["title"].split()) not in text]
    tap.ok(not missing, "every finding's title is in the report", missing)
    measures = [a["text"] for f in features for a in f["properties"].get("actions", [])]
    missing = [m for m in measures if " ".join(m.split()) not in text]
    tap.ok(not missing, "every measure is in the report", missing)
    tap.ok("Sammanfattning" in text and "Sida 1 av" in text, "the report is in Swedish with page numbers")
    images = subprocess.run(["pdfimages", "-list", report], capture_output=True, text=True).stdout
    tap.ok("Ingen kartbild" in text or len(images.splitlines()) > 2,
           "without an offline map the report says so instead of a map image")

    actor = "Fastighetsägare"
    handout = os.path.join(tmp, "underlag.pdf")
    result = run("--database=" + db, "--export=" + handout, "--actor=" + actor)
    tap.ok(result.returncode == 0, "--actor makes the actor's handout", result.stderr)
    text = " ".join(pdftext(handout).split())
    theirs = [f for f in features if f["properties"].get("actor") == actor]
    others = [f for f in features
              if f["properties"].get("actor") != actor
              and not any(a.get("actor") == actor for a in f["properties"].get("actions", []))]
    tap.ok(theirs and all(" ".join(f["properties"]["title"].split()) in text for f in theirs),
           "the handout holds the actor's findings")
    leaked = [f["properties"]["title"] for f in others if " ".join(f["properties"]["title"].split()) in text]
    tap.ok(not leaked, "the handout holds no other actor's findings", leaked)

    bad = os.path.join(tmp, "finns-inte", "rapport.pdf")
    result = run("--database=" + db, "--export=" + bad)
    tap.ok(result.returncode == 1 and result.stderr.strip().count("\n") == 0 and "Kunde inte skriva" in result.stderr,
           "a report that cannot be written fails with one Swedish line", result.stderr)
    tap.ok(not os.path.exists(os.path.dirname(bad)), "and leaves nothing behind")

    result = run("--database=" + db, "--export=" + report, "--actor=Ingen sådan aktör")
    tap.ok(result.returncode == 1, "an unknown actor is refused", result.stderr)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
