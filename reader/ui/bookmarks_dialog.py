"""The bookmarks list: open, remove, and see what changed since bookmarking."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from reader.core.bookmarks import Bookmarks
from reader.core.model import Manual
from reader.ui.lists import ListDialog, Row


class BookmarksDialog(ListDialog):
    show_changes = Signal(str)  # chapter id: redline from the bookmarked wording
    remove = Signal(str)
    acknowledge = Signal(str)

    def __init__(self, parent=None):
        super().__init__("Bookmarks", ("Chapter", "State", "Bookmarked"), parent, placeholder="Filter bookmarks")
        self.open_button = QPushButton("Open", self)
        self.changes_button = QPushButton("Show changes", self)
        self.ack_button = QPushButton("Mark as read", self)
        self.remove_button = QPushButton("Remove", self)
        for button in (self.open_button, self.changes_button, self.ack_button, self.remove_button):
            button.setAccessibleName(f"{button.text()} bookmark")
            self.buttons.addWidget(button)
        self.open_button.clicked.connect(lambda: self._with_current(lambda r: self.open_place.emit(r.chapter, "", 0)))
        self.changes_button.clicked.connect(lambda: self._with_current(lambda r: self.show_changes.emit(r.key)))
        self.ack_button.clicked.connect(lambda: self._with_current(lambda r: self.acknowledge.emit(r.key)))
        self.remove_button.clicked.connect(lambda: self._with_current(lambda r: self.remove.emit(r.key)))
        self.table.currentItemChanged.connect(lambda *_: self._update_buttons())

    def show_bookmarks(self, bookmarks: Bookmarks, manual: Manual) -> None:
        rows = []
        for state in bookmarks.states(manual):
            if state.chapter is None:
                label = "⚠ no longer in this edition"
            elif state.changed:
                label = "⚑ wording changed since bookmarked"
            else:
                label = "unchanged"
            rows.append(Row((state.title, label, state.bookmark.added), state.chapter.id if state.chapter else None,
                            key=state.bookmark.chapter, bold=state.changed))
        self.set_rows(rows, bookmarks.empty_reason() or "No bookmarks yet: open a chapter and press Ctrl+D.")
        self._update_buttons()

    def _with_current(self, action) -> None:
        row = self.current_row()
        if row is not None:
            action(row)

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.open_button.setEnabled(bool(row and row.chapter))
        self.changes_button.setEnabled(bool(row and row.bold))
        self.ack_button.setEnabled(bool(row and row.bold))
        self.remove_button.setEnabled(row is not None)
