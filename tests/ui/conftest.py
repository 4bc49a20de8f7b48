import datetime as dt

import pytest

from reader.core.editions.library import Library
from reader.core.paths import bundled_repository, trusted_root_file


@pytest.fixture(scope="session")
def opened(tmp_path_factory):
    data = tmp_path_factory.mktemp("edition")
    return Library(data, trusted_root_file().read_bytes(), bundled_repository()).open()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, opened):
    """One search index for the session: building it is the slow part."""
    from reader.core.search import open_index

    folder = tmp_path_factory.mktemp("index") / "index"
    open_index(folder, opened.manual).close()
    return folder


@pytest.fixture
def make_window(qtbot, tmp_path, opened, index_dir):
    import shutil

    from reader.ui.app import build_window

    def make(board="walsall", today=dt.date.today):
        shutil.copytree(index_dir, tmp_path / "index", dirs_exist_ok=True)
        window = build_window(opened, tmp_path, board=board, today=today)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        window.windowHandle().requestActivate()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)  # shortcuts reach only the active window
        return window

    return make


@pytest.fixture
def window_one_edition_behind(tmp_path, qtbot, publisher):
    """(window, library): a laptop of the 2018 edition, Walsall chosen, whose publisher has
    since published the 2026 one (to sync from a server or a folder)."""
    from reader.ui.app import build_window
    from tests.publishing import NEW_DAY, OLD_DAY, edition, make_laptop

    publisher.publish(edition(OLD_DAY), minutes=-5)
    library = make_laptop(publisher.repo, tmp_path)
    publisher.publish(edition(NEW_DAY))
    window = build_window(library.open(), tmp_path / "data", board="walsall", library=library)
    qtbot.addWidget(window)
    window.show()
    return window, library


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    """A laptop one sync behind its publisher (tests.publishing.laptop_after_a_sync), once a module."""
    from tests.publishing import laptop_after_a_sync

    return laptop_after_a_sync(tmp_path_factory.mktemp("two-editions"))


@pytest.fixture
def window_behind_a_server(two_editions, tmp_path, qtbot, monkeypatch):
    """(window, server, dialogs, said): a window on the older edition, the newer one served at the
    window's sync address; every error dialog and every message recorded."""
    from reader.ui.app import build_window
    from tests.server import Server

    held, _, _ = two_editions
    library = Library(tmp_path / "data", held.pinned_root, held.bundled)
    server = Server(held.bundled.parent / "repo")
    window = build_window(library.open(), tmp_path / "data", board="walsall", library=library)
    qtbot.addWidget(window)
    window.show()
    window.settings.sync_url = server.url
    dialogs, said = [], []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: dialogs.append(message))
    window.messages.said.connect(lambda level, text: said.append((level, text)))
    yield window, server, dialogs, said
    server.stop()
