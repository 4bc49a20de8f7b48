"""Starting the window: open the verified edition, the search index, the settings."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from reader.core import settings as settings_store
from reader.core.library import Opened
from reader.core.search import open_index, search
from reader.ui.main_window import Edition, MainWindow


def make_search(opened: Opened, data_dir: Path):
    """The window's search function over this edition's index (built here, verified content only)."""
    index = open_index(Path(data_dir) / "index", opened.manual)  # brought up to date as it opens
    lock = threading.Lock()  # one query at a time on the shared searcher

    def run(query: str, board: str | None) -> dict:
        with lock:
            return search(index, query, board=board, limit=50).to_json()

    return run, index


def build_window(opened: Opened, data_dir: Path, board: str | None = None, today=dt.date.today) -> MainWindow:
    settings, problem = settings_store.load(data_dir)
    if board is not None:
        settings.board = board
    run, _index = make_search(opened, data_dir)
    window = MainWindow(Edition(opened.manual, opened.as_of, None), settings, data_dir, run, today=today)
    window._search_index = _index  # lives as long as the window
    for message in opened.problems + ([problem] if problem else []):
        window.statusBar().showMessage(message, 15000)
    return window


def run_app(opened: Opened, data_dir: Path) -> int:
    from reader.ui.errors import install_excepthook

    app = QApplication.instance() or QApplication([])
    app.setApplicationName("Procedures reader")
    install_excepthook()
    window = build_window(opened, data_dir)
    window.show()
    if window.settings.board is None:
        window.choose_board()
    if opened.problems:
        from reader.ui.errors import show_error

        show_error(window, "\n".join(opened.problems))
    return app.exec()


def screenshot(opened: Opened, data_dir: Path, out: Path, board=None, chapter=None, query=None, theme=None) -> None:
    """Render the window offscreen to a PNG (for the README and the tests)."""
    app = QApplication.instance() or QApplication([])
    window = build_window(opened, data_dir, board=board)
    if theme:
        window.apply_theme(theme)
    window.resize(1280, 800)
    window.show()
    if chapter:
        window.open_chapter(chapter)
    if query:
        window.search_box.setText(query)
        window.search_panel.request(query, immediate=True)
        _wait_for_results(app, window)
    app.processEvents()
    if not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()


def _wait_for_results(app, window, timeout_s: float = 10.0) -> None:
    import time

    done = []
    window.search_panel.searched.connect(lambda *_: done.append(True))
    deadline = time.monotonic() + timeout_s
    while not done and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
