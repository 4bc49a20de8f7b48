"""Find in chapter (issues 16 and 17): "3 of 83" seen and heard, the match in the middle of
the view, Esc back to the text, matches marked by more than colour."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QTextCharFormat
from PySide6.QtWidgets import QApplication

from reader.ui import announce as announce_module
from reader.ui.find_bar import position_text


@pytest.fixture
def heard(monkeypatch):
    said = []
    monkeypatch.setattr(announce_module, "send",
                        lambda e: said.append(e.message()) if e.type() == QAccessible.Event.Announcement else None)
    return said


def finding(make_window, qtbot, text="LADO", chapter="walsall-lado"):
    window = make_window("walsall")
    window.resize(1100, 600)
    window.open_chapter(chapter)
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    qtbot.keyClicks(window.find_bar.edit, text)
    return window


def total(window, text="lado"):
    return window.view.browser.toPlainText().lower().count(text)


def test_the_position_is_said_as_n_of_total():
    assert position_text(2, 83) == "3 of 83"
    assert position_text(-1, 0) == "No matches"


def test_enter_and_shift_enter_step_through_the_matches_and_say_where(make_window, qtbot, heard):
    window = finding(make_window, qtbot)
    bar, n = window.find_bar, total(window)
    assert n > 3 and bar.count.text() == f"1 of {n}"
    qtbot.keyClick(bar.edit, Qt.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key_Return)
    assert bar.count.text() == f"3 of {n}"
    assert QAccessible.queryAccessibleInterface(bar.count).text(QAccessible.Name) == f"Match 3 of {n}"
    assert QAccessible.queryAccessibleInterface(bar.edit).text(QAccessible.Description) == f"Match 3 of {n}"
    assert heard[-1] == f"Match 3 of {n}"
    qtbot.keyClick(bar.edit, Qt.Key_Return, Qt.ShiftModifier)
    assert bar.count.text() == f"2 of {n}"
    qtbot.keyClick(window, Qt.Key_F3, Qt.ShiftModifier)
    qtbot.keyClick(window, Qt.Key_F3, Qt.ShiftModifier)
    assert bar.count.text() == f"{n} of {n}"  # wraps round, and says so
    qtbot.keyClick(window, Qt.Key_F3)
    assert bar.count.text() == f"1 of {n}"


def test_no_matches_is_said(make_window, qtbot):
    window = finding(make_window, qtbot, "zzqqxx")
    assert window.find_bar.count.text() == "No matches"
    assert not window.find_bar.next_button.isEnabled()


def test_the_current_match_is_in_the_middle_of_the_view(make_window, qtbot):
    window = finding(make_window, qtbot)
    bar, browser = window.find_bar, window.view.browser
    height = browser.viewport().height()
    centred = 0
    for _ in range(total(window)):
        qtbot.keyClick(bar.edit, Qt.Key_Return)
        y = browser.cursorRect(browser.textCursor()).center().y()
        scroll = browser.verticalScrollBar()
        if 0 < scroll.value() < scroll.maximum():  # not held at the top or the end of the text
            assert abs(y - height // 2) <= 2, f"match at {y} of a view {height} high"
            centred += 1
        else:
            assert 0 <= y <= height  # seen, at least
    assert centred >= 2


def test_the_selection_is_the_current_match(make_window, qtbot):
    window = finding(make_window, qtbot)
    qtbot.keyClick(window.find_bar.edit, Qt.Key_Return)
    assert window.view.browser.textCursor().selectedText().lower() == "lado"


def test_esc_closes_find_and_gives_the_keyboard_to_the_chapter_text(make_window, qtbot):
    window = finding(make_window, qtbot)
    qtbot.keyClick(window.find_bar.edit, Qt.Key_Escape)
    assert not window.find_bar.isVisible()
    assert QApplication.focusWidget() is window.view.browser
    assert window.view.browser.extraSelections() == []


def test_matches_are_marked_by_more_than_colour(make_window, qtbot):
    window = finding(make_window, qtbot)
    marks = window.view.browser.extraSelections()
    assert len(marks) == total(window)
    current, others = marks[0].format, [m.format for m in marks[1:]]
    assert all(f.fontUnderline() and f.underlineStyle() == QTextCharFormat.SingleUnderline for f in others)
    assert current.underlineStyle() == QTextCharFormat.WaveUnderline  # the current one by its shape too
    window.find_bar.next()
    assert window.view.browser.extraSelections()[1].format.underlineStyle() == QTextCharFormat.WaveUnderline


def test_a_search_opened_marks_its_words_by_more_than_colour(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    assert window.highlight_query("LADO") > 0
    assert all(m.format.fontUnderline() for m in window.view.browser.extraSelections())
