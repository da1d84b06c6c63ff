#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Importing from the window, as a user does it: the primary menu, the file
chooser, the progress bar, the one-line summary, and the findings in the
list; then a broken file, which leaves everything as it was."""

import os
import sqlite3
import subprocess
import tempfile
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi, GLib  # noqa: E402

from trygg_atspi import (activate, find, find_all, main_binary, name_of, role_name, run_test,  # noqa: E402
                         text_of, walk, wait_for)
from trygg_fixtures import make_geojson  # noqa: E402

N_FINDINGS = 1000
N_LARGE = 100000
LAT, LON = 59.1917, 17.6278
# Names are user text, never markup.
WALK = "Stationen & busstorget <kväll>"
MENU_ITEMS = ("menu item", "check menu item", "radio menu item")


def menu_item(app, frame, label):
    button = find(frame, name="Huvudmeny", roles=("toggle button", "push button", "button"))
    if button is None:
        return None
    activate(button)
    items = wait_for(lambda: [n for n in find_all(app.root, roles=MENU_ITEMS)
                              if name_of(n).replace("_", "") == label], 5)
    return items[0] if items else None


def press(keysym, ctrl=False):
    # PRESS and RELEASE take a key code, SYM a key symbol: 37 is the left
    # Control key of the X server's default map.
    if ctrl:
        Atspi.generate_keyboard_event(37, None, Atspi.KeySynthType.PRESS)
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    if ctrl:
        Atspi.generate_keyboard_event(37, None, Atspi.KeySynthType.RELEASE)


def location_entry(chooser):
    """The file chooser's location entry, once Ctrl+L has shown and focused it."""
    for node in walk(chooser):
        if role_name(node) == "text" and node.get_state_set().contains(Atspi.StateType.FOCUSED):
            return node
    return None


def choose_file(app, frame, path):
    """Opens Import Findings… and picks @path the way a keyboard user does:
    Ctrl+L, the path, Enter. Each step waits for the last one to show, as a
    sanitizer build takes its time."""
    item = menu_item(app, frame, "Importera iakttagelser…")
    if item is None:
        return "no Importera iakttagelser… in the primary menu"
    activate(item)
    chooser = wait_for(lambda: find(app.root, name="Importera iakttagelser"), 30)
    if chooser is None:
        return "the file chooser did not open: " + repr(app.toplevel_names())

    def open_location():
        press(ord("l"), ctrl=True)
        return wait_for(lambda: location_entry(chooser), 3)

    entry = wait_for(open_location, 30, interval=0.5)
    if entry is None:
        return "Ctrl+L showed no location entry"
    entry.get_editable_text_iface().set_text_contents(path)
    if wait_for(lambda: text_of(entry) == path or None, 10) is None:
        return "the path did not reach the location entry: " + repr(text_of(entry))

    # The chooser looks the path up before Return can take it; until then
    # Return does nothing, so it is pressed again while the chooser stays.
    def accepted():
        if "Importera iakttagelser" not in app.toplevel_names():
            return True
        press(0xff0d)  # Return
        return wait_for(lambda: "Importera iakttagelser" not in app.toplevel_names() or None, 3)

    return None if wait_for(accepted, 30, interval=0.5) else "the file chooser stayed open"


def toast_text(frame, prefix):
    # A toast sits a few levels below the window: a shallow walk finds it
    # within its six seconds even in a sanitizer build.
    for node in walk(frame, max_depth=6):
        name = name_of(node)
        if name.startswith(prefix):
            return name
    return None


def count(database, sql):
    if not os.path.exists(database):
        return None
    db = sqlite3.connect(database, timeout=30)
    try:
        return db.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return None  # not made yet
    finally:
        db.close()


def describe(app, database):
    """What a failed wait saw: the findings stored, the open windows and
    what the window says, for a run that cannot be watched."""
    lines = [f"findings stored: {count(database, 'SELECT count(*) FROM finding')}"]
    if app.proc.poll() is not None:
        return "\n".join(lines + [f"the program ended with {app.proc.returncode}"])
    try:
        labels = [name_of(n) for n in walk(app.root, max_depth=14)
                  if role_name(n) in ("label", "status bar", "alert", "notification") and name_of(n)]
        lines += [f"windows: {app.toplevel_names()!r}", f"labels: {labels[:30]!r}"]
    except GLib.Error as error:
        lines.append(f"the program does not answer: {error.message}")
    return "\n".join(lines)


def body(tap, App):
    tmp = tempfile.mkdtemp(prefix="trygg-import-")
    geojson = os.path.join(tmp, "stationen.geojson")
    broken = os.path.join(tmp, "trasig.geojson")
    large = os.path.join(tmp, "hela-kommunen.geojson")
    notes = os.path.join(tmp, "anteckningar & <utkast>.txt")
    database = os.path.join(tmp, "vandring & <kopia>.db")
    make_geojson(geojson, [
        {"title": f"Trasig belysning {i}", "lat": LAT + (i % 100) * 1e-5, "lon": LON + (i // 100) * 1e-5,
         "walk": WALK, "category": "lighting"}
        for i in range(N_FINDINGS)
    ])
    with open(geojson, encoding="utf-8") as source, open(broken, "w", encoding="utf-8") as out:
        out.write(source.read()[:-5000])
    # Large enough that Avbryt is pressed while it runs, even in a fast build.
    make_geojson(large, [{"title": f"Klotter {i}", "lat": LAT + (i % 300) * 1e-5, "lon": LON + (i // 300) * 1e-5}
                         for i in range(N_LARGE)])
    with open(notes, "w", encoding="utf-8") as out:
        out.write("Möte med fastighetsägaren\n")

    app = App(main_binary(), args=["--database=" + database])
    if not tap.ok(app.start() is not None, "the program starts on a new database"):
        return
    frame = app.window("Trygghetskarta")
    if not tap.ok(frame is not None, "the main window is shown"):
        return

    problem = choose_file(app, frame, geojson)
    if not tap.ok(problem is None, "Importera iakttagelser… takes a path typed into the file chooser", problem):
        return
    tap.ok(app.survives_stale_window_count(), "a closed file chooser leaves no window a screen reader can crash")
    # The database says when the import is in; the window is left alone
    # meanwhile, its list's rows being replaced by the reload.
    stored = wait_for(lambda: count(database, "SELECT count(*) FROM finding") == N_FINDINGS or None,
                      300, interval=0.5)
    tap.ok(stored is not None, "every finding is stored at once, without a Save button",
           None if stored else describe(app, database))
    summary = wait_for(lambda: toast_text(frame, "Importerade"), 30, interval=0.5)
    tap.ok(summary is not None and f"{N_FINDINGS} nya" in summary,
           "the window says in one Swedish line what was imported", summary)
    tap.ok(count(database, "SELECT rtreecheck('finding_location')") == "ok",
           "the findings' spatial index is whole")
    listed = wait_for(lambda: any(f"{N_FINDINGS} iakttagelser" in name_of(n) for n in walk(frame)) or None, 20)
    tap.ok(listed is not None, "the window's list counts the imported findings")

    # GTK 4.8 gives AT-SPI no coordinates: a real click on the first row
    # of the list, in a window that Xvfb shows at the origin.
    subprocess.run(["xdotool", "mousemove", "135", "198", "click", "1"], check=True)
    shown = wait_for(lambda: find(frame, name=WALK), 30)
    tap.ok(shown is not None, "the finding's panel shows a walk name with & and < as it is")

    problem = choose_file(app, frame, notes)
    tap.ok(problem is None, "a file of another kind can be typed into the file chooser", problem)
    message = wait_for(lambda: toast_text(frame, "Kan inte importera"), 30)
    tap.ok(message is not None and os.path.basename(notes) in message,
           "a file that is not GeoJSON, CSV or GPX is refused, its name shown as it is", message)

    problem = choose_file(app, frame, broken)
    tap.ok(problem is None, "a second import through the file chooser", problem)
    message = wait_for(lambda: toast_text(frame, "Filen"), 60)
    tap.ok(message is not None and "Ingenting importerades" in message,
           "a truncated file is refused with a Swedish message", message)
    tap.ok(count(database, "SELECT count(*) FROM finding") == N_FINDINGS,
           "the refused file changed nothing")

    # A long import is cancelled from the progress bar: nothing of it stays.
    problem = choose_file(app, frame, large)
    tap.ok(problem is None, "a large import through the file chooser", problem)
    cancel = wait_for(lambda: next((n for n in find_all(frame, roles=("push button",))
                                    if name_of(n).replace("_", "").split(" ")[0] == "Avbryt"), None), 30)
    if tap.ok(cancel is not None, "the progress bar offers Avbryt"):
        activate(cancel)
    # Either line: "Importen avbröts…", or "Importerade…" had it finished first.
    message = wait_for(lambda: toast_text(frame, "Importen ") or toast_text(frame, "Importerade "), 180,
                       interval=0.5)
    tap.ok(message == "Importen avbröts. Ingenting importerades.", "Avbryt stops the import and says so", message)
    tap.ok(count(database, "SELECT count(*) FROM finding") == N_FINDINGS, "the cancelled import changed nothing")

    # Quit (Ctrl+Q) in the middle of a large import: the program stops the
    # import and ends once it has been rolled back, not in the middle of it.
    problem = choose_file(app, frame, large)
    tap.ok(problem is None, "another large import through the file chooser", problem)
    press(ord("q"), ctrl=True)
    try:
        app.proc.wait(timeout=240)
    except subprocess.TimeoutExpired:
        pass
    tap.ok(app.proc.poll() == 0, "quitting during an import ends the program once the import has stopped",
           str(app.proc.poll()))
    tap.ok(count(database, "SELECT count(*) FROM finding") == N_FINDINGS,
           "the import stopped by quitting changed nothing")
    tap.ok(count(database, "PRAGMA integrity_check") == "ok", "the database is whole")

    output = app.stop()
    tap.ok("CRITICAL" not in output and "WARNING" not in output, "no warnings", output[-2000:])


if __name__ == "__main__":
    raise SystemExit(run_test(body))
