"""One small helper to run work off the main thread and bring the result back.

Workers never touch widgets: they get plain arguments and return plain values;
the result (or the exception) is delivered on the main thread. The value itself
never travels through a queued Qt signal: passing Python objects (None above
all) through one crashed PySide6 6.12 under load ("none_dealloc"). The worker
leaves the value on the relay and emits an argument-free signal.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal()

    def __init__(self, on_done: Callable[[object, BaseException | None], None]):
        super().__init__()
        self.result: object = None
        self.error: BaseException | None = None
        self._on_done = on_done
        self.done.connect(self._deliver)

    def _deliver(self) -> None:
        _keep.discard(self)
        self._on_done(self.result, self.error)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay):
        super().__init__()
        self.work, self.relay = work, relay

    def run(self):
        try:
            self.relay.result = self.work()
        except Exception as exc:  # delivered to the caller, never lost
            self.relay.error = exc
        self.relay.done.emit()


def run_in_background(work: Callable[[], object], on_done: Callable[[object, BaseException | None], None]) -> None:
    relay = _Relay(on_done)
    _keep.add(relay)  # relays must outlive the job that emits through them
    QThreadPool.globalInstance().start(_Job(work, relay))


_keep: set = set()
