"""The contents: Level A, Level B and the board's Level C, with chapter counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from reader.core.labels import LEVEL_NAMES
from reader.core.model import LEVELS, Manual


SHORT_NAMES = {"A": "Statutory procedures", "B": "Regional guidance", "C": "Local procedures"}


class ContentsTree(QTreeWidget):
    chapter_chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setAccessibleName("Contents")
        self.itemActivated.connect(self._open)
        self.itemClicked.connect(self._open)
        self.marked: set[str] = set()  # chapters changed since last read, shown in bold

    def populate(self, manual: Manual, board: str | None) -> None:
        self.clear()
        for level in LEVELS:
            chapters = manual.chapters_for(board=board, level=level)
            name = LEVEL_NAMES[level]
            short = SHORT_NAMES[level]
            if level == "C" and board:
                short = f"{manual.board(board).name} local procedures"
            group = QTreeWidgetItem([f"Level {level} · {short} ({len(chapters)})"])
            group.setFlags(Qt.ItemIsEnabled)
            group.setToolTip(0, name if chapters else f"{name}: no chapters in this edition")
            self.addTopLevelItem(group)
            for chapter in chapters:
                item = QTreeWidgetItem([chapter.title])
                item.setData(0, Qt.UserRole, chapter.id)
                item.setToolTip(0, chapter.title)
                if chapter.id in self.marked:
                    font = QFont(item.font(0))
                    font.setBold(True)
                    item.setFont(0, font)
                group.addChild(item)
            group.setExpanded(True)

    def select(self, chapter_id: str) -> None:
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, Qt.UserRole) == chapter_id:
                    self.setCurrentItem(group.child(j))
                    return
        # Not in these contents (another partnership's, or withdrawn): select nothing, rather
        # than leave the chapter read before marked as if it were the one shown.
        self.setCurrentItem(None)
        self.clearSelection()

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        chapter_id = item.data(0, Qt.UserRole)
        if chapter_id:
            self.chapter_chosen.emit(chapter_id)
