# SPDX-License-Identifier: GPL-3.0-or-later
"""Files the UI tests need, made on the spot: an MBTiles map and GeoJSON."""

import json
import math
import sqlite3
import struct
import uuid
import zlib


def solid_png(rgb, size=256):
    """A PNG of one colour, written by hand so the tests need no imaging module."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * size
    raw = row * size
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def tile_xy(lat, lon, zoom):
    n = 2 ** zoom
    x = int((lon + 180.0) / 360.0 * n)
    y = int((1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n)
    return x, y


def make_mbtiles(path, lat, lon, zooms=range(12, 19), radius=4, rgb=(200, 180, 120)):
    """Tiles of one colour around (lat, lon), TMS rows as MBTiles wants."""
    png = solid_png(rgb)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE metadata (name TEXT, value TEXT);
        CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
        CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);
    """)
    zooms = list(zooms)
    db.executemany("INSERT INTO metadata VALUES (?, ?)", [
        ("name", "Testkarta"), ("format", "png"),
        ("minzoom", str(min(zooms))), ("maxzoom", str(max(zooms))),
        ("bounds", f"{lon - 0.05},{lat - 0.03},{lon + 0.05},{lat + 0.03}"),
    ])
    for z in zooms:
        cx, cy = tile_xy(lat, lon, z)
        for x in range(cx - radius, cx + radius + 1):
            for y in range(cy - radius, cy + radius + 1):
                db.execute("INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x, 2 ** z - 1 - y, png))
    db.commit()
    db.close()


def make_geojson(path, findings):
    """findings: dicts with title, lat, lon and optional properties."""
    features = []
    for i, f in enumerate(findings, 1):
        props = {"number": i, "title": f["title"], "description": f.get("description", ""),
                 "status": f.get("status", "new"), "priority": f.get("priority", "medium")}
        for key in ("category", "actor", "walk", "walk_date"):
            if key in f:
                props[key] = f[key]
        features.append({"type": "Feature", "id": f.get("id", str(uuid.uuid4())),
                         "geometry": {"type": "Point", "coordinates": [f["lon"], f["lat"]]},
                         "properties": props})
    with open(path, "w", encoding="utf-8") as out:
        json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)


def read_ppm(path):
    """(width, height, bytes) of a binary PPM, as /usr/bin/convert writes it."""
    data = open(path, "rb").read()
    parts = []
    pos = 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    width, height = int(parts[1]), int(parts[2])
    return width, height, data[pos:pos + width * height * 3]


def count_colour(pixels, rgb, tolerance=12):
    r0, g0, b0 = rgb
    count = 0
    for i in range(0, len(pixels) - 2, 3):
        if (abs(pixels[i] - r0) <= tolerance and abs(pixels[i + 1] - g0) <= tolerance
                and abs(pixels[i + 2] - b0) <= tolerance):
            count += 1
    return count
