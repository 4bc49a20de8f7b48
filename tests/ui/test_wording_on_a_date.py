"""Wording on a date (issue 16): the date is taken as typed or refused, the answer repeats it,
and an earlier wording stays marked however far it is scrolled, and in the window's title."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from reader.core import labels

TODAY = dt.date(2026, 12, 1)


def history(make_window, chapter="introduction"):
    window = make_window("walsall", today=lambda: TODAY)
    window.open_chapter(chapter)
    QTest.keyClick(window, Qt.Key_H, Qt.ControlModifier)
    return window, window.tools.dialogs["history"]


def type_date(qtbot, dialog, text):
    dialog.date.selectAll()
    qtbot.keyClicks(dialog.date, text)
    qtbot.keyClick(dialog.date, Qt.Key_Return)


def test_a_typed_date_is_taken_as_typed(make_window, qtbot):
    window, dialog = history(make_window)
    assert dialog.date.text() == TODAY.isoformat()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.focusWidget() is dialog.date and dialog.date.selectedText() == TODAY.isoformat()
    qtbot.keyClicks(dialog.focusWidget(), "2018-01-15")  # typed straight in, as the dialog opens
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_Return)
    assert window.view.shown_on == dt.date(2018, 1, 15)
    assert "NOT THE CURRENT WORDING. This is the wording in force on 2018-01-15" in window.view.browser.toPlainText()
    assert "2018-01-15" in dialog.note.text() and "2018-01-15" in window.messages.last[1]


def test_a_pasted_date_not_in_the_form_is_refused_and_nothing_changes(make_window, qtbot):
    window, dialog = history(make_window)
    QGuiApplication.clipboard().setText("15/01/2018")
    dialog.date.selectAll()
    dialog.date.paste()
    qtbot.keyClick(dialog.date, Qt.Key_Return)
    assert window.view.shown_on is None and "NOT THE CURRENT" not in window.view.browser.toPlainText()
    assert "“15/01/2018” is not a date" in dialog.note.text() and "YYYY-MM-DD" in dialog.note.text()
    type_date(qtbot, dialog, "2018-02-30")  # the form, but no such day
    assert window.view.shown_on is None and "“2018-02-30” is not a date" in dialog.note.text()


def test_the_answer_repeats_the_date_asked(make_window, qtbot):
    window, dialog = history(make_window)
    type_date(qtbot, dialog, "2020-01-15")
    said = "The current wording was already in force on 2020-01-15 (it is in force from 2019-04-26)."
    assert window.messages.last == ("info", said) and dialog.note.text() == said


def test_a_day_still_to_come_is_said_so(make_window, qtbot):
    window, dialog = history(make_window)
    type_date(qtbot, dialog, "2030-01-01")
    chapter = window.edition.manual.chapter("introduction")
    assert dialog.note.text() == labels.future_notice(chapter, dt.date(2030, 1, 1), TODAY)
    assert dialog.note.text().startswith("2030-01-01 is after today (2026-12-01)")
    assert window.view.shown_on is None


def test_the_not_current_mark_stays_while_scrolling_and_is_in_the_title(make_window, qtbot):
    window, dialog = history(make_window, "responding-to-concerns")
    day = window.edition.manual.chapter("responding-to-concerns").wordings[0].in_force_from
    type_date(qtbot, dialog, day.isoformat())
    assert window.view.shown_on == day
    bar = window.view.browser.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.maximum() > 0 and window.view.notice.isVisible()
    assert window.view.notice.text().startswith("⚠ " + labels.not_current_stamp(day))
    assert labels.not_current_stamp(day) in window.windowTitle()
    assert window.windowTitle().startswith(window.edition.manual.chapter("responding-to-concerns").title)
    dialog.current_button.click()
    assert not window.view.notice.isVisible() and "NOT CURRENT" not in window.windowTitle()
