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
        # Nothing is preselected when none is chosen: Enter must not pick Birmingham (the first)
        # for someone who has not said where they work. OK waits for a choice.
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, parent=self)
        self.buttons.accepted.connect(self._accept_chosen)
        self.buttons.rejected.connect(self.reject)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._accept_chosen)
        self.list.itemActivated.connect(lambda _: self._accept_chosen())
        self.list.currentItemChanged.connect(lambda *_: self._update_ok())
        self._update_ok()
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
        current = self.list.currentItem()
        if text.strip() and first is not None:
            self.list.setCurrentItem(first)  # typing a name and Enter picks the first that matches
        elif current is not None and current.isHidden():
            self.list.setCurrentItem(None)
        self._update_ok()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.chosen() is not None)

    def _accept_chosen(self) -> None:
        if self.chosen() is not None:
            self.accept()

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        # Selected as well as current: Qt makes the first row current, unselected and unmarked,
        # when the list takes the focus, and that is not a choice the practitioner can see.
        return item.data(Qt.UserRole) if item is not None and item.isSelected() and not item.isHidden() else None
