"""The main window: board, contents, chapter, search; everything one keystroke away."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from html import escape as escape_html  # the window has an escape() of its own (the Esc key)
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QProgressBar,
    QPushButton,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core import labels
from reader.core import settings as settings_store
from reader.core.editions.opened import Opened
from reader.core.errors import ReaderError
from reader.core.policy import Policy
from reader.core.settings import THEMES, Settings
from reader.ui import last_chapter, partnership_lock, preferences, theme
from reader.ui.announce import announce
from reader.ui.chapter_view import ChapterView
from reader.ui.contents_tree import ContentsTree
from reader.ui.documents import Documents
from reader.ui.find_bar import FindBar
from reader.ui.heading_navigation import HeadingNavigation
from reader.ui.help_menu import HelpMenu
from reader.ui.messages import Messages
from reader.ui.reading_tools import ReadingTools
from reader.ui.search_panel import SearchFn, SearchPanel
from reader.ui.sync_controller import SyncController, SyncOutcome


APP_TITLE = "Child protection procedures — West Midlands"


def hidden_chapter_html(why: str, owner: str) -> str:
    """In place of a chapter hidden by a change of partnership: which chapter, why, and a way on."""
    return (f"<h2>This chapter is hidden</h2><p>{escape_html(why)}, so it is no longer shown now that your "
            "partnership has changed.</p>"
            f"<p>Choose a chapter from the contents or search (Ctrl+K), or choose {escape_html(owner)} again "
            "(Ctrl+B) to read it.</p>")


def staleness_days(as_of: str, last_check: dt.date | None, today: dt.date) -> int | None:
    """Days since the last successful check (or since the as-of date, never synced)."""
    ref = last_check
    if ref is None:
        try:
            ref = dt.date.fromisoformat(as_of)
        except ValueError:
            return None
    return (today - ref).days


class MainWindow(QMainWindow):
    _policy = Policy()  # the organisation's (reader/core/policy.py): build_window sets the one in force

    @property
    def policy(self) -> Policy:
        return self._policy

    @policy.setter
    def policy(self, policy: Policy) -> None:
        self._policy = policy
        partnership_lock.show(self)  # a locked partnership: its button and menu entry disabled, saying why

    def __init__(
        self,
        edition: Opened,
        settings: Settings,
        data_dir: Path,
        search: SearchFn,
        today: Callable[[], dt.date] = dt.date.today,
        sync_service=None,
        last_check: dt.date | None = None,  # the last successful check for updates, if any
        remember: bool = True,  # False: a rendering (reader screenshot) that must leave the user's state alone
    ):
        super().__init__()
        self.remember = remember
        self.edition, self.settings, self.data_dir, self.today = edition, settings, Path(data_dir), today
        self._settings_base = replace(settings)  # as read: save_settings writes only what changed since
        self.last_check = last_check
        self.sync_service = sync_service
        self.history: list[str] = []
        self.history_pos = -1
        self.setWindowTitle(APP_TITLE)
        self.qsettings = QSettings(str(self.data_dir / "window.ini"), QSettings.IniFormat)

        self.contents = ContentsTree(self)
        if sync_service is not None:
            self.contents.marked = sync_service.unread()
        self.search_panel = SearchPanel(search, self)
        self.left = QStackedWidget(self)
        self.left.addWidget(self.contents)
        self.left.addWidget(self.search_panel)
        self.view = ChapterView(self)
        self.find_bar = FindBar(self.view, self)
        self.find_bar.hide()
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Currency warning")
        self._banner_heard: str | None = None  # the banner's words a screen reader was last told
        self.banner.setMargin(6)
        self.banner.hide()
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.find_bar)
        self.notice_area = right_layout  # where a notice above the chapter goes (auto_sync.py)
        right_layout.addWidget(self.view)
        self.splitter = QSplitter(Qt.Horizontal, self)
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([330, 770])
        self.setCentralWidget(self.splitter)
        self.status_label = QLabel(self)
        self.status_label.setTextFormat(Qt.PlainText)  # it shows the edition's own words: never as markup
        self.sync_progress = QProgressBar(self)
        self.sync_progress.setAccessibleName("Sync progress")
        self.sync_progress.setMaximumWidth(260)
        self.sync_cancel = QPushButton("Cancel sync", self)
        self.sync_cancel.setAccessibleName("Cancel sync")
        for widget in (self.sync_progress, self.sync_cancel):
            widget.hide()
            self.statusBar().addPermanentWidget(widget)
        self.statusBar().addPermanentWidget(self.status_label)
        self.messages = Messages(self.statusBar(), self)  # every part of the window says things through this
        # A message gets the bar's whole width: the edition's dates, always there, give way while it is up.
        self.statusBar().messageChanged.connect(lambda text: self.status_label.setVisible(not text))
        self.sync_controller = SyncController(sync_service, self) if sync_service is not None else None
        if self.sync_controller is not None:
            self.sync_controller.progress.connect(self.show_sync_progress)
            self.sync_controller.finished.connect(self.sync_finished)
            self.sync_cancel.clicked.connect(self.sync_controller.cancel)

        self._build_toolbar()
        self._build_actions()
        self.tools = ReadingTools(self, self)  # bookmarks, contacts, register, ...: reading_tools.py
        self.headings = HeadingNavigation(self.view, self.messages.info, self)  # heading keys, sections list
        self.documents = Documents(self)  # a chapter's documents and forms: documents.py
        self._build_menus()
        self.contents.chapter_chosen.connect(self.open_chapter)
        self.contents.board_wanted.connect(self.choose_board)
        self.view.chapter_link.connect(self.open_chapter)
        self.view.shown.connect(self._update_title)
        self.search_panel.result_chosen.connect(self._open_result)
        self.search_panel.suggestion_chosen.connect(self.search_box.setText)
        self.search_panel.heard.connect(self.messages.hear)
        self.search_panel.attach(self.search_box)
        self.search_box.textChanged.connect(self._search_changed)
        self.search_box.returnPressed.connect(self.search_panel.open_current)
        self.find_bar.heard.connect(self.messages.hear)

        self._starting = True  # nothing has changed yet: writing settings now only costs start-up
        self.apply_theme(settings.theme)
        self.set_text_size(settings.text_size)
        self.set_board(settings.board, remember=False)
        self._restore_window()
        self.refresh_status()
        self.show_welcome()
        if self.remember:  # a rendering (reader screenshot) shows only what it was asked to
            last_chapter.AfterFirstPaint(self.view.browser.viewport(), self._reopen_last_chapter)
        self._starting = False

    # -- layout ------------------------------------------------------------

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main", self)
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.toolbar = bar
        self.back_action = QAction("Back", self, shortcut=QKeySequence("Alt+Left"), triggered=self.back)
        self.forward_action = QAction("Forward", self, shortcut=QKeySequence("Alt+Right"), triggered=self.forward)
        # Arrows in the toolbar, as in every browser, the words in the menu and to a screen reader:
        # the toolbar must fit the default window (1100 px) whole, with the theme box.
        self.back_action.setIconText("◀")
        self.forward_action.setIconText("▶")
        self.back_action.setToolTip("Back (Alt+Left)")
        self.forward_action.setToolTip("Forward (Alt+Right)")
        bar.addAction(self.back_action)
        bar.addAction(self.forward_action)
        self.board_button = QToolButton(self)
        self.board_button.setToolTip("Change partnership (Ctrl+B)")
        self.board_button.setAccessibleDescription("Change partnership (Ctrl+B)")
        self.board_button.clicked.connect(self.choose_board)
        bar.addWidget(self.board_button)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText("Search the procedures (Ctrl+K)")
        self.search_box.setAccessibleName("Search")
        self.search_box.setClearButtonEnabled(True)
        # It takes what the toolbar has left over, and gives way first when the window is narrow.
        self.search_box.setMinimumWidth(190)
        self.search_box.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        bar.addWidget(self.search_box)
        self.tools_anchor = bar.addSeparator()  # the reading tools go here (_build_menus)
        smaller = QAction("A−", self, shortcut=QKeySequence.ZoomOut, triggered=lambda: self.set_text_size(self.settings.text_size - 1))
        larger = QAction("A+", self, shortcut=QKeySequence.ZoomIn, triggered=lambda: self.set_text_size(self.settings.text_size + 1))
        larger.setShortcuts([QKeySequence(QKeySequence.ZoomIn), QKeySequence("Ctrl+=")])  # = is + unshifted
        smaller.setToolTip("Smaller text (Ctrl+−)")
        larger.setToolTip("Larger text (Ctrl++)")
        # The toolbar shows the short sign, the menu and a screen reader the words.
        smaller.setText("Smaller text")
        smaller.setIconText("A−")
        larger.setText("Larger text")
        larger.setIconText("A+")
        self.smaller_action, self.larger_action = smaller, larger
        bar.addAction(smaller)
        bar.addAction(larger)
        self.sync_action = QAction("⟳ Sync", self, shortcut=QKeySequence("Ctrl+R"), triggered=lambda: self.start_sync())
        self.sync_action.setToolTip("Fetch what changed from the publisher (Ctrl+R)")
        self.whats_new_action = QAction("What's new", self, triggered=self.show_whats_new)
        # No network: a USB stick or share holding the publisher's repository, or one a colleague exported
        self.sync_folder_action = QAction("Sync from a folder…", self, triggered=lambda: self.sync_from_folder())
        self.export_edition_action = QAction("Export edition to a folder…", self,
                                             triggered=lambda: self.export_edition())
        self.export_edition_action.setToolTip("Write this edition to a USB stick so colleagues can sync from it")
        if self.sync_service is not None:
            bar.addAction(self.sync_action)  # What's new: in the Go menu, and shown by a sync that brings one
        self.theme_box = QComboBox(self)
        self.theme_box.setAccessibleName("Theme")
        self.theme_box.addItems([t.replace("-", " ").capitalize() for t in THEMES])
        self.theme_box.currentIndexChanged.connect(lambda i: self.apply_theme(THEMES[i]))
        # A visible label, tied to the box: a box alone is announced by its value ("Light").
        self.theme_label = QLabel("&Theme:", self)
        self.theme_label.setBuddy(self.theme_box)
        self.theme_label.setContentsMargins(6, 0, 2, 0)
        bar.addWidget(self.theme_label)
        bar.addWidget(self.theme_box)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"), triggered=self.close)
        file_menu.addAction(self.quit_action)
        chapter_menu = self.menuBar().addMenu("&Chapter")
        for a in self.tools.chapter_actions:
            chapter_menu.addAction(a)
        chapter_menu.addAction(self.documents.action)
        go_menu = self.menuBar().addMenu("&Go")
        for a in (self.back_action, self.forward_action, *self.tools.go_actions):
            go_menu.addAction(a)
        go_menu.addSeparator()
        for a in self.headings.actions:
            go_menu.addAction(a)
            self.addAction(a)  # the window's own: the keys work with the menu bar hidden too
        if self.sync_service is not None:
            go_menu.addAction(self.whats_new_action)
            edition_menu = self.menuBar().addMenu("&Edition")
            for a in (self.sync_action, self.sync_folder_action, self.export_edition_action):
                edition_menu.addAction(a)
            edition_menu.addSeparator()
            preferences.add_to(self, edition_menu)
        self._build_view_menu()
        self.help = HelpMenu(self)  # keyboard shortcuts (read from these actions) and About
        for a in self.tools.toolbar_actions:
            self.toolbar.insertAction(self.tools_anchor, a)
        self._toolbar_by_keyboard()

    def _build_view_menu(self) -> None:
        """Every function of the toolbar and of the bare shortcuts, in a menu as well: a menu
        is where a keyboard or screen-reader user finds what there is, and its shortcut."""
        view = self.menuBar().addMenu("&View")
        self.view_menu = view
        for a in (self.search_action, self.find_action, self.find_previous_action, self.board_action):
            view.addAction(a)
        view.addSeparator()
        for a in (self.larger_action, self.smaller_action, self.normal_size_action):
            view.addAction(a)
        view.addSeparator()
        themes = view.addMenu("&Theme")
        self.theme_actions = QActionGroup(self)
        for name in THEMES:
            a = QAction(name.replace("-", " ").capitalize(), self, checkable=True)
            a.triggered.connect(lambda _=False, name=name: self.apply_theme(name))
            self.theme_actions.addAction(a)
            themes.addAction(a)

    def _toolbar_by_keyboard(self) -> None:
        # Qt gives toolbar buttons no focus, so Tab skipped all but the search box: every
        # control takes the Tab focus, in the toolbar's order.
        chain = []
        for a in self.toolbar.actions():
            if a.isSeparator():  # a line between groups, not a control: Tab stopped on it, unnamed
                continue
            widget = self.toolbar.widgetForAction(a)
            if widget is not None and widget.focusPolicy() == Qt.NoFocus:
                widget.setFocusPolicy(Qt.TabFocus)
            if isinstance(widget, QToolButton) and a.iconText() != a.text():
                widget.setAccessibleName(a.text().replace("&", ""))  # "Larger text", not "A+"
            if widget is not None and widget.focusPolicy() & Qt.TabFocus:
                chain.append(widget)
        # Tab follows the toolbar left to right, not the order the controls were made in
        # (the reading tools' buttons are made last but sit in the middle).
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        # What does not fit at the window's width goes behind the toolbar's overflow button.
        more = self.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if more is not None:
            more.setAccessibleName("More tools")
            more.setToolTip("More tools")
            more.setFocusPolicy(Qt.TabFocus)

    def _build_actions(self) -> None:
        made = []
        for text, keys, slot in (
            ("&Search the procedures", ("Ctrl+K", "Ctrl+L"), self.focus_search),
            ("&Find in chapter", ("Ctrl+F", "F3"), self.open_find),
            ("Find &previous", ("Shift+F3",), lambda: self.find_bar.previous()),
            ("Choose &partnership…", ("Ctrl+B",), self.choose_board),
            ("Close find, or clear the search", ("Escape",), self.escape),
            ("&Normal text size", ("Ctrl+0",), lambda: self.set_text_size(Settings.text_size)),
        ):
            action = QAction(text, self, triggered=slot)
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.addAction(action)  # the window's own: the shortcut works with the menu bar hidden too
            made.append(action)
        (self.search_action, self.find_action, self.find_previous_action, self.board_action, _,
         self.normal_size_action) = made

    # -- board -------------------------------------------------------------

    def choose_board(self) -> None:
        if self.policy.locks("board"):  # the organisation's: shown as managed (preferences.py), never asked
            self.messages.info(f"Your partnership is chosen by your organisation: {self.policy.managed_note('board')}.")
            return
        from reader.ui.board_selector import BoardSelector

        dialog = BoardSelector(self.edition.manual.boards, self.settings.board, self)
        if dialog.exec() and dialog.chosen():
            self.set_board(dialog.chosen())

    def set_board(self, slug: str | None, remember: bool = True) -> None:
        manual = self.edition.manual
        if slug is not None:
            try:
                manual.board(slug)
            except ReaderError:
                slug = None
        self.settings.board = slug
        chosen = labels.chosen_name(manual, slug)
        self.board_button.setText(f"Partnership: {chosen} ▾")
        # Said as shown, without the drawn arrow: which partnership the procedures are for.
        self.board_button.setAccessibleName(f"Partnership: {chosen}")
        self.contents.populate(manual, slug)
        self.search_panel.set_scope(slug, {b.slug: b.name for b in manual.boards})
        if self.view.chapter_id:
            chapter = manual.chapter(self.view.chapter_id)
            why = labels.other_partnership(manual, chapter, slug)
            if why is not None:
                self.view.show_message(hidden_chapter_html(why, labels.scope_name(manual, chapter.scope)))
            self.contents.select(self.view.chapter_id)  # the open chapter, or no selection at all
        self._update_history_actions()
        self.tools.refresh()
        if remember:
            self.save_settings()

    # -- chapters and history ----------------------------------------------

    def open_chapter(self, chapter_id: str, record: bool = True) -> bool:
        try:
            chapter = self.edition.manual.chapter(chapter_id)
        except ReaderError as exc:
            self.messages.warning(str(exc))
            return False
        self.view.show_chapter(self.edition.manual, chapter, theme.chapter_css(self.settings.theme),
                               chosen=self.settings.board)
        self.contents.select(chapter_id)
        if record:
            del self.history[self.history_pos + 1 :]
            self.history.append(chapter_id)
            self.history_pos = len(self.history) - 1
        self._update_history_actions()
        if chapter_id in self.contents.marked and self.sync_service is not None:
            self.contents.marked.discard(chapter_id)
            self.sync_service.set_unread(self.contents.marked)
            self.contents.populate(self.edition.manual, self.settings.board)
            self.contents.select(chapter_id)
        if self.find_bar.isVisible():
            self.find_bar.refresh()  # the new chapter's matches
        self.tools.chapter_opened(chapter_id)
        return True

    def _update_title(self) -> None:
        """The chapter in the title, and an earlier wording marked there too: a window in the
        task bar or beside another must not pass for the current wording."""
        parts = [self.view.title] if self.view.title else []
        if self.view.shown_on is not None:
            parts.append(labels.not_current_stamp(self.view.shown_on))
        self.setWindowTitle(" — ".join(parts + [APP_TITLE]))

    def _showable(self, chapter_id: str) -> bool:
        """May history go to `chapter_id`? Not if it was withdrawn, nor if it is another
        partnership's local procedure: Back must never bring Walsall's LADO page back under Dudley."""
        try:
            chapter = self.edition.manual.chapter(chapter_id)
        except ReaderError:
            return False
        return labels.other_partnership(self.edition.manual, chapter, self.settings.board) is None

    def _history_step(self, step: int) -> int | None:
        """The position Back (-1) or Forward (+1) goes to, skipping what may not be shown; None if none."""
        pos = self.history_pos + step
        while 0 <= pos < len(self.history):
            if self._showable(self.history[pos]):
                return pos
            pos += step
        return None

    def back(self) -> None:
        self._go(self._history_step(-1))

    def forward(self) -> None:
        self._go(self._history_step(+1))

    def _go(self, pos: int | None) -> None:
        if pos is not None:
            self.history_pos = pos
            self.open_chapter(self.history[pos], record=False)

    def _update_history_actions(self) -> None:
        self.back_action.setEnabled(self._history_step(-1) is not None)
        self.forward_action.setEnabled(self._history_step(+1) is not None)

    # -- search ------------------------------------------------------------

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def _search_changed(self, text: str) -> None:
        if not self.find_bar.isVisible():  # the last query's marks in the chapter are stale now
            self.view.clear_find()
        self.left.setCurrentWidget(self.search_panel if text.strip() else self.contents)
        self.search_panel.request(text)

    def _open_result(self, chapter_id: str, query: str) -> None:
        if self.open_chapter(chapter_id):
            self.highlight_query(query)

    def highlight_query(self, query: str) -> int:
        """Scroll to and mark the query's words in the open chapter."""
        words = re.findall(r"[^\W_]{3,}", query.replace('"', " "))
        # An abbreviation's long form searched for it is marked too (and the other way round).
        expanded = [t for t in self.search_panel.highlights if t.lower() != query.strip().lower()]
        for candidate in [query.strip().strip('"')] + sorted(words, key=len, reverse=True):
            if candidate and (count := self.view.find_all(candidate, also=expanded)):
                return count
        return self.view.find_all(expanded[0], also=expanded[1:]) if expanded else 0

    # -- find in page ------------------------------------------------------

    def open_find(self) -> None:
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self.find_bar.next()
            return
        self.find_bar.open()

    def close_find(self) -> None:
        self.find_bar.close_find()

    def escape(self) -> None:
        if self.find_bar.isVisible():
            self.close_find()
        elif self.search_box.text():
            self.search_box.clear()

    # -- sync --------------------------------------------------------------

    SYNC_STEPS = {"metadata": "Checking for updates…", "download": "Downloading changes…",
                  "verify": "Verifying signatures…", "index": "Updating search…", "switch": "Switching edition…"}

    def start_sync(self, quiet: bool = False) -> None:
        """Sync with the publisher; `quiet` for a sync nobody asked for: no dialog, not even to ask the address."""
        if self.sync_controller is None or self.sync_controller.running:
            return
        addresses = self.policy.addresses(self.settings.sync_url, self.edition.sync_url)
        url, mirrors = (addresses[0], addresses[1:]) if addresses else (None, ())
        if not url:
            if quiet:
                return
            url, ok = QInputDialog.getText(self, "Sync", "Address of the publisher's procedures server:")
            if not ok or not url.strip():
                return
            url = url.strip()
            if (problem := preferences.address_problem(url)) is not None:
                self.messages.error(problem)
                return
            self.settings.sync_url = url  # kept, as typed, whether or not this sync succeeds (Preferences shows it)
            self.save_settings()
        self._start(url, quiet, mirrors)

    def _start(self, url: str, quiet: bool, mirrors: tuple[str, ...] = ()) -> None:
        self.sync_action.setEnabled(False)
        self.sync_folder_action.setEnabled(False)
        self.messages.clear()  # an earlier sync's failure must not stand beside this one's progress
        self.sync_controller.start(url, quiet, mirrors)

    def sync_from_folder(self, folder: Path | None = None) -> None:
        """Sync from a folder holding the publisher's repository (verified exactly as from the server)."""
        if self.sync_controller is None or self.sync_controller.running:
            return
        if folder is None:
            name = QFileDialog.getExistingDirectory(self, "Sync from a folder (a USB stick or share)", str(Path.home()))
            if not name:
                return
            folder = Path(name)
        self._start(str(folder), quiet=False)

    def export_edition(self, folder: Path | None = None) -> None:
        """Write this edition to a folder as a repository colleagues can sync from; in the background."""
        if self.sync_service is None:
            return
        if folder is None:
            name = QFileDialog.getExistingDirectory(self, "Export edition to a folder (an empty one, or an earlier export)",
                                                    str(Path.home()))
            if not name:
                return
            folder = Path(name)
        from reader.ui.tasks import run_in_background

        self.export_edition_action.setEnabled(False)
        self.messages.info(f"Writing the edition as of {self.edition.as_of} to {folder}…")

        def done(exported, error) -> None:
            self.export_edition_action.setEnabled(True)
            if error is not None:
                message = str(error) if isinstance(error, ReaderError) else f"{type(error).__name__}: {error}"
                self.messages.error(f"The edition was not exported: {message}.")
                return
            self.messages.info(f"The edition as of {exported.as_of} was written to {exported.folder}: colleagues can "
                               f"use Sync from a folder on it until {exported.usable_until:%d %B %Y}.")

        run_in_background(lambda: self.sync_service.export_edition(folder), done)

    def show_sync_progress(self, step: str, done: int, total: int) -> None:
        # In the status bar, not a modal dialog: the window stays usable.
        self.sync_progress.setFormat(self.SYNC_STEPS.get(step, "Syncing…") + " %p%")
        self.sync_progress.setMaximum(total)
        self.sync_progress.setValue(done)
        self.sync_progress.show()
        self.sync_cancel.show()

    def sync_finished(self, outcome: SyncOutcome) -> None:
        self.sync_progress.hide()
        self.sync_cancel.hide()
        self.sync_action.setEnabled(True)
        self.sync_folder_action.setEnabled(True)
        error, report = outcome.error, outcome.report
        if error is not None:
            message = str(error) if isinstance(error, ReaderError) else f"sync failed: {error}"
            if not outcome.quiet:  # a quiet one's failure is auto_sync.py's to say, once it has lasted days
                self.messages.error(f"The sync did not complete: {message}.\n\nYour procedures are unchanged.")
            return
        # a folder (a stick, here today) is not the publisher's address to come back to
        # nor is the organisation's (policy.py): it stays theirs to change
        if (self.settings.sync_url != outcome.url and outcome.url.startswith(("http://", "https://"))
                and outcome.url not in self.policy.sync_urls):
            self.settings.sync_url = outcome.url
            self.save_settings()
        self.replace_edition(report.opened, self.sync_service.last_check())  # opened by the sync, not again here
        if report.up_to_date:
            if not outcome.quiet:
                self.messages.info("Sync: you have the latest edition.")
            return
        self.contents.marked = self.sync_service.unread()
        self.contents.populate(self.edition.manual, self.settings.board)
        if not outcome.quiet:  # a quiet one leaves a notice (auto_sync.py)
            self.messages.info(f"Edition {report.edition} has arrived: What's new shows what changed.")
            self.show_whats_new(report.to_json())  # What's new reads the shape sync_state.arrival() gives too

    def show_welcome(self) -> None:
        self.view.show_message(
            "<h2>West Midlands child protection procedures</h2>"
            f"<p>{escape_html(labels.edition_dates(self.edition.manual, self.edition.as_of))}. Under each "
            "chapter's title: the date of its wording, then where it came from.</p>"
            "<p>Choose a chapter from the contents, or search (Ctrl+K). Your partnership's local procedures "
            "appear under Level C.</p>"
        )

    def replace_edition(self, edition: Opened, last_check: dt.date | None) -> None:
        self.edition, self.last_check = edition, last_check
        self.set_board(self.settings.board, remember=False)
        if self.view.chapter_id:
            current = self.view.chapter_id
            try:
                self.edition.manual.chapter(current)
                self.open_chapter(current, record=False)
            except ReaderError:
                self.view.show_message("<p>The chapter you were reading was withdrawn in the new edition.</p>")
        else:
            self.show_welcome()
        self.refresh_status()
        self.tools.refresh()

    def show_whats_new(self, report: dict | None = None) -> None:
        report = report or (self.sync_service.last_arrival() if self.sync_service else None)
        if not report:
            self.messages.info("Nothing has arrived yet: sync to fetch the latest edition.")
            return
        self._report = report
        from reader.ui.whats_new import WhatsNewDialog, whats_new_html

        dialog = WhatsNewDialog(whats_new_html(report, self.edition.manual, self.settings.board), self)
        dialog.open_chapter.connect(self.open_chapter)
        dialog.open_redline.connect(self.show_redline)
        self.whats_new_dialog = dialog
        dialog.show()

    def show_redline(self, chapter_id: str) -> None:
        previous = self.sync_service.previous_manual(self._report.get("previous")) if self.sync_service else None
        try:
            new = self.edition.manual.chapter(chapter_id)
            old = previous.chapter(chapter_id) if previous else None
        except ReaderError:
            old = None
        if old is None:
            self.messages.warning("The earlier wording is no longer on this computer.")
            return
        from reader.ui.whats_new import RedlineDialog

        dialog = RedlineDialog(new.title, f"edition {self._report['previous']}", f"edition {self._report['edition']}",
                               old.body, new.body, self, theme_name=self.settings.theme)
        self.redline_dialog = dialog
        dialog.show()

    # -- appearance and state ----------------------------------------------

    def apply_theme(self, name: str) -> None:
        self.settings.theme = name
        theme.apply(QApplication.instance(), name)  # style, palette, rings and edges: dialogs too
        self.view.set_text_size(self.settings.text_size)  # a new style sheet gives the chapter the default font back
        self.setPalette(theme.palette(name))  # at once, not after the palette-change event
        self.theme_box.blockSignals(True)
        self.theme_box.setCurrentIndex(THEMES.index(name))
        self.theme_box.blockSignals(False)
        if hasattr(self, "theme_actions"):
            self.theme_actions.actions()[THEMES.index(name)].setChecked(True)
        self.banner.setStyleSheet(f"background-color: {theme.banner_colour(name)}; font-weight: bold;")
        self.view.notice.setStyleSheet(self.banner.styleSheet())
        self.search_panel.apply_theme(name)
        if self.view.chapter_id:
            self.open_chapter(self.view.chapter_id, record=False)
        self.save_settings()

    def set_text_size(self, points: int) -> None:
        self.settings.text_size = max(6, min(40, points))
        self.view.set_text_size(self.settings.text_size)
        self.save_settings()

    def refresh_status(self) -> None:
        last = self.last_check.isoformat() if self.last_check else "never"
        self.status_label.setText(f"{labels.edition_dates(self.edition.manual, self.edition.as_of)} · Last sync: {last}")
        days = staleness_days(self.edition.as_of, self.last_check, self.today())
        if days is not None and days > self.settings.stale_after_days:
            warning = labels.stale_warning(self.edition.manual, self.edition.as_of, days, self.last_check)
            self.banner.setText("⚠ " + warning)
            # The sign is drawn, not read: a screen reader hears the words themselves.
            self.banner.setAccessibleName(f"Warning: {warning}")
            self.banner.setAccessibleDescription(warning)
            self.banner.show()
            self._announce_banner()
        else:
            self.banner.hide()
            self._banner_heard = None

    def _announce_banner(self) -> None:
        """Say the stale-edition warning once it can be heard: when the window is on screen, and
        again only when its words change (a sync that did not help), never at every refresh."""
        text = self.banner.accessibleName()
        if self.isVisible() and self.banner.isVisible() and text != self._banner_heard:
            self._banner_heard = text
            announce(self.banner, text, assertive=True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.banner.isVisibleTo(self):
            self._announce_banner()

    def save_settings(self) -> None:
        if getattr(self, "_starting", False) or not self.remember:
            return
        try:
            # only what this window changed since it last read or wrote them: another reader's changes stay
            settings_store.save(self.data_dir, self.settings, since=self._settings_base)
        except (ReaderError, OSError) as exc:  # a ReaderError: another reader held the settings too long
            self.messages.warning(f"Settings could not be saved: {getattr(exc, 'strerror', None) or exc}")
            return
        self._settings_base = replace(self.settings)

    def _restore_window(self) -> None:
        geometry = self.qsettings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1100, 720)
        splitter = self.qsettings.value("splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def _reopen_last_chapter(self) -> None:
        chapter_id = last_chapter.to_reopen(self.qsettings, self.edition.manual, self.settings.board)
        if chapter_id and self.view.chapter_id is None and not self.view.title:  # nothing chosen meanwhile
            self.open_chapter(chapter_id)

    def closeEvent(self, event) -> None:
        if self.remember:
            last_chapter.remember(self.qsettings, self.view.chapter_id)
            self.qsettings.setValue("geometry", self.saveGeometry())
            self.qsettings.setValue("splitter", self.splitter.saveState())
            self.qsettings.sync()
        super().closeEvent(event)
