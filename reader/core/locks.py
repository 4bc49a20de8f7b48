"""Locks between reader processes on one data folder (the window, the commands, a script).

filelock holds an OS lock on an open file (flock on POSIX, LockFileEx on
Windows): the operating system lets go of it when the process ends, however
it ends, so a reader that crashed never leaves a lock held. The lock file
itself stays behind, empty; it means nothing once no process holds it.

Each lock is one file beside what it guards (DATA/<name>.lock), never inside
a folder that is renamed or replaced. A process that finds the lock held
waits for it (the work behind it is seconds at most), up to `timeout`, and
then says so in one line, never a traceback.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from reader.core.errors import ReaderError

WAIT = 60.0  # seconds: far above an install, an index build or a file write on a slow laptop


class LockTimeout(ReaderError):
    def __init__(self, what: str, waited: float):
        super().__init__(f"another reader on this computer is still busy with {what} after {waited:.0f} s; "
                         "try again in a moment")


@contextlib.contextmanager
def held(path: Path, what: str, timeout: float = WAIT, reentrant: bool = True):
    """Hold the lock at `path` (waiting up to `timeout` s; 0: not at all, raising LockTimeout).

    reentrant=False: a second hold in the same thread is refused like another
    process's (one sync at a time, even if one thread asks twice).
    """
    from filelock import FileLock, Timeout  # imported when first locked: not on the window's start-up path

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One lock object a path in this process (is_singleton), so a holder that
    # takes the same lock again (open() installing, then adopting) counts up
    # instead of waiting on itself; thread_local: each thread of the window
    # counts its own holds, so two threads exclude each other as two processes do.
    lock = FileLock(path, is_singleton=reentrant)
    try:
        lock.acquire(timeout=timeout, blocking=timeout != 0)
    except Timeout:
        raise LockTimeout(what, timeout) from None
    try:
        yield
    finally:
        lock.release()
