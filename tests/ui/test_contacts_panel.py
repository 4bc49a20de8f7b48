"""Contacts beside the chapter, each number with the words that tell it from the next."""

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest

from reader.core import labels


def global_rect(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def open_contacts(window):
    QTest.keyClick(window, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    return window.tools.dialogs["contacts"]


def test_opening_contacts_leaves_the_chapter_in_view(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-mash")
    before = window.view.browser.height()
    panel = open_contacts(window)
    qtbot.waitUntil(panel.isVisible)
    assert not panel.isWindow() and not panel.isModal()  # part of the window, not a dialog over it
    assert not global_rect(panel).intersects(global_rect(window.view.browser))
    assert window.view.browser.isVisible() and window.view.browser.height() >= before // 2
    assert panel.dock.windowTitle() == "Contacts: Walsall"
    # the chapter can still be read and searched with the panel open
    window.view.browser.setFocus()
    assert window.view.find_all("0300 555 2922") == 1


def test_escape_closes_the_panel_and_the_shortcut_brings_it_back(make_window, qtbot):
    window = make_window("walsall")
    panel = open_contacts(window)
    qtbot.waitUntil(lambda: panel.filter.hasFocus())
    QTest.keyClick(panel.filter, Qt.Key_Escape)
    assert not panel.isVisible() and not panel.dock.isVisible()
    assert window.view.browser.hasFocus()  # back to the chapter
    panel = open_contacts(window)
    assert panel.isVisible() and panel.dock.isVisible() and panel.visible_rows()


def test_the_words_beside_each_number_are_shown_in_a_column(make_window):
    window = make_window("walsall")
    panel = open_contacts(window)
    header = panel.table.headerItem()
    column = [header.text(i) for i in range(header.columnCount())].index(labels.CONTACT_LABEL)
    shown = {}
    for i in range(panel.table.topLevelItemCount()):
        item = panel.table.topLevelItem(i)
        shown[item.text(1)] = item.text(column)
    # Two numbers of one sentence, told apart in the text's own words, visibly (not in a tooltip).
    assert shown["0300 555 2922"] == "Out of Hours"
    assert shown["0300 555 2866"].endswith("to the MASH")
    assert shown["01922 652322"] == "Office number"
    assert not panel.table.isColumnHidden(column) and panel.table.columnWidth(column) > 60
