"""The amendments register: every entry, newest first, filtered by date, board and chapter."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel

from reader.core import labels
from reader.core.errors import ReaderError
from reader.core.model import Manual
from reader.ui.lists import ListDialog, Row


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class RegisterDialog(ListDialog):
    def __init__(self, parent=None):
        super().__init__("Amendments register", ("Date", "Applies to", "Chapter", "Details"), parent,
                         placeholder="Filter by words in the entry")
        self.from_enabled = QCheckBox("From", self)
        self.from_date = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.to_enabled = QCheckBox("to", self)
        self.to_date = QDateEdit(self, calendarPopup=True, displayFormat="yyyy-MM-dd")
        self.board_box = QComboBox(self)
        self.chapter_box = QComboBox(self)
        for widget, name in ((self.from_enabled, "Limit from date"), (self.from_date, "From date"),
                             (self.to_enabled, "Limit to date"), (self.to_date, "To date"),
                             (self.board_box, "Partnership"), (self.chapter_box, "Chapter")):
            widget.setAccessibleName(name)
        # Each box with a visible label tied to it: a box alone is announced by its value ("Walsall").
        board_label, chapter_label = QLabel("&Partnership:", self), QLabel("C&hapter:", self)
        board_label.setBuddy(self.board_box)
        chapter_label.setBuddy(self.chapter_box)
        for widget in (self.from_enabled, self.from_date, self.to_enabled, self.to_date, board_label,
                       self.board_box, chapter_label, self.chapter_box):
            self.controls.addWidget(widget)
        self.controls.insertWidget(0, QLabel("Words:", self))
        for signal in (self.from_enabled.toggled, self.to_enabled.toggled, self.from_date.dateChanged,
                       self.to_date.dateChanged, self.board_box.currentIndexChanged,
                       self.chapter_box.currentIndexChanged):
            signal.connect(self.refresh)
        self.manual: Manual | None = None

    def show_manual(self, manual: Manual, board: str | None) -> None:
        self.manual = manual
        for box in (self.board_box, self.chapter_box):
            box.blockSignals(True)
            box.clear()
        self.board_box.addItem("All partnerships", None)
        for b in manual.boards:
            self.board_box.addItem(b.name, b.slug)
        self.board_box.setCurrentIndex(max(0, self.board_box.findData(board)))
        self.chapter_box.addItem("Any chapter", None)
        for c in manual.chapters:
            self.chapter_box.addItem(c.title, c.id)
        dates = [a.date for a in manual.register] or [dt.date.today()]
        for edit in (self.from_date, self.to_date):
            edit.blockSignals(True)
            edit.setDateRange(_qdate(min(dates)), _qdate(max(dates)))
        self.from_date.setDate(_qdate(min(dates)))
        self.to_date.setDate(_qdate(max(dates)))
        for widget in (self.board_box, self.chapter_box, self.from_date, self.to_date):
            widget.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        if self.manual is None:
            return
        manual = self.manual
        since = self.from_date.date().toPython() if self.from_enabled.isChecked() else None
        until = self.to_date.date().toPython() if self.to_enabled.isChecked() else None
        entries = manual.amendments(since=since, until=until, board=self.board_box.currentData(),
                                    chapter=self.chapter_box.currentData())
        rows = []
        for a in entries:
            scope = labels.scope_name(manual, a.scope)
            target = a.chapter
            try:
                chapter = manual.chapter(a.chapter).title if a.chapter else "—"
            except ReaderError:
                chapter, target = f"{a.chapter} (not in this edition)", None
            lead = a.details.split("\n\n")[0]
            rows.append(Row((a.date.isoformat(), scope, chapter, lead), target, "", key=a.id,
                            tooltip=a.details, said=("", "", "chapter not recorded" if not a.chapter else "")))
        self.set_rows(rows, "No register entries match.")
