"""Search heard and used by keyboard alone (issue 17): the count and the suggestion are
announced, the suggestion is a control, Down moves into the results, excerpts are exposed."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from reader.ui import announce as announce_module


@pytest.fixture
def heard(monkeypatch):
    said = []

    def record(event):
        if event.type() == QAccessible.Event.Announcement:
            said.append(event.message())

    monkeypatch.setattr(announce_module, "send", record)
    return said


def search(window, qtbot, text):
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000) as blocker:
        window.search_box.setText(text)
    return blocker.args[1]


def test_the_count_is_announced(make_window, qtbot, heard):
    window = make_window("walsall")
    count = search(window, qtbot, "child protection plan")
    assert count > 1
    assert f"{count} results. Press Down for the results." in heard


def test_no_results_and_the_suggestion_are_announced(make_window, qtbot, heard):
    window = make_window("walsall")
    search(window, qtbot, "refferal")
    assert heard[-1].endswith("results. Did you mean “referral”? Press Down for the suggestion.")
    search(window, qtbot, "zzqqxxv")
    assert heard[-1] == "No results. “zzqqxxv” is not found in Walsall's procedures."  # the notice is heard too


def test_the_suggestion_is_reached_by_down_and_taken_by_enter(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    search(window, qtbot, "refferal")
    button = window.search_panel.suggestion
    assert button.isVisible() and "referral" in button.text()
    qtbot.keyClick(window.search_box, Qt.Key_Down)
    assert QApplication.focusWidget() is button
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        qtbot.keyClick(button, Qt.Key_Space)
    assert window.search_box.text() == "referral"
    assert QApplication.focusWidget() is window.search_box
    assert not button.isVisible() and window.search_panel.list.count() > 0


def test_down_passes_the_suggestion_then_the_results_and_up_comes_back(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    search(window, qtbot, "refferal")  # results for the words known, and a suggestion
    panel = window.search_panel
    assert panel.list.count() and panel.suggestion.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key_Down)
    assert QApplication.focusWidget() is panel.suggestion
    qtbot.keyClick(panel.suggestion, Qt.Key_Down)
    assert QApplication.focusWidget() is panel.list and panel.list.currentRow() == 0
    qtbot.keyClick(panel.list, Qt.Key_Up)
    assert QApplication.focusWidget() is panel.suggestion
    qtbot.keyClick(panel.suggestion, Qt.Key_Up)
    assert QApplication.focusWidget() is window.search_box


def test_the_suggestion_is_reached_by_tab(make_window, qtbot):
    window = make_window("walsall")
    search(window, qtbot, "refferal")
    assert window.search_panel.suggestion.focusPolicy() & Qt.TabFocus


def test_down_moves_into_the_results_and_up_comes_back(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    search(window, qtbot, "child protection plan")
    results = window.search_panel.list
    assert results.count() > 1
    qtbot.keyClick(window.search_box, Qt.Key_Down)
    assert QApplication.focusWidget() is results and results.currentRow() == 0
    qtbot.keyClick(results, Qt.Key_Down)
    assert results.currentRow() == 1  # inside the list, Down is the list's own
    qtbot.keyClick(results, Qt.Key_Up)
    qtbot.keyClick(results, Qt.Key_Up)
    assert QApplication.focusWidget() is window.search_box


def test_each_result_carries_its_excerpt_as_its_description(make_window, qtbot):
    window = make_window("walsall")
    search(window, qtbot, "LADO")
    results = window.search_panel.list
    iface = QAccessible.queryAccessibleInterface(results)
    row = next(iface.child(i) for i in range(iface.childCount())
               if iface.child(i).role() == QAccessible.ListItem)
    assert row.text(QAccessible.Name) == results.item(0).data(Qt.AccessibleTextRole)
    excerpt = row.text(QAccessible.Description)
    assert "LADO" in excerpt and "<b>" not in excerpt
    assert excerpt in window.edition.manual.chapter(results.item(0).data(Qt.UserRole)).body  # its own words


def test_the_count_is_heard_not_written_in_the_status_bar(make_window, qtbot, heard):
    window = make_window("walsall")
    search(window, qtbot, "LADO")
    assert heard and window.statusBar().currentMessage() == ""  # it is shown above the results already
