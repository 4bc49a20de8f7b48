"""Starting the window: open the verified edition, the search index, the settings."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reader.core import settings as settings_store
from reader.core.editions import state as sync_state
from reader.core.errors import ReaderError
from reader.core.editions.opened import Opened
from reader.ui.main_window import MainWindow

if TYPE_CHECKING:  # the library (verification, TOML, content) and sync are imported once the window is up
    from reader.core.editions.library import Library
    from reader.core.editions.sync import SyncReport
    from reader.core.search import SearchResults


class BackgroundSearch:
    """The window's search function; the index opens in a thread after start-up.

    Opening (and, after a new edition, updating) the index is the slowest part
    of starting; the window is usable before it ends, and a query typed in the
    meantime simply waits for it in its worker thread, never in the UI.
    """

    LIMIT = 25  # more than fit in the results pane; each needs a snippet

    def __init__(self, opened: Opened, data_dir: Path, index_dir: Path | None = None):
        self._manual = opened.manual
        self._folder = Path(index_dir) if index_dir is not None else Path(data_dir) / "index"
        self._ready = threading.Event()
        self._lock = threading.Lock()  # one query at a time on the shared searcher
        self._index = None
        self._error: Exception | None = None
        self._started = False
        self._start_lock = threading.Lock()

    def start(self) -> None:
        """Open the index in a thread; called once the window is on screen.

        Started earlier, the thread's imports and reads take the interpreter
        lock from the thread building the window, and the window appears later.
        """
        with self._start_lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._open, name="open-search-index", daemon=True).start()

    def _open(self) -> None:
        try:
            from reader.core.search import open_index

            self._index = open_index(self._folder, self._manual)  # brought up to date as it opens
        except Exception as exc:  # reported with the first query
            self._error = exc
        finally:
            self._ready.set()

    def update_index(self, manual) -> None:
        """Bring the index to a new edition (sync's index step; runs in the sync's worker)."""
        self.start()
        self._ready.wait()
        if self._index is None:
            return
        with self._lock:
            self._index.update(manual)

    def __call__(self, query: str, board: str | None) -> SearchResults:
        self.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        from reader.core.search import search

        with self._lock:
            return search(self._index, query, board=board, limit=self.LIMIT)


class SyncService:
    """What the window needs of sync and the library; the window itself knows neither.

    The window runs `run` through its SyncController, in a worker; every other
    call is made on the UI thread and reads only small files or old editions.
    """

    def __init__(self, library: Callable[[], Library], data_dir: Path, search: BackgroundSearch):
        self._get_library, self._library = library, None
        self.data_dir, self.search = Path(data_dir), search
        self.held: Callable[[], Opened] | None = None  # the edition the window shows: sync's base, not verified again

    @property
    def library(self) -> Library:
        """Made when first needed: nothing at start-up asks for it."""
        if self._library is None:
            self._library = self._get_library()
        return self._library

    def run(self, url: str, progress, cancelled) -> SyncReport:
        """One sync (in a worker): its report carries the edition in use afterwards, already opened."""
        from reader.core.editions.sync import sync

        return sync(self.library, url, progress=progress, cancelled=cancelled, index_update=self.search.update_index,
                    held=self.held() if self.held is not None else None)

    def export_edition(self, folder: Path):
        """The edition in use written to `folder` as a repository (in a worker): reader.core.editions.export."""
        from reader.core.editions.export import export_edition

        return export_edition(self.library, folder)

    def last_check(self) -> dt.date | None:
        """The day of the last successful check for updates, if any (state.json)."""
        return sync_state.last_check(self.data_dir)

    def previous_manual(self, name: str | None):
        """The edition held before a sync, verified again; None (no redline, nothing worse) if gone or bad."""
        return sync_state.previous_manual(self.library, name)

    def earlier_manuals(self) -> list:
        """The other editions kept on this computer, newest first, each verified again."""
        manuals = []
        current = self.library.current_name()
        for name in self.library.installed():
            if name == current:
                continue
            try:
                manuals.append(self.library.read(name))
            except ReaderError:
                continue  # a damaged old edition gives no earlier wording, nothing worse
        return manuals

    def last_arrival(self) -> dict | None:
        """What the last sync brought, worked out again from the verified editions (state.json names them only)."""
        opened = self.library.open()
        return sync_state.arrival(self.library, opened.name, opened.manual)

    def unread(self) -> set[str]:
        return set(sync_state.load(self.data_dir).get("unread", []))

    def set_unread(self, ids: set[str]) -> None:
        sync_state.update(self.data_dir, unread=sorted(ids))


def build_window(opened: Opened, data_dir: Path, board: str | None = None, today=dt.date.today,
                 library: Library | Callable[[], Library] | None = None, remember: bool = True,
                 read_only: ReaderError | None = None) -> MainWindow:
    """The window over an opened edition; `library` (or a function that makes it) enables sync;
    `remember=False` for a rendering: the user's settings and window.ini are read, never written;
    `read_only`: why the data folder cannot be written (a DataFolderError), said until dismissed."""
    from reader.core import policy as policy_store
    from reader.core import set_aside
    from reader.ui import notices

    with set_aside.collected() as found:  # every damaged file of this start, each reported until dismissed
        if remember:
            set_aside_damaged_window_ini(Path(data_dir))
        settings, problem = settings_store.load(data_dir)
        policy = policy_store.load()  # the organisation's presets and locks, over the user's own
        settings = policy.apply(settings, settings_store.stored(data_dir))
        if board is not None:
            settings.board = board
        search = BackgroundSearch(opened, data_dir, index_dir=_scratch_index() if read_only else None)
        service = None
        if library is not None:
            service = SyncService(library if callable(library) else lambda: library, data_dir, search)
        window = MainWindow(opened, settings, data_dir, search, today=today, sync_service=service,
                            last_check=sync_state.last_check(data_dir), remember=remember)
        if service is not None:
            service.held = lambda: window.edition  # replaced only on the UI thread, after a sync has finished
    window.policy = policy
    notices.attach(window, found)
    if read_only is not None:
        from reader.ui.read_only import tell

        tell(window, read_only)
    QTimer.singleShot(0, search.start)  # the first turn of the event loop: the window is shown by then
    settings_set_aside = any(done.file.name == settings_store.FILE for done in found)  # said above, lastingly
    said_later = [problem] if problem and not settings_set_aside else []
    for message in opened.problems + said_later + ([policy.problem] if policy.problem else []):
        window.messages.warning(message)
    return window


_SCRATCH: list = []


def _scratch_index() -> Path:
    """A search index for this process alone, when the data folder cannot take one: gone at exit."""
    import tempfile

    scratch = tempfile.TemporaryDirectory(prefix="procedures-reader-index-")
    _SCRATCH.append(scratch)
    return Path(scratch.name) / "index"


WINDOW_INI = "window.ini"


def set_aside_damaged_window_ini(data_dir: Path) -> None:
    """Set window.ini aside if Qt cannot read it, before the window writes over it on closing.

    Qt reads what it can of a damaged file and would save over the rest; a
    file with content but no setting at all is not one the window wrote.
    """
    from PySide6.QtCore import QSettings

    from reader.core.set_aside import set_aside

    path = data_dir / WINDOW_INI
    try:
        if path.stat().st_size == 0:
            return
    except OSError:  # none yet (or unreadable: Qt starts from nothing and nothing is written over)
        return
    ini = QSettings(str(path), QSettings.IniFormat)
    if ini.status() == QSettings.FormatError or not ini.allKeys():
        del ini  # its file closed before the rename
        try:
            set_aside(path)
        except OSError:  # a folder that cannot be written: nothing can overwrite it either
            pass


def run_app(open_edition: Callable[[], Opened], library: Callable[[], Library],
            open_read_only: Callable[[ReaderError], Opened] | None = None, request=None) -> int:
    """The window's process: `open_edition` gives the verified edition (reader.core.editions.early_open);
    `open_read_only(problem)` the one to read when the data folder cannot be written; `request`
    (a reader.ui.launch_requests.LaunchRequest) what to open, here or in the window already running."""
    from reader.core.errors import DataFolderError
    from reader.ui.errors import install_excepthook, show_error

    app = start_app()
    install_excepthook()
    read_only = None
    try:
        try:
            opened = open_edition()
        except DataFolderError as exc:
            if open_read_only is None:
                raise
            read_only = exc  # the procedures are still there to read: said in the window, not instead of it
            opened = open_read_only(exc)
    except ReaderError as exc:  # said in a window too: the reader may have been started from a menu
        why = f"{read_only}; nor could the bundled edition be opened: {exc}" if read_only else exc
        show_error(None, f"The procedures cannot be opened: {why}")
        raise
    from reader.core.editions import in_use
    from reader.ui import launch_requests, single_instance

    instance = single_instance.claim(opened.data_dir, request)  # named from the folder: one window for each
    if instance is None:
        return 0  # the window already open on this folder was brought to the front instead
    window = show_window(opened, None if read_only else library, read_only=read_only)  # no sync into a folder that cannot take it
    if read_only is None:
        from reader.ui import auto_sync

        auto_sync.install(window)  # its first check waits until the window has been up a few seconds
    launch_requests.answer(instance, window)  # another launch on this folder: to the front, at what it asked
    # The edition shown is marked in use (no other reader prunes it) once the window is up, before any
    # dialog's own event loop: filelock stays off the start-up path. The mark goes with the Opened,
    # when a sync replaces window.edition.
    QTimer.singleShot(0, lambda: in_use.hold(window.edition))
    if window.settings.board is None:
        window.choose_board()
    if opened.problems:
        window.messages.error("\n".join(opened.problems))
    if request is not None:  # after the partnership is chosen: its rule decides what may open
        launch_requests.open_in(window, request)
    del opened  # else this frame would keep the first edition marked for the window's whole life
    return app.exec()


def start_app() -> QApplication:
    app = QApplication.instance() or QApplication([])
    app.setApplicationName("Procedures reader")
    _set_icon(app)
    return app


def show_window(opened: Opened, library: Callable[[], Library] | None, read_only: ReaderError | None = None) -> MainWindow:
    """The window built and shown, its state in the edition's data folder: the start-up benchmark times up to here."""
    window = build_window(opened, opened.data_dir, library=library, read_only=read_only)
    window.show()
    return window


def _set_icon(app: QApplication) -> None:
    from PySide6.QtGui import QIcon

    from reader.core.paths import icon_file

    # Names the desktop entry, so a Wayland desktop shows the entry's icon and name.
    app.setDesktopFileName("procedures-reader")
    icon = icon_file()
    if icon.is_file():  # a missing icon is cosmetic: never a reason not to start
        app.setWindowIcon(QIcon(str(icon)))


def screenshot(opened: Opened, data_dir: Path, out: Path, board=None, chapter=None, query=None, theme=None) -> None:
    """Render the window offscreen to a PNG (for the README and the tests)."""
    app = QApplication.instance() or QApplication([])
    window = build_window(opened, data_dir, board=board, remember=False)  # the user's state is not the picture's
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
