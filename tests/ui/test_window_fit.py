"""The window at its default size: nothing of the toolbar hidden behind the overflow button,
nothing of a status message hidden under the permanent label, no stale highlights."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from reader.core.editions.library import Library
from reader.core.paths import bundled_repository, trusted_root_file

BOARDS = [None, "telford-wrekin", "wolverhampton", "walsall"]  # none chosen, and the longest names


@pytest.fixture
def window_with_sync(qtbot, tmp_path):
    """The window as the reader starts it: with a library, so Sync is in the toolbar too."""
    from reader.ui.app import build_window

    library = Library(tmp_path / "data", trusted_root_file().read_bytes(), bundled_repository())

    def make(board):
        window = build_window(library.open(), tmp_path / "data", board=board, library=library)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.mark.parametrize("board", BOARDS)
def test_the_toolbar_fits_the_default_window(window_with_sync, qtbot, board):
    window = window_with_sync(board)
    assert window.width() == 1100  # the default size: no window.ini yet
    qtbot.wait(50)
    more = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is None or not more.isVisible(), "part of the toolbar is behind its overflow button"
    right = window.toolbar.contentsRect().right()
    for a in window.toolbar.actions():
        widget = window.toolbar.widgetForAction(a)
        if widget is not None and not a.isSeparator():
            assert widget.isVisible() and widget.geometry().right() <= right, f"{a.text()!r} does not fit"
    assert window.theme_box.isVisible()


def test_a_status_message_is_not_clipped_under_the_edition_label(make_window, qtbot):
    window = make_window("walsall")
    bar = window.statusBar()
    text = "Bookmarks could not be saved: Read-only file system (the folder /home/someone/.local/share/reader)"
    window.messages.warning(text)
    qtbot.wait(20)
    # the message gets the bar's whole width: the edition's dates give way while it is up
    taken = sum(w.width() for w in (window.status_label, window.sync_progress, window.sync_cancel) if w.isVisible())
    assert bar.fontMetrics().horizontalAdvance(text) <= bar.width() - taken
    assert not window.status_label.isVisible()
    window.messages.clear()
    qtbot.waitUntil(window.status_label.isVisible, timeout=1000)  # and come back when it goes


def test_a_new_search_clears_the_last_search_s_highlights(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        qtbot.keyClicks(window.search_box, "allegations against staff")
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    assert window.view.chapter_id == "walsall-lado" and window.view.browser.extraSelections()
    window.focus_search()
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        qtbot.keyClicks(window.search_box, "bruising")
    # the chapter still shown is no longer marked with words nobody is searching for now
    assert window.view.chapter_id == "walsall-lado" and window.view.browser.extraSelections() == []


def test_a_new_chapter_is_shown_without_the_last_one_s_highlights(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    assert window.highlight_query("allegations")
    window.open_chapter("referrals")
    assert window.view.browser.extraSelections() == []
