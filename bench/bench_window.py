"""Window benchmark: start-up against a bare PySide6 window, keystroke to results, memory.

    .venv/bin/python bench/bench_window.py [--runs N]

Start-up is measured the same way for each: a fresh process that builds its
window, shows it, processes events once and exits, offscreen; a bare window, a
plain window of the reader's shape (for scale) and the reader are run in turn,
and each figure is the median of N runs. Two figures: spawn to the
window shown and painted (start-up to an interactive window: what the target
is about) and spawn to exit. The reader's run uses an installed edition and a
built index (a second start, the everyday case).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Bytecode is written and used as on any installed copy (pip compiles it at install
# time; the frozen build carries it): a shell that sets PYTHONDONTWRITEBYTECODE
# would otherwise have the reader compile its own modules from source on every
# start, some 15 ms that no practitioner pays.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"QT_QPA_PLATFORM": "offscreen"}

# Each child prints the wall-clock time at which its window has been shown and
# painted: spawn to that moment is start-up to an interactive window. Spawn to
# exit is printed too (it adds the interpreter's teardown).
BARE = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1100, 720); w.show(); app.processEvents()
print(time.time())
"""

# For scale: a window of the reader's shape (toolbar with actions and a search
# box, a contents tree, a result list, a text browser with a page of text, a
# status bar) in plain widgets, with no reader code, no edition and no
# verification. What it costs over BARE is Qt's, not the reader's.
SHAPE = """
import time
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QLineEdit, QListWidget, QMainWindow, QSplitter, QTextBrowser,
                               QToolBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)
app = QApplication([])
w = QMainWindow(); w.resize(1100, 720)
bar = QToolBar(w); w.addToolBar(bar)
for i in range(12):
    a = QAction(f"Action {i}", w); a.setShortcut(QKeySequence(f"Ctrl+{chr(65 + i)}")); bar.addAction(a)
bar.addWidget(QLineEdit())
split = QSplitter(); left = QWidget(); column = QVBoxLayout(left)
tree = QTreeWidget(); column.addWidget(tree); column.addWidget(QListWidget()); split.addWidget(left)
for level in "ABC":
    group = QTreeWidgetItem(tree, [f"Level {level}"])
    for j in range(15):
        QTreeWidgetItem(group, [f"Chapter {j} of the manual"])
tree.expandAll()
text = QTextBrowser(); text.setHtml("<h1>Title</h1>" + ("<p>" + "A paragraph of procedure text. " * 20 + "</p>") * 10)
split.addWidget(text); w.setCentralWidget(split); w.statusBar().addWidget(QLabel("Edition as of 2026-11-01"))
w.show(); app.processEvents()
print(time.time())
"""

# The `reader` command's own path as the desktop entry starts it (no arguments;
# the data folder from READER_DATA_DIR): reader.cli.main's window branch, with
# the event loop replaced by one turn of it. The CLI module first, the fork that
# verifies and reads the edition on the other core, then Qt and the window.
READER = """
import reader.cli as cli
args = cli._no_arguments()
from reader.core.editions.early_open import EarlyOpen
early = EarlyOpen(lambda: cli.open_library(args).open())
from reader.ui.app import show_window, start_app
app = start_app()
w = show_window(early.result(), lambda: cli.open_library(args))
app.processEvents()
import time
print(time.time())
"""


def timed(code: str, data: Path | None = None) -> tuple[float, float]:
    """(spawn to window shown, spawn to exit), in seconds."""
    env = ENV if data is None else ENV | {"READER_DATA_DIR": str(data)}
    spawned = time.time()
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    exited = time.time()
    return float(done.stdout.split()[-1]) - spawned, exited - spawned


def keystrokes(data: Path) -> list[float]:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file
    from reader.ui.app import build_window

    opened = Library(data, trusted_root_file().read_bytes(), bundled_repository()).open()
    window = build_window(opened, data, board="walsall")
    window.show()
    painted = []
    window.search_panel.searched.connect(lambda *_: painted.append(time.perf_counter()))
    queries = ["l", "la", "lad", "lado", "r", "re", "ref", "refe", "refer", "referral", "child d", "child death",
               "strategy", "bruising", "significant harm", "escalation", "early help", "information sharing"]
    latencies = []
    for q in queries:
        painted.clear()
        start = time.perf_counter()
        window.search_panel.request(q, immediate=True)  # the keystroke, after the debounce
        while not painted:
            app.processEvents()
        window.repaint()
        latencies.append((time.perf_counter() - start) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        from reader.core import settings as settings_store

        settings_store.save(data, settings_store.Settings(board="walsall"))  # no first-start board chooser
        timed(READER, data)  # first start: installs the edition, builds the index
        bare, shape, reader = [], [], []
        for _ in range(args.runs):  # interleaved, so a busy moment touches all alike
            bare.append(timed(BARE))
            shape.append(timed(SHAPE))
            reader.append(timed(READER, data))
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lat = sorted(keystrokes(data))
    for what, n in (("shown", 0), ("exit", 1)):
        b, s, r = (statistics.median(t[n] for t in runs) for runs in (bare, shape, reader))
        print(f"start-up to {what}, median of {args.runs}: bare PySide6 window {b * 1000:.0f} ms, "
              f"reader {r * 1000:.0f} ms, ratio {r / b:.2f} (a plain window of the reader's shape: "
              f"{s * 1000:.0f} ms, {s / b:.2f})")
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    print(f"keystroke to results painted: p50 {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms over {len(lat)} queries")
    print(f"peak memory of a child process: {peak_kib / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
