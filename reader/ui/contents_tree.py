"""The contents: Level A, Level B and the board's Level C, with chapter counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from reader.core import labels
from reader.core.labels import LEVEL_NAMES
from reader.core.model import LEVELS, Manual


# Short enough for the contents pane at its default width: a line cut off says nothing.
CHOOSE_FIRST = "Choose your partnership (Ctrl+B)"
NONE_HERE = "None in this edition"
SHORT_NAMES = {"A": "Statutory procedures", "B": "Regional guidance", "C": "Local procedures"}


class ContentsTree(QTreeWidget):
    chapter_chosen = Signal(str)
    board_wanted = Signal()  # the line that stands for Level C until a partnership is chosen was activated

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
            if level == "C" and not board:
                # Every partnership's local procedures mixed and unlabelled would read as the
                # reader's own: none is listed until a partnership is chosen.
                group = QTreeWidgetItem([f"Level {level} · {short}"])
                group.setFlags(Qt.ItemIsEnabled)
                group.setToolTip(0, name)
                self.addTopLevelItem(group)
                self._note(group, CHOOSE_FIRST, wants_board=True)
                group.setExpanded(True)
                continue
            group = QTreeWidgetItem([f"Level {level} · {short} ({len(chapters)})"])
            group.setFlags(Qt.ItemIsEnabled)
            group.setToolTip(0, name if chapters else f"{name}: no chapters in this edition")
            self.addTopLevelItem(group)
            if level == "C" and not chapters:
                self._note(group, NONE_HERE, tip=labels.no_local_procedures(manual.board(board).name))
            for chapter in chapters:
                item = QTreeWidgetItem([labels.contents_entry(chapter)])
                item.setData(0, Qt.UserRole, chapter.id)
                item.setToolTip(0, labels.contents_description(chapter))
                item.setData(0, Qt.AccessibleTextRole, labels.contents_description(chapter))
                if chapter.id in self.marked:
                    font = QFont(item.font(0))
                    font.setBold(True)
                    item.setFont(0, font)
                group.addChild(item)
            group.setExpanded(True)

    def _note(self, group: QTreeWidgetItem, text: str, wants_board: bool = False, tip: str = "") -> None:
        """A line in the contents that is not a chapter: said in italics, opens no chapter."""
        item = QTreeWidgetItem([text])
        item.setToolTip(0, tip or text)
        item.setData(0, Qt.UserRole + 1, wants_board)
        font = QFont(item.font(0))
        font.setItalic(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemIsEnabled | (Qt.ItemIsSelectable if wants_board else Qt.NoItemFlags))
        group.addChild(item)

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
        elif item.data(0, Qt.UserRole + 1):
            self.board_wanted.emit()
