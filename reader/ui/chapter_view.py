"""The chapter pane: its header (level, board, currency, status) and its text."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QTextEdit, QVBoxLayout, QWidget

from reader.core import labels
from reader.core.errors import ReaderError
from reader.core.model import Chapter, Manual, Wording
from reader.ui import chapter_document, theme
from reader.ui.announce import announce
from reader.ui.focus_ring import FocusRing
from reader.ui.reading_measure import ReadingMeasure
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
        self.browser.setObjectName(theme.CHAPTER_TEXT)  # its ring is the holder's (theme.controls_css)
        self.browser.anchorClicked.connect(self.activate_link)
        # Caret browsing: the arrows move a caret through the read-only text (Shift selects), so a
        # screen reader follows it line by line; Tab still walks the links and then leaves the text.
        self.browser.setTextInteractionFlags(Qt.TextBrowserInteraction | Qt.TextSelectableByKeyboard)
        self.browser.setFocusPolicy(Qt.StrongFocus)
        self.browser.setCursorWidth(2)  # a one-pixel caret is easily lost in the text
        self.browser.cursorPositionChanged.connect(self._caret_moved)
        self.browser.installEventFilter(self)
        self.ring = FocusRing(self.browser, self)
        self._manual: Manual | None = None  # the open chapter's manual: a link's chapter title
        self._link_heard: chapter_document.Link | None = None  # the link under the caret, last said
        self._opened_heard: tuple | None = None  # the chapter and wording whose opening was last said
        self.measure = ReadingMeasure(self.browser)  # lines of about 80 characters at any width
        # Above the text, not in it: an earlier wording stays marked however far it is scrolled.
        self.notice = QLabel(self)
        self.notice.setAccessibleName("Not the current wording")
        self.notice.setWordWrap(True)
        self.notice.setMargin(6)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addWidget(self.ring)
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
        self._manual = manual
        self._set_html(chapter_html(manual, chapter, wording, on, chosen, provenance_link=True))
        self.clear_find()
        self.title = chapter.title
        self.browser.setAccessibleName(f"Chapter text: {chapter.title}")
        if self.shown_on is not None:
            self.notice.setText(f"⚠ {labels.not_current_stamp(self.shown_on)}: "
                                f"the current wording is in force from {chapter.current.in_force_from.isoformat()}.")
        self.notice.setVisible(self.shown_on is not None)
        self.shown.emit()
        self._announce_opened(manual, chapter, wording or chapter.current, chosen)

    def _announce_opened(self, manual: Manual, chapter: Chapter, wording: Wording, chosen: str | None) -> None:
        """Say which chapter is open and how current its words are: a screen reader otherwise hears
        nothing when a chapter opens from the contents or a search. An earlier wording, or another
        partnership's procedure, interrupts: reading it as the current one's would be unsafe."""
        what = (chapter.id, wording.body, wording.valid_from, self.shown_on, chosen)
        if what == self._opened_heard:
            return  # the same words shown again (a theme or text size changed): nothing new to say
        self._opened_heard = what
        parts = [f"{chapter.title}: {labels.wording_date(wording)}."]
        urgent = False
        if self.shown_on is not None:
            parts.append(f"{labels.not_current_stamp(self.shown_on)}.")
            urgent = True
        why = labels.other_partnership(manual, chapter, chosen)
        if why is not None:
            parts.append(f"Not your partnership. {why}.")
            urgent = True
        announce(self.browser, " ".join(parts), assertive=urgent)

    def _set_html(self, html: str) -> None:
        """Show `html` with its list markers in the text, the caret at its start."""
        self._link_heard = None
        self.browser.setHtml(html)
        self.measure.apply()  # the new document's margins: lines of about 80 characters
        chapter_document.mark_list_items(self.browser.document())
        self.browser.moveCursor(QTextCursor.Start)

    def show_provenance(self) -> None:
        """The capture the text came from, asked for by its link: shown at the end, where it was."""
        bar = self.browser.verticalScrollBar()
        at = bar.value()
        self._set_html(self.html)
        self.clear_find()  # the marks were in the text replaced
        # The caret on the capture's line, where the link was: read next, not the chapter's title.
        self.browser.moveCursor(QTextCursor.End)
        self.browser.moveCursor(QTextCursor.StartOfBlock)
        bar.setValue(at)

    def show_message(self, html: str) -> None:
        self.chapter_id, self.shown_on, self.html, self.title = None, None, "", ""
        self._manual = None
        self._opened_heard = None
        self._set_html(html)
        self.browser.setAccessibleName("Chapter text")
        self.notice.hide()
        self.shown.emit()

    def set_text_size(self, points: int) -> None:
        font = QFont(self.browser.font())
        font.setPointSize(points)
        self.browser.document().setDefaultFont(font)
        self.browser.setFont(font)
        self.measure.apply()

    # -- find in page ------------------------------------------------------

    def find_all(self, text: str, focus: int = 0, also: list[str] | tuple[str, ...] = ()) -> int:
        """Highlight every match of `text`, move to match number `focus`; return the count.

        also: further texts marked too (a search's abbreviation expansion),
        after `text`'s matches, and only if `text` matched.
        """
        self._highlights = []
        doc = self.browser.document()
        if text:
            fmt = theme.find_format()  # marked by more than colour (reader/ui/theme.py)
            for wanted in [text, *also] if self._mark(doc, text, fmt) else []:
                if wanted != text:
                    self._mark(doc, wanted, fmt)
        self.browser.setExtraSelections(self._highlights)
        if self._highlights:
            self.browser.setTextCursor(self._highlights[min(focus, len(self._highlights) - 1)].cursor)
            self.browser.ensureCursorVisible()
        return len(self._highlights)

    def _mark(self, doc, text: str, fmt) -> int:
        before = len(self._highlights)
        cursor = doc.find(text, 0)
        while not cursor.isNull():
            sel = QTextEdit.ExtraSelection()
            sel.cursor, sel.format = cursor, fmt
            self._highlights.append(sel)
            cursor = doc.find(text, cursor)
        return len(self._highlights) - before

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

    def link_under_caret(self) -> chapter_document.Link | None:
        """The link the keyboard is on: the one Tab selected, or the one the caret is in."""
        cursor = self.browser.textCursor()
        at = cursor.selectionStart() if cursor.hasSelection() else cursor.position()
        return chapter_document.link_at(self.browser.document(), at)

    def link_words(self, link: chapter_document.Link) -> str:
        """What a link is, said: its words and where it goes."""
        url = QUrl(link.href)
        if url.scheme() == "chapter":
            try:
                where = f"opens the chapter “{self._manual.chapter(url.path()).title}”" if self._manual else ""
            except ReaderError:  # a link to a chapter this edition does not hold: said, not followed
                where = "to a chapter this edition does not hold"
        elif link.href == PROVENANCE_LINK:
            where = "shows the capture this text came from"
        elif url.scheme() in ("http", "https", "mailto"):
            where = f"leaves the reader for {link.href}"
        else:
            where = "goes nowhere the reader opens"
        return f"Link: {link.text}, {where}. Enter follows it." if where else f"Link: {link.text}. Enter follows it."

    def _caret_moved(self) -> None:
        # Said once as the caret arrives on a link, not again at each step within it.
        link = self.link_under_caret()
        if link != self._link_heard:
            self._link_heard = link
            if link is not None:
                announce(self.browser, self.link_words(link))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser and event.type() == QEvent.KeyPress and event.key() in (Qt.Key_Tab, Qt.Key_Backtab):
            # Tab selects the next link without Qt signalling the cursor moved: look once it has.
            QTimer.singleShot(0, self._caret_moved)
        # Enter on the link under the caret follows it, as a click does (Qt itself follows only
        # a link Tab selected).
        if (watched is self.browser and event.type() == QEvent.KeyPress
                and event.key() in (Qt.Key_Return, Qt.Key_Enter) and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier)):
            link = self.link_under_caret()
            if link is not None:
                self.activate_link(QUrl(link.href))
                return True
        return super().eventFilter(watched, event)

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
