"""A chapter's documents and forms in the window: listed in the chapter, opened with the system's viewer.

The list ends the chapter's text (on screen each entry a link; on paper and in
PDF the same lines, plain, as paper cannot open them), and Chapter > Documents
and forms… (Ctrl+Shift+D) lists them in a window of their own for the keyboard.
Opening one never hands the edition's own file to another program: the core
copies it into the private data folder after checking its bytes again against
the verified edition (reader.core.editions.private_copy), and the system opens
that copy (QDesktopServices.openUrl, the desktop's own choice of viewer).
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QPushButton

from reader.core import labels
from reader.core.errors import ReaderError, UnknownChapter
from reader.core.model import Attachment, Chapter, Wording

SCHEME = "attachment"  # attachment:<file name>, a link in the chapter that only this module follows
SHORTCUT = "Ctrl+Shift+D"


def documents_html(chapter: Chapter, wording: Wording | None = None, links: bool = True) -> str:
    """The chapter's documents as the end of its text ("" if it has none). Only with the current
    wording: the documents are this edition's, and an earlier wording may have had others."""
    if not chapter.attachments or (wording is not None and wording is not chapter.current):
        return ""
    items = []
    for a in chapter.attachments:
        line = escape(labels.document_line(a))
        items.append(f'<li><a href="{SCHEME}:{escape(a.name, quote=True)}">{line}</a></li>' if links else f"<li>{line}</li>")
    note = "" if links else f'<p class="meta">{escape(labels.DOCUMENTS_NOT_PRINTED)}</p>'
    return f"<h2>{escape(labels.DOCUMENTS_HEADING)}</h2>\n<ul>{''.join(items)}</ul>{note}"


class Documents:
    """The Documents and forms action, its list window, and opening a document; `window` is MainWindow."""

    def __init__(self, window):
        self.window = window
        self.dialog = None
        self.action = QAction("&Documents and forms…", window, triggered=self.show_list)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setToolTip(f"The open chapter's documents and forms ({SHORTCUT})")
        self.action.setEnabled(False)
        window.addAction(self.action)  # the shortcut works with the menu bar hidden too
        window.view.shown.connect(self._follow)
        window.view.attachment_link.connect(self.open_named)

    def chapter(self) -> Chapter | None:
        chapter_id = self.window.view.chapter_id
        if chapter_id is None:
            return None
        try:
            return self.window.edition.manual.chapter(chapter_id)
        except UnknownChapter:  # a sync replaced the edition under it
            return None

    def _follow(self) -> None:
        chapter = self.chapter()
        self.action.setEnabled(bool(chapter and chapter.attachments))
        if self.dialog is not None and self.dialog.isVisible():
            self._fill(chapter)

    def show_list(self) -> None:
        from reader.ui.lists import ListDialog  # with the first use, not at start-up

        chapter = self.chapter()
        if chapter is None or not chapter.attachments:
            self.window.messages.info("This chapter has no documents or forms.")
            return
        if self.dialog is None:
            self.dialog = ListDialog(labels.DOCUMENTS_HEADING, ("Document", "File", "Kind", "Size"), self.window,
                                     placeholder="Filter documents")
            self.dialog.table.itemActivated.connect(lambda *_: self.open_current())
            self.open_button = QPushButton("&Open", self.dialog)
            self.open_button.setAutoDefault(False)  # Enter in the list opens the row once, not the button too
            self.open_button.clicked.connect(self.open_current)
            self.dialog.buttons.addWidget(self.open_button)
        self._fill(chapter)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.table.setFocus()

    def _fill(self, chapter: Chapter | None) -> None:
        from reader.ui.lists import Row

        found = chapter.attachments if chapter else ()
        self.dialog.setWindowTitle(f"{labels.DOCUMENTS_HEADING}: {chapter.title}" if chapter else labels.DOCUMENTS_HEADING)
        self.dialog.set_rows(
            [Row((a.title, a.name, labels.DOCUMENT_KINDS.get(a.name.rpartition(".")[2], "file"),
                  labels.document_size(a.length)), key=a.name) for a in found],
            empty="This chapter has no documents or forms.")
        if found:
            self.dialog.table.setCurrentItem(self.dialog.table.topLevelItem(0))

    def open_current(self) -> None:
        row = self.dialog.current_row() if self.dialog is not None else None
        if row is None:
            self.window.messages.info("Choose a document to open.")
            return
        self.open_named(row.key)

    def open_named(self, name: str) -> None:
        chapter = self.chapter()
        found = next((a for a in chapter.attachments if a.name == name), None) if chapter else None
        if found is None:  # a link of a chapter no longer shown, or made up
            self.window.messages.warning(f"This chapter has no document {name!r}.")
            return
        self.open(found)

    def open(self, attachment: Attachment) -> Path | None:
        """Copy, check and open `attachment`; the copy opened, or None (and the reason said)."""
        from reader.core.editions.private_copy import private_copy

        edition = self.window.edition
        if edition.path is None:
            self.window.messages.error(f"{attachment.title} cannot be opened: this edition's files are not on this computer.")
            return None
        data_dir = edition.data_dir or Path(tempfile.mkdtemp(prefix="reader-documents-"))
        try:
            copy = private_copy(edition.path, attachment, data_dir)
        except ReaderError as exc:
            self.window.messages.error(f"{attachment.title} was not opened: {exc}")
            return None
        kind = labels.DOCUMENT_KINDS.get(attachment.name.rpartition(".")[2], "file")
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            # A dialog, not the status bar: the practitioner needs the path whole, to open it another way.
            self.window.messages.error(f"No program on this computer opens a {kind}: the checked copy of "
                                       f"{attachment.title} is {copy}.")
            return copy
        self.window.messages.info(f"Opened {attachment.title} ({kind}) in your computer's viewer: a copy, "
                                  "checked against the signed edition.")
        return copy
