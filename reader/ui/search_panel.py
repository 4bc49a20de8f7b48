"""Results as you type: debounced, run off the main thread, stale results dropped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from reader.core import labels
from reader.ui import theme
from reader.ui.tasks import run_in_background

if TYPE_CHECKING:  # the search package imports Whoosh: not at start-up
    from reader.core.search import SearchResults

DEBOUNCE_MS = 120

# search(query, board): the typed results, never the command line's JSON
SearchFn = Callable[[str, str | None], "SearchResults"]


class SearchPanel(QWidget):
    result_chosen = Signal(str, str)  # chapter id, the query (to highlight in the chapter)
    suggestion_chosen = Signal(str)
    searched = Signal(str, int)  # query, number of results painted
    # What a screen reader should hear of a search that finished (the count, "No results",
    # the suggestion): drawn above the list, but never spoken unless announced.
    heard = Signal(str)

    def __init__(self, search: SearchFn, parent=None):
        super().__init__(parent)
        self._search = search
        self._board: str | None = None
        self._board_names: dict[str, str] = {}
        self._generation = 0
        self._query = ""
        self.highlights: tuple[str, ...] = ()  # besides the query, what to mark in a chapter opened from a hit
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self._start)
        self.hint = QLabel(self)
        self.hint.setTextFormat(Qt.RichText)
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Search message")
        self.hint.setMargin(4)
        # The suggestion is a button, not a link in the label: a link in a label is reached by
        # the mouse only, a button by Tab (or Down from the search box) and Enter or Space.
        self.suggestion = QPushButton(self)
        self.suggestion.setAutoDefault(False)
        self.suggestion.hide()
        self.suggestion.clicked.connect(self._take_suggestion)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Search results")
        self.list.setWordWrap(True)
        self.apply_theme("light")  # the window sets its own theme at once (MainWindow.apply_theme)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.list)
        self._box: QLineEdit | None = None

    def attach(self, box: QLineEdit) -> None:
        """Down moves from `box` (the window's search box) to the suggestion, if any, then
        into the results, in the order they are seen; Up walks back the same way."""
        self._box = box
        for widget in (box, self.suggestion, self.list):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.KeyPress and event.modifiers() in (Qt.NoModifier, Qt.KeypadModifier):
            key = event.key()
            if key == Qt.Key_Down and watched is self._box:
                return self._focus(self.suggestion) or self._focus(self.list)
            if key == Qt.Key_Down and watched is self.suggestion:
                return self._focus(self.list) or True
            if key == Qt.Key_Up and watched is self.list and self.list.currentRow() <= 0:
                return self._focus(self.suggestion) or self._focus(self._box)
            if key == Qt.Key_Up and watched is self.suggestion:
                return self._focus(self._box)
        return super().eventFilter(watched, event)

    def _focus(self, widget: QWidget | None) -> bool:
        """Give `widget` the keyboard if it has anything to offer; False if not."""
        if widget is None or (widget is self.suggestion and self.suggestion.isHidden()):
            return False
        if widget is self.list:
            if not self.list.count():
                return False
            if self.list.currentRow() < 0:
                self.list.setCurrentRow(0)
        widget.setFocus(Qt.OtherFocusReason)
        return True

    def apply_theme(self, name: str) -> None:
        # Results are drawn by labels over the list: both take their colours from the theme.
        self.list.setStyleSheet(theme.search_results_css(name))

    def set_scope(self, board: str | None, board_names: dict[str, str]) -> None:
        self._board, self._board_names = board, board_names
        if self._query:
            self.request(self._query, immediate=True)

    def request(self, query: str, immediate: bool = False) -> None:
        self._query = query
        self._generation += 1  # anything still running is now stale
        if not query.strip():
            self.timer.stop()
            self.list.clear()
            self.hint.setText("")
            self.suggestion.hide()
            return
        if immediate:
            self.timer.stop()
            self._start()
        else:
            self.timer.start()

    def _start(self) -> None:
        generation, query, board = self._generation, self._query, self._board
        run_in_background(
            lambda: self._search(query, board),
            lambda result, error: self._show(generation, query, result, error),
        )

    def _show(self, generation: int, query: str, result: SearchResults | None, error) -> None:
        if generation != self._generation:
            return  # typing moved on: drop it
        self.list.clear()
        self.suggestion.hide()
        if error is not None:
            self.hint.setText(f"Search failed: {escape(str(error))}")
            self.heard.emit(f"Search failed: {error}")
            self.searched.emit(query, 0)
            return
        hits, suggestion = result.results, result.did_you_mean
        count = f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if hits else "No results"
        said = count + "."
        if suggestion:
            count += f" — did you mean “{suggestion}”?"
            said += f" Did you mean “{suggestion}”?"
            self.suggestion.setText(f"Search for “{suggestion}” instead")
            self.suggestion.setProperty("query", suggestion)
            self.suggestion.setAccessibleDescription("Down from the search box reaches it")
            self.suggestion.show()
        hint = escape(count)
        # Said plainly, in the words `reader search` prints: what the thesaurus
        # and the glossary added to the words typed (never a change of the
        # text), and each word found nowhere the practitioner reads.
        for line in labels.search_notices(result, self._board_names.get(self._board), self._board_names):
            hint += f"<br>{escape(line, quote=False)}"
            said += f" {line}" if line.endswith(".") else f" {line}."
        self.highlights = result.expanded
        self.hint.setText(hint)
        if suggestion or hits:
            said += " Press Down for " + ("the suggestion" if suggestion else "the results") + "."
        self.heard.emit(said)
        for hit in hits:
            where = labels.ALL_PARTNERSHIPS if hit.scope == "shared" else self._board_names.get(hit.scope, hit.scope)
            label = QLabel(
                f"<b>{escape(hit.title)}</b><br><small>Level {hit.level} · {escape(where)}</small>"
                f"<br>{hit.snippet.html()}"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            label.setMargin(4)
            label.setAttribute(Qt.WA_TransparentForMouseEvents)
            item = QListWidgetItem(self.list)
            item.setData(Qt.UserRole, hit.id)
            item.setData(Qt.AccessibleTextRole, f"{hit.title}, Level {hit.level}, {where}")
            # The excerpt is drawn in the row's label, which a screen reader does not reach:
            # the row carries it as its description, in the chapter's own words.
            item.setData(Qt.AccessibleDescriptionRole, hit.snippet.text)
            item.setSizeHint(label.sizeHint())
            self.list.setItemWidget(item, label)
        if hits:
            self.list.setCurrentRow(0)
        self.searched.emit(query, len(hits))

    def _take_suggestion(self) -> None:
        self.suggestion_chosen.emit(self.suggestion.property("query"))
        if self._box is not None:  # the button is gone with the new results: the keyboard goes back to the box
            self._box.setFocus(Qt.OtherFocusReason)

    def open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.result_chosen.emit(item.data(Qt.UserRole), self._query)
