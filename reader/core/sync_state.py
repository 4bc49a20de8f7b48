"""What the reader remembers of its syncs (state.json) and the one-sync-at-a-time lock."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path

from reader.core.atomic import write_text
from reader.core.errors import SyncBusy

STATE = "state.json"
LOCK = "sync.lock"


def load(data_dir: Path) -> dict:
    try:
        state = json.loads((Path(data_dir) / STATE).read_text(encoding="utf-8"))
        return state if isinstance(state, dict) and state.get("version") == 1 else {"version": 1}
    except (OSError, ValueError):
        return {"version": 1}


def _save(data_dir: Path, state: dict) -> None:
    write_text(Path(data_dir) / STATE, json.dumps(state, indent=2))


def record(data_dir: Path, report) -> None:
    """After a successful sync: when, and what arrived (kept until the next one that brings news)."""
    state = load(data_dir)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    state["last_sync"] = now.isoformat()
    state["last_check"] = now.date().isoformat()
    if not report.up_to_date:
        state["last_arrival"] = report.to_json()
        # changed and new chapters stay marked in the contents until opened
        state["unread"] = sorted(set(state.get("unread", [])) | set(report.changed) | set(report.added))
    _save(data_dir, state)


def update(data_dir: Path, **values) -> None:
    state = load(data_dir)
    state.update(values)
    _save(data_dir, state)


def last_check(data_dir: Path) -> dt.date | None:
    value = load(data_dir).get("last_check")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


@contextlib.contextmanager
def lock(data_dir: Path):
    """One sync at a time per data folder (python-tuf allows one updater per metadata folder)."""
    path = Path(data_dir) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(2):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            break
        except FileExistsError:
            try:
                holder = int(path.read_text().strip() or "0")
            except (OSError, ValueError):
                holder = 0
            if holder and _alive(holder):
                raise SyncBusy() from None
            path.unlink(missing_ok=True)  # left by a sync that died
    else:
        raise SyncBusy()
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)
