"""The reading tools of the main window: bookmarks, contacts, register, glossary,
wording on a date, print and PDF.

One object the window holds (window.tools), so main_window.py stays about the
window itself. What the tools need of the window is declared in Host and is all
they touch of it; the window lays their actions out in its menus and toolbar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, runtime_checkable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.core import labels
from reader.core.bookmarks import Bookmarks, bookmarked_wording
from reader.core.errors import ReaderError

if TYPE_CHECKING:  # names for the annotations only: no import cycle, nothing more at start-up
    from reader.core.settings import Settings
    from reader.ui.app import SyncService
    from reader.ui.chapter_view import ChapterView
    from reader.core.editions.opened import Opened
    from reader.ui.messages import Messages
    from reader.ui.whats_new import RedlineDialog

# Each tool's window is imported when first opened, not at start-up: together
# they cost some 40 ms of imports that a practitioner opening the reader to look
# one thing up should not wait for.
TOOLS = {
    "bookmarks": ("reader.ui.bookmarks_dialog", "BookmarksDialog"),
    "contacts": ("reader.ui.contacts_panel", "ContactsPanel"),  # a panel: the chapter stays in view
    "glossary": ("reader.ui.reference", "GlossaryDialog"),
    "register": ("reader.ui.register_dialog", "RegisterDialog"),
    "history": ("reader.ui.history_dialog", "HistoryDialog"),
}


@runtime_checkable
class Host(Protocol):
    """What the reading tools use of the window that holds them (MainWindow), and nothing else."""

    edition: Opened  # read afresh each time: a sync replaces it
    settings: Settings  # the board, theme and text size in use
    data_dir: Path  # where the bookmarks are kept
    view: ChapterView  # the open chapter: its id, text and find
    messages: Messages
    sync_service: SyncService | None  # None: no library, so no earlier editions to compare with
    today: Callable[[], dt.date]

    def open_chapter(self, chapter_id: str, record: bool = True) -> bool: ...


class ReadingTools:
    """The tools, their actions and their windows; `parent` owns the actions and dialogs (Qt)."""

    def __init__(self, host: Host, parent: QWidget):
        self.host, self.parent = host, parent
        self.bookmarks, problem = Bookmarks.load(self.host.data_dir)
        if problem:
            self.host.messages.warning(problem)
        self.dialogs: dict[str, object] = {}

        def action(text, keys, slot, tip=""):
            a = QAction(text, parent, triggered=slot)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip or text} ({' or '.join(keys)})" if keys else (tip or text))
            return a

        self.bookmark_action = action("Bookmark", ["Ctrl+D"], self.toggle_bookmark, "Bookmark this chapter")
        self.bookmark_action.setCheckable(True)
        self.bookmarks_action = action("Bookmarks", ["Ctrl+Shift+B"], self.show_bookmarks)
        self.contacts_action = action("Contacts", ["Ctrl+Shift+C"], self.show_contacts,
                                      "Your partnership's contacts")
        self.register_action = action("Amendments register", ["Ctrl+Shift+A"], self.show_register)
        self.glossary_action = action("Glossary", ["Ctrl+Shift+G"], self.show_glossary)
        self.history_action = action("Wording on a date…", ["Ctrl+H"], self.show_history,
                                     "The wording in force on a chosen date")
        self.print_action = action("Print…", ["Ctrl+P"], self.print_chapter)
        self.export_action = action("Export PDF…", ["Ctrl+Shift+P"], lambda: self.export_pdf())
        # as the window lays them out: its Chapter menu, its Go menu, its toolbar
        self.chapter_actions = [self.bookmark_action, self.history_action, self.print_action, self.export_action]
        self.go_actions = [self.bookmarks_action, self.contacts_action, self.register_action, self.glossary_action]
        self.toolbar_actions = [self.bookmark_action, self.bookmarks_action, self.contacts_action]
        self._update_chapter_actions()

    # -- bookmarks ---------------------------------------------------------

    def toggle_bookmark(self) -> None:
        chapter_id = self.host.view.chapter_id
        if chapter_id is None:
            self.host.messages.info("Open a chapter to bookmark it.")
            return
        try:
            if chapter_id in self.bookmarks:
                self.bookmarks.remove(chapter_id)
                self.host.messages.info("Bookmark removed.")
            else:
                self.bookmarks.add(self.host.edition.manual.chapter(chapter_id), self.host.today())
                self.host.messages.info("Bookmarked (Ctrl+Shift+B lists your bookmarks).")
        except (ReaderError, OSError) as exc:  # a ReaderError: another reader held the bookmarks too long
            self.host.messages.warning(f"Bookmarks could not be saved: {getattr(exc, 'strerror', None) or exc}")
        self.refresh()

    def show_bookmarks(self) -> None:
        self._show_tool("bookmarks")

    def acknowledge_bookmark(self, chapter_id: str) -> None:
        try:
            self.bookmarks.acknowledge(self.host.edition.manual.chapter(chapter_id))
        except (ReaderError, OSError) as exc:
            self.host.messages.warning(f"Bookmarks could not be saved: {exc}")
        self.refresh()

    def remove_bookmark(self, chapter_id: str) -> None:
        try:
            self.bookmarks.remove(chapter_id)
        except (ReaderError, OSError) as exc:  # a ReaderError: another reader held the bookmarks too long
            self.host.messages.warning(f"Bookmarks could not be saved: {getattr(exc, 'strerror', None) or exc}")
        self.refresh()

    def show_bookmark_changes(self, chapter_id: str) -> RedlineDialog | None:
        mark = next((b for b in self.bookmarks.items if b.chapter == chapter_id), None)
        manuals = [self.host.edition.manual]
        if self.host.sync_service is not None:
            manuals += self.host.sync_service.earlier_manuals()
        old = bookmarked_wording(mark, manuals) if mark else None
        if old is None:
            self.host.messages.warning("The wording you bookmarked is no longer on this computer, so the changes cannot be shown.")
            return None
        from reader.ui.whats_new import RedlineDialog

        chapter = self.host.edition.manual.chapter(chapter_id)
        dialog = RedlineDialog(chapter.title, f"as bookmarked on {mark.added}", f"edition published {self.host.edition.as_of}",
                               old, chapter.body, self.parent, theme_name=self.host.settings.theme)
        self.dialogs["redline"] = dialog
        dialog.show()
        return dialog

    # -- contacts, register, glossary --------------------------------------

    def show_contacts(self) -> None:
        self._show_tool("contacts")

    def show_register(self) -> None:
        self._show_tool("register")

    def show_glossary(self) -> None:
        self._show_tool("glossary")

    def _show_tool(self, name) -> None:
        dialog = self._dialog(name)
        self._fill(name, dialog)
        dialog.show()
        dialog.raise_()
        dialog.filter.setFocus()

    def _fill(self, name: str, dialog) -> None:
        manual, board = self.host.edition.manual, self.host.settings.board
        if name == "contacts":
            dialog.show_board(manual, board, labels.chosen_name(manual, board))
        elif name == "register":
            dialog.show_manual(manual, board)
        elif name == "glossary":
            dialog.show_manual(manual, board)
        elif name == "bookmarks":
            dialog.show_bookmarks(self.bookmarks, manual)

    def _dialog(self, name: str):
        if name not in self.dialogs:
            import importlib

            module, cls = TOOLS[name]
            dialog = getattr(importlib.import_module(module), cls)(self.parent)
            dialog.open_place.connect(self.open_place)
            if name == "bookmarks":
                dialog.show_changes.connect(self.show_bookmark_changes)
                dialog.acknowledge.connect(self.acknowledge_bookmark)
                dialog.remove.connect(self.remove_bookmark)
            if name == "history":
                dialog.show_on.connect(self.show_wording_on)
            self.dialogs[name] = dialog
        return self.dialogs[name]

    def refresh(self) -> None:
        """After a change of board, edition or bookmarks: open tools show it at once."""
        for name, dialog in self.dialogs.items():
            if name in ("contacts", "register", "glossary", "bookmarks") and dialog.isVisible():
                self._fill(name, dialog)
        changed = sum(s.changed for s in self.bookmarks.states(self.host.edition.manual))
        self.bookmarks_action.setText(f"Bookmarks ({changed} changed)" if changed else "Bookmarks")
        self._update_chapter_actions()

    def chapter_opened(self, chapter_id: str) -> None:
        """The window opened a chapter: the actions follow it, and a changed bookmark is said."""
        self._update_chapter_actions()
        if any(s.changed and s.bookmark.chapter == chapter_id for s in self.bookmarks.states(self.host.edition.manual)):
            self.host.messages.warning("This bookmarked chapter has changed since you bookmarked it: Bookmarks › Show changes.")

    def _update_chapter_actions(self) -> None:
        chapter_id = self.host.view.chapter_id
        self.bookmark_action.setChecked(bool(chapter_id and chapter_id in self.bookmarks))
        # Said in words (a star is read as "black star", or not at all); the button shows its state checked.
        self.bookmark_action.setText("Bookmarked" if self.bookmark_action.isChecked() else "Bookmark")
        for a in self.chapter_actions:
            a.setEnabled(chapter_id is not None)

    def open_place(self, chapter_id: str, find: str, occurrence: int) -> None:
        if self.host.open_chapter(chapter_id) and find:
            self.host.view.find_all(find, focus=occurrence)

    # -- wording on a date -------------------------------------------------

    def show_history(self) -> None:
        if self.host.view.chapter_id is None:
            return
        dialog = self._dialog("history")
        dialog.show_chapter(self.host.edition.manual.chapter(self.host.view.chapter_id), self.host.today())
        dialog.show()
        dialog.raise_()
        dialog.date.setFocus()  # typed at once: Enter must answer for the date typed, not the default
        dialog.date.selectAll()

    def show_wording_on(self, chapter_id: str, day: dt.date | None) -> bool:
        """Show the wording in force on `day` (None: the current one); False if none is known."""
        chapter = self.host.edition.manual.chapter(chapter_id)
        if day is None:
            return self.host.open_chapter(chapter_id, record=False)
        today = self.host.today()
        wording = chapter.wording_on(day)
        if wording is None:
            self._answer("warning", f"No wording of this chapter is known to have been in force on {day.isoformat()}: "
                         f"the earliest known is from {chapter.wordings[0].in_force_from.isoformat()}.")
            return False
        if day > today:  # every answer repeats the date asked
            self.host.open_chapter(chapter_id, record=False)
            self._answer("warning", labels.future_notice(chapter, day, today))
            return True
        if wording is chapter.current:
            self.host.open_chapter(chapter_id, record=False)
            self._answer("info", f"The current wording was already in force on {day.isoformat()} "
                         f"(it is in force from {wording.in_force_from.isoformat()}).")
            return True
        from reader.ui import theme

        self.host.view.show_chapter(self.host.edition.manual, chapter,
                                    theme.chapter_css(self.host.settings.theme), wording, day,
                                    chosen=self.host.settings.board)
        self._answer("warning", f"Showing the wording in force on {day.isoformat()}: NOT THE CURRENT WORDING.")
        return True

    def _answer(self, level: str, text: str) -> None:
        getattr(self.host.messages, level)(text)
        if "history" in self.dialogs:
            self.dialogs["history"].answer(text)

    # -- print and PDF -----------------------------------------------------

    def _stamp(self) -> str:
        from reader.ui import printing

        manual = self.host.edition.manual
        chapter = manual.chapter(self.host.view.chapter_id)
        return printing.stamp(self.host.edition.as_of, labels.scope_name(manual, chapter.scope), self.host.today(),
                              self.host.view.shown_on)

    def _head(self) -> str:
        from reader.ui import printing

        chapter = self.host.edition.manual.chapter(self.host.view.chapter_id)
        on = self.host.view.shown_on
        wording = (chapter.wording_on(on) if on else None) or chapter.current
        return printing.running_head(chapter.title, labels.wording_date(wording))

    def _refused(self, verb: str, done: str) -> bool:
        """True (and said why, with a way on) if the open chapter is another partnership's local
        procedure: a page of it must never leave the reader under the practitioner's partnership."""
        manual, board = self.host.edition.manual, self.host.settings.board
        chapter = manual.chapter(self.host.view.chapter_id)
        why = labels.other_partnership(manual, chapter, board)
        if why is None:
            return False
        self.host.messages.warning(f"Not {done}: {why}. To {verb} it, choose "
                                   f"{labels.scope_name(manual, chapter.scope)} as your partnership (Ctrl+B).")
        return True

    def print_chapter(self) -> None:
        if self.host.view.chapter_id is None:
            return
        if self._refused("print", "printed"):
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from reader.ui import printing

        printer = QPrinter(QPrinter.HighResolution)
        dialog = QPrintDialog(printer, self.parent)
        if dialog.exec() != QPrintDialog.Accepted:
            return
        try:
            pages = printing.paint(printer, self.host.view.html, self._stamp(), self.host.settings.text_size,
                                   self._head())
        except OSError as exc:
            self.host.messages.error(f"The chapter could not be printed: {exc}")
            return
        self.host.messages.info(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")

    def export_pdf(self, out: Path | None = None) -> Path | None:
        chapter_id = self.host.view.chapter_id
        if chapter_id is None or self._refused("export", "exported"):
            return None
        if out is None:
            suggested = str(Path.home() / f"{chapter_id}.pdf")
            name, _ = QFileDialog.getSaveFileName(self.parent, "Export chapter as PDF", suggested, "PDF (*.pdf)")
            if not name:
                return None
            out = Path(name)
        from reader.ui import printing

        title = self.host.edition.manual.chapter(chapter_id).title
        try:
            pages = printing.export_pdf(out, self.host.view.html, self._stamp(), title, self.host.settings.text_size,
                                        self._head())
        except OSError as exc:
            self.host.messages.error(f"The PDF could not be written to {out}: {exc.strerror or exc}")
            return None
        self.host.messages.info(f"Saved {out} ({pages} page{'s' if pages != 1 else ''}).")
        return out
