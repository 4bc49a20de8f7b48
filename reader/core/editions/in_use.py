"""Which editions reader processes have open, so that pruning never removes one in use.

A process that holds an edition open (the window showing it, a command
reading it, a sync linking unchanged files from it) may still read its folder:
an export copies its files, a sync links them, the redline reads it again. So
each process marks every edition it has open with a lock file of its own,
DATA/in-use/<edition>.<pid>-<random>.lock, held (an OS lock, through filelock)
for as long as an Opened of that edition is alive in the process. The
operating system lets go when the process ends, however it ends, so a marker
left by a crash is seen as free and removed by the next prune.

Pruning (Library.prune, under the editions lock) asks `elsewhere` and keeps
every edition another process still holds.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

FOLDER = "in-use"

_guard = threading.Lock()
_skip = False  # set in early_open's child: its marker would end with it; the window's process holds its own
_held: dict[tuple[Path, str], tuple[object, int]] = {}  # (data folder, edition) -> (this process's lock, count)


def _key(data_dir: Path, name: str) -> tuple[Path, str]:
    return Path(os.path.realpath(data_dir)), name


def hold(opened) -> None:
    """Mark `opened`'s edition as in use by this process until `opened` is collected (or the process ends).

    Marking is best effort: a folder that cannot take the marker (read-only)
    is one no other process can prune either.
    """
    if _skip or opened.data_dir is None or not opened.name:
        return
    key = _key(opened.data_dir, opened.name)
    with _guard:
        lock, count = _held.get(key, (None, 0))
        if lock is None:
            lock = _take(key)
            if lock is None:
                return
        _held[key] = (lock, count + 1)
    weakref.finalize(opened, _let_go, key)


def skip_in_this_process() -> None:
    """No markers from this process (a child that only reads an edition for its parent, then ends)."""
    global _skip
    _skip = True


def _take(key: tuple[Path, str]):
    from filelock import FileLock  # imported when first needed: not on the window's start-up path

    folder = key[0] / FOLDER
    path = folder / f"{key[1]}.{os.getpid()}-{os.urandom(4).hex()}.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = FileLock(path, thread_local=False)  # held for the process, whichever thread lets go
        # Not 0: a prune that found the new file before it was locked may remove it; filelock then makes it again
        lock.acquire(timeout=2)
    except Exception:  # noqa: BLE001 - OSError, or filelock's Timeout
        return None
    return lock


def _let_go(key: tuple[Path, str]) -> None:
    with _guard:
        lock, count = _held.get(key, (None, 0))
        if lock is None:
            return
        if count > 1:
            _held[key] = (lock, count - 1)
            return
        del _held[key]
    path = Path(lock.lock_file)
    lock.release()
    path.unlink(missing_ok=True)


def elsewhere(data_dir: Path) -> set[str]:
    """The editions other reader processes have open on `data_dir`; markers of ended processes removed.

    This process's own are not counted: its prune is told what it still needs
    (the sync's new and previous editions), as before there were other processes.
    """
    from filelock import FileLock, Timeout

    data_dir = Path(os.path.realpath(data_dir))
    with _guard:
        own = {Path(lock.lock_file).name for lock, _ in _held.values()}
    try:
        markers = list((data_dir / FOLDER).glob("*.lock"))
    except OSError:
        return set()
    found = set()
    for marker in markers:
        name = marker.name.partition(".")[0]
        if not name.isdigit() or marker.name in own or name in found:
            continue
        probe = FileLock(marker, thread_local=False)
        try:
            probe.acquire(timeout=0)
        except (Timeout, OSError):
            found.add(name)  # another process holds it (or it cannot be told): in use
            continue
        probe.release()
        marker.unlink(missing_ok=True)  # its process has ended: the marker means nothing now
    return found
