"""The window's Edition menu: sync from a folder, and export the edition to one, without the network."""

import shutil

import pytest

from reader.core.editions.library import Library
from reader.core.editions.sync import sync


@pytest.fixture
def setup(window_one_edition_behind, tmp_path, publisher):
    window, library = window_one_edition_behind
    return window, library, shutil.copytree(publisher.repo, tmp_path / "stick")


def test_the_edition_menu_offers_both(setup):
    window, _, _ = setup
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edition")
    texts = [a.text() for a in menu.actions()]
    assert "Sync from a folder…" in texts and "Export edition to a folder…" in texts


def test_sync_from_a_folder_brings_the_new_edition_and_does_not_become_the_address(setup, qtbot):
    window, _, stick = setup
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000):
        window.sync_from_folder(stick)
    assert "Edition published 2026-01-01" in window.view.browser.toPlainText()
    assert window.settings.sync_url is None  # a stick is not where to look next time
    assert window.sync_folder_action.isEnabled() and window.sync_action.isEnabled()


def test_export_then_a_colleague_syncs_from_the_folder(setup, qtbot, tmp_path):
    window, library, stick = setup
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000):
        window.sync_from_folder(stick)
    out = tmp_path / "export"
    with qtbot.waitSignal(window.messages.said, timeout=20000,
                          check_params_cb=lambda level, text: "written to" in text) as said:
        window.export_edition(out)
    assert f"The edition as of 2026-01-01 was written to {out}" in said.args[1] and "until" in said.args[1]
    colleague = Library(tmp_path / "colleague", library.pinned_root, library.bundled)
    colleague.open()
    assert sync(colleague, str(out)).edition == window.edition.name


def test_an_export_that_cannot_be_made_says_why_and_writes_nothing(setup, qtbot, tmp_path, monkeypatch):
    window, _, _ = setup
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "case.docx").write_bytes(b"private")
    with qtbot.waitSignal(window.messages.said, timeout=20000, check_params_cb=lambda level, text: level == "error"):
        window.export_edition(documents)
    assert shown and "not exported" in shown[0] and "not empty" in shown[0]
    assert [p.name for p in documents.iterdir()] == ["case.docx"]
    assert window.export_edition_action.isEnabled()
