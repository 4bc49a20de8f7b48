"""Starting the window: open the verified edition, the search index, the settings."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from reader.core import settings as settings_store
from reader.core.library import Opened
from reader.ui.main_window import Edition, MainWindow


class BackgroundSearch:
    """The window's search function; the index opens in a thread after start-up.

    Opening (and, after a new edition, updating) the index is the slowest part
    of starting; the window is usable before it ends, and a query typed in the
    meantime simply waits for it in its worker thread, never in the UI.
    """

    LIMIT = 25  # more than fit in the results pane; each needs a snippet

    def __init__(self, opened: Opened, data_dir: Path):
        self._manual = opened.manual
        self._folder = Path(data_dir) / "index"
        self._ready = threading.Event()
        self._lock = threading.Lock()  # one query at a time on the shared searcher
        self._index = None
        self._error: Exception | None = None
        threading.Thread(target=self._open, name="open-search-index", daemon=True).start()

    def _open(self) -> None:
        try:
            from reader.core.search import open_index

            self._index = open_index(self._folder, self._manual)  # brought up to date as it opens
        except Exception as exc:  # reported with the first query
            self._error = exc
        finally:
            self._ready.set()

    def __call__(self, query: str, board: str | None) -> dict:
        self._ready.wait()
        if self._error is not None:
            raise self._error
        from reader.core.search import search

        with self._lock:
            return search(self._index, query, board=board, limit=self.LIMIT).to_json()


def build_window(opened: Opened, data_dir: Path, board: str | None = None, today=dt.date.today) -> MainWindow:
    settings, problem = settings_store.load(data_dir)
    if board is not None:
        settings.board = board
    window = MainWindow(Edition(opened.manual, opened.as_of, None), settings, data_dir,
                        BackgroundSearch(opened, data_dir), today=today)
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
