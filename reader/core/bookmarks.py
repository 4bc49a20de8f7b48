"""Bookmarks: the few chapters a practitioner comes back to.

Versioned JSON under the data directory. Each bookmark remembers a fingerprint
of the wording it was made on, never the wording itself: the earlier text for
a redline is looked up in verified editions, so nothing unsigned is ever shown
as procedure. A damaged file is set aside and reported, never fatal; so is
one with a bookmark of the wrong shape (each field is checked as it is read),
since a bookmark kept half-right would point at the wrong thing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable

from reader.core.atomic import write_text
from reader.core.errors import ReaderError
from reader.core.locks import held
from reader.core.trust.layout import is_edition_path
from reader.core.model import Chapter, Manual
from reader.core.set_aside import set_aside

VERSION = 1
FILE = "bookmarks.json"
LOCK = "bookmarks.lock"


def fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _is_fingerprint(value) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def _is_date(value) -> bool:
    try:
        return isinstance(value, str) and len(value) == 10 and bool(dt.date.fromisoformat(value))
    except ValueError:
        return False


_VALID = {
    "chapter": lambda v: isinstance(v, str) and is_edition_path(f"chapters/{v}.md"),  # a chapter id, as layout has it
    "title": lambda v: isinstance(v, str) and len(v) <= 1000,
    "wording": _is_fingerprint,
    "added": _is_date,
}


def _read(path: Path) -> list[Bookmark]:
    """The bookmarks in the file; ValueError if it is damaged or of another shape, OSError if unreadable."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or type(raw.get("version")) is not int or raw["version"] != VERSION:
        raise ValueError("unknown version")
    if not isinstance(raw.get("bookmarks"), list):
        raise ValueError("no list of bookmarks")
    return [_bookmark(entry) for entry in raw["bookmarks"]]


def _bookmark(entry) -> Bookmark:
    if not isinstance(entry, dict) or not all(check(entry.get(k)) for k, check in _VALID.items()):
        raise ValueError("a bookmark of the wrong shape")
    return Bookmark(**{k: entry[k] for k in _VALID})


@dataclass(frozen=True)
class Bookmark:
    chapter: str  # chapter id
    title: str  # as it was when bookmarked, shown if the chapter is withdrawn
    wording: str  # fingerprint of the wording bookmarked, or acknowledged since
    added: str  # ISO date


@dataclass(frozen=True)
class BookmarkState:
    bookmark: Bookmark
    chapter: Chapter | None  # None: no longer in the edition
    changed: bool  # the wording differs from the one bookmarked

    @property
    def title(self) -> str:
        return self.chapter.title if self.chapter else self.bookmark.title


class Bookmarks:
    def __init__(self, data_dir: Path, items: Iterable[Bookmark] = ()):
        self.path = Path(data_dir) / FILE
        self.items: list[Bookmark] = list(items)
        # where a damaged bookmarks file was kept, so an empty list says why it is empty
        self.set_aside_as: Path | None = None

    def empty_reason(self) -> str | None:
        """Why there are no bookmarks when it is not that none were made; None otherwise."""
        if self.items or self.set_aside_as is None:
            return None
        return (f"Your bookmarks file was damaged and has been set aside as {self.set_aside_as.name} "
                f"(in {self.set_aside_as.parent}), so the bookmarks it held are not shown.")

    @classmethod
    def load(cls, data_dir: Path) -> tuple[Bookmarks, str | None]:
        """(bookmarks, a problem to report or None)."""
        path = Path(data_dir) / FILE
        try:
            items = _read(path)
        except FileNotFoundError:
            return cls(data_dir), None
        except (OSError, ValueError) as exc:  # a UnicodeDecodeError is a ValueError
            marks = cls(data_dir)
            try:
                marks.set_aside_as = set_aside(path)
            except OSError as why:  # a folder that cannot be written: left as it is, and a save fails too
                return marks, (f"your bookmarks file {path} cannot be read ({getattr(exc, 'strerror', None) or exc}) "
                               f"and could not be set aside ({why.strerror or why}); it is left as it is")
            return marks, f"your bookmarks file was damaged and has been set aside as {marks.set_aside_as.name}"
        return cls(data_dir, items), None

    def save(self) -> None:
        self._write(self.items)

    def _write(self, items: list[Bookmark]) -> None:
        data = {"version": VERSION, "bookmarks": [asdict(b) for b in items]}
        write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False))

    def _change(self, change: Callable[[list[Bookmark]], list[Bookmark]]) -> None:
        """Apply `change` to the bookmarks as they are on disk now, and write them back.

        Another reader process (a second window, a script) may have bookmarked
        since this one read the file: the change is made to the file's list,
        under a lock, so its bookmarks are kept and only this one is added or
        removed. A file damaged meanwhile is set aside, and this process's own
        list is the base: nothing it held is lost. The list held here changes
        only once the file is written: a bookmark that could not be saved is
        never shown as made.
        """
        with held(self.path.with_name(LOCK), "saving bookmarks"):
            try:
                on_disk = _read(self.path)
            except FileNotFoundError:
                on_disk = []  # removed by the practitioner, or never written: only this change remains
            except (OSError, ValueError):
                self.set_aside_as = set_aside(self.path)
                on_disk = list(self.items)
            changed = change(on_disk)
            self._write(changed)
            self.items = changed

    def __contains__(self, chapter_id: str) -> bool:
        return any(b.chapter == chapter_id for b in self.items)

    def add(self, chapter: Chapter, today: dt.date) -> None:
        new = Bookmark(chapter.id, chapter.title, fingerprint(chapter.body), today.isoformat())
        self._change(lambda items: items if any(b.chapter == chapter.id for b in items) else items + [new])

    def remove(self, chapter_id: str) -> None:
        self._change(lambda items: [b for b in items if b.chapter != chapter_id])

    def acknowledge(self, chapter: Chapter) -> None:
        """The reader has seen the new wording: stop flagging it."""
        self._change(lambda items: [
            Bookmark(b.chapter, chapter.title, fingerprint(chapter.body), b.added) if b.chapter == chapter.id else b
            for b in items
        ])

    def states(self, manual: Manual) -> list[BookmarkState]:
        out = []
        for b in self.items:
            try:
                chapter = manual.chapter(b.chapter)
            except ReaderError:
                out.append(BookmarkState(b, None, False))
                continue
            out.append(BookmarkState(b, chapter, fingerprint(chapter.body) != b.wording))
        return out


def bookmarked_wording(bookmark: Bookmark, manuals: Iterable[Manual]) -> str | None:
    """The wording the bookmark was made on, from verified editions only, or None."""
    for manual in manuals:
        try:
            chapter = manual.chapter(bookmark.chapter)
        except ReaderError:
            continue
        for wording in chapter.wordings:
            if fingerprint(wording.body) == bookmark.wording:
                return wording.body
    return None
