"""Sync from the window: the work off the UI thread, its progress and its end as signals.

The window asks for a sync and reacts to two signals; it never sees the worker,
the cancel flag or the polling, and it gets typed objects back (a SyncReport
or the error), never the CLI's JSON. A quiet sync is one nobody asked for (an
automatic sync): it runs the same way, and the outcome says it was quiet so
that the window shows no dialog for it.

Threads: the worker only records the newest (step, done, total), one tuple
assignment; a timer on the UI thread reads it and emits `progress`. The
outcome is emitted on the UI thread too, from tasks.run_in_background's
delivery, so no Python object ever crosses a queued signal (see tasks.py).
Nothing here imports sync or the library: the window imports this at start.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.ui.tasks import run_in_background

if TYPE_CHECKING:
    from reader.core.editions.sync import SyncReport
    from reader.ui.app import SyncService


@dataclass(frozen=True)
class SyncOutcome:
    """How a sync ended: its report if it completed, else the error (the edition in use is then unchanged)."""

    url: str
    quiet: bool
    report: SyncReport | None = None
    error: BaseException | None = None


class SyncController(QObject):
    progress = Signal(str, int, int)  # step (one of sync.STEPS), done, total: on the UI thread
    finished = Signal(object)  # a SyncOutcome, never None: on the UI thread, so by direct call

    SHOW_AFTER_S = 0.6  # a sync that ends sooner shows no progress at all
    POLL_MS = 100

    def __init__(self, service: SyncService, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._cancel: threading.Event | None = None  # set while a sync runs
        self._latest = ("metadata", 0, 0)
        self._started = 0.0
        self._timer = QTimer(self, interval=self.POLL_MS)
        self._timer.timeout.connect(self._poll)

    @property
    def running(self) -> bool:
        return self._cancel is not None

    def start(self, url: str, quiet: bool = False, mirrors: tuple[str, ...] = ()) -> bool:
        """Sync with `url` (then each of `mirrors` in order, while none serves) in the background;
        False (and nothing done) if a sync is already running. The outcome names the address that served."""
        if self.running:
            return False
        cancel = self._cancel = threading.Event()
        self._latest, self._started = ("metadata", 0, 0), time.monotonic()
        self._timer.start()

        def progress(step: str, done: int, total: int) -> None:  # in the worker: plain data only
            self._latest = (step, done, total)

        addresses = (url, *mirrors)

        def run():
            from reader.core.editions.mirrors import first_that_serves  # not at start: the window imports this

            return first_that_serves(addresses, lambda address: self._service.run(address, progress, cancel.is_set))

        def done(result, error) -> None:
            report, served = result if result is not None else (None, url)
            self._done(SyncOutcome(served, quiet, report, error))

        run_in_background(run, done)
        return True

    def cancel(self) -> None:
        """Stop the running sync at its next check (between files, or between reads of one)."""
        if self._cancel is not None:
            self._cancel.set()

    def _poll(self) -> None:
        if time.monotonic() - self._started >= self.SHOW_AFTER_S:
            self.progress.emit(*self._latest)

    def _done(self, outcome: SyncOutcome) -> None:
        self._timer.stop()
        self._cancel = None
        self.finished.emit(outcome)
