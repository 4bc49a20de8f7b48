"""A damaged file set aside (renamed *.corrupt-N), and everyone who must hear of it.

A settings, bookmarks or state file the reader cannot read is never deleted or
overwritten: it is renamed out of the way and kept for inspection. That can
happen deep inside a load or a save, in any thread, so the renaming itself
tells whoever listens (the window's lasting report, the CLI's stderr): no
caller can forget to, and two damaged files are two reports, never one.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator


@dataclass(frozen=True)
class SetAside:
    file: Path  # the damaged file, as it was named
    kept: Path  # where it is kept now, unchanged

    def message(self) -> str:
        """One line naming the file and the name it is kept under (the CLI and the window say it alike)."""
        return (f"{self.file.name} was damaged and has been set aside as {self.kept.name} "
                f"(in {self.file.parent}); the reader goes on without what it held")


_listeners: list[Callable[[SetAside], None]] = []
_lock = threading.Lock()


def set_aside(path: Path) -> Path:
    """Rename a damaged file out of the way (*.corrupt-N), keeping it; every listener hears of it."""
    path = Path(path)
    n = 1
    while path.with_name(f"{path.name}.corrupt-{n}").exists():
        n += 1
    target = path.with_name(f"{path.name}.corrupt-{n}")
    os.replace(path, target)
    done = SetAside(path, target)
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(done)
    return target


def listen(listener: Callable[[SetAside], None]) -> Callable[[], None]:
    """Call `listener` with each file set aside from now on (from any thread); returns the way to stop."""
    with _lock:
        _listeners.append(listener)

    def stop() -> None:
        with _lock:
            if listener in _listeners:
                _listeners.remove(listener)

    return stop


@contextlib.contextmanager
def collected() -> Iterator[list[SetAside]]:
    """The files set aside while the block runs, in order."""
    found: list[SetAside] = []
    stop = listen(found.append)
    try:
        yield found
    finally:
        stop()
