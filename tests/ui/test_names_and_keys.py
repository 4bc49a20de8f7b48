"""Every control named in words, every dialog named with its context, a few keys (issue 17)."""

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractSpinBox, QWidget

from reader.ui.lists import NOT_RECORDED
from reader.ui.reference import KIND_LABEL

WORD = re.compile(r"[^\W\d_]{2,}")  # two letters at least: "A+", "★", "☎" or "✕" alone is no name


def unnamed(root: QWidget) -> list[str]:
    """Every control in `root` that takes the keyboard and is seen, without a role or a name in words."""
    bad = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or not widget.focusPolicy() & Qt.TabFocus:
            continue
        if isinstance(widget.parent(), QAbstractSpinBox):
            continue  # a date box's own text field: assistive technology is given the date box, named
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Name) if iface else ""
        if iface is None or iface.role() == QAccessible.NoRole or not WORD.search(name):
            bad.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(widget.parent()).__name__}: {name!r}")
    return bad


def dialogs(window, qtbot):
    """The main window's dialogs, each opened as the practitioner opens it."""
    from reader.ui.board_selector import BoardSelector
    from reader.ui.whats_new import RedlineDialog, WhatsNewDialog

    window.open_chapter("walsall-lado")
    window.tools.toggle_bookmark()
    for show in (window.tools.show_bookmarks, window.tools.show_contacts, window.tools.show_register,
                 window.tools.show_glossary, window.tools.show_history):
        show()
    made = dict(window.tools.dialogs)
    made["board selector"] = BoardSelector(window.edition.manual.boards, "walsall", window)
    made["what's new"] = WhatsNewDialog("<p>Edition 2 has arrived.</p>", window)
    made["redline"] = RedlineDialog("Allegations", "edition 1", "edition 2", "old words", "new words", window)
    for dialog in made.values():
        qtbot.addWidget(dialog)
        dialog.show()
    return made


@pytest.mark.parametrize("theme_name", ["light", "dark", "high-contrast"])
def test_every_control_of_the_window_and_its_dialogs_has_a_role_and_a_name_in_words(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.resize(1600, 720)
    window.apply_theme(theme_name)
    window.open_find()  # the find bar's controls too
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        window.search_box.setText("refferal")  # the results and the suggestion
    assert unnamed(window) == []
    for name, dialog in dialogs(window, qtbot).items():
        assert unnamed(dialog) == [], name


def test_dialogs_are_named_with_their_context(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    window.tools.show_contacts()
    contacts = window.tools.dialogs["contacts"]
    assert QAccessible.queryAccessibleInterface(contacts).text(QAccessible.Name) == "Contacts: Walsall"
    window.tools.show_history()
    history = window.tools.dialogs["history"]
    title = window.edition.manual.chapter("walsall-lado").title
    assert QAccessible.queryAccessibleInterface(history).text(QAccessible.Name) == f"Wording history: {title}"
    window.set_board("dudley")
    assert QAccessible.queryAccessibleInterface(contacts).text(QAccessible.Name) == "Contacts: Dudley"


def cell_names(dialog):
    """What a screen reader reads of the table's cells (its accessible children, headers aside)."""
    table = QAccessible.queryAccessibleInterface(dialog.table)
    cells = [table.child(i) for i in range(table.childCount())]
    return [c.text(QAccessible.Name) for c in cells if c is not None and c.role() in (QAccessible.Cell, QAccessible.TreeItem)]


def test_a_dash_cell_is_said_in_words(make_window, qtbot):
    window = make_window("walsall")
    window.tools.show_register()
    register = window.tools.dialogs["register"]
    shown = [row.cells[2] for row in register.rows]
    assert "—" in shown
    said = cell_names(register)
    assert "—" not in said and said.count("chapter not recorded") == shown.count("—")
    window.open_chapter("walsall-lado")
    window.tools.show_history()
    history = window.tools.dialogs["history"]
    if "—" in [row.cells[3] for row in history.rows]:
        assert "—" not in cell_names(history)
    assert NOT_RECORDED == "not recorded"


def test_contact_kinds_are_words_not_emoji():
    assert all(WORD.fullmatch(label.replace("-", "")) for label in KIND_LABEL.values())


def test_ctrl_equals_zooms_in(make_window, qtbot):
    window = make_window("walsall")
    size = window.settings.text_size
    qtbot.keyClick(window, Qt.Key_Equal, Qt.ControlModifier)
    assert window.settings.text_size == size + 1


def test_back_and_forward_are_disabled_without_history(make_window):
    window = make_window("walsall")
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()
    window.open_chapter("walsall-lado")
    window.open_chapter("referrals")
    assert window.back_action.isEnabled() and not window.forward_action.isEnabled()
    window.back()
    assert not window.back_action.isEnabled() and window.forward_action.isEnabled()


def test_the_bookmark_button_is_named_in_words(make_window):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    for _ in range(2):
        window.tools.toggle_bookmark()
        button = window.toolbar.widgetForAction(window.tools.bookmark_action)
        name = QAccessible.queryAccessibleInterface(button).text(QAccessible.Name)
        assert name in ("Bookmark", "Bookmarked") and name == window.tools.bookmark_action.text()
