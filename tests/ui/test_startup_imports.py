"""The window's process paints its first frame before it imports anything heavy.

Start-up time is the window's first promise: verification and reading happen in
the forked child (reader/core/editions/early_open.py), the search index opens in
a thread once the window is up, Markdown with the first chapter. A top-level
import in a module of the start path silently undoes that (no other test
notices), so this runs the real `reader` start in a fresh process and looks at
what its main thread had imported when the first paint event came.
"""

import json
import os
import subprocess
import sys

import pytest

from reader.core import settings as settings_store
from tests.conftest import ROOT

# Heavy, and none of them needed to show the window (the edition arrives verified
# and read from the forked child, which may import what it likes).
LATER = ("tuf", "securesystemslib", "whoosh", "markdown", "platformdirs",
         "reader.core.editions.library", "reader.core.search")

# `reader` with no arguments, exactly as the desktop entry runs it (reader.cli:main),
# with two hooks that change nothing on the path: an import finder that notes the
# thread and phase of every first import, and, once reader.ui.app.show_window has
# shown the window, an application event filter that reports at the first paint.
# Imports on other threads after the event loop's first event (the search index's
# thread, started then and racing the paint) are the design, not the start path; a
# top-level import in a module of the path happens before that, and is caught.
PROBE = r"""
import faulthandler, json, os, signal, sys, threading
faulthandler.register(signal.SIGTERM, chain=True)  # a hang, ended by the test, says where (no watchdog thread)

MAIN = threading.get_ident()
first = {}  # module name -> True if imported on the main thread, or on any before the shown window's first event
loop_started = False

class NoteImports:
    def find_spec(self, name, path=None, target=None):
        if name not in first:
            first[name] = threading.get_ident() == MAIN or not loop_started
        if name == "reader.ui.app":
            import importlib.machinery
            spec = importlib.machinery.PathFinder.find_spec(name, path)
            run = spec.loader.exec_module
            def exec_module(module):
                run(module)
                hook(module)
            spec.loader.exec_module = exec_module
            return spec
        return None

def report(painted):
    early = sorted(n for n in list(sys.modules) if first.get(n, True))
    late = sorted(n for n in list(sys.modules) if not first.get(n, True))
    sys.stdout.write(json.dumps({"painted": painted, "early": early, "late": late}) + "\n")
    sys.stdout.flush()
    os._exit(0)  # now: nothing after the first paint is under test

def hook(app_module):
    shown = app_module.show_window
    def show_window(*args, **kwargs):
        window = shown(*args, **kwargs)
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication, QWidget

        class FirstPaint(QObject):
            def eventFilter(self, obj, event):
                global loop_started
                loop_started = True
                if event.type() == QEvent.Paint and isinstance(obj, QWidget):
                    report(type(obj.window()).__name__)
                return False

        window._first_paint = FirstPaint()
        QApplication.instance().installEventFilter(window._first_paint)
        return window
    app_module.show_window = show_window

sys.meta_path.insert(0, NoteImports())
sys.argv = ["reader"]
from reader.cli import main
main()
raise SystemExit("the event loop ended before anything was painted")
"""


def start_window(data_dir, timeout_s: float = 60):
    """What the probe saw at the first paint: {"painted": window class, "early": [...], "late": [...]}."""
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "READER_DATA_DIR": str(data_dir)}
    probe = subprocess.Popen([sys.executable, "-c", PROBE], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = probe.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        probe.terminate()  # the probe prints every thread's stack on SIGTERM
        try:
            out, err = probe.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            probe.kill()
            out, err = probe.communicate()
        pytest.fail(f"the window did not paint within {timeout_s} s:\n{err}")
    assert probe.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def heavy(modules):
    return sorted(m for m in modules if any(m == name or m.startswith(name + ".") for name in LATER))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the edition is opened in a forked child on Linux only")
@pytest.mark.parametrize("board", ["walsall", None])  # the everyday start; the first, with the board chooser
def test_the_window_paints_before_it_imports_anything_heavy(tmp_path, board):
    if board is not None:
        settings_store.save(tmp_path, settings_store.Settings(board=board))
    seen = start_window(tmp_path)
    assert seen["painted"] == "MainWindow"
    started = {"PySide6.QtWidgets", "reader.ui.main_window", "reader.core.editions.opened"}
    assert started | ({"reader.ui.board_selector"} if board is None else set()) <= set(seen["early"])
    assert heavy(seen["early"]) == []
