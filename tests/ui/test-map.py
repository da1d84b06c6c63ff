#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The program on an offline map: its tiles and the findings' pins are on
screen, with no network, in Swedish."""

import os
import subprocess
import sys
import tempfile
import time

from trygg_atspi import activate, find, main_binary, name_of, run_test, walk, wait_for
from trygg_fixtures import count_colour, make_geojson, make_mbtiles, read_ppm

TILE = (200, 180, 120)
NEW_PIN = (0xc0, 0x1c, 0x28)
FIXED_PIN = (0x26, 0xa2, 0x69)
LAT, LON = 59.1917, 17.6278


def screenshot(path):
    subprocess.run(["/usr/bin/import", "-window", "root", path], check=True)
    ppm = path + ".ppm"
    subprocess.run(["/usr/bin/convert", path, ppm], check=True)
    return read_ppm(ppm)


def body(tap, App):
    tmp = tempfile.mkdtemp(prefix="trygg-map-")
    mbtiles = os.path.join(tmp, "stationen.mbtiles")
    geojson = os.path.join(tmp, "fynd.geojson")
    database = os.path.join(tmp, "vandring.db")
    make_mbtiles(mbtiles, LAT, LON, rgb=TILE)
    make_geojson(geojson, [
        {"title": "Trasig belysning vid cykelstället", "lat": LAT + 0.0004, "lon": LON - 0.0012, "status": "new"},
        {"title": "Buskar skymmer gångvägen", "lat": LAT - 0.0006, "lon": LON + 0.0010, "status": "new"},
        {"title": "Klotter i gångtunneln", "lat": LAT + 0.0009, "lon": LON + 0.0016, "status": "fixed"},
        {"title": "Mörk passage mot bussterminalen", "lat": LAT - 0.0011, "lon": LON - 0.0008, "status": "fixed"},
    ])

    env = dict(os.environ, LANGUAGE="sv", LC_ALL="C.UTF-8")
    result = subprocess.run([main_binary(), "--database=" + database, "--import=" + geojson],
                            env=env, capture_output=True, text=True, timeout=60)
    tap.ok(result.returncode == 0, "the findings are imported from the command line", result.stderr)

    app = App(main_binary(), args=["--database=" + database, "--offline-map=" + mbtiles])
    if not tap.ok(app.start() is not None, "the program starts on the offline map"):
        return
    frame = app.window("Trygghetskarta")
    if not tap.ok(frame is not None, "the main window is shown"):
        return

    zoom = find(frame, name="Zooma till iakttagelser")
    if tap.ok(zoom is not None, "Zoom to Findings has a Swedish accessible name"):
        activate(zoom)
    add = find(frame, name="Lägg till iakttagelse")
    tap.ok(add is not None, "Add Finding has a Swedish accessible name")
    time.sleep(2.5)

    texts = " ".join(name_of(n) for n in walk(frame))
    tap.ok("Kartbilderna kunde inte" not in texts, "the map reports no failing tiles", texts[:400])

    width, height, pixels = screenshot(os.path.join(tmp, "shot.png"))
    total = width * height
    tiles = count_colour(pixels, TILE, 6)
    tap.ok(tiles > total * 0.3, f"the offline map's tiles cover the map ({tiles} of {total} pixels)")
    red = count_colour(pixels, NEW_PIN, 10)
    green = count_colour(pixels, FIXED_PIN, 10)
    tap.ok(red > 150, f"pins of new findings are drawn in red ({red} pixels)")
    tap.ok(green > 150, f"pins of fixed findings are drawn in green ({green} pixels)")


if __name__ == "__main__":
    sys.exit(run_test(body))
