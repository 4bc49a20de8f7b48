"""The contacts as a panel of the main window, under the chapter: never over it.

A contacts window opened over the chapter hides the procedure the number is for,
at the moment the practitioner needs both. Docked below the text (or wherever the
user drags it; it may also float), the list and the chapter are seen together.
It is the same list (ContactsDialog): filter, Enter opens the place in the chapter,
Escape closes it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from reader.ui.reference import ContactsDialog

SHARE_OF_HEIGHT = 0.35  # the panel's part of the window when it opens; the chapter keeps the rest


class ContactsPanel(ContactsDialog):
    def __init__(self, parent=None):
        self._window = parent if isinstance(parent, QMainWindow) else None
        self._ready = False  # the dock is set up only at the end of __init__
        super().__init__(parent)
        self.dock = QDockWidget(self.windowTitle(), parent)
        self.dock.setObjectName("contacts-panel")
        self.dock.setAccessibleName("Contacts panel")
        self.setWindowFlags(Qt.Widget)  # a part of the dock, no longer a window of its own
        self.dock.setWidget(self)
        self.windowTitleChanged.connect(self.dock.setWindowTitle)  # "Contacts: Walsall"
        self.dock.hide()
        if self._window is not None:
            self._window.addDockWidget(Qt.BottomDockWidgetArea, self.dock)
            self.dock.hide()
        self._ready = True

    def setVisible(self, visible: bool) -> None:
        # The tools show and hide their dialogs (show(), Escape): here that is the panel.
        super().setVisible(visible)
        if not self._ready:
            return
        if not visible:
            had_focus = self.dock.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
            self.dock.hide()
            view = getattr(self._window, "view", None)
            if had_focus and view is not None:  # back to the chapter, not to nowhere
                view.browser.setFocus()
        elif not self.dock.isVisible():
            self.dock.show()
            if self._window is not None and not self.dock.isFloating():
                height = int(self._window.height() * SHARE_OF_HEIGHT)
                self._window.resizeDocks([self.dock], [height], Qt.Vertical)

    def event(self, e) -> bool:
        # Inside the main window its Escape shortcut (close the find bar) would take the key:
        # while the panel has the focus, Escape is the panel's, and closes it as it closed the dialog.
        if e.type() == QEvent.ShortcutOverride and e.key() == Qt.Key_Escape and not e.modifiers():
            e.accept()
            return True
        return super().event(e)
