"""The Sync action in the window, against a loopback server: What's new, marks, redline."""

import datetime as dt

import pytest


@pytest.fixture
def setup(window_one_edition_behind, server):
    window, _ = window_one_edition_behind
    window.settings.sync_url = server.url
    return window, server


def wait_for_sync(qtbot, window):
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000):
        window.start_sync()


def test_sync_shows_whats_new_marks_changes_and_redlines(setup, qtbot):
    window, _ = setup
    assert window.status_label.text().endswith("Last sync: never")
    wait_for_sync(qtbot, window)
    assert "Edition published 2026-01-01" in window.view.browser.toPlainText()  # the new edition, not the old
    text = window.whats_new_dialog.browser.toPlainText()
    assert "Chapters whose wording changed" in text and "Introduction" in text
    assert "Amendments register: 122 new entries" in text
    assert text.index("2019-10-17") < text.index("2017-07-04") if "2017-07-04" in text else True
    assert "Responding to concerns about a child" in text  # a new chapter
    assert "Last sync: " + dt.date.today().isoformat() in window.status_label.text() or "Last sync: never" not in window.status_label.text()
    # the changed chapter is bold in the contents until opened
    assert "introduction" in window.contents.marked
    window.show_redline("introduction")
    redline = window.redline_dialog.browser.toHtml()
    assert "line-through" in redline and "March 2015" in window.redline_dialog.browser.toPlainText()
    window.open_chapter("introduction")
    assert "introduction" not in window.contents.marked
    assert "July 2018" in window.view.browser.toPlainText()


def test_sync_failure_is_plain_words_and_changes_nothing(setup, qtbot, monkeypatch):
    window, server = setup
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    server.misbehave["timestamp.json"] = "500"
    before = window.edition.manual
    wait_for_sync(qtbot, window)
    assert shown and "answered with an error (500)" in shown[0] and "unchanged" in shown[0]
    assert window.edition.manual is before


def test_bookmark_survives_a_new_edition_and_is_flagged_with_its_redline(setup, qtbot):
    window, _ = setup
    window.open_chapter("introduction")
    window.tools.bookmark_action.trigger()
    assert "introduction" in window.tools.bookmarks and window.tools.bookmark_action.isChecked()
    wait_for_sync(qtbot, window)
    # a fresh read of the file, as the next start would do it
    from reader.core.bookmarks import Bookmarks

    reloaded, problem = Bookmarks.load(window.data_dir)
    assert problem is None and [b.chapter for b in reloaded.items] == ["introduction"]
    assert window.tools.bookmarks_action.text() == "Bookmarks (1 changed)"
    window.tools.show_bookmarks()
    dialog = window.tools.dialogs["bookmarks"]
    [row] = dialog.visible_rows()
    assert row.bold and "wording changed since bookmarked" in row.cells[1]
    redline = window.tools.show_bookmark_changes("introduction")
    assert "line-through" in redline.browser.toHtml()
    assert "March 2015" in redline.browser.toPlainText() and "July 2018" in redline.browser.toPlainText()
    window.tools.acknowledge_bookmark("introduction")
    assert window.tools.bookmarks_action.text() == "Bookmarks"
    assert not dialog.visible_rows()[0].bold


def test_a_failure_does_not_stand_beside_a_later_successful_sync(setup, qtbot, monkeypatch):
    """Found in the real window: a failed sync's message stayed in the status bar, next to
    the new edition the next sync brought, for 30 seconds."""
    window, server = setup
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: None)
    server.misbehave["timestamp.json"] = "500"
    wait_for_sync(qtbot, window)
    assert "did not complete" in window.statusBar().currentMessage()
    del server.misbehave["timestamp.json"]
    wait_for_sync(qtbot, window)
    assert "did not complete" not in window.statusBar().currentMessage()
    assert window.messages.last[0] == "info" and "has arrived" in window.messages.last[1]
