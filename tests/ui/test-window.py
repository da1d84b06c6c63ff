#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real window, in Swedish, read through AT-SPI: title, primary menu,
About, Keyboard Shortcuts and Preferences."""

import os
import sys
import time

from trygg_atspi import activate, run_test, find, find_all, main_binary, name_of, wait_for, walk

MENU_ITEMS = ("menu item", "check menu item", "radio menu item")


def open_main_menu(app, frame):
    button = find(frame, name="Huvudmeny", roles=("toggle button", "push button", "button"))
    if button is None:
        return None, []
    activate(button)
    items = wait_for(lambda: [n for n in find_all(app.root, roles=MENU_ITEMS) if name_of(n)], 5)
    return button, items or []


def body(tap, App):
    app = App(main_binary())
    root = app.start()
    if not tap.ok(root is not None, "the program shows up on the accessibility bus"):
        return

    frame = app.window("Trygghetskarta")
    if not tap.ok(frame is not None, "the main window is titled Trygghetskarta"):
        return

    texts = " ".join(name_of(n) for n in walk(frame))
    tap.ok("trygghetsvandring" in texts, "the window says in Swedish what the program is for", texts[:500])

    button, items = open_main_menu(app, frame)
    tap.ok(button is not None, "the primary menu button has the Swedish name Huvudmeny")
    names = [name_of(n).replace("_", "") for n in items]
    for expected in ("Inställningar", "Tangentbordsgenvägar", "Om Trygghetskarta"):
        tap.ok(expected in names, f"the primary menu offers {expected}", f"menu items: {names}")

    about_item = next((n for n in items if name_of(n).replace("_", "") == "Om Trygghetskarta"), None)
    if about_item is not None:
        activate(about_item)
        # libadwaita titles its About window "Om" in Swedish.
        about = wait_for(lambda: find(app.root, name="Om", roles=("frame", "dialog", "window")), 10)
        tap.ok(about is not None, "About opens")
        if about is not None:
            about_texts = [name_of(n) for n in walk(about)]
            version = os.environ["TRYGG_VERSION"]
            tap.ok(any(version in t for t in about_texts), "About shows the version", about_texts[:40])

    button, items = open_main_menu(app, frame)
    prefs_item = next((n for n in items if name_of(n).replace("_", "") == "Inställningar"), None)
    if tap.ok(prefs_item is not None, "the primary menu opens again with About showing"):
        activate(prefs_item)
        prefs = wait_for(lambda: find(app.root, name="Inställningar", roles=("frame", "dialog", "window")), 10)
        tap.ok(prefs is not None, "Preferences opens")
        if prefs is not None:
            texts = [name_of(n) for n in walk(prefs)]
            tap.ok("Offlinekarta" in texts, "Preferences has the Swedish offline map group", texts[:40])
            choose = find(prefs, name="Välj offlinekarta", roles=("push button", "button"))
            tap.ok(choose is not None, "the offline map button has an accessible Swedish name")

    button, items = open_main_menu(app, frame)
    shortcuts_item = next((n for n in items if name_of(n).replace("_", "") == "Tangentbordsgenvägar"), None)
    if tap.ok(shortcuts_item is not None, "the primary menu offers the keyboard shortcuts"):
        before = set(app.toplevel_names())
        activate(shortcuts_item)
        opened = wait_for(lambda: set(app.toplevel_names()) - before, 10)
        tap.ok(opened is not None, "Keyboard Shortcuts opens a window", app.toplevel_names())
        if opened:
            window = find(app.root, name=sorted(opened)[0], roles=("frame", "dialog", "window"))
            texts = [name_of(n) for n in walk(window)]
            tap.ok("Visa tangentbordsgenvägar" in texts and "Avsluta" in texts,
                   "the shortcuts window lists our shortcuts in Swedish", texts[:60])

    output = app.stop()
    tap.ok("CRITICAL" not in output and "WARNING" not in output and "ERROR" not in output,
           "the program logs no warnings, criticals or sanitizer errors", output)


if __name__ == "__main__":
    sys.exit(run_test(body))
