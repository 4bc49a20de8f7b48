"""A ring drawn around a widget while it has the keyboard focus.

The chapter text is a scroll area whose frame the styles draw the same focused
or not, so a keyboard user could not see that Tab had reached it. The ring is
drawn by a holder around the widget, in the theme's highlight colour (at least
3:1 against the window in every theme, measured in tests/ui), so no style
sheet is set on the text itself: a widget with a style sheet stops following
the application palette when the theme changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import QVBoxLayout, QWidget

WIDTH = 3  # px: thick enough to see at a glance, as WCAG's focus appearance asks (2 px at least)


class FocusRing(QWidget):
    def __init__(self, inner: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.inner = inner
        layout = QVBoxLayout(self)
        layout.setContentsMargins(WIDTH, WIDTH, WIDTH, WIDTH)  # room for the ring, kept when unfocused
        layout.addWidget(inner)
        inner.installEventFilter(self)

    def shown(self) -> bool:
        """Whether the ring is drawn now: while the widget inside has the focus."""
        return self.inner.hasFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.inner and event.type() in (QEvent.FocusIn, QEvent.FocusOut):
            self.update()
        return False

    def paintEvent(self, event) -> None:
        if not self.shown():
            return
        painter = QPainter(self)
        pen = QPen(self.palette().color(QPalette.Highlight), WIDTH)
        pen.setJoinStyle(Qt.MiterJoin)
        painter.setPen(pen)
        half = WIDTH / 2
        painter.drawRect(self.rect().toRectF().adjusted(half, half, -half, -half))
