"""Moving through the open chapter by its headings: next, previous, and the sections list.

A screen reader's own heading keys do not reach Qt's text (it exposes text, not
headings), and a long chapter is read by its sections: so the reader has keys
of its own, in the Go menu, that move the caret to a heading, scroll it to the
top and say it ("Heading level 2: Referrals"), and a list of the sections to
choose one from.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QWidget

from reader.ui import chapter_document
from reader.ui.announce import announce
from reader.ui.chapter_document import Heading

NEXT_KEYS = ("Ctrl+Down",)
PREVIOUS_KEYS = ("Ctrl+Up",)
SECTIONS_KEYS = ("Ctrl+Shift+O",)


def heading_words(heading: Heading) -> str:
    return f"Heading level {heading.level}: {heading.text}"


class HeadingNavigation:
    """The heading keys and the sections list over a ChapterView; `say` tells the practitioner
    (Messages.info) when there is no heading to go to; `parent` owns the actions (the window)."""

    def __init__(self, view, say, parent: QWidget):
        self.view, self.say, self.parent = view, say, parent
        self.dialog = None

        def action(text, keys, slot, tip):
            a = QAction(text, parent, triggered=slot)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip} ({' or '.join(keys)})")
            return a

        self.next_action = action("Next &heading", NEXT_KEYS, lambda: self.go(backwards=False),
                                  "Move to the next heading of the chapter")
        self.previous_action = action("Pre&vious heading", PREVIOUS_KEYS, lambda: self.go(backwards=True),
                                      "Move to the previous heading of the chapter")
        self.sections_action = action("&Sections of this chapter…", SECTIONS_KEYS, self.show_sections,
                                      "List the chapter's headings and go to one")
        self.actions = [self.next_action, self.previous_action, self.sections_action]

    def headings(self) -> list[Heading]:
        return chapter_document.headings(self.view.browser.document())

    def go(self, backwards: bool = False) -> Heading | None:
        """Move the caret to the next (or previous) heading; say where it is, or that there is none."""
        browser = self.view.browser
        heading = chapter_document.next_heading(browser.document(), browser.textCursor().position(), backwards)
        if heading is None:
            self.say("No earlier heading in this chapter." if backwards else "No further heading in this chapter.")
            return None
        self.jump(heading)
        return heading

    def jump(self, heading: Heading) -> None:
        """The caret to the start of `heading`, the heading at the top of the pane, the focus in the text."""
        browser = self.view.browser
        cursor = QTextCursor(browser.document())
        cursor.setPosition(heading.position)
        browser.setTextCursor(cursor)
        block = browser.document().findBlock(heading.position)
        top = browser.document().documentLayout().blockBoundingRect(block).top()
        browser.verticalScrollBar().setValue(int(top))
        browser.setFocus()
        announce(browser, heading_words(heading))

    def current(self) -> Heading | None:
        """The heading of the section the caret is in: the last one at or before it."""
        at = self.view.browser.textCursor().position()
        before = [h for h in self.headings() if h.position <= at]
        return before[-1] if before else None

    def show_sections(self) -> None:
        found = self.headings()
        if not found:
            self.say("This chapter has no headings.")
            return
        from reader.ui.sections_dialog import SectionsDialog  # made when first asked for

        if self.dialog is not None:
            self.dialog.close()
        self.dialog = SectionsDialog(self.view.title or "This page", found, self.current(), self.parent)
        self.dialog.chosen.connect(self.jump)
        self.dialog.finished.connect(lambda _: self.view.browser.setFocus())  # back to the text, as Esc does
        self.dialog.open()
