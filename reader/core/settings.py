"""The practitioner's settings: versioned JSON under the data directory.

A corrupt or unreadable file is set aside (renamed *.corrupt-N) and reported,
never fatal: the reader starts with defaults and nothing else is lost. A file
that reads but holds a setting of the wrong type or out of range keeps the
others: only that one is defaulted, and the reader is told which.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from reader.core.atomic import write_text
from reader.core.locks import held
from reader.core.set_aside import set_aside

VERSION = 1
THEMES = ("light", "dark", "high-contrast")
FILE = "settings.json"
LOCK = "settings.lock"


@dataclass
class Settings:
    board: str | None = None  # chosen at first start
    text_size: int = 11  # points
    theme: str = "light"
    stale_after_days: int = 30
    sync_url: str | None = None
    auto_sync: bool = True  # check for updates at start and every few hours (reader/ui/auto_sync.py)


def _int_in(low: int, high: int):
    return lambda v: type(v) is int and low <= v <= high  # type(): JSON's true is not a size


_VALID = {
    "board": lambda v: v is None or (isinstance(v, str) and 0 < len(v) <= 100),  # the window checks it is a board
    "text_size": _int_in(6, 40),
    "theme": lambda v: isinstance(v, str) and v in THEMES,
    "stale_after_days": _int_in(1, 3650),
    "sync_url": lambda v: v is None or (isinstance(v, str) and len(v) <= 2000 and v.startswith(("http://", "https://"))),
    "auto_sync": lambda v: type(v) is bool,
}


def _read(path: Path) -> dict:
    """The file's "values"; FileNotFoundError, or ValueError/OSError if it is damaged."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or type(raw.get("version")) is not int:
        raise ValueError("no version")
    values = raw.get("values", {})
    if not isinstance(values, dict):
        raise ValueError("no values")
    return values


def _usable(values: dict) -> dict:
    known = {f.name for f in fields(Settings)}
    return {k: v for k, v in values.items() if k in known and _VALID[k](v)}


def load(data_dir: Path) -> tuple[Settings, str | None]:
    """(settings, a problem to report or None)."""
    path = Path(data_dir) / FILE
    try:
        values = _read(path)
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:  # a UnicodeDecodeError is a ValueError
        try:
            aside = set_aside(path)
        except OSError as why:  # a folder that cannot be written: left as it is (a save fails too)
            return Settings(), (f"your settings file {path} cannot be read ({getattr(exc, 'strerror', None) or exc}) "
                                f"and could not be set aside ({why.strerror or why}); defaults are in use")
        return Settings(), f"your settings file was damaged and has been set aside as {aside.name}; defaults are in use"
    known = {f.name for f in fields(Settings)}
    good = _usable(values)
    bad = sorted(k for k in values if k in known and k not in good)
    problem = None
    if bad:
        problem = f"your settings file had a setting that could not be used ({', '.join(bad)}); its default is in use"
    return Settings(**good), problem


def stored(data_dir: Path) -> set[str]:
    """The settings the user's file holds usable values of (an organisation's policy presets only the others)."""
    try:
        return set(_usable(_read(Path(data_dir) / FILE)))
    except (OSError, ValueError):
        return set()


def save(data_dir: Path, settings: Settings, since: Settings | None = None) -> Settings:
    """Write `settings`; the settings written are returned.

    With `since` (the settings as this process last read or wrote them) only
    the settings changed since then are this process's to write: the others
    are kept as the file holds them now, under a lock, so a change another
    reader process made to them meanwhile is not overwritten. A setting the
    file lacks or holds unusable is written from `settings`.
    """
    path = Path(data_dir) / FILE
    with held(path.with_name(LOCK), "saving settings"):
        values = asdict(settings)
        try:
            theirs = _usable(_read(path))
        except FileNotFoundError:
            theirs = {}
        except (OSError, ValueError):  # damaged meanwhile: kept (and reported), never overwritten; ours, whole
            set_aside(path)
            theirs = {}
        if since is not None:
            before = asdict(since)
            values = {k: v if v != before[k] else theirs.get(k, v) for k, v in values.items()}
        write_text(path, json.dumps({"version": VERSION, "values": values}, indent=2))
    return Settings(**values)
