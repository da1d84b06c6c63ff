#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The real window, in Swedish, read through AT-SPI: title, primary menu,
About, Keyboard Shortcuts and Preferences."""

import os
import sys
import time

from trygg_atspi import activate, run_test, find, find_all, main_binary, name_of, role_name, wait_for, walk

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

    tap.ok(app.survives_stale_window_count(), "a screen reader asking for one window too many crashes nothing")

    texts = [name_of(n) for n in walk(frame)]
    tap.ok("Karta över iakttagelserna" in texts, "the map is named in Swedish for screen readers", texts[:80])
    tap.ok("Ny" in texts and "Åtgärdad" in texts, "the map's legend names the statuses in Swedish", texts[:80])
    # A screen reader reads a button without a name by its GTK type.
    unnamed = [f"{role_name(n.get_parent())} {name_of(n.get_parent())!r} > {role_name(n)} {name_of(n)!r}"
               for n in find_all(frame, roles=("push button", "toggle button"))
               if name_of(n) in ("", "GtkButton", "GtkToggleButton", "GtkMenuButton")]
    tap.ok(not unnamed, "every button of the main window has a name, drop-downs' and the map's included",
           unnamed)
    zoom_in = find(frame, name="Zooma in", roles=("push button",))
    zoom_out = find(frame, name="Zooma ut", roles=("push button",))
    tap.ok(zoom_in is not None and zoom_out is not None, "the map's zoom buttons have Swedish names")

    button, items = open_main_menu(app, frame)
    tap.ok(button is not None, "the primary menu button has the Swedish name Huvudmeny")
    names = [name_of(n).replace("_", "") for n in items]
    for expected in ("Inställningar", "Tangentbordsgenvägar", "Om Trygghetskarta", "Skriv ut…"):
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
            def shortcut_texts():
                window = find(app.root, name=sorted(opened)[0], roles=("frame", "dialog", "window"))
                return [name_of(n) for n in walk(window)]

            # The window fills in its sections after it is mapped, which a
            # sanitizer build on a busy machine can take most of a minute
            # to do (and to tell the accessibility bus).
            texts = wait_for(lambda: (lambda t: t if "Avsluta" in t else None)(shortcut_texts()), 60) \
                or shortcut_texts()
            tap.ok("Visa tangentbordsgenvägar" in texts and "Avsluta" in texts,
                   "the shortcuts window lists our shortcuts in Swedish", texts[:60])
            tap.ok("Skriv ut" in texts, "the shortcuts window lists printing (Ctrl+P)", texts[:60])

    # Print…: GTK's print dialog opens (printing to a file needs no
    # printer), with our tab for the handout choice; cancelling it prints
    # nothing and says nothing.
    button, items = open_main_menu(app, frame)
    print_item = next((n for n in items if name_of(n).replace("_", "") == "Skriv ut…"), None)
    if tap.ok(print_item is not None, "the primary menu offers Skriv ut…"):
        before = set(app.toplevel_names())
        activate(print_item)
        opened = wait_for(lambda: set(app.toplevel_names()) - before, 15)
        tap.ok(opened is not None, "Skriv ut… opens the print dialog", app.toplevel_names())
        if opened:
            dialog = find(app.root, name=sorted(opened)[0], roles=("frame", "dialog", "window"))
            texts = [name_of(n) for n in walk(dialog)] if dialog is not None else []
            tap.ok("Rapport" in texts, "the print dialog has the report's tab", texts[:80])
            # GTK names its buttons "_Avbryt Avbryt" (label and mnemonic).
            buttons_found = find_all(dialog, roles=("push button", "button")) if dialog is not None else []
            cancel = next((n for n in buttons_found if name_of(n).replace("_", "").split(" ")[0] == "Avbryt"), None)
            buttons = [(name_of(n), role_name(n)) for n in walk(dialog)
                       if "button" in role_name(n)] if dialog is not None else []
            if tap.ok(cancel is not None, "the print dialog can be cancelled", buttons):
                activate(cancel)
                closed = wait_for(lambda: not (set(app.toplevel_names()) - before) or None, 10)
                tap.ok(closed is not None, "cancelling closes the print dialog", app.toplevel_names())

    output = app.stop()
    tap.ok("CRITICAL" not in output and "WARNING" not in output and "ERROR" not in output,
           "the program logs no warnings, criticals or sanitizer errors", output)


if __name__ == "__main__":
    sys.exit(run_test(body))
