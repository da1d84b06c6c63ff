#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The workbench end to end, in Swedish, as a security officer uses it after a
walk: put a finding on the map, give it a title and a responsible actor, add
a measure and mark it done, see the list and the follow-up change, restart,
and find everything still there."""

import os
import subprocess
import sys
import tempfile
import time

from trygg_atspi import (activate, find, find_all, main_binary, n_actions, name_of, run_test, walk,
                         wait_for)

TITLE = "Trasig belysning vid cykelstället"
ACTOR = "Stadsparkens förvaltning"
MEASURE = "Byt de trasiga armaturerna"


def texts(node):
    return [name_of(n) for n in walk(node, max_depth=60)]


def shows(node, text):
    """Whether any accessible name holds the text: a list row reads as one
    sentence ("1 Trasig belysning…. Ny. …. 0/1 klara.")."""
    return any(text in t for t in texts(node))


def set_text(node, text):
    editable = node.get_editable_text_iface()
    editable.set_text_contents(text)


def do_named_action(node, action, max_up=6):
    """Run the named action on the node or the nearest ancestor that has it.
    GTK 4.8 gives check buttons no AT-SPI action; the measure row offers
    its own, which a screen reader lists too."""
    for _ in range(max_up):
        if node is None:
            break
        iface = node.get_action_iface() if n_actions(node) else None
        if iface is not None:
            for i in range(iface.get_n_actions()):
                if iface.get_action_name(i) == action:
                    return node.do_action(i)
        node = node.get_parent()
    raise RuntimeError(f"no action {action}")


def click_map(x, y):
    # GTK 4.8 gives AT-SPI no coordinates: a real pointer click, as a user
    # makes it, on the map of a window that Xvfb shows at the origin.
    subprocess.run(["xdotool", "mousemove", str(x), str(y), "click", "1"], check=True)


def showing(app, name, roles=None, timeout=10):
    return wait_for(lambda: find(app.root, name=name, roles=roles), timeout)


def body(tap, App):
    tmp = tempfile.mkdtemp(prefix="trygg-workbench-")
    database = os.path.join(tmp, "vandring.db")

    app = App(main_binary(), args=["--database=" + database])
    if not tap.ok(app.start() is not None, "the program starts on a new, empty database"):
        return
    frame = app.window("Trygghetskarta")
    if not tap.ok(frame is not None, "the main window is shown"):
        return
    tap.ok(any("0 iakttagelser" in t for t in texts(frame)), "the list says there are no findings yet",
           texts(frame)[:60])

    activate(find(frame, name="Lägg till iakttagelse"))
    time.sleep(0.5)
    click_map(820, 420)

    title = showing(app, "Rubrik", roles=("text", "entry"))
    if not tap.ok(title is not None, "a click on the map adds a finding and opens its panel"):
        return
    set_text(title, TITLE)
    time.sleep(2)  # a pause in typing stores the title
    tap.ok(wait_for(lambda: shows(frame, TITLE), 5) is not None, "the list shows the finding's new title")

    activate(showing(app, "Ny aktör", roles=("push button",)))
    entry = showing(app, "Den nya aktörens namn", roles=("text", "entry"))
    if tap.ok(entry is not None, "a new actor can be added on the spot"):
        set_text(entry, ACTOR)
        activate(showing(app, "Lägg till och tilldela"))
        tap.ok(wait_for(lambda: shows(frame, ACTOR) and shows(frame, "Tilldelad"), 5) is not None,
               "the finding is assigned to the new actor", texts(frame)[:120])

    measure = showing(app, "Ny åtgärd", roles=("text", "entry"))
    if tap.ok(measure is not None, "the checklist takes a new measure"):
        set_text(measure, MEASURE)
        activate(showing(app, "Lägg till åtgärd"))
        tap.ok(wait_for(lambda: shows(frame, "0/1 klara"), 5) is not None, "the list row counts the measure")

    done = showing(app, "Åtgärden klar")
    if tap.ok(done is not None, "the measure can be marked done"):
        do_named_action(done, "measure.toggle-done")
        tap.ok(wait_for(lambda: shows(frame, "1/1 klara"), 5) is not None,
               "the list row shows the measure done", texts(frame)[:120])

    followup = find(frame, name="Uppföljning")
    if tap.ok(followup is not None, "the follow-up view can be chosen"):
        activate(followup)
        time.sleep(1)
        seen = texts(frame)
        tap.ok(shows(frame, ACTOR), "the follow-up lists the actor", seen[:160])

    app.stop()

    again = App(main_binary(), args=["--database=" + database])
    if not tap.ok(again.start() is not None, "the program starts again on the same database"):
        return
    frame = again.window("Trygghetskarta")
    wait_for(lambda: shows(frame, TITLE), 10)
    tap.ok(shows(frame, TITLE), "after a restart the finding is still there")
    tap.ok(shows(frame, ACTOR), "after a restart it is still assigned to the actor")
    tap.ok(shows(frame, "1/1 klara"), "after a restart its measure is still done")


if __name__ == "__main__":
    sys.exit(run_test(body))
