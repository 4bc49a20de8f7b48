"""Preferences (the address seen, changed, checked, kept as typed) and the organisation's policy in the window."""

from __future__ import annotations

import json
import os

import pytest

from reader.core import settings as settings_store
from reader.core.editions.library import Library
from reader.ui import preferences
from reader.ui.app import build_window
from tests.publishing import laptop_after_a_sync as laptop
from tests.server import Server


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    return laptop(tmp_path_factory.mktemp("two-editions"))


@pytest.fixture
def said(monkeypatch):
    heard = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: heard.append(("dialog", message)))
    return heard


def window_on(two_editions, tmp_path, qtbot, said):
    held, _, _ = two_editions
    library = Library(tmp_path / "data", held.pinned_root, held.bundled)
    window = build_window(library.open(), tmp_path / "data", library=library)
    qtbot.addWidget(window)
    window.show()
    window.messages.said.connect(lambda level, text: said.append((level, text)))
    return window


def test_the_address_is_seen_changed_and_a_bad_one_kept_as_typed(two_editions, tmp_path, qtbot, said):
    window = window_on(two_editions, tmp_path, qtbot, said)
    window.settings.sync_url = "https://old.example/repo/"
    menu = [a for m in window.menuBar().actions() if m.text() == "&Edition" for a in m.menu().actions()]
    assert window.preferences_action in menu and window.preferences_action.shortcut().toString()
    dialog = preferences.open_preferences(window)
    assert dialog.address.text() == "https://old.example/repo/"
    dialog.address.setText("procedures.example.org/repo")
    dialog.accept()
    assert dialog.isVisible() and dialog.address.text() == "procedures.example.org/repo"  # nothing lost
    assert "must begin with https://" in dialog.problem.text() and said[-1][0] == "warning"
    assert window.settings.sync_url == "https://old.example/repo/"
    dialog.address.setText("https://new.example/repo/")
    dialog.auto.setChecked(False)
    dialog.accept()
    assert not dialog.isVisible()
    assert settings_store.load(window.data_dir)[0].sync_url == "https://new.example/repo/"
    assert settings_store.load(window.data_dir)[0].auto_sync is False


def test_the_reason_an_address_is_refused_is_shown_whole(two_editions, tmp_path, qtbot, said):
    """Seen in a real window: the dialog kept its size and cut the two-line reason in half."""
    window = window_on(two_editions, tmp_path, qtbot, said)
    dialog = preferences.open_preferences(window)
    qtbot.waitExposed(dialog)
    dialog.address.setText("ftp://nowhere")
    dialog.accept()
    qtbot.wait(20)
    label = dialog.problem
    assert label.isVisible() and label.height() >= label.heightForWidth(label.width())
    assert label.geometry().bottom() < dialog.auto.geometry().top()  # not under the next row either


def test_preferences_write_only_what_changed(two_editions, tmp_path, qtbot, said):
    window = window_on(two_editions, tmp_path, qtbot, said)
    settings_store.save(window.data_dir, settings_store.Settings(theme="dark"))  # another reader, meanwhile
    dialog = preferences.open_preferences(window)
    dialog.address.setText("https://new.example/repo/")
    dialog.accept()
    on_disk = settings_store.load(window.data_dir)[0]
    assert on_disk.sync_url == "https://new.example/repo/" and on_disk.theme == "dark"


def test_labels_have_buddies_for_the_keyboard(two_editions, tmp_path, qtbot, said):
    from PySide6.QtWidgets import QLabel

    dialog = preferences.open_preferences(window_on(two_editions, tmp_path, qtbot, said))
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert dialog.address in buddies and "&" in dialog.auto.text()


@pytest.mark.parametrize("text", ["ftp://x.example/", "https://", "https://a b.example/", "file:///media/stick"])
def test_what_is_not_an_address_is_said(text):
    assert preferences.address_problem(text)


def write_policy(tmp_path, text: str) -> None:
    (tmp_path / "policy.toml").write_text(text)  # READER_POLICY_FILE points here (tests/conftest.py)
    assert os.environ["READER_POLICY_FILE"] == str(tmp_path / "policy.toml")


def test_policy_applied_and_locked_in_the_window(two_editions, tmp_path, qtbot, said):
    write_policy(tmp_path, 'sync_urls = ["https://a.example/"]\npartnership = "dudley"\nauto_sync = false\n'
                           'locked = ["sync_urls", "partnership", "auto_sync"]\n')
    window = window_on(two_editions, tmp_path, qtbot, said)
    assert window.settings.board == "dudley" and window.settings.auto_sync is False
    dialog = preferences.open_preferences(window)
    assert not dialog.address.isEnabled() and dialog.address.text() == "https://a.example/"
    assert not dialog.auto.isEnabled() and "Set by your organisation" in dialog.auto.toolTip()
    assert "Set by your organisation" in dialog.address.accessibleDescription()
    dialog.accept()
    window.choose_board()  # asks nothing: the partnership is the organisation's
    assert window.settings.board == "dudley" and "chosen by your organisation" in said[-1][1]


def test_a_damaged_policy_is_said_and_the_window_starts(two_editions, tmp_path, qtbot, said):
    write_policy(tmp_path, "sync_urls = [")
    window = window_on(two_editions, tmp_path, qtbot, said)
    assert window.isVisible() and window.policy.problem and "not valid TOML" in window.policy.problem
    assert window.messages.last == ("warning", window.policy.problem)


def test_mirrors_are_tried_in_order(two_editions, tmp_path, qtbot, said):
    held, _, _ = two_editions
    good = Server(held.bundled.parent / "repo")
    broken = Server(held.bundled.parent / "repo")
    broken.misbehave["timestamp.json"] = "500"
    try:
        write_policy(tmp_path, f'sync_urls = ["{broken.url}", "{good.url}"]\nlocked = ["sync_urls"]\n')
        window = window_on(two_editions, tmp_path, qtbot, said)
        with qtbot.waitSignal(window.sync_controller.finished, timeout=30000) as done:
            window.start_sync()
        [outcome] = done.args
        assert outcome.error is None and outcome.url == good.url and window.edition.as_of == "2026-01-01"
        assert window.settings.sync_url is None  # the organisation's address is not copied into the user's
    finally:
        good.stop()
        broken.stop()
