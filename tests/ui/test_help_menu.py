"""File > Quit, Help > Keyboard shortcuts (read from the actions themselves) and About."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from reader import __version__
from reader.core import labels
from reader.ui.help_menu import shortcuts


def menu_titles(window):
    return [a.text() for a in window.menuBar().actions()]


def test_file_comes_first_and_help_last(make_window):
    titles = menu_titles(make_window("walsall"))
    assert titles[0] == "&File" and titles[-1] == "&Help"


def test_ctrl_q_quits_and_the_window_is_remembered(make_window, qtbot, tmp_path):
    window = make_window("walsall")
    file_menu = window.menuBar().actions()[0].menu()
    assert window.quit_action in file_menu.actions()
    qtbot.keyClick(window, Qt.Key_Q, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=2000)
    assert "geometry" in (tmp_path / "window.ini").read_text(encoding="latin-1")


def test_every_shortcut_of_the_window_is_listed_from_its_action(make_window):
    window = make_window("walsall")
    listed = {(s.does, s.keys) for s in shortcuts(window)}
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.NativeText) for k in action.shortcuts()]
        if keys:
            assert (action.text().replace("&", ""), " or ".join(keys)) in listed
    by_words = {s.does: s for s in shortcuts(window)}
    assert by_words["Search the procedures"].keys == "Ctrl+K or Ctrl+L"
    assert by_words["Search the procedures"].where == "View"
    assert by_words["Quit"].keys == "Ctrl+Q" and by_words["Quit"].where == "File"
    assert by_words["Print…"].where == "Chapter"
    assert by_words["Close find, or clear the search"].keys == "Esc"


def test_the_list_cannot_go_stale(make_window, qtbot):
    window = make_window("walsall")
    dialog = window.help.show_shortcuts()
    assert not any("Ctrl+Shift+X" in r.cells[0] for r in dialog.rows)
    window.print_action_copy = QAction("Something new", window, shortcut=QKeySequence("Ctrl+Shift+X"))
    window.addAction(window.print_action_copy)
    window.tools.print_action.setShortcut(QKeySequence("Ctrl+Alt+P"))
    dialog = window.help.show_shortcuts()
    rows = {r.cells[1]: r.cells[0] for r in dialog.rows}
    assert rows["Something new"] == "Ctrl+Shift+X" and rows["Print…"] == "Ctrl+Alt+P"


def test_shortcuts_open_by_keyboard_and_filter(make_window, qtbot):
    window = make_window("walsall")
    qtbot.keyClick(window, Qt.Key_Slash, Qt.ControlModifier)
    dialog = window.help.dialogs["shortcuts"]
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    qtbot.waitUntil(dialog.filter.hasFocus, timeout=2000)  # typing goes to the filter at once
    qtbot.keyClicks(dialog.filter, "print")
    assert [r.cells[0] for r in dialog.visible_rows()] == ["Ctrl+P"]
    assert window.help.shortcuts_action in window.menuBar().actions()[-1].menu().actions()


def test_about_says_the_version_the_edition_s_dates_and_the_data_folder(make_window, opened, tmp_path):
    window = make_window("walsall")
    assert window.help.about_action in window.menuBar().actions()[-1].menu().actions()
    dialog = window.help.show_about()
    text = dialog.label.text()
    assert __version__ in text
    assert f"Edition published {opened.as_of}" in text
    assert labels.newest_amendment(opened.manual).isoformat() in text
    assert str(tmp_path) in text
    dialog.reject()
