#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Presentation mode on the example walk, in Swedish: enter, step with the
arrow keys in number order, honour the list's filter, and leave with Esc."""

import re
import subprocess
import sys
import time

from trygg_atspi import activate, find, main_binary, name_of, run_test, walk, wait_for


def key(name):
    subprocess.run(["xdotool", "key", name], check=True)
    time.sleep(0.6)


def strip_title(frame):
    """The finding shown on the strip: '3 · Samlingsplats …'."""
    for node in walk(frame, max_depth=60):
        match = re.match(r"^(\d+) · (.+)$", name_of(node))
        if match:
            return int(match.group(1)), match.group(2)
    return None


def position(frame):
    for node in walk(frame, max_depth=60):
        match = re.match(r"^(\d+) av (\d+) · ", name_of(node))
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


def body(tap, App):
    # The default database of a new user: the example walk's 13 findings.
    app = App(main_binary())
    if not tap.ok(app.start() is not None, "the program starts on the example walk"):
        return
    frame = app.window("Trygghetskarta")
    button = find(frame, name="Presentationsläge")
    if not tap.ok(button is not None, "the header bar offers Presentationsläge"):
        return

    activate(button)
    first = wait_for(lambda: strip_title(frame), 10)
    tap.ok(first is not None and first[0] == 1, "presentation starts at finding 1", first)
    tap.ok(position(frame) == (1, 13), "the strip says 1 of 13", position(frame))
    tap.ok(find(frame, name="Huvudmeny", showing=True) is None, "the editing chrome is hidden")

    # Each step is awaited: under the sanitizers the program is slow.
    def shown_number(number):
        return wait_for(lambda: (strip_title(frame) or (0,))[0] == number, 15) is not None

    key("Right")
    tap.ok(shown_number(2), "Right steps forward", strip_title(frame))
    key("Page_Down")
    tap.ok(shown_number(3), "Page Down steps forward in number order", strip_title(frame))
    key("Left")
    tap.ok(shown_number(2), "Left steps back", strip_title(frame))
    key("End")
    tap.ok(wait_for(lambda: position(frame) == (13, 13), 15) is not None, "End goes to the last finding",
           position(frame))
    key("Right")
    time.sleep(1)
    tap.ok(position(frame) == (13, 13), "stepping past the last finding stays there")

    key("Escape")
    time.sleep(2)
    # Out of presentation mode the keys no longer step: Home would have
    # gone back to finding 1.
    key("Home")
    time.sleep(2)
    tap.ok(position(frame) == (13, 13), "Esc leaves presentation mode", position(frame))

    # The list's filter carries over: search for one finding, present it alone.
    search = find(frame, name="Sök iakttagelser", roles=("text", "entry")) or \
        next((n for n in walk(frame, max_depth=60) if "Sök" in name_of(n) and n.get_role_name() == "text"), None)
    if tap.ok(search is not None, "the list has a search field"):
        search.get_editable_text_iface().set_text_contents("gångtunnel")
        time.sleep(3)
        activate(button)
        shown = wait_for(lambda: position(frame), 10)
        tap.ok(shown is not None and shown[1] < 13, "presentation shows only what the list's filter lets through",
               shown)
        key("Escape")


if __name__ == "__main__":
    sys.exit(run_test(body))
