"""Preferences: the update address and automatic sync, each shown as managed when the organisation set it.

The address is checked before anything is saved; a refused one stays in the
field, as typed, with the reason beside it and said through Messages, so
nothing the practitioner typed is lost. Only what changed is written
(MainWindow.save_settings writes only fields changed since it last read
them), so another reader's change to the theme, say, is kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)


def address_problem(text: str) -> str | None:
    """Why `text` is not an update address, in plain words; None if it is one (or empty: the default)."""
    text = text.strip()
    if not text:
        return None
    if len(text) > 2000:
        return "The update address is too long: it should be a web address of up to 2,000 characters."
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https"):
        return ("The update address must begin with https:// (or http://), for example "
                "https://procedures.example.org/repo/. To update from a USB stick or a share, use "
                "Edition > Sync from a folder.")
    if not parts.hostname or any(c.isspace() for c in text):
        return "The update address has no server name, or has spaces in it: check it as your IT team gave it."
    return None


class PreferencesDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Preferences")
        policy, settings = window.policy, window.settings
        self.address = QLineEdit(self)
        self.address.setAccessibleName("Update address")
        self.address.setPlaceholderText(window.edition.sync_url or "https://procedures.example.org/repo/")
        self.auto = QCheckBox("Check for updates &automatically (at start and every few hours)", self)
        self.auto.setAccessibleName("Check for updates automatically")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.PlainText)
        self.problem.setAccessibleName("Problem with the update address")
        self.problem.hide()
        form = QFormLayout()
        label = QLabel("&Update address:", self)
        label.setBuddy(self.address)
        form.addRow(label, self.address)
        form.addRow("", self.problem)
        if policy.locks("sync_url"):
            self.address.setText(", ".join(policy.sync_urls))
            self._managed(form, self.address, policy.managed_note("sync_url"))
        else:
            self.address.setText(settings.sync_url or "")
        form.addRow("", self.auto)
        self.auto.setChecked(settings.auto_sync)
        if policy.locks("auto_sync"):
            self._managed(form, self.auto, policy.managed_note("auto_sync"))
        if policy.locks("board"):
            board = QLabel(self._board_name(), self)
            board.setAccessibleName("Partnership")
            self._managed(form, board, policy.managed_note("board"), label="Partnership:")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.address.setFocus()

    def _board_name(self) -> str:
        try:
            return self.window.edition.manual.board(self.window.settings.board).name
        except Exception:  # a partnership the edition does not hold: its slug, as the policy gives it
            return str(self.window.settings.board)

    def _managed(self, form: QFormLayout, widget, note: str, label: str | None = None) -> None:
        """Disabled, and said why beside it: a greyed field alone looks broken."""
        widget.setEnabled(False)
        widget.setToolTip(note)
        widget.setAccessibleDescription(note)
        if label is not None:
            form.addRow(label, widget)
        managed = QLabel(note, self)
        managed.setTextFormat(Qt.PlainText)
        managed.setWordWrap(True)
        form.addRow("", managed)

    def accept(self) -> None:
        changed = False
        if self.address.isEnabled():
            text = self.address.text().strip()
            problem = address_problem(text)
            if problem is not None:  # the dialog stays, with what was typed
                self.problem.setText(problem)
                self.problem.show()
                # A wrapped label asks for its height only once laid out at its width: grow the
                # dialog to it, or the reason is cut in half (seen in a real window).
                self.layout().activate()
                self.resize(self.width(), max(self.height(), self.heightForWidth(self.width()),
                                              self.sizeHint().height()))
                self.window.messages.warning(problem)
                self.address.setFocus()
                return
            url = text or None
            if url != self.window.settings.sync_url:
                self.window.settings.sync_url, changed = url, True
        if self.auto.isEnabled() and self.auto.isChecked() != self.window.settings.auto_sync:
            self.window.settings.auto_sync, changed = self.auto.isChecked(), True
        if changed:
            self.window.save_settings()
            self.window.messages.info("Preferences saved.")
        super().accept()


def add_to(window, menu) -> QAction:
    """Edit > Preferences… (Ctrl+, the desktop's usual key) in `menu`."""
    action = QAction("&Preferences…", window, triggered=lambda: open_preferences(window))
    action.setShortcut(QKeySequence(QKeySequence.Preferences) if not QKeySequence(QKeySequence.Preferences).isEmpty()
                       else QKeySequence("Ctrl+,"))
    menu.addAction(action)
    window.preferences_action = action
    return action


def open_preferences(window) -> PreferencesDialog:
    dialog = PreferencesDialog(window)
    window.preferences_dialog = dialog
    dialog.open()  # window-modal: the chapter stays visible behind it
    return dialog
