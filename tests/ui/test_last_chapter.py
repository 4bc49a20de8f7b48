"""The chapter being read is opened again at the next start, when it still may be."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings

from reader.core import settings as settings_store


def reopened(make_window, qtbot, board):
    """A second start on the same data folder: the chapter shown once its first paint is done."""
    window = make_window(board)
    said = []
    window.messages.said.connect(lambda level, text: said.append(text))
    qtbot.waitUntil(lambda: window.view.browser.viewport().isVisible(), timeout=2000)
    qtbot.wait(100)  # past the first paint, and the turn of the loop after it
    return window, said


def close(window) -> None:
    window.close()


def test_the_last_chapter_is_opened_again(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    close(window)
    again, said = reopened(make_window, qtbot, "walsall")
    qtbot.waitUntil(lambda: again.view.chapter_id == "walsall-lado", timeout=2000)
    assert again.windowTitle().startswith(again.view.title)
    assert again.contents.selectedItems()  # and found in the contents
    assert said == []


def test_the_welcome_page_when_the_last_chapter_was_closed_on_it(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.show_welcome()
    close(window)
    again, _ = reopened(make_window, qtbot, "walsall")
    assert again.view.chapter_id is None


def test_another_partnership_s_chapter_is_not_opened_again(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    close(window)
    again, said = reopened(make_window, qtbot, "dudley")
    assert again.view.chapter_id is None and "West Midlands child protection procedures" in again.view.browser.toPlainText()
    assert said == []  # silently: the welcome page, no message


def test_no_local_chapter_is_opened_again_while_no_partnership_is_chosen(make_window, qtbot, tmp_path):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    close(window)
    again, _ = reopened(make_window, qtbot, None)
    assert again.view.chapter_id is None
    close(again)
    QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat).setValue("last_chapter", "referrals")
    shared, _ = reopened(make_window, qtbot, None)
    qtbot.waitUntil(lambda: shared.view.chapter_id == "referrals", timeout=2000)


@pytest.mark.parametrize("value", ["withdrawn-chapter", "", "../../etc/passwd"])
def test_a_chapter_gone_from_the_edition_gives_the_welcome_page_silently(make_window, qtbot, tmp_path, value):
    store = QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat)
    store.setValue("last_chapter", value)
    store.sync()
    again, said = reopened(make_window, qtbot, "walsall")
    assert again.view.chapter_id is None and said == []


def test_a_rendering_does_not_reopen_it(opened, tmp_path, qtbot):
    from reader.ui.app import build_window

    QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat).setValue("last_chapter", "referrals")
    window = build_window(opened, tmp_path, board="walsall", remember=False)  # as reader screenshot makes it
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(100)
    assert window.view.chapter_id is None  # the page it was asked for, not the user's last chapter
    window.close()
    assert QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat).value("last_chapter") == "referrals"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the edition is opened in a forked child on Linux only")
def test_reopening_does_not_bring_markdown_into_the_first_paint(tmp_path):
    from tests.ui.test_startup_imports import heavy, start_window

    settings_store.save(tmp_path, settings_store.Settings(board="walsall"))
    store = QSettings(str(tmp_path / "window.ini"), QSettings.IniFormat)
    store.setValue("last_chapter", "walsall-lado")
    store.sync()
    seen = start_window(tmp_path)
    assert seen["painted"] == "MainWindow" and heavy(seen["early"]) == []
