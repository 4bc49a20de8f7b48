"""One small helper to run work off the main thread and bring the result back.

Workers never touch widgets: they get plain arguments and return plain values;
the result (or the exception) is delivered on the main thread by a signal.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object, object)  # result, exception


class _Job(QRunnable):
    def __init__(self, work: Callable[[], object], relay: _Relay):
        super().__init__()
        self.work, self.relay = work, relay

    def run(self):
        try:
            result = self.work()
        except Exception as exc:  # delivered to the caller, never lost
            self.relay.done.emit(None, exc)
        else:
            self.relay.done.emit(result, None)


def run_in_background(work: Callable[[], object], on_done: Callable[[object, BaseException | None], None]) -> None:
    relay = _Relay()
    relay.done.connect(on_done)
    relay.setParent(None)
    _keep.add(relay)
    relay.done.connect(lambda *_: _keep.discard(relay))
    QThreadPool.globalInstance().start(_Job(work, relay))


_keep: set = set()  # relays must outlive the job that emits through them
