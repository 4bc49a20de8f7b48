"""The window's SyncController: progress and the end as signals, typed outcomes, and quiet syncs."""

from __future__ import annotations

import pytest

from reader.core.editions.sync import STEPS
from reader.core.errors import SyncCancelled
from reader.ui.sync_controller import SyncController, SyncOutcome


@pytest.fixture
def setup(window_behind_a_server):
    return window_behind_a_server


def sync(qtbot, window, quiet=False) -> SyncOutcome:
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000) as finished:
        window.start_sync(quiet=quiet)
    [outcome] = finished.args
    return outcome


def test_the_window_shows_the_edition_the_sync_opened(setup, qtbot):
    window, _, dialogs, _ = setup
    outcome = sync(qtbot, window)
    assert outcome.error is None and not outcome.quiet and not outcome.report.up_to_date
    assert window.edition is outcome.report.opened  # not verified and read again on the UI thread
    assert window.edition.as_of == "2026-01-01" and window.whats_new_dialog.isVisible() and not dialogs
    again = sync(qtbot, window)
    assert again.report.up_to_date and window.edition is again.report.opened


def test_progress_is_a_signal_of_steps_shown_in_the_status_bar_until_the_end(setup, qtbot, monkeypatch):
    window, server, dialogs, _ = setup
    monkeypatch.setattr(SyncController, "SHOW_AFTER_S", 0)
    server.misbehave["timestamp.json"] = "hang"
    server.httpd.hang_seconds = 1
    seen = []
    window.sync_controller.progress.connect(
        lambda step, done, total: seen.append((step, done, total, window.sync_progress.isVisible())))
    outcome = sync(qtbot, window)
    assert seen and all(step in STEPS for step, *_ in seen)
    assert seen[-1][:3] == ("metadata", 0, 0) and seen[-1][3]  # shown while the server made it wait
    assert not window.sync_progress.isVisible() and not window.sync_cancel.isVisible()
    assert "(503)" in str(outcome.error) and dialogs and "(503)" in dialogs[0]


def test_no_progress_before_show_after(setup, qtbot, monkeypatch):
    window, _, _, _ = setup
    monkeypatch.setattr(SyncController, "SHOW_AFTER_S", 1000)
    seen = []
    window.sync_controller.progress.connect(lambda *args: seen.append(args))
    assert sync(qtbot, window).error is None
    assert seen == [] and not window.sync_progress.isVisible()


def test_one_sync_at_a_time(setup, qtbot):
    window, _, _, _ = setup
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000):
        window.start_sync()
        assert window.sync_controller.running and not window.sync_action.isEnabled()
        assert not window.sync_controller.start(window.settings.sync_url)
    assert not window.sync_controller.running and window.sync_action.isEnabled()


def test_cancel_ends_in_a_cancelled_outcome_said_in_a_dialog(setup, qtbot):
    window, _, dialogs, _ = setup
    before = window.edition
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000) as finished:
        window.start_sync()
        window.sync_cancel.click()  # before the worker's first check: verifying the held edition comes first
    assert isinstance(finished.args[0].error, SyncCancelled)
    assert window.edition is before and dialogs and "cancelled" in dialogs[0]


def test_a_quiet_sync_that_brings_news_opens_no_dialog(setup, qtbot):
    window, _, dialogs, said = setup
    outcome = sync(qtbot, window, quiet=True)
    assert outcome.quiet and outcome.error is None
    assert window.edition is outcome.report.opened and window.edition.as_of == "2026-01-01"
    assert not hasattr(window, "whats_new_dialog") and not dialogs
    assert said == []  # the notice of what arrived is auto_sync's (tests/ui/test_auto_sync.py)
    assert "introduction" in window.contents.marked
    said.clear()
    assert sync(qtbot, window, quiet=True).report.up_to_date and said == []  # up to date: nothing to say


def test_a_quiet_failure_or_cancel_says_nothing_of_itself(setup, qtbot):
    window, server, dialogs, said = setup
    server.misbehave["timestamp.json"] = "500"
    before = window.edition
    outcome = sync(qtbot, window, quiet=True)
    assert "(500)" in str(outcome.error) and window.edition is before and not dialogs
    assert said == []  # failures lasting days are auto_sync's to say
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000) as finished:
        window.start_sync(quiet=True)
        window.sync_controller.cancel()
    assert isinstance(finished.args[0].error, SyncCancelled) and said == [] and not dialogs


def test_a_quiet_sync_with_no_address_asks_nothing_and_does_not_start(setup, qtbot, monkeypatch):
    window, _, dialogs, said = setup
    asked = []
    monkeypatch.setattr("reader.ui.main_window.QInputDialog.getText", lambda *a, **k: asked.append(a) or ("", False))
    window.settings.sync_url = None
    window.start_sync(quiet=True)
    assert not window.sync_controller.running and asked == [] and not dialogs and said == []
    window.start_sync()
    assert asked and not window.sync_controller.running  # asked, and cancelled: no sync


def test_the_windows_sync_starts_from_the_edition_it_shows_without_verifying_it_again(setup, qtbot, monkeypatch):
    window, _, dialogs, _ = setup
    from reader.core.editions import library as library_module

    def refuse(*args, **kwargs):
        raise AssertionError("the sync verified the edition the window already shows")

    monkeypatch.setattr(library_module, "verify_edition", refuse)  # the library's check; sync's own of the new one stays
    outcome = sync(qtbot, window)
    assert outcome.error is None and not outcome.report.up_to_date and not dialogs
    assert window.edition is outcome.report.opened and window.edition.as_of == "2026-01-01"
    again = sync(qtbot, window)
    assert again.error is None and again.report.up_to_date and window.edition is again.report.opened
