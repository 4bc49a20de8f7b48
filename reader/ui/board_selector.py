"""Choosing the partnership: all 14, filtered as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from reader.core.model import Board


class BoardSelector(QDialog):
    def __init__(self, boards: tuple[Board, ...], current: str | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Choose your partnership")
        self.setAccessibleName("Choose your partnership")
        intro = QLabel(
            "Which safeguarding partnership do you work in? The reader shows its local (Level C) "
            "procedures and contacts beside the shared Level A and B procedures. You can change this "
            "at any time from the toolbar."
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Type to filter…")
        self.filter.setAccessibleName("Filter partnerships")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Partnerships")
        for board in boards:
            item = QListWidgetItem(board.name)
            item.setData(Qt.UserRole, board.slug)
            self.list.addItem(item)
            if board.slug == current:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0:
            self.list.setCurrentRow(0)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.accept)
        self.list.itemActivated.connect(lambda _: self.accept())
        layout = QVBoxLayout(self)
        for w in (intro, self.filter, self.list, self.buttons):
            layout.addWidget(w)
        self.filter.setFocus()

    def _filter(self, text: str) -> None:
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hidden = text.strip().lower() not in item.text().lower()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.UserRole) if item is not None and not item.isHidden() else None
