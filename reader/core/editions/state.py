"""What the reader remembers of its syncs (state.json) and the one-sync-at-a-time lock.

state.json is not signed: anything on the computer can write it. So it keeps
only which editions a sync went from and to, never what they hold: What's new
is worked out again from the two editions, each verified as at start, and a
name is used only if it is one the reader makes. Every field is checked as
it is read; one of the wrong type or shape is dropped, as a damaged file is,
because everything here can be rebuilt or done without.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

from reader.core.atomic import write_text
from reader.core.errors import ReaderError, SyncBusy
from reader.core.locks import LockTimeout, held
from reader.core.trust.layout import is_edition_path
from reader.core.paths import edition_name, make_private
from reader.core.set_aside import set_aside

STATE = "state.json"
LOCK = "sync.lock"
STATE_LOCK = "state.lock"
MAX_STAMP = 64  # far above any ISO date or time; a longer string is not one


def _datetime(value) -> str | None:
    try:
        return dt.datetime.fromisoformat(value).isoformat() if isinstance(value, str) and len(value) <= MAX_STAMP else None
    except ValueError:
        return None


def _date(value) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat() if isinstance(value, str) and len(value) <= MAX_STAMP else None
    except ValueError:
        return None


def _arrival(value) -> dict | None:
    """Which editions the last sync that brought news went between; nothing else is kept."""
    if not isinstance(value, dict) or edition_name(value.get("edition")) is None:
        return None
    return {"edition": value["edition"], "previous": edition_name(value.get("previous"))}


def _unread(value) -> list[str] | None:
    if not isinstance(value, list):
        return None
    # a chapter id is what layout allows in chapters/<id>.md: the one list of shapes
    return sorted({c for c in value if isinstance(c, str) and is_edition_path(f"chapters/{c}.md")})


# failing_since: when automatic syncs began to fail, so that only failures lasting days are said (ui/auto_sync.py)
_FIELDS = {"last_sync": _datetime, "last_check": _date, "last_arrival": _arrival, "unread": _unread,
           "failing_since": _datetime}


def load(data_dir: Path) -> dict:
    """state.json with every field checked; a missing, damaged or wrongly typed one is left out.

    A file that is not state.json at all (not JSON, another version) is set
    aside before anything writes over it, and reported as every damaged file is
    (reader.core.set_aside); a field of the wrong shape is only dropped.
    """
    path = Path(data_dir) / STATE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"version": 1}
    except (OSError, ValueError):  # a UnicodeDecodeError is a ValueError
        raw = None
    if not isinstance(raw, dict) or type(raw.get("version")) is not int or raw["version"] != 1:
        with contextlib.suppress(OSError):  # a folder that cannot be written, or another reader set it aside first
            set_aside(path)
        return {"version": 1}
    state = {"version": 1}
    for key, check in _FIELDS.items():
        value = check(raw.get(key))
        if value is not None:
            state[key] = value
    return state


def _save(data_dir: Path, state: dict) -> None:
    write_text(Path(data_dir) / STATE, json.dumps(state, indent=2))


def _changing(data_dir: Path):
    """Held while state.json is read, changed and written, so a change another reader made meanwhile is kept."""
    return held(Path(data_dir) / STATE_LOCK, "remembering a sync")


def record(data_dir: Path, report) -> None:
    """After a successful sync: when, and what arrived (kept until the next one that brings news)."""
    with _changing(data_dir):
        _record(data_dir, report)
    make_private(data_dir, deep=True)  # the new edition too, whoever called sync (the CLI and window set a umask)


def _record(data_dir: Path, report) -> None:
    state = load(data_dir)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    state["last_sync"] = now.isoformat()
    state["last_check"] = now.date().isoformat()
    if not report.up_to_date:
        state["last_arrival"] = {"edition": report.edition, "previous": report.previous}
        # changed and new chapters stay marked in the contents until opened
        state["unread"] = sorted(set(state.get("unread", [])) | set(report.changed) | set(report.added))
    _save(data_dir, state)


def update(data_dir: Path, **values) -> None:
    with _changing(data_dir):
        state = load(data_dir)
        state.update(values)
        _save(data_dir, state)


def last_check(data_dir: Path) -> dt.date | None:
    value = load(data_dir).get("last_check")
    return dt.date.fromisoformat(value) if value else None  # checked by load


NOT_WORKED_OUT = ("the edition you had before the last sync ({previous}) is no longer on this computer or fails "
                  "verification, so what changed cannot be worked out; the amendments register lists every entry "
                  "of the edition in use")


def previous_manual(library, name):
    """The edition `name`, verified as at start and read; None if it is not one the reader made, gone or bad."""
    name = edition_name(name)
    if name is None:
        return None
    folder = library.editions / name
    if folder.is_symlink() or not folder.is_dir():  # an edition is a folder the reader renamed into place
        return None
    try:
        return library.read(name)  # built from the bytes the check hashed, not read again
    except ReaderError:
        return None


def arrival(library, name: str, manual) -> dict | None:
    """What the last sync brought, worked out again from verified editions; None if nothing arrived yet.

    `name` and `manual` are the edition in use, verified. The report has the
    shape of SyncReport.to_json() plus "problem": what could not be shown and
    why, in plain words (then the lists are empty, never guessed).
    """
    from reader.core.editions.sync import compare  # sync imports this module

    names = load(library.data_dir).get("last_arrival")
    if names is None:
        return None
    report = {"edition": name, "previous": names["previous"], "up_to_date": False, "changed": [], "added": [],
              "removed": [], "amendments": [], "problem": None}
    if names["edition"] != name:
        report["problem"] = (f"the last sync brought edition {names['edition']}, but edition {name} is in use, "
                             "so what that sync brought cannot be shown")
        return report
    old = previous_manual(library, names["previous"])
    if old is None:
        report["problem"] = NOT_WORKED_OUT.format(previous=names["previous"] or "not recorded")
        return report
    changed, added, removed, arrived = compare(old, manual)
    report.update(changed=changed, added=added, removed=removed, amendments=[a.to_json() for a in arrived])
    return report


@contextlib.contextmanager
def lock(data_dir: Path):
    """One sync at a time per data folder (python-tuf allows one updater per metadata folder).

    A second sync does not wait: it is told another is running (SyncBusy). The
    lock is the operating system's (reader.core.locks), so a sync that crashed
    or was killed leaves nothing held, whichever process id comes next.
    """
    hold = held(Path(data_dir) / LOCK, "a sync", timeout=0, reentrant=False)
    try:
        hold.__enter__()
    except LockTimeout:
        raise SyncBusy() from None
    try:  # entered apart from the body, so a LockTimeout inside the sync is not taken for a busy sync
        yield
    finally:
        hold.__exit__(None, None, None)
