"""Opening the edition on the other core while Qt loads.

Before it shows a word, the window must verify the edition (signatures, every
file's hash) and read it: some 50 ms of imports and work. Loading Qt takes
longer than that and needs none of it, so on Linux the window's process forks
first: the child verifies and reads the edition while the parent loads Qt, and
hands the result back through a pipe. The child is only a head start: if it
fails in any way, the parent opens the edition itself, the ordinary way, and
reports whatever went wrong as it always would.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from typing import Callable

from reader.core.editions.opened import Opened


class EarlyOpen:
    """`open_edition()` run in a forked child from now; `result()` collects it.

    `open_edition` must do its own imports, so that the parent does not pay
    for them before it forks. Where fork is unsafe or missing (Windows, macOS,
    a process that already runs threads or has loaded Qt, whose threads a
    fork would not copy), `result()` simply calls it.
    """

    def __init__(self, open_edition: Callable[[], Opened]):
        self._open = open_edition
        self._pid: int | None = None
        self._pipe: int | None = None
        if self.can_fork():
            self._fork()

    @staticmethod
    def can_fork() -> bool:
        return (sys.platform.startswith("linux") and threading.active_count() == 1
                and "PySide6.QtCore" not in sys.modules)

    def _fork(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or process slots: open in this process instead
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: open, send, and leave without running the parent's exit handlers
            status = 1
            try:
                os.close(read)
                from reader.core.editions import in_use

                in_use.skip_in_this_process()  # its mark would end with it: the parent marks the edition it shows
                data = pickle.dumps(self._open(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._pid, self._pipe = pid, read

    def result(self) -> Opened:
        pid, self._pid = self._pid, None
        if pid is None:
            return self._open()
        data, status = b"", -1
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
        except OSError:
            pass
        finally:
            try:
                _, status = os.waitpid(pid, 0)  # reaped whatever happened: no zombie left behind
            except ChildProcessError:
                pass
        if status == 0:
            try:
                opened = pickle.loads(data)
            except Exception:  # noqa: S110 - a head start that cannot be read is simply not used
                opened = None
            if isinstance(opened, Opened):
                return opened
        return self._open()  # raises, in this process, whatever stopped the child
