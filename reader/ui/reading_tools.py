"""The reading tools of the main window: bookmarks, contacts, register, glossary,
wording on a date, print and PDF. A mixin so main_window.py stays about the
window itself; every method here works on MainWindow's own attributes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from reader.core.bookmarks import Bookmarks, bookmarked_wording
from reader.core.errors import ReaderError

# Each tool's window is imported when first opened, not at start-up: together
# they cost some 40 ms of imports that a practitioner opening the reader to look
# one thing up should not wait for.
TOOLS = {
    "bookmarks": ("reader.ui.bookmarks_dialog", "BookmarksDialog"),
    "contacts": ("reader.ui.reference", "ContactsDialog"),
    "glossary": ("reader.ui.reference", "GlossaryDialog"),
    "register": ("reader.ui.register_dialog", "RegisterDialog"),
    "history": ("reader.ui.history_dialog", "HistoryDialog"),
}


class ReadingTools:
    def _build_tools(self) -> None:
        self.bookmarks, problem = Bookmarks.load(self.data_dir)
        if problem:
            self.messages.warning(problem)
        self.dialogs: dict[str, object] = {}

        def action(text, keys, slot, tip=""):
            a = QAction(text, self, triggered=slot)
            a.setShortcuts([QKeySequence(k) for k in keys])
            a.setToolTip(f"{tip or text} ({' or '.join(keys)})" if keys else (tip or text))
            return a

        self.bookmark_action = action("☆ Bookmark", ["Ctrl+D"], self.toggle_bookmark, "Bookmark this chapter")
        self.bookmark_action.setCheckable(True)
        self.bookmarks_action = action("Bookmarks", ["Ctrl+Shift+B"], self.show_bookmarks)
        self.contacts_action = action("☎ Contacts", ["Ctrl+Shift+C"], self.show_contacts,
                                      "Your partnership's contacts")
        self.register_action = action("Amendments register", ["Ctrl+Shift+A"], self.show_register)
        self.glossary_action = action("Glossary", ["Ctrl+Shift+G"], self.show_glossary)
        self.history_action = action("Wording on a date…", ["Ctrl+H"], self.show_history,
                                     "The wording in force on a chosen date")
        self.print_action = action("Print…", ["Ctrl+P"], self.print_chapter)
        self.export_action = action("Export PDF…", ["Ctrl+Shift+P"], lambda: self.export_pdf())

        chapter_menu = self.menuBar().addMenu("&Chapter")
        for a in (self.bookmark_action, self.history_action, self.print_action, self.export_action):
            chapter_menu.addAction(a)
        go_menu = self.menuBar().addMenu("&Go")
        for a in (self.back_action, self.forward_action, self.bookmarks_action, self.contacts_action,
                  self.register_action, self.glossary_action):
            go_menu.addAction(a)
        if self.sync_service is not None:
            go_menu.addAction(self.whats_new_action)
        for a in (self.bookmark_action, self.bookmarks_action, self.contacts_action):
            self.toolbar.insertAction(self.tools_anchor, a)
        self._update_chapter_actions()

    # -- bookmarks ---------------------------------------------------------

    def toggle_bookmark(self) -> None:
        chapter_id = self.view.chapter_id
        if chapter_id is None:
            self.messages.info("Open a chapter to bookmark it.")
            return
        try:
            if chapter_id in self.bookmarks:
                self.bookmarks.remove(chapter_id)
                self.messages.info("Bookmark removed.")
            else:
                self.bookmarks.add(self.edition.manual.chapter(chapter_id), self.today())
                self.messages.info("Bookmarked (Ctrl+Shift+B lists your bookmarks).")
        except OSError as exc:
            self.messages.warning(f"Bookmarks could not be saved: {exc.strerror or exc}")
        self._refresh_tools()

    def show_bookmarks(self) -> None:
        self._show_tool("bookmarks")

    def _bookmark_acknowledge(self, chapter_id: str) -> None:
        try:
            self.bookmarks.acknowledge(self.edition.manual.chapter(chapter_id))
        except (ReaderError, OSError) as exc:
            self.messages.warning(f"Bookmarks could not be saved: {exc}")
        self._refresh_tools()

    def _bookmark_remove(self, chapter_id: str) -> None:
        try:
            self.bookmarks.remove(chapter_id)
        except OSError as exc:
            self.messages.warning(f"Bookmarks could not be saved: {exc.strerror or exc}")
        self._refresh_tools()

    def show_bookmark_changes(self, chapter_id: str) -> RedlineDialog | None:
        mark = next((b for b in self.bookmarks.items if b.chapter == chapter_id), None)
        manuals = [self.edition.manual]
        if self.sync_service is not None:
            manuals += self.sync_service.earlier_manuals()
        old = bookmarked_wording(mark, manuals) if mark else None
        if old is None:
            self.messages.warning("The wording you bookmarked is no longer on this computer, so the changes cannot be shown.")
            return None
        from reader.ui.whats_new import RedlineDialog

        chapter = self.edition.manual.chapter(chapter_id)
        dialog = RedlineDialog(chapter.title, f"as bookmarked on {mark.added}", f"edition as of {self.edition.as_of}",
                               old, chapter.body, self)
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
        manual, board = self.edition.manual, self.settings.board
        if name == "contacts":
            dialog.show_board(manual, board, manual.board(board).name if board else "no partnership chosen")
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
            dialog = getattr(importlib.import_module(module), cls)(self)
            dialog.open_place.connect(self.open_place)
            if name == "bookmarks":
                dialog.show_changes.connect(self.show_bookmark_changes)
                dialog.acknowledge.connect(self._bookmark_acknowledge)
                dialog.remove.connect(self._bookmark_remove)
            if name == "history":
                dialog.show_on.connect(self.show_wording_on)
            self.dialogs[name] = dialog
        return self.dialogs[name]

    def _refresh_tools(self) -> None:
        """After a change of board, edition or bookmarks: open tools show it at once."""
        for name, dialog in self.dialogs.items():
            if name in ("contacts", "register", "glossary", "bookmarks") and dialog.isVisible():
                self._fill(name, dialog)
        changed = sum(s.changed for s in self.bookmarks.states(self.edition.manual))
        self.bookmarks_action.setText(f"Bookmarks ({changed} changed)" if changed else "Bookmarks")
        self._update_chapter_actions()

    def _update_chapter_actions(self) -> None:
        chapter_id = self.view.chapter_id
        self.bookmark_action.setChecked(bool(chapter_id and chapter_id in self.bookmarks))
        self.bookmark_action.setText("★ Bookmarked" if self.bookmark_action.isChecked() else "☆ Bookmark")
        for a in (self.bookmark_action, self.history_action, self.print_action, self.export_action):
            a.setEnabled(chapter_id is not None)

    def open_place(self, chapter_id: str, find: str, occurrence: int) -> None:
        if self.open_chapter(chapter_id) and find:
            self.view.find_all(find, focus=occurrence)

    # -- wording on a date -------------------------------------------------

    def show_history(self) -> None:
        if self.view.chapter_id is None:
            return
        dialog = self._dialog("history")
        dialog.show_chapter(self.edition.manual.chapter(self.view.chapter_id), self.today())
        dialog.show()
        dialog.raise_()

    def show_wording_on(self, chapter_id: str, day: dt.date | None) -> bool:
        """Show the wording in force on `day` (None: the current one); False if none is known."""
        chapter = self.edition.manual.chapter(chapter_id)
        if day is None:
            return self.open_chapter(chapter_id, record=False)
        wording = chapter.wording_on(day)
        if wording is None:
            self.messages.warning(f"No wording of this chapter is known to have been in force on {day.isoformat()}: the earliest "
                f"known is from {chapter.wordings[0].in_force_from.isoformat()}.")
            return False
        if wording is chapter.current:
            self.open_chapter(chapter_id, record=False)
            self.messages.info(f"The current wording was already in force on {day.isoformat()}.")
            return True
        from reader.ui import theme

        self.view.show_chapter(self.edition.manual, chapter, self.edition.as_of,
                               theme.chapter_css(self.settings.theme), wording, day)
        self.messages.warning(f"Showing the wording in force on {day.isoformat()}: not current.")
        return True

    # -- print and PDF -----------------------------------------------------

    def _stamp(self) -> str:
        from reader.ui import printing

        board = self.settings.board
        name = self.edition.manual.board(board).name if board else "no partnership chosen"
        return printing.stamp(self.edition.as_of, name, self.today(), self.view.shown_on)

    def print_chapter(self) -> None:
        if self.view.chapter_id is None:
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from reader.ui import printing

        printer = QPrinter(QPrinter.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.Accepted:
            return
        try:
            pages = printing.paint(printer, self.view.html, self._stamp(), self.settings.text_size)
        except OSError as exc:
            self.messages.error(f"The chapter could not be printed: {exc}")
            return
        self.messages.info(f"Sent {pages} page{'s' if pages != 1 else ''} to the printer.")

    def export_pdf(self, out: Path | None = None) -> Path | None:
        chapter_id = self.view.chapter_id
        if chapter_id is None:
            return None
        if out is None:
            suggested = str(Path.home() / f"{chapter_id}.pdf")
            name, _ = QFileDialog.getSaveFileName(self, "Export chapter as PDF", suggested, "PDF (*.pdf)")
            if not name:
                return None
            out = Path(name)
        from reader.ui import printing

        title = self.edition.manual.chapter(chapter_id).title
        try:
            pages = printing.export_pdf(out, self.view.html, self._stamp(), title, self.settings.text_size)
        except OSError as exc:
            self.messages.error(f"The PDF could not be written to {out}: {exc.strerror or exc}")
            return None
        self.messages.info(f"Saved {out} ({pages} page{'s' if pages != 1 else ''}).")
        return out
