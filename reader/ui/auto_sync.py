"""Sync by itself: once the window is up, every few hours, and when the network comes back.

Each check is the window's quiet sync (MainWindow.start_sync(quiet=True)):
in the background, no prompt, no dialog. Afterwards only two things are
worth interrupting the reading for, and then with a notice above the chapter
(sync_notice.py), never a modal: a new edition arrived (What's new one click
away), or automatic syncs have failed for days (since when, and why). A
failure today is normal for a laptop on a train and is not said; "up to date"
is not said either.

No check on a metered connection, none while the system says it is offline,
none when the practitioner (or the organisation's policy) turned them off;
a check skipped or failed is made again when the network changes, or after
RETRY_MS when the system cannot tell (no QNetworkInformation backend).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.editions import state as sync_state
from reader.core.errors import ReaderError, SyncBusy, SyncCancelled
from reader.ui.network_status import NetworkStatus
from reader.ui.sync_notice import SyncNotice
from reader.ui.sync_controller import SyncOutcome

STARTED, OFF, METERED, OFFLINE, BUSY = "started", "off", "metered", "offline", "busy"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def arrived_text(outcome: SyncOutcome) -> str:
    report = outcome.report
    changed = len(report.changed) + len(report.added) + len(report.removed)
    what = f"{changed} chapter{'s' if changed != 1 else ''} changed" if changed else "no chapter changed"
    return f"A new edition ({report.edition}) arrived by itself: {what}. Your procedures are now this edition."


def failing_text(since: dt.datetime, now: dt.datetime, error: BaseException) -> str:
    reason = str(error) if isinstance(error, ReaderError) else f"{type(error).__name__}: {error}"
    days = (now - since).days
    return (f"Updates have not arrived since {since:%d %B %Y} ({days} days): every automatic sync since then "
            f"failed, the last because {reason}. Your procedures are unchanged; Sync (Ctrl+R) tries again now.")


class AutoSync(QObject):
    checked = Signal(str, str)  # why (start, timer, network, retry), what came of it (STARTED, OFF, ...)

    START_DELAY_MS = 5_000  # after the first paint and the search index's start: never slows the start
    EVERY_MS = 4 * 60 * 60 * 1000
    RETRY_MS = 30 * 60 * 1000  # after a failure, when the system cannot say the network came back
    FAILING_DAYS = 3  # automatic syncs failing this long are said

    def __init__(self, window, network: NetworkStatus | None = None,
                 enabled: Callable[[], bool] | None = None, now: Callable[[], dt.datetime] = _utc_now):
        super().__init__(window)
        self.window = window
        self._network = network  # the system's is asked for at the first check, not while the window starts
        self._enabled = enabled or (lambda: window.settings.auto_sync)
        self._now = now
        self.pending = False  # a check was skipped or failed: make it when the network allows
        self.notice = SyncNotice(window)
        window.notice_area.insertWidget(0, self.notice)
        self.notice.whats_new.connect(window.show_whats_new)
        self._timer = QTimer(self, interval=self.EVERY_MS)
        self._timer.timeout.connect(lambda: self.check("timer"))
        self._retry = QTimer(self, singleShot=True, interval=self.RETRY_MS)
        self._retry.timeout.connect(lambda: self.check("retry"))
        if network is not None:
            network.changed.connect(self._network_changed)
        window.sync_controller.finished.connect(self._finished)  # after the window's own handler

    @property
    def network(self) -> NetworkStatus:
        if self._network is None:
            self._network = NetworkStatus(self)
            self._network.changed.connect(self._network_changed)
        return self._network

    def start(self) -> None:
        """The first check once the window has been on screen START_DELAY_MS, then every EVERY_MS."""
        QTimer.singleShot(self.START_DELAY_MS, self, lambda: self.check("start"))
        self._timer.start()

    def check(self, why: str) -> str:
        """Start a quiet sync if nothing stands in the way; what came of it is returned and emitted."""
        result = self._check()
        self.checked.emit(why, result)
        return result

    def _check(self) -> str:
        if not self._enabled():
            self.pending = False
            return OFF
        if self.network.metered():
            self.pending = True
            return METERED
        if self.network.offline():
            self.pending = True
            return OFFLINE
        controller = self.window.sync_controller
        if controller.running:
            return BUSY  # a sync the practitioner started: its outcome serves
        self.window.start_sync(quiet=True)
        return STARTED if controller.running else OFF  # not started: no address known, nothing to ask quietly

    def _network_changed(self) -> None:
        if self.pending and not self.network.offline() and not self.network.metered():
            self.check("network")

    def _finished(self, outcome: SyncOutcome) -> None:
        if outcome.error is None:
            self.pending = False
            self._retry.stop()
            if self.notice.kind == "failing":
                self.notice.hide()
            if sync_state.load(self.window.data_dir).get("failing_since"):
                self._remember_failing(None)
            if outcome.quiet and not outcome.report.up_to_date:
                text = arrived_text(outcome)
                self.notice.show_arrived(text)
                self.window.messages.info(text)
            return
        if not outcome.quiet or isinstance(outcome.error, (SyncCancelled, SyncBusy)):
            return  # the practitioner was told in a dialog; a cancel or another process's sync is no failure
        self.pending = True
        self._retry.start()
        now = self._now()
        since = self._failing_since(now)
        if now - since >= dt.timedelta(days=self.FAILING_DAYS) and self.notice.kind != "failing":
            text = failing_text(since, now, outcome.error)
            self.notice.show_failing(text)
            self.window.messages.warning(text)

    def _failing_since(self, now: dt.datetime) -> dt.datetime:
        """When this run of failures began; a success since (here or from `reader sync`) begins a new one."""
        state = sync_state.load(self.window.data_dir)
        since = dt.datetime.fromisoformat(state["failing_since"]) if state.get("failing_since") else None
        if since is not None and since.tzinfo is None:
            since = since.replace(tzinfo=dt.timezone.utc)
        last = state.get("last_sync")
        if last is not None and since is not None:
            last_sync = dt.datetime.fromisoformat(last)
            if last_sync.tzinfo is None:
                last_sync = last_sync.replace(tzinfo=dt.timezone.utc)
            if last_sync >= since:
                since = None
        if since is None:
            since = now
            self._remember_failing(now)
        return since

    def _remember_failing(self, since: dt.datetime | None) -> None:
        try:
            sync_state.update(self.window.data_dir, failing_since=since.isoformat() if since else None)
        except (ReaderError, OSError):
            pass  # only the "failing for days" notice depends on it: never worth a message of its own


def install(window, network: NetworkStatus | None = None, enabled: Callable[[], bool] | None = None) -> AutoSync | None:
    """Automatic sync for a window that can sync (one with a sync service); started at once."""
    if window.sync_controller is None:
        return None
    auto = AutoSync(window, network=network, enabled=enabled)
    window.auto_sync = auto
    auto.start()
    return auto
