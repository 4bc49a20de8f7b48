"""Notices that stay until the practitioner dismisses them: files set aside, a folder that cannot be written.

A status-bar message is gone in seconds and the next one replaces it, so two
damaged files once gave one message and the other was never heard of. What
the practitioner must know whenever they look (something of theirs was set
aside, nothing they change can be kept) is a banner over the chapter instead,
one line for each notice, until dismissed (the button, or View > Dismiss
notices). Messages.lasting() is the way in (reader/ui/messages.py).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reader.core import set_aside as set_aside_store


class Notices(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lasting-notices")
        self.setFrameShape(QFrame.StyledPanel)
        self.setAccessibleName("Notices")
        self.lines: list[str] = []
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.PlainText)  # file names and reasons are shown as they are, never as markup
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextSelectableByMouse)  # a path can be copied
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAccessibleName("Dismiss notices")
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.dismiss_button, 0, Qt.AlignTop)
        self.dismiss_action = QAction("Dismiss notices", self, triggered=self.dismiss)
        self.dismiss_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.dismiss_action.setEnabled(False)
        self.hide()

    def add(self, line: str) -> None:
        if line in self.lines:  # the same file reported twice (a load, then a save) is one line
            return
        self.lines.append(line)
        self.text.setText("\n".join(f"⚠ {text}" for text in self.lines))
        self.dismiss_action.setEnabled(True)
        self.show()

    def dismiss(self) -> None:
        self.lines = []
        self.text.clear()
        self.dismiss_action.setEnabled(False)
        self.hide()


class _Relay(QObject):
    """Carries a file set aside in any thread (a sync's worker) to the UI thread."""

    heard = Signal(object)


def attach(window, found: list[set_aside_store.SetAside] = ()) -> Notices:
    """The window's notices: above the chapter, in the View menu, fed by Messages.lasting().

    `found` are the files set aside while the window was being built; every
    one set aside later, in any thread, is reported too, until the window is gone.
    """
    notices = Notices(window)
    window.banner.parentWidget().layout().insertWidget(0, notices)  # the right pane's column, over the currency banner
    window.messages.notices = notices
    menu = getattr(window, "view_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(notices.dismiss_action)
    else:
        window.addAction(notices.dismiss_action)
    for done in found:
        window.messages.lasting(done.message())
    relay = _Relay(notices)
    relay.heard.connect(lambda done: window.messages.lasting(done.message()))  # queued across threads

    def hear(done) -> None:
        try:
            relay.heard.emit(done)
        except RuntimeError:  # the window is gone (deleted before its `destroyed` was heard): stop listening
            stop()

    stop = set_aside_store.listen(hear)
    notices.destroyed.connect(lambda *_: stop())
    return notices
