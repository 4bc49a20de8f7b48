"""The chapter the practitioner was reading, opened again at the next start.

Kept in window.ini beside the window's geometry: it is where the window was, not a setting.
It is opened again only if the edition still holds it and it is not another partnership's
local procedure (nor a local one while no partnership is chosen); otherwise the welcome page
stays, without a word: a chapter gone or out of scope is not the practitioner's problem to
be told of at every start.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QWidget

from reader.core.errors import ReaderError
from reader.core.model import SHARED, Manual

KEY = "last_chapter"


def remember(store: QSettings, chapter_id: str | None) -> None:
    """Note the chapter shown as the window closes; none (a welcome or message page) forgets it."""
    if chapter_id:
        store.setValue(KEY, chapter_id)
    else:
        store.remove(KEY)


def to_reopen(store: QSettings, manual: Manual, board: str | None) -> str | None:
    """The chapter to open again, or None: gone from this edition, or not the partnership's."""
    chapter_id = store.value(KEY)
    if not isinstance(chapter_id, str) or not chapter_id:  # a hand-edited or damaged value
        return None
    try:
        chapter = manual.chapter(chapter_id)
    except ReaderError:
        return None  # withdrawn, or an id this edition never had
    if board is None:  # no partnership chosen: no local procedure is the reader's own
        return chapter_id if chapter.scope == SHARED else None
    return chapter_id if chapter.applies_to(board) else None


class AfterFirstPaint(QObject):
    """Runs `then` once `widget` has first been painted: a chapter needs Markdown, which the
    window's first frame must not wait for (tests/ui/test_startup_imports.py)."""

    def __init__(self, widget: QWidget, then: Callable[[], None]):
        super().__init__(widget)
        self._widget, self._then = widget, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # after this paint has finished
        return False
