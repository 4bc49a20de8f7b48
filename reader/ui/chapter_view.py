"""The chapter pane: its header (level, board, currency, status) and its text."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTextEdit, QVBoxLayout, QWidget

from reader.core import labels
from reader.core.model import Chapter, Manual, Wording
from reader.ui import theme
from reader.ui.documents import SCHEME as DOCUMENT_SCHEME, documents_html
from reader.ui.rich_text import ClosedBrowser

PROVENANCE_LINK = "provenance:show"


def chapter_html(manual: Manual, chapter: Chapter, wording: Wording | None = None,
                 on: dt.date | None = None, chosen: str | None = None, provenance_link: bool = False) -> str:
    """The chapter as the reader shows and prints it; `wording` for an earlier one; `chosen`, the
    reader's partnership, flags a chapter that is another partnership's local procedure.

    The capture it was taken from ends it, small: on paper, so a page can be traced; on screen
    (`provenance_link`) only a link to it, as a file name means nothing to a practitioner."""
    from reader.core import render  # Markdown is imported with the first chapter, not at start-up

    wording = wording or chapter.current
    meta = labels.header_line(manual, chapter, wording)
    parts = [
        f"<h1>{escape(chapter.title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
    ]
    why = labels.other_partnership(manual, chapter, chosen)
    if why is not None:  # opened from a bookmark or a link: shown, but never as the reader's own
        parts.append(f'<p class="status">NOT YOUR PARTNERSHIP. {escape(why)}: its contacts and '
                     "arrangements may not apply to you.</p>")
    if wording is not chapter.current:
        parts.append(f'<p class="status">{escape(labels.not_current_notice(chapter, wording, on))}</p>')
    parts += [f'<p class="status">{escape(s)}</p>' for s in wording.status]
    if chapter.editorial_note:
        parts.append(f'<p class="note">{escape(labels.editors_note(chapter))}</p>')
    parts.append(render.to_html(wording.body))
    parts.append(documents_html(chapter, wording, links=provenance_link))  # on paper, a plain list
    if provenance_link:
        parts.append(f'<p class="meta"><a href="{PROVENANCE_LINK}">Where this text came from</a></p>')
    else:
        parts.append(f'<p class="meta">{escape(labels.provenance(wording))}</p>')
    return "\n".join(parts)


class ChapterView(QWidget):
    chapter_link = Signal(str)  # a link to another chapter was clicked
    attachment_link = Signal(str)  # a document of the chapter was clicked: its file name (reader/ui/documents.py)
    shown = Signal()  # a chapter, a wording of it or a message is now shown (the window's title follows)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.browser = ClosedBrowser(self)  # loads no image or file; links only reach activate_link
        self.browser.setAccessibleName("Chapter text")
        self.browser.anchorClicked.connect(self.activate_link)
        # Above the text, not in it: an earlier wording stays marked however far it is scrolled.
        self.notice = QLabel(self)
        self.notice.setAccessibleName("Not the current wording")
        self.notice.setWordWrap(True)
        self.notice.setMargin(6)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.browser)
        self.chapter_id: str | None = None
        self.shown_on: dt.date | None = None  # set while an earlier wording is shown
        self.title = ""  # the chapter shown, if any
        self.html = ""  # what is shown, for printing
        self._highlights: list = []

    def show_chapter(self, manual: Manual, chapter: Chapter, css: str,
                     wording: Wording | None = None, on: dt.date | None = None, chosen: str | None = None) -> None:
        self.chapter_id = chapter.id
        self.shown_on = on if wording is not None and wording is not chapter.current else None
        self.html = chapter_html(manual, chapter, wording, on, chosen)  # printed: with its provenance
        self.browser.document().setDefaultStyleSheet(css)
        self.browser.setHtml(chapter_html(manual, chapter, wording, on, chosen, provenance_link=True))
        self.clear_find()
        self.title = chapter.title
        if self.shown_on is not None:
            self.notice.setText(f"⚠ {labels.not_current_stamp(self.shown_on)}: "
                                f"the current wording is in force from {chapter.current.in_force_from.isoformat()}.")
        self.notice.setVisible(self.shown_on is not None)
        self.shown.emit()

    def show_provenance(self) -> None:
        """The capture the text came from, asked for by its link: shown at the end, where it was."""
        bar = self.browser.verticalScrollBar()
        at = bar.value()
        self.browser.setHtml(self.html)
        self.clear_find()  # the marks were in the text replaced
        bar.setValue(at)

    def show_message(self, html: str) -> None:
        self.chapter_id, self.shown_on, self.html, self.title = None, None, "", ""
        self.browser.setHtml(html)
        self.notice.hide()
        self.shown.emit()

    def set_text_size(self, points: int) -> None:
        font = QFont(self.browser.font())
        font.setPointSize(points)
        self.browser.document().setDefaultFont(font)
        self.browser.setFont(font)

    # -- find in page ------------------------------------------------------

    def find_all(self, text: str, focus: int = 0) -> int:
        """Highlight every match of `text`, move to match number `focus`; return the count."""
        self._highlights = []
        doc = self.browser.document()
        if text:
            fmt = theme.find_format()  # marked by more than colour (reader/ui/theme.py)
            cursor = doc.find(text, 0)
            while not cursor.isNull():
                sel = QTextEdit.ExtraSelection()
                sel.cursor, sel.format = cursor, fmt
                self._highlights.append(sel)
                cursor = doc.find(text, cursor)
        self.browser.setExtraSelections(self._highlights)
        if self._highlights:
            self.browser.setTextCursor(self._highlights[min(focus, len(self._highlights) - 1)].cursor)
            self.browser.ensureCursorVisible()
        return len(self._highlights)

    def find_next(self, text: str, backwards: bool = False) -> bool:
        flags = QTextDocument.FindBackward if backwards else QTextDocument.FindFlag(0)
        if self.browser.find(text, flags):
            return True
        cursor = self.browser.textCursor()  # wrap around
        cursor.movePosition(QTextCursor.End if backwards else QTextCursor.Start)
        self.browser.setTextCursor(cursor)
        return self.browser.find(text, flags)

    def clear_find(self) -> None:
        self._highlights = []
        self.browser.setExtraSelections([])

    # -- links -------------------------------------------------------------

    def activate_link(self, url: QUrl) -> None:
        """Follow `url` as a click on it in the chapter does: the one way a link is followed."""
        scheme = url.scheme()
        if scheme == "chapter":
            self.chapter_link.emit(url.path())
        elif scheme == DOCUMENT_SCHEME:
            self.attachment_link.emit(url.path())
        elif url.toString() == PROVENANCE_LINK:
            self.show_provenance()
        elif scheme in ("http", "https", "mailto"):
            target = url.toString()
            answer = QMessageBox.question(
                self,
                "Open outside the reader?",
                f"This link leaves the reader and opens in your web browser or e-mail program:\n\n{target}",
            )
            if answer == QMessageBox.Yes:
                QDesktopServices.openUrl(url)
        # Anything else (file:, javascript:, a bare path) is not followed: nothing happens.
