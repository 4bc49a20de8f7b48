"""A data folder that cannot be written: the window opens read-only and says so (issue 16).

Running as root, chmod does not stop a write, so the folder here is one that
cannot be made (under a regular file) or errors are injected; the chmod'ed
case is tests/core/test_read_only_data_dir.py, skipped as root.
"""

import argparse

import pytest

from reader import cli
from reader.core.errors import DataFolderError
from reader.core.paths import writable_data_dir
from reader.ui.app import build_window


def _problem(folder):
    with pytest.raises(DataFolderError) as caught:
        writable_data_dir(folder)
    return caught.value


def test_a_folder_that_cannot_be_made_opens_the_bundled_edition_read_only(qtbot, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    (tmp_path / "a-file").write_text("")
    folder = tmp_path / "a-file" / "data"
    problem = _problem(folder)
    opened = cli.open_read_only(argparse.Namespace(data_dir=str(folder)), problem)
    assert opened.data_dir == folder and opened.manual.chapters
    window = build_window(opened, folder, board="walsall", read_only=problem)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(shown), timeout=2000)
    assert str(folder) in shown[0] and "Not a directory" in shown[0] and "read-only" in shown[0]
    assert str(folder) in window.messages.notices.text.text() and window.messages.notices.isVisible()
    results = window.search_panel._search("neglect", "walsall")  # search works, its index elsewhere
    assert results.results


def test_a_bookmark_that_cannot_be_saved_is_not_shown_as_saved(make_window, monkeypatch):
    window = make_window("walsall")
    window.open_chapter("introduction")

    def read_only(*_a, **_k):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("reader.core.bookmarks.write_text", read_only)
    window.tools.toggle_bookmark()
    assert window.messages.last == ("warning", "Bookmarks could not be saved: Read-only file system")
    assert "introduction" not in window.tools.bookmarks and not window.tools.bookmark_action.isChecked()


def test_the_folders_own_edition_is_read_when_it_verifies(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    assert cli.main(["--data-dir", str(folder), "status"]) == 0

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tempfile.mkstemp", full)
    problem = _problem(folder)
    assert str(problem) == f"the data folder {folder} cannot be written: No space left on device"
    opened = cli.open_read_only(argparse.Namespace(data_dir=str(folder)), problem)
    assert opened.path.parent == folder / "editions" and opened.data_dir == folder
