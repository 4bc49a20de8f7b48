"""A list window with a filter box: the shape shared by the reading tools.

Contacts, glossary, bookmarks and the register are each a filtered table whose
rows lead to a place in a chapter. Non-modal, so the chapter stays readable
beside it; Enter or a double click opens the row's chapter.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    chapter: str | None = None  # where the row leads, if anywhere
    find: str = ""  # text to highlight there
    occurrence: int = 0  # which occurrence of `find` to scroll to
    key: str = ""  # the tool's own handle on the row
    bold: bool = False
    tooltip: str = ""
    # What a screen reader says of a cell that shows a sign rather than words (a "—"), by column;
    # a "—" without one is said as NOT_RECORDED.
    said: tuple[str, ...] = ()


NOT_RECORDED = "not recorded"


class ListDialog(QDialog):
    open_place = Signal(str, str, int)  # chapter id, text to find, occurrence

    def __init__(self, title: str, columns: tuple[str, ...], parent=None, placeholder: str = "Filter"):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(820, 520)
        self.rows: list[Row] = []
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(placeholder)
        self.filter.setAccessibleName(f"Filter {title.lower()}")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(220)
        self.filter.textChanged.connect(self._apply_filter)
        self.table = QTreeWidget(self)
        self.table.setAccessibleName(title)
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(False)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setHeaderLabels(list(columns))
        self.table.itemActivated.connect(self._activated)
        self.count = QLabel(self)
        self.controls = QHBoxLayout()
        self.controls.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.controls)
        layout.addWidget(self.table, 1)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.count, 1)
        layout.addLayout(self.buttons)

    def changeEvent(self, event) -> None:
        # The window is named by its title as it is now ("Contacts: Walsall"), not as first made.
        if event.type() == QEvent.WindowTitleChange:
            self.setAccessibleName(self.windowTitle())
            if hasattr(self, "table"):  # not yet while the dialog is being made
                self.table.setAccessibleName(self.windowTitle())
        super().changeEvent(event)

    def set_rows(self, rows: list[Row], empty: str = "Nothing to show.") -> None:
        self.rows = rows
        self.empty = empty
        self.table.clear()
        for n, row in enumerate(rows):
            item = QTreeWidgetItem(list(row.cells))
            item.setData(0, Qt.UserRole, n)
            for col, cell in enumerate(row.cells):
                spoken = row.said[col] if col < len(row.said) else ""
                if spoken or cell == "—":
                    item.setData(col, Qt.AccessibleTextRole, spoken or NOT_RECORDED)
            if row.bold:
                font = QFont(item.font(0))
                font.setBold(True)
                for col in range(len(row.cells)):
                    item.setFont(col, font)
            if row.tooltip:
                for col in range(len(row.cells)):
                    item.setToolTip(col, row.tooltip)
            self.table.addTopLevelItem(item)
        for col in range(self.table.columnCount() - 1):
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 320))
        self._apply_filter(self.filter.text())

    def visible_rows(self) -> list[Row]:
        out = []
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            if not item.isHidden():
                out.append(self.rows[item.data(0, Qt.UserRole)])
        return out

    def current_row(self) -> Row | None:
        item = self.table.currentItem()
        return self.rows[item.data(0, Qt.UserRole)] if item is not None else None

    def _apply_filter(self, text: str) -> None:
        words = text.lower().split()
        shown = 0
        for i in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(i)
            haystack = " ".join(self.rows[item.data(0, Qt.UserRole)].cells).lower()
            hide = not all(w in haystack for w in words)
            item.setHidden(hide)
            shown += not hide
        if not self.rows:
            self.count.setText(self.empty)
        else:
            self.count.setText(f"{shown} of {len(self.rows)} shown" if words else f"{len(self.rows)} in all")

    def _activated(self, item: QTreeWidgetItem) -> None:
        row = self.rows[item.data(0, Qt.UserRole)]
        if row.chapter:
            self.open_place.emit(row.chapter, row.find, row.occurrence)
