# SPDX-License-Identifier: GPL-3.0-or-later
"""Drive the real Trygghetskarta binary through AT-SPI, as a screen reader would.

GTK 4.8 reports no screen coordinates over AT-SPI, so everything is done
through actions and names, never clicks at positions.
"""

import os
import subprocess
import sys
import tempfile
import time

import gi
import gi.repository.GLib

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


class Tap:
    """A tiny TAP producer, so meson counts every check."""

    def __init__(self):
        self.count = 0
        self.failed = 0

    def ok(self, condition, description, detail=""):
        self.count += 1
        if condition:
            print(f"ok {self.count} - {description}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.count} - {description}", flush=True)
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}", flush=True)
        return condition

    def done(self):
        print(f"1..{self.count}", flush=True)
        return 1 if self.failed else 0


def wait_for(predicate, timeout=20.0, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(interval)
    return None


def walk(node, depth=0, max_depth=40):
    """Yield node and every descendant (depth first)."""
    if node is None or depth > max_depth:
        return
    yield node
    try:
        count = node.get_child_count()
    except Exception:
        return
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        yield from walk(child, depth + 1, max_depth)


def role_name(node):
    try:
        return node.get_role_name()
    except Exception:
        return ""


def name_of(node):
    try:
        return node.get_name() or ""
    except Exception:
        return ""


def name_matches(node, name):
    """GTK 4.8 appends the text of a button's label to the accessible label
    it was given ("Välj offlinekarta Välj…"): accept the given name alone or
    followed by that text."""
    actual = name_of(node)
    return actual == name or actual.startswith(name + " ")


def find(root, name=None, roles=None, showing=False):
    for node in walk(root):
        if name is not None and not name_matches(node, name):
            continue
        if roles is not None and role_name(node) not in roles:
            continue
        if showing:
            try:
                if not node.get_state_set().contains(Atspi.StateType.SHOWING):
                    continue
            except Exception:
                continue
        return node
    return None


def find_all(root, roles=None, showing=False):
    found = []
    for node in walk(root):
        if roles is not None and role_name(node) not in roles:
            continue
        if showing:
            try:
                if not node.get_state_set().contains(Atspi.StateType.SHOWING):
                    continue
            except Exception:
                continue
        found.append(node)
    return found


def n_actions(node):
    try:
        action = node.get_action_iface()
        return action.get_n_actions() if action is not None else 0
    except Exception:
        return 0


def activate(node):
    """Run the first action (click for buttons and menu items) of the node or,
    for composite widgets such as GtkMenuButton whose accessible wrapper has
    no action, of the first descendant that has one."""
    for candidate in walk(node, max_depth=4):
        if n_actions(candidate) > 0:
            try:
                return candidate.do_action(0)
            except gi.repository.GLib.Error as error:
                # An action that opens a window can keep the program busy
                # past the reply timeout (slow under sanitizers) although it
                # ran: go on, and let the next check judge the outcome.
                if "Did not receive a reply" not in str(error):
                    raise
                print(f"# {name_of(candidate)}: no reply to the action in time", file=sys.stderr)
                return True
    raise RuntimeError(f"no action on {role_name(node)} '{name_of(node)}'")


def text_of(node):
    try:
        text = node.get_text_iface()
        if text is not None:
            return text.get_text(0, text.get_character_count())
    except Exception:
        pass
    return ""


class App:
    """The real binary in a private environment, in Swedish."""

    def __init__(self, binary, args=(), env=None, lang="sv"):
        self.tmp = tempfile.TemporaryDirectory(prefix="trygg-ui-")
        self.binary = binary
        environment = dict(os.environ)
        environment.pop("GTK_A11Y", None)
        environment.pop("NO_AT_BRIDGE", None)
        environment["LANGUAGE"] = lang
        environment["LC_ALL"] = "C.UTF-8"
        for key in ("CONFIG", "DATA", "CACHE"):
            path = os.path.join(self.tmp.name, key.lower())
            os.makedirs(path, exist_ok=True)
            environment[f"XDG_{key}_HOME"] = path
        if env:
            environment.update(env)
        self.env = environment
        self.args = list(args)
        self.proc = None
        self.root = None
        self.output = ""

    def start(self, timeout=90.0):
        self.proc = subprocess.Popen([self.binary] + self.args, env=self.env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True)
        pid = self.proc.pid

        def lookup():
            desktop = Atspi.get_desktop(0)
            for i in range(desktop.get_child_count()):
                child = desktop.get_child_at_index(i)
                try:
                    if child is not None and child.get_process_id() == pid:
                        if child.get_child_count() > 0:
                            return child
                except Exception:
                    continue
            return None

        self.root = wait_for(lookup, timeout)
        return self.root

    def window(self, name, timeout=10.0):
        return wait_for(lambda: find(self.root, name=name, roles=("frame", "dialog", "window")), timeout)

    def toplevel_names(self):
        names = []
        for i in range(self.root.get_child_count()):
            try:
                names.append(name_of(self.root.get_child_at_index(i)))
            except Exception:
                continue
        return names

    def survives_stale_window_count(self):
        """Asks for the window after the last one shown, as a screen reader
        does whose count went stale while a dialog closed. GTK 4.8 answers
        with the last of its toplevels, shown or not, and a hidden one
        without a D-Bus path crashed the program."""
        try:
            self.root.get_child_at_index(self.root.get_child_count() + 1)
        except gi.repository.GLib.Error:
            pass
        time.sleep(1)
        return self.proc.poll() is None

    def stop(self):
        output = ""
        if self.proc is not None and self.proc.returncode is None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    output, _ = self.proc.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    output, _ = self.proc.communicate()
            else:
                output, _ = self.proc.communicate()
            self.output = output
        self.tmp.cleanup()
        return output


def run_test(body):
    """Run body(tap, app_factory) and always stop the apps it started, so a
    failing step still reports (as TAP) what the program printed."""
    import traceback
    tap = Tap()
    apps = []

    def factory(*args, **kwargs):
        app = App(*args, **kwargs)
        apps.append(app)
        return app

    try:
        body(tap, factory)
    except Exception:
        tap.ok(False, "the test ran to the end", traceback.format_exc())
    for app in apps:
        output = app.stop()
        if output.strip():
            print("# program output:")
            for line in output.splitlines():
                print("#   " + line)
    return tap.done()


def main_binary():
    if len(sys.argv) < 2:
        print("usage: test.py BINARY", file=sys.stderr)
        sys.exit(2)
    return sys.argv[1]
