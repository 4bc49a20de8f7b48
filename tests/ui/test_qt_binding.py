"""Guards against a Qt binding that corrupts the interpreter.

PySide6-Essentials 6.12.0 under Python 3.11 drops one reference to None on every
call of a method returning void; after a few thousand calls the process aborts
("none_dealloc"). pyproject.toml excludes it; this test fails if such a build
comes back.
"""

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_keep_none_alive(qapp):
    label = QLabel()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        QApplication.processEvents()
    assert sys.getrefcount(None) - before > -50
