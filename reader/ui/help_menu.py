"""The Help menu: the keyboard shortcuts and About.

The shortcuts are read from the window's own actions each time the list is opened, never
written out by hand: a shortcut added, changed or removed anywhere in the window is in the
list as it is, so the list cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.core import labels
from reader.ui.lists import ListDialog, Row


@dataclass(frozen=True)
class Shortcut:
    keys: str  # "Ctrl+K or Ctrl+L", as the menus show them
    does: str  # the action's words, without the menu's & marks
    where: str  # "View", "Chapter", or "" for one that is in no menu


def _words(action: QAction) -> str:
    # "&Find in chapter" -> "Find in chapter"; "Sync from a folder…" is kept as the menu says it
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _keys(action: QAction) -> str:
    return " or ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty())


def _menu_actions(menu: QMenu, path: str):
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menu_actions(action.menu(), f"{path} > {_words(action)}")
        elif not action.isSeparator():
            yield action, path


def shortcuts(window: QMainWindow) -> list[Shortcut]:
    """Every action of `window` that has a shortcut, with the menu it is in, in menu order;
    then those in no menu (the window's own, such as Esc)."""
    found: dict[int, Shortcut] = {}
    for top in window.menuBar().actions():
        if top.menu() is None:
            continue
        for action, path in _menu_actions(top.menu(), _words(top)):
            if _keys(action) and id(action) not in found:
                found[id(action)] = Shortcut(_keys(action), _words(action), path)
    seen = set(found)
    for action in window.findChildren(QAction):
        if id(action) in seen or not _keys(action) or not _words(action):
            continue
        seen.add(id(action))
        found[id(action)] = Shortcut(_keys(action), _words(action), "")
    return list(found.values())


class ShortcutsDialog(ListDialog):
    """The keyboard shortcuts, as a filtered list: type "print" to find Ctrl+P."""

    def __init__(self, window: QMainWindow):
        super().__init__("Keyboard shortcuts", ("Keys", "Does", "Menu"), window,
                         placeholder="Filter the shortcuts")
        self.refresh(window)

    def refresh(self, window: QMainWindow) -> None:
        self.set_rows([Row((s.keys, s.does, s.where or "—"), said=("", "", s.where or "in no menu"))
                       for s in shortcuts(window)], empty="No shortcuts.")


def about_text(version: str, manual, as_of: str, data_dir: Path) -> str:
    """What About says: the program's version, the edition's two dates and where the data is."""
    return "\n".join((
        f"Procedures reader {version}",
        f"{labels.edition_dates(manual, as_of)}.",
        f"Data folder: {data_dir}",
    ))


class AboutDialog(QDialog):
    def __init__(self, text: str, parent: QWidget):
        super().__init__(parent)
        self.setWindowTitle("About the procedures reader")
        self.label = QLabel(text, self)
        self.label.setTextFormat(Qt.PlainText)  # the folder's name is shown as it is, never as markup
        # The folder can be selected and copied, by mouse or keyboard, to give to IT support.
        self.label.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.label.setFocusPolicy(Qt.StrongFocus)
        self.label.setAccessibleName("About")
        self.label.setAccessibleDescription(text)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(buttons)


class HelpMenu:
    """The window's Help menu and its two windows; `window` is the MainWindow (edition, data_dir)."""

    def __init__(self, window: QMainWindow):
        self.window = window
        self.menu = window.menuBar().addMenu("&Help")
        self.shortcuts_action = QAction("&Keyboard shortcuts", window, triggered=self.show_shortcuts)
        self.shortcuts_action.setShortcuts([QKeySequence("Ctrl+/"), QKeySequence(QKeySequence.HelpContents)])
        self.about_action = QAction("&About the procedures reader", window, triggered=self.show_about)
        self.menu.addAction(self.shortcuts_action)
        self.menu.addAction(self.about_action)
        window.addAction(self.shortcuts_action)  # works with the menu bar closed, as the others do
        self.dialogs: dict[str, QDialog] = {}

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = self.dialogs.get("shortcuts")
        if dialog is None:
            dialog = self.dialogs["shortcuts"] = ShortcutsDialog(self.window)
        else:
            dialog.refresh(self.window)  # as the actions are now
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.filter.setFocus()
        return dialog

    def show_about(self) -> AboutDialog:
        from reader import __version__

        w = self.window
        dialog = AboutDialog(about_text(__version__, w.edition.manual, w.edition.as_of, w.data_dir), w)
        self.dialogs["about"] = dialog
        dialog.open()
        return dialog
