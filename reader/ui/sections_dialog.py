"""The sections list: the open chapter's headings, to go to one with Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from reader.ui.chapter_document import Heading

INDENT = "    "  # a sub-heading is drawn under its heading; the level is said, not only drawn


class SectionsDialog(QDialog):
    chosen = Signal(object)  # the Heading to go to

    def __init__(self, title: str, headings: list[Heading], current: Heading | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Sections: {title}")
        self.setAccessibleName(f"Sections: {title}")
        self.resize(520, 460)
        self.headings = headings
        label = QLabel("&Headings of this chapter (Enter goes to one):", self)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Headings")
        label.setBuddy(self.list)
        for heading in headings:
            item = QListWidgetItem(INDENT * (heading.level - 1) + heading.text)
            item.setData(Qt.AccessibleTextRole, f"{heading.text}, heading level {heading.level}")
            self.list.addItem(item)
        self.list.setCurrentRow(headings.index(current) if current in headings else 0)
        self.list.itemActivated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():  # Enter in the list goes to a heading, never presses Close
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.list.setFocus()

    def _activated(self, item: QListWidgetItem) -> None:
        heading = self.headings[self.list.row(item)]
        self.accept()
        self.chosen.emit(heading)
