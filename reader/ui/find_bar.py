"""Find in chapter: every match marked, one of them current ("3 of 83"), in the middle of the view.

The bar owns its matches rather than asking the chapter view, because it must know
which one is current to say where the reader is, move on from there and put that
match in the middle of the view, where the eye is, not on the last line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

from reader.ui import theme

if TYPE_CHECKING:
    from reader.ui.chapter_view import ChapterView


def position_text(current: int, total: int) -> str:
    """What the bar shows: "3 of 83", "No matches"."""
    return f"{current + 1} of {total}" if total else "No matches"


class FindBar(QWidget):
    heard = Signal(str)  # where find is, for a screen reader: "Match 3 of 83"

    def __init__(self, view: ChapterView, parent=None):
        super().__init__(parent)
        self.view = view
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in this chapter")
        self.edit.setAccessibleName("Find in chapter")
        self.count = QLabel(self)
        self.count.setMinimumWidth(90)
        self.previous_button = QToolButton(self, text="Previous")
        self.previous_button.setToolTip("Previous match (Shift+F3 or Shift+Enter)")
        self.next_button = QToolButton(self, text="Next")
        self.next_button.setToolTip("Next match (F3 or Enter)")
        self.close_button = QToolButton(self, text="✕")
        self.close_button.setAccessibleName("Close find")
        self.close_button.setToolTip("Close find (Esc)")
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setFocusPolicy(Qt.TabFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        for widget in (self.edit, self.count, self.previous_button, self.next_button, self.close_button):
            layout.addWidget(widget)
        self.edit.textChanged.connect(self.refresh)
        self.edit.returnPressed.connect(self.next)
        self.edit.installEventFilter(self)  # Shift+Enter: the previous match
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.close_find)
        self._say(announce=False)

    # -- opening and closing -----------------------------------------------

    def open(self) -> None:
        self.show()
        self.edit.setFocus(Qt.ShortcutFocusReason)
        self.edit.selectAll()
        self.refresh()

    def close_find(self) -> None:
        """Hide the bar and give the keyboard back to the chapter text, at the match it was on."""
        self.hide()
        self.matches, self.current = [], -1
        self.view.clear_find()
        self.view.browser.setFocus(Qt.OtherFocusReason)

    # -- matching ----------------------------------------------------------

    def refresh(self) -> None:
        """Find the text typed again (it changed, or the chapter did): the current match is the
        first from the top of the view down, so typing on does not jump back to the top."""
        text = self.edit.text()
        browser = self.view.browser
        doc = browser.document()
        self.matches = []
        if text and self.isVisible():
            cursor = doc.find(text, 0)
            while not cursor.isNull():
                self.matches.append(cursor)
                cursor = doc.find(text, cursor)
        top = browser.cursorForPosition(QPoint(0, 0)).position()
        self.current = next((n for n, c in enumerate(self.matches) if c.selectionStart() >= top), 0) \
            if self.matches else -1
        self._show()

    def next(self) -> None:
        self._step(+1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.isVisible():
            self.open()
            return
        if self.matches:
            self.current = (self.current + step) % len(self.matches)  # wraps, as the count says
        self._show()

    def _show(self) -> None:
        browser = self.view.browser
        marks = []
        for n, cursor in enumerate(self.matches):
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = cursor, theme.find_format(current=n == self.current)
            marks.append(sel)
        browser.setExtraSelections(marks)
        if self.matches:
            match = QTextCursor(self.matches[self.current])
            browser.setTextCursor(match)  # the keyboard caret goes on from here once find is closed
            self._centre(match)
        self._say()

    def _centre(self, match: QTextCursor) -> None:
        """Scroll so the match is in the middle of the view (ensureCursorVisible leaves it at an edge)."""
        browser = self.view.browser
        rect = browser.cursorRect(match)
        bar = browser.verticalScrollBar()
        bar.setValue(bar.value() + rect.center().y() - browser.viewport().height() // 2)

    def _say(self, announce: bool = True) -> None:
        text = self.edit.text()
        shown = position_text(self.current, len(self.matches)) if text else ""
        self.count.setText(shown)
        # Seen beside the field and heard in it: the label's name alone ("Matches") said no number.
        spoken = (f"Match {shown}" if self.matches else shown) if text else "Type to find in this chapter"
        self.count.setAccessibleName(spoken)
        self.edit.setAccessibleDescription(spoken)
        enabled = len(self.matches) > 1
        self.previous_button.setEnabled(enabled)
        self.next_button.setEnabled(enabled)
        if announce and text:
            self.heard.emit(spoken)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.edit and event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() & Qt.ShiftModifier):
            self.previous()
            return True
        return super().eventFilter(watched, event)
