"""Results as you type: debounced, run off the main thread, stale results dropped."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

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
        self.hint.linkActivated.connect(lambda text: self.suggestion_chosen.emit(text))
        self.hint.setAccessibleName("Search message")
        self.hint.setMargin(4)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Search results")
        self.list.setWordWrap(True)
        self.apply_theme("light")  # the window sets its own theme at once (MainWindow.apply_theme)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.list)

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
        if error is not None:
            self.hint.setText(f"Search failed: {escape(str(error))}")
            self.searched.emit(query, 0)
            return
        hits, suggestion = result.results, result.did_you_mean
        hint = f"{len(hits)} result{'s' if len(hits) != 1 else ''}" if hits else "No results"
        if suggestion:
            hint += f' — did you mean <a href="{escape(suggestion)}">{escape(suggestion)}</a>?'
        if result.also_searched:
            # Said plainly: the results may hold words the practitioner did
            # not type, from the editors' thesaurus, never a change of the text.
            hint += "<br>Also searched for: " + ", ".join(f"“{escape(p)}”" for p in result.also_searched)
        for line in labels.absent_notice(result.absent, self._board_names.get(self._board), self._board_names):
            hint += f"<br>{escape(line, quote=False)}"
        self.highlights = result.expanded
        self.hint.setText(hint)
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
            item.setSizeHint(label.sizeHint())
            self.list.setItemWidget(item, label)
        if hits:
            self.list.setCurrentRow(0)
        self.searched.emit(query, len(hits))

    def open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._open(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.result_chosen.emit(item.data(Qt.UserRole), self._query)
