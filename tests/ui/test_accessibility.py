"""What a screen reader hears, walked through Qt's own accessibility interface (issue 17)."""

import datetime as dt

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from reader.core import labels
from reader.ui import announce as announce_module
from tests.conftest import ROOT
from tests.ui.contrast import text_contrast


@pytest.fixture
def heard(monkeypatch):
    """Every accessibility event the window sends, as (event type, text, assertive, sender)."""
    events = []

    def record(event):
        kind = event.type()
        if kind == QAccessible.Event.Announcement:
            assertive = event.politeness() == QAccessible.AnnouncementPoliteness.Assertive
            events.append(("announcement", event.message(), assertive, event.object()))
        else:
            events.append((kind, event.object().accessibleDescription(), None, event.object()))

    monkeypatch.setattr(announce_module, "send", record)
    return events


def accessible(widget):
    return QAccessible.queryAccessibleInterface(widget)


def stale_window(make_window, opened, days=45):
    as_of = dt.date.fromisoformat(opened.as_of)
    return make_window("walsall", today=lambda: as_of + dt.timedelta(days=days))


def test_the_qt_here_has_announcements():
    # The fallback below is for older Qt; this one (6.8+) must take the real path.
    assert announce_module.AnnouncementEvent is QtGui.QAccessibleAnnouncementEvent


def test_the_stale_banner_is_read_by_its_words(make_window, opened):
    window = stale_window(make_window, opened)
    warning = labels.stale_warning(opened.manual, opened.as_of, 45, None)
    iface = accessible(window.banner)
    assert iface.text(QAccessible.Name) == f"Warning: {warning}"
    assert iface.text(QAccessible.Description) == warning
    assert "⚠" not in iface.text(QAccessible.Name)


def test_the_stale_banner_is_announced_assertively_once_shown(make_window, opened, heard):
    window = stale_window(make_window, opened)
    warning = labels.stale_warning(opened.manual, opened.as_of, 45, None)
    banner_events = [e for e in heard if e[3] is window.banner]
    assert banner_events == [("announcement", f"Warning: {warning}", True, window.banner)]
    window.refresh_status()  # the same words again: not said twice
    assert [e for e in heard if e[3] is window.banner] == banner_events


def test_a_fresh_edition_announces_no_banner(make_window, heard):
    window = make_window("walsall")
    assert not window.banner.isVisible()
    assert [e for e in heard if e[3] is window.banner] == []


def test_without_announcement_events_the_banner_still_alerts(make_window, opened, heard, monkeypatch):
    monkeypatch.setattr(announce_module, "AnnouncementEvent", None)  # a Qt older than 6.8
    window = stale_window(make_window, opened)
    warning = labels.stale_warning(opened.manual, opened.as_of, 45, None)
    assert [e for e in heard if e[3] is window.banner] == [(QAccessible.Event.Alert, f"Warning: {warning}", None,
                                                            window.banner)]


@pytest.mark.parametrize("theme_name", ["light", "dark", "high-contrast"])
def test_search_results_are_readable_in_every_theme(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.apply_theme(theme_name)
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        # Not "LADO": its long form is searched as a phrase, so only the LADO chapter matches.
        window.search_box.setText("allegations against staff")
    results = window.search_panel.list
    assert results.count() >= 2 and results.currentRow() == 0  # a selected row and an unselected one
    qtbot.wait(50)
    image = results.viewport().grab().toImage()
    scale = image.devicePixelRatio()
    for row in range(results.count()):
        rect = results.visualItemRect(results.item(row)).adjusted(4, 4, -4, -4)  # inside the selection border
        if rect.bottom() > results.viewport().height():
            break
        pixels = rect.__class__(*(round(v * scale) for v in (rect.x(), rect.y(), rect.width(), rect.height())))
        best, readable = text_contrast(image, pixels)
        assert best >= 4.5 and readable > 100, f"{theme_name}, result {row}: {best:.2f}:1"
    hint = window.search_panel.hint.grab().toImage()
    best, readable = text_contrast(hint)
    assert best >= 4.5 and readable > 20, f"{theme_name}, result count: {best:.2f}:1"


def test_every_message_is_announced_assertive_for_warnings_and_errors(make_window, heard, monkeypatch):
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: None)
    window = make_window("walsall")
    del heard[:]
    window.tools.toggle_bookmark()  # no chapter open: said by the reading tools, through Messages
    window.messages.warning("The automatic sync did not complete.")
    window.messages.error("The PDF could not be written.")
    window.messages.failed("Saving bookmarks")(OSError(28, "No space left on device"))
    bar = window.statusBar()
    assert heard == [
        ("announcement", "Open a chapter to bookmark it.", False, bar),
        ("announcement", "The automatic sync did not complete.", True, bar),
        ("announcement", "The PDF could not be written.", True, bar),
        ("announcement", "Saving bookmarks failed: No space left on device", True, bar),
    ]


def test_a_message_is_announced_without_announcement_events_too(make_window, heard, monkeypatch):
    monkeypatch.setattr(announce_module, "AnnouncementEvent", None)
    window = make_window("walsall")
    del heard[:]
    window.messages.info("Bookmarked.")
    assert heard == [(QAccessible.Event.Alert, "Bookmarked.", None, window.statusBar())]


def test_messages_is_the_one_place_that_announces():
    # Anything else the practitioner is told goes through Messages; the stale banner, which
    # stays on screen rather than passing through the status bar, is the one other voice.
    # The chapter text's own voice is not a message: it says where the caret is (the chapter
    # opened, a heading reached, the link under it), what a sighted reader sees there already.
    callers = sorted(p.name for p in (ROOT / "reader" / "ui").glob("*.py")
                     if p.name != "announce.py" and "announce(" in p.read_text(encoding="utf-8"))
    assert callers == ["chapter_view.py", "heading_navigation.py", "main_window.py", "messages.py"]
    assert (ROOT / "reader" / "ui" / "main_window.py").read_text(encoding="utf-8").count("announce(self.banner") == 1


def test_the_partnership_button_names_the_partnership_chosen(make_window):
    window = make_window("walsall")
    iface = accessible(window.board_button)
    assert iface.text(QAccessible.Name) == "Partnership: Walsall"
    window.set_board("dudley")
    assert accessible(window.board_button).text(QAccessible.Name) == "Partnership: Dudley"
    window.set_board(None)
    assert accessible(window.board_button).text(QAccessible.Name) == f"Partnership: {labels.NO_PARTNERSHIP}"
    assert "Ctrl+B" in accessible(window.board_button).text(QAccessible.Description)


def combo_boxes_have_visible_labels(root):
    from PySide6.QtWidgets import QComboBox, QLabel

    boxes = root.findChildren(QComboBox)
    assert boxes
    labelled = {id(label.buddy()): label for label in root.findChildren(QLabel) if label.buddy() is not None}
    for box in boxes:
        label = labelled.get(id(box))
        assert label is not None and label.isVisible(), f"{box.accessibleName()!r} has no visible label"
        # On Linux Qt names a combo box by its value and says what it is through its label
        # relation (AT-SPI "labelled-by"): the label must be there, and say what is seen.
        said = [iface.text(QAccessible.Name) for iface, _ in accessible(box).relations(QAccessible.Label)]
        assert said == [label.text().replace("&", "")], f"{box.accessibleName()!r} is labelled {said}"
        assert box.accessibleName() == label.text().replace("&", "").rstrip(":")  # elsewhere, the same words


def test_combo_boxes_have_a_visible_label_with_a_buddy(make_window):
    window = make_window("walsall")
    window.resize(1600, 720)  # wide enough that the toolbar holds the box itself, not an overflow menu
    combo_boxes_have_visible_labels(window)
    window.tools.show_register()
    combo_boxes_have_visible_labels(window.tools.dialogs["register"])


def menu_actions(menu_bar):
    found, menus = set(), [a.menu() for a in menu_bar.actions() if a.menu()]
    while menus:
        menu = menus.pop()
        for a in menu.actions():
            if a.menu():
                menus.append(a.menu())
            elif not a.isSeparator():
                found.add(a)
    return found


def test_every_toolbar_function_is_in_a_menu(make_window):
    window = make_window("walsall")
    in_menus = menu_actions(window.menuBar())
    for a in window.toolbar.actions():
        if a.isSeparator():
            continue
        widget = window.toolbar.widgetForAction(a)
        if widget is window.board_button:
            assert window.board_action in in_menus and "Ctrl+B" in window.board_action.shortcut().toString()
        elif widget is window.search_box:
            assert window.search_action in in_menus
        elif widget is window.theme_box:
            assert set(window.theme_actions.actions()) <= in_menus
        elif widget is window.theme_label:
            continue
        else:
            assert a in in_menus, f"{a.text()!r} is only in the toolbar"
    assert {window.find_action, window.normal_size_action, window.larger_action, window.smaller_action} <= in_menus


def test_the_view_menu_chooses_the_theme(make_window):
    window = make_window("walsall")
    window.theme_actions.actions()[2].trigger()
    assert window.settings.theme == "high-contrast" and window.theme_box.currentText() == "High contrast"
    window.theme_box.setCurrentIndex(1)
    assert window.theme_actions.checkedAction() is window.theme_actions.actions()[1]


def test_tab_reaches_every_toolbar_control(make_window, qtbot):
    from PySide6.QtWidgets import QApplication

    window = make_window("walsall")
    window.resize(1600, 720)  # all of it in the toolbar: at a narrower width, the overflow button below
    qtbot.wait(50)
    controls = [window.toolbar.widgetForAction(a) for a in window.toolbar.actions() if not a.isSeparator()]
    controls = [w for w in controls if w is not window.theme_label and w.isVisible()]
    window.back_action.setEnabled(True)  # a disabled control is rightly skipped: enable them to walk them all
    window.forward_action.setEnabled(True)
    for a in window.tools.toolbar_actions:
        a.setEnabled(True)
    window.search_box.setFocus()
    reached = []
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        reached.append(QApplication.focusWidget())
    missing = [w.accessibleName() or w.text() for w in controls if w not in reached]
    assert missing == []
    # left to right, as they are seen
    after_search = controls[controls.index(window.search_box) + 1:]
    assert [w for w in dict.fromkeys(reached) if w in after_search] == after_search
    for w in controls:  # and each is named in words, not by a sign
        assert accessible(w).text(QAccessible.Name) not in ("", "A−", "A+", "★", "☆")


def test_the_toolbar_overflow_is_named_and_reachable(make_window, qtbot):
    from PySide6.QtWidgets import QToolButton

    window = make_window("walsall")
    window.resize(700, 600)
    qtbot.wait(50)
    more = window.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is not None and more.isVisible()
    assert accessible(more).text(QAccessible.Name) == "More tools" and more.focusPolicy() & Qt.TabFocus
