"""Writing a file so that a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Write beside the target, flush to disk, then rename over it.

    The temporary file's name is this write's own: two processes writing the
    same file at once each rename a complete file, the last one wins, and
    neither finds its temporary file taken by the other. It is created with
    the mode the umask gives (not mkstemp's 0600): the publisher's files are
    served and committed, the reader's are kept private by its umask.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with open(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))
