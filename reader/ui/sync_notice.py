"""The notice an automatic sync leaves above the chapter: never a dialog, gone when dismissed.

A status-bar message vanishes in seconds; what an automatic sync has to say
(a new edition arrived, or updates have failed for days) must still be there
when the practitioner looks up from the chapter, without taking the focus or
covering the text. The words are also said through the window's Messages, so
that a screen reader hears them once.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class SyncNotice(QFrame):
    whats_new = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sync-notice")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAccessibleName("Update notice")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.PlainText)  # an edition's name and a server's words: never markup
        self.whats_new_button = QPushButton("&What's new", self)
        self.whats_new_button.setAccessibleName("What's new")
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss update notice")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.whats_new_button)
        layout.addWidget(self.dismiss_button)
        self.whats_new_button.clicked.connect(self._open_whats_new)
        self.dismiss_button.clicked.connect(self.hide)
        self.kind: str | None = None  # "arrived" or "failing" while shown
        self.hide()

    def show_arrived(self, text: str) -> None:
        self._show("arrived", text, whats_new=True)

    def show_failing(self, text: str) -> None:
        self._show("failing", text, whats_new=False)

    def _show(self, kind: str, text: str, whats_new: bool) -> None:
        self.kind = kind
        self.label.setText(text)
        self.setAccessibleDescription(text)
        self.whats_new_button.setVisible(whats_new)
        self.show()

    def hide(self) -> None:
        self.kind = None
        super().hide()

    def _open_whats_new(self) -> None:
        self.hide()
        self.whats_new.emit()
