"""Automatic sync: on start and on a network signal, quiet, never a dialog; skipped when metered or turned off."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QObject, Signal

from reader.core.editions import state as sync_state
from reader.ui import auto_sync
from reader.ui.auto_sync import BUSY, METERED, OFF, OFFLINE, STARTED, AutoSync
from reader.ui.network_status import NetworkStatus


class FakeNetwork(QObject):
    """What a QNetworkInformation backend would say, set by the test."""

    changed = Signal()
    known = True

    def __init__(self):
        super().__init__()
        self.is_offline = self.is_metered = False

    def offline(self):
        return self.is_offline

    def metered(self):
        return self.is_metered


@pytest.fixture
def setup(window_behind_a_server, monkeypatch):
    """The shared window a sync behind (tests/ui/conftest.py), the first check at once, a fake network."""
    window, server, dialogs, said = window_behind_a_server
    monkeypatch.setattr("reader.ui.main_window.QInputDialog.getText",
                        lambda *a, **k: dialogs.append("asked") or ("", False))
    monkeypatch.setattr(AutoSync, "START_DELAY_MS", 0)
    return window, server, FakeNetwork(), dialogs, said


def finished(qtbot, window):
    return qtbot.waitSignal(window.sync_controller.finished, timeout=20000)


def test_it_syncs_on_start_without_a_dialog_and_leaves_a_notice_with_whats_new(setup, qtbot):
    window, _, network, dialogs, said = setup
    with finished(qtbot, window) as done:
        auto = auto_sync.install(window, network=network)
    [outcome] = done.args
    assert outcome.quiet and outcome.error is None and window.edition.as_of == "2026-01-01"
    assert not dialogs and not hasattr(window, "whats_new_dialog")  # nothing modal, nothing opened
    assert auto.notice.isVisible() and auto.notice.kind == "arrived"
    assert outcome.report.edition in auto.notice.label.text()
    assert [level for level, _ in said] == ["info"] and said[0][1] == auto.notice.label.text()
    auto.notice.whats_new_button.click()  # one click away
    assert window.whats_new_dialog.isVisible() and not auto.notice.isVisible()


def test_nothing_changed_says_nothing(setup, qtbot):
    window, _, network, dialogs, said = setup
    auto = AutoSync(window, network=network)
    with finished(qtbot, window):
        assert auto.check("start") == STARTED
    said.clear()
    auto.notice.hide()
    with finished(qtbot, window) as done:
        assert auto.check("timer") == STARTED
    assert done.args[0].report.up_to_date
    assert said == [] and not dialogs and not auto.notice.isVisible()


def test_offline_waits_for_the_network_signal(setup, qtbot):
    window, _, network, dialogs, _ = setup
    network.is_offline = True
    auto = AutoSync(window, network=network)
    seen = []
    auto.checked.connect(lambda why, result: seen.append((why, result)))
    assert auto.check("start") == OFFLINE and not window.sync_controller.running and auto.pending
    network.is_offline = False
    with finished(qtbot, window) as done:
        network.changed.emit()
    assert seen[-1] == ("network", STARTED) and done.args[0].error is None and not dialogs
    assert not auto.pending
    seen.clear()
    network.changed.emit()  # nothing pending: a network change alone is no reason to sync again
    assert seen == []


def test_a_metered_connection_is_skipped_and_retried_when_it_is_not(setup, qtbot):
    window, _, network, _, _ = setup
    network.is_metered = True
    auto = AutoSync(window, network=network)
    assert auto.check("start") == METERED and not window.sync_controller.running
    network.changed.emit()  # still metered
    assert not window.sync_controller.running
    network.is_metered = False
    with finished(qtbot, window):
        network.changed.emit()


def test_turned_off_it_never_syncs(setup, qtbot):
    window, _, network, dialogs, said = setup
    window.settings.auto_sync = False
    auto = AutoSync(window, network=network)
    assert auto.check("start") == OFF and not window.sync_controller.running
    network.changed.emit()
    assert not window.sync_controller.running and not dialogs and said == []


def test_a_sync_already_running_is_left_alone(setup, qtbot):
    window, _, network, _, _ = setup
    auto = AutoSync(window, network=network)
    with finished(qtbot, window):
        window.start_sync()
        assert auto.check("timer") == BUSY


def test_no_address_no_prompt(setup, qtbot):
    window, _, network, dialogs, _ = setup
    window.settings.sync_url = None
    auto = AutoSync(window, network=network)
    assert auto.check("start") == OFF and dialogs == [] and not window.sync_controller.running


def test_failures_are_said_only_once_they_have_lasted_days_and_a_success_ends_them(setup, qtbot, monkeypatch):
    window, server, network, dialogs, said = setup
    server.misbehave["timestamp.json"] = "500"
    first = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    clock = [first]
    auto = AutoSync(window, network=network, now=lambda: clock[0])
    with finished(qtbot, window):
        auto.check("start")
    assert said == [] and not dialogs and not auto.notice.isVisible() and auto.pending
    assert sync_state.load(window.data_dir)["failing_since"] == first.isoformat()
    clock[0] = first + dt.timedelta(days=1)
    with finished(qtbot, window):
        auto.check("timer")
    assert said == [] and not auto.notice.isVisible()  # a day offline is nothing to say
    clock[0] = first + dt.timedelta(days=3, hours=1)
    with finished(qtbot, window):
        auto.check("timer")
    assert auto.notice.kind == "failing" and "02 March 2026 (3 days)" in auto.notice.label.text()
    assert "(500)" in auto.notice.label.text() and said[-1][0] == "warning" and not dialogs
    del server.misbehave["timestamp.json"]
    with finished(qtbot, window):
        auto.check("retry")
    assert auto.notice.kind == "arrived" and "failing_since" not in sync_state.load(window.data_dir)


def test_a_success_elsewhere_begins_a_new_run_of_failures(setup, qtbot):
    """A sync from the CLI (state.json's last_sync) after the first failure: the old date is not "since"."""
    window, server, network, _, said = setup
    sync_state.update(window.data_dir, failing_since="2026-01-01T00:00:00+00:00",
                      last_sync="2026-02-01T00:00:00+00:00")
    now = dt.datetime(2026, 2, 2, tzinfo=dt.timezone.utc)
    server.misbehave["timestamp.json"] = "500"
    auto = AutoSync(window, network=network, now=lambda: now)
    with finished(qtbot, window):
        auto.check("start")
    assert said == [] and sync_state.load(window.data_dir)["failing_since"] == now.isoformat()


def test_network_status_without_a_backend_knows_nothing_and_blocks_nothing(qtbot, monkeypatch):
    from PySide6.QtNetwork import QNetworkInformation

    monkeypatch.setattr(QNetworkInformation, "loadDefaultBackend", staticmethod(lambda: False))
    status = NetworkStatus()
    assert not status.known and not status.offline() and not status.metered()


def test_network_status_on_this_machine_answers(qtbot):
    status = NetworkStatus()  # whatever backend there is (or none): plain answers, no exception
    assert isinstance(status.offline(), bool) and isinstance(status.metered(), bool)


def test_no_sync_service_no_auto_sync(make_window):
    assert auto_sync.install(make_window()) is None


def test_the_system_network_status_is_asked_for_at_the_first_check_not_at_start(setup, qtbot, monkeypatch):
    window, _, _, _, _ = setup
    made = []
    monkeypatch.setattr(auto_sync, "NetworkStatus", lambda parent: made.append(parent) or FakeNetwork())
    monkeypatch.setattr(AutoSync, "START_DELAY_MS", 50)
    auto = auto_sync.install(window)
    assert made == []  # nothing loaded while the window is starting
    with finished(qtbot, window):
        pass
    assert made == [auto]
