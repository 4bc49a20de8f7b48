"""A chapter's dated wordings, and the one in force on a chosen day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from reader.core.dates import parse_iso
from reader.core.errors import BadDate
from reader.core.model import Chapter
from reader.ui.lists import ListDialog, Row


class HistoryDialog(ListDialog):
    show_on = Signal(str, object)  # chapter id, dt.date (None: the current wording)

    def __init__(self, parent=None):
        super().__init__("Wording history", ("In force from", "Source", "Captured", "Status"), parent,
                         placeholder="Filter")
        self.chapter: Chapter | None = None
        # A plain field, read strictly: a date editor rewrote what was typed into its sections
        # (2018-01-15 became 2026-01-15) and answered for a day nobody asked about.
        self.date = QLineEdit(self)
        self.date.setPlaceholderText("YYYY-MM-DD")
        self.date.setAccessibleName("Date to show the wording for (YYYY-MM-DD)")
        self.show_button = QPushButton("Show wording in force on this date", self)
        self.current_button = QPushButton("Back to the current wording", self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.controls.addWidget(self.date)
        self.controls.addWidget(self.show_button)
        self.buttons.addWidget(self.current_button)
        self.layout().insertWidget(1, self.note)
        self.filter.hide()  # two or three rows need no filter
        self.resize(760, 320)
        self.show_button.clicked.connect(self._show_date)
        self.date.returnPressed.connect(self._show_date)
        self.current_button.clicked.connect(lambda: self.chapter and self.show_on.emit(self.chapter.id, None))
        self.table.itemActivated.disconnect()
        self.table.itemActivated.connect(self._show_row)

    def show_chapter(self, chapter: Chapter, today: dt.date) -> None:
        self.chapter = chapter
        self.setWindowTitle(f"Wording history: {chapter.title}")
        rows = []
        for n, wording in enumerate(chapter.wordings):
            current = " (current)" if wording is chapter.current else ""
            rows.append(Row((wording.in_force_from.isoformat() + current, wording.source.file,
                             wording.source.captured, " · ".join(wording.status) or "—"), chapter.id, key=str(n),
                            said=("", "", "", "no status recorded")))
        self.set_rows(list(reversed(rows)))
        self.date.setText(today.isoformat())
        n = len(chapter.wordings)
        self.note.setText(
            f"{n} dated wording{'s are' if n != 1 else ' is'} known for this chapter from the captures. "
            "Choose a date to see the wording in force that day; an earlier one is marked as not current."
        )

    def _show_date(self) -> None:
        if self.chapter is None:
            return
        try:
            day = parse_iso(self.date.text())
        except BadDate:
            self.answer(f"“{self.date.text().strip()}” is not a date the reader can take as typed: write it as "
                        "YYYY-MM-DD, e.g. 2018-01-15. Nothing else was shown.")
            return
        self.show_on.emit(self.chapter.id, day)

    def answer(self, text: str) -> None:
        """What was shown for the date asked, said here too: the dialog may cover the status bar."""
        self.note.setText(text)

    def _show_row(self, item) -> None:
        row = self.current_row()
        if self.chapter is not None and row is not None:
            self.show_on.emit(self.chapter.id, self.chapter.wordings[int(row.key)].in_force_from)
