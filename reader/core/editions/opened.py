"""The edition as the window and the commands use it: verified, read, and what went wrong on the way.

Kept apart from the library so that the window's start-up path (which only
receives an Opened from the forked child, reader.core.editions.early_open) does
not import the library, the trust check or TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reader.core.model import Manual


@dataclass
class Opened:
    """A verified edition, read: what the window and the commands need of it."""

    manual: Manual
    name: str
    as_of: str
    problems: list[str] = field(default_factory=list)  # what went wrong on the way, in plain words
    path: Path | None = None
    sync_url: str | None = None  # the publisher's update address, if the edition gives one
    data_dir: Path | None = None  # the folder of all state, as the library that opened it found it
    # sha256 of each content file, as its verification found them: the base of a sync's delta, so
    # that a sync does not verify the edition a second time to learn what it holds (None: unknown)
    hashes: dict[str, str] | None = field(default=None, repr=False, compare=False)
