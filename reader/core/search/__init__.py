"""Full-text search of the manual (Whoosh). The public API of search:

    open_index(index_dir, manual) -> SearchIndex   opens; rebuilds if missing or damaged
    build_index(manual, index_dir) -> IndexReport  full build, atomically swapped in
    update_index(manual, index_dir) -> IndexReport re-index only changed chapters
    search(index, query, board=, level=, limit=, recent_ids=) -> SearchResults
    harvest_abbreviations(manual) -> {short: Abbreviation}

Results are typed (SearchResults of Hit): the window reads their attributes
and only the command line turns them into JSON (`reader search --json`), so
the name of a JSON field is the command line's to keep, not the window's.

Any query string is valid (see query.py). The index only ranks: it says
which chapter ids match and how well. Everything a hit shows (title, level,
scope, snippet, section) is taken from the verified manual held in memory, and
a hit the manual does not confirm (an unknown chapter, another partnership's,
another level) is dropped, so an index edited by another program can reorder
results but never show words that were not signed. Its pickles are read
through a restricted unpickler (safe_pickle.py, installed by index.py).

This file is the facade; the package's modules:

    index.py        schema, documents, build / update / open on disk
    query.py        query string -> Whoosh query (stems, abbreviations, prefixes)
    score.py        BM25F over Whoosh's postings, a block at a time
    snippet.py      excerpts of the verified text with the matched words marked
    bundled.py      the index a frozen build ships, used only for its own manual
    safe_pickle.py  the only unpickler Whoosh may use

The abbreviations themselves are reader.core.glossary, which the reading tools
share.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from whoosh.query import Or, Term

from reader.core.errors import IndexCorrupt, UnknownChapter, UnknownLevel
from reader.core.glossary import Abbreviation, harvest_abbreviations
from reader.core.model import LEVELS, SHARED, Chapter, Manual
from reader.core.search.absent import Absent, absent_words
from reader.core.search.index import (
    IndexReport,
    build_index,
    chapter_text,
    open_checked,
    quiet_leaks,
    update_open_index,
    writing,
)
from reader.core.search.query import plan, thesaurus_keys
from reader.core.search.score import SegmentCache, StandardBM25, matching_docs, segment_key, top_docs
from reader.core.search.snippet import Snippet, make_snippet

__all__ = [
    "Abbreviation",
    "Absent",
    "Hit",
    "IndexReport",
    "SearchIndex",
    "SearchResults",
    "build_index",
    "harvest_abbreviations",
    "open_index",
    "search",
    "update_index",
]

MAX_LIMIT = 200


@dataclass(frozen=True)
class Hit:
    """One matching chapter, everything shown of it taken from the verified manual."""

    id: str  # chapter id
    title: str
    level: str
    scope: str  # "shared" or the board slug of a Level C chapter
    score: float
    snippet: Snippet  # .text verbatim, .marks, .html(), .section, .section_index


@dataclass(frozen=True)
class SearchResults:
    """What a search found, with the query corrected if some of its words are unknown."""

    query: str
    results: list[Hit]  # best first, at most one per chapter
    did_you_mean: str | None  # the query with unknown words corrected, or None
    # The manual's phrases the practitioners' thesaurus added ("police" for
    # "cops"): searched too, and to be said so beside the results.
    also_searched: tuple[str, ...] = ()
    # An abbreviation typed and its long form, as the partnership's chapters
    # define it (or the long form typed and its abbreviation): both were
    # searched, and both are marked in the chapter opened from a hit.
    expanded: tuple[str, ...] = ()
    # Words typed that no chapter searched holds ("not found in your
    # partnership's procedures"), each with the partnerships whose local
    # procedures do hold it (named, never shown).
    absent: tuple[Absent, ...] = ()


def _folder_identity(folder: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class SearchIndex:
    """An open index of one manual, with one searcher reused across queries.

    After every commit a new searcher is opened: a refreshed one can still
    return documents deleted by the commit.
    """

    def __init__(self, index_dir: Path, manual: Manual, ix):
        self.index_dir = Path(index_dir)
        self.manual = manual
        self.glossary: dict[str, Abbreviation] = harvest_abbreviations(manual)
        self._thesaurus = thesaurus_keys(manual.thesaurus)
        self._glossaries: dict[str | None, dict[str, Abbreviation]] = {None: self.glossary}
        self._ix = ix
        self._folder = _folder_identity(self.index_dir)  # which build this is: a swap gives a new folder
        self._searcher = None
        self._filters: dict = {}
        self._memos: dict[str | None, dict] = {}  # board -> query.plan's look-ups, per searcher
        self._versions = None  # the searcher's "version" column: docnum -> "<id>@<hash>"
        self._segments = SegmentCache()

    # -- lifecycle ---------------------------------------------------------

    def _fresh_searcher(self):
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = self._ix.searcher(weighting=StandardBM25())
        self._filters = {}
        self._memos = {}
        self._versions = None
        self._segments.keep_only({segment_key(sub.reader()) for sub, _ in self._searcher.leaf_searchers()})
        return self._searcher

    def _current_searcher(self):
        return self._searcher or self._fresh_searcher()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._versions = None
        self._ix.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def rebuild(self) -> IndexReport:
        self.close()  # nothing may hold the old folder open while it is swapped
        with writing(self.index_dir):
            # Another reader process may have swapped a new index in since this
            # one was opened (its swap may be what this one tripped on): that
            # index is used, brought up to date. The same folder as before is
            # the damaged one, and is built afresh.
            if _folder_identity(self.index_dir) not in (None, self._folder):
                try:
                    self._ix = open_checked(self.index_dir)
                    self._folder = _folder_identity(self.index_dir)
                    return update_open_index(self._ix, self.manual)
                except Exception:  # noqa: BLE001 - damaged too: built afresh below
                    pass
            report = build_index(self.manual, self.index_dir)
            self._ix = open_checked(self.index_dir)
            self._folder = _folder_identity(self.index_dir)
        return report

    def update(self, manual: Manual) -> IndexReport:
        """Bring the index up to `manual`, re-indexing only changed chapters."""
        self.manual = manual
        self.glossary = harvest_abbreviations(manual)
        self._glossaries = {None: self.glossary}
        self._thesaurus = thesaurus_keys(manual.thesaurus)  # synced with the edition
        report = update_open_index(self._ix, manual)
        if report.reindexed or report.removed or not self._current_searcher().up_to_date():
            # up_to_date: another reader process (a `reader sync` beside the window)
            # may have indexed this manual already, leaving nothing for this update to do
            self._fresh_searcher()
        return report

    # -- searching ---------------------------------------------------------

    def search(
        self,
        query: str,
        board: str | None = None,
        level: str | None = None,
        limit: int = 10,
        recent_ids: Iterable[str] | None = None,
    ) -> SearchResults:
        """Chapters matching `query`, best first.

        board: Level A and B plus that board's Level C, never another's
        (UnknownBoard for a slug the manual does not have); level: "A", "B" or
        "C" (UnknownLevel otherwise); recent_ids: only these chapters (the
        recently amended ones). Never raises for the query text itself.
        """
        if board is not None:
            self.manual.board(board)
        if level is not None and level not in LEVELS:
            raise UnknownLevel(level)
        recent = None if recent_ids is None else frozenset(recent_ids)
        limit = max(0, min(int(limit), MAX_LIMIT))
        with quiet_leaks() as handled:
            try:
                return self._search(query, board, level, limit, recent)
            except Exception:  # noqa: BLE001
                # A file damaged after opening fails only when a search
                # reaches it, in whatever decoder reads it. Rebuild from the
                # manual and try once more (below, once this failure's frames
                # are gone); a second failure is not damage and is raised.
                handled()
        self.rebuild()
        return self._search(query, board, level, limit, recent)

    def glossary_for(self, board: str | None) -> dict[str, Abbreviation]:
        """The abbreviations the chapters `board` reads define (shared + its Level C).

        Another partnership's local protocol is not where this one's
        abbreviation is defined: LADO is Walsall's officer in Walsall's
        chapters, and a Dudley worker gets Dudley's definition, or none.
        """
        if board not in self._glossaries:
            scoped = Manual(self.manual.boards, tuple(self.manual.chapters_for(board)), self.manual.register)
            self._glossaries[board] = harvest_abbreviations(scoped)
        return self._glossaries[board]

    def _filter(self, searcher, board, level, recent):
        key = (board, level)
        if key not in self._filters:
            clauses = []
            if board is not None:
                clauses.append(Or([Term("scope", SHARED), Term("scope", board)]))
            if level is not None:
                clauses.append(Term("level", level))
            docs = None
            for clause in clauses:
                found = set(searcher.docs_for_query(clause))
                docs = found if docs is None else docs & found
            self._filters[key] = docs
        docs = self._filters[key]
        if recent is not None:
            wanted = set()
            for chapter_id in recent:
                wanted.update(searcher.docs_for_query(Term("chapter", chapter_id)))
            docs = wanted if docs is None else docs & wanted
        return docs

    def _search(self, text, board, level, limit, recent) -> SearchResults:
        searcher = self._current_searcher()
        docs = self._filter(searcher, board, level, recent)
        planned = plan(
            text if isinstance(text, str) else str(text),
            searcher.reader(),
            self.glossary_for(board),
            self._thesaurus,
            self._filter(searcher, board, None, None),  # "did you mean" takes the partnership's words
            self._memos.setdefault(board, {}),
        )
        also, expanded = planned.also_searched, planned.expanded
        absent = self._absent(searcher, planned, board, docs)
        if planned.query is None or limit == 0 or (docs is not None and not docs):
            return SearchResults(text, [], planned.did_you_mean, also, expanded, absent)
        hits = []
        for score, docnum, terms in top_docs(
            searcher, planned.query, limit, docs, planned.mask, self._segments, (planned.parts, planned.bonus)
        ):
            chapter = self._verified_chapter(searcher, docnum, board, level, recent)
            if chapter is None:
                continue
            words = {text for field, text in terms if field in ("body", "title")}
            body_text, headings = chapter_text(chapter.body)
            hits.append(
                Hit(
                    id=chapter.id,
                    title=chapter.title,
                    level=chapter.level,
                    scope=chapter.scope,
                    score=float(score),
                    snippet=make_snippet(body_text, words, headings),
                )
            )
        return SearchResults(text, hits, planned.did_you_mean, also, expanded, absent)

    def _absent(self, searcher, planned, board, docs) -> tuple[Absent, ...]:
        """The words typed that the chapters searched lack, and which partnerships' Level C holds them."""
        if not planned.typed:
            return ()
        others = {}
        if board is not None:
            for other in self.manual.boards:
                if other.slug != board:
                    key = ("scope-only", other.slug)
                    if key not in self._filters:
                        self._filters[key] = set(searcher.docs_for_query(Term("scope", other.slug)))
                    others[other.slug] = self._filters[key]
        return absent_words(
            searcher, planned.typed, docs, others, lambda query: matching_docs(searcher, query, self._segments)
        )

    def _verified_chapter(self, searcher, docnum, board, level, recent) -> Chapter | None:
        """The manual's chapter an index document stands for, if the manual agrees it belongs here.

        The filters above ran on the index's own terms, which another program
        could have edited; the manual decides. The id is read from the version
        column (bytes, not a pickle like the stored fields).
        """
        if self._versions is None:
            self._versions = searcher.reader().column_reader("version")
        chapter_id, _, _ = self._versions[docnum].rpartition("@")
        try:
            chapter = self.manual.chapter(chapter_id)
        except UnknownChapter:
            return None
        if board is not None and chapter.scope not in (SHARED, board):
            return None
        if level is not None and chapter.level != level:
            return None
        if recent is not None and chapter.id not in recent:
            return None
        return chapter


def open_index(index_dir: Path, manual: Manual) -> SearchIndex:
    """Open the index of `manual` at `index_dir`, current with the manual.

    A missing, damaged or other-version index is rebuilt; one that is intact
    but older than the manual is updated incrementally. A missing one is first
    taken from the application folder if a frozen build ships this manual's
    index (bundled_index).
    """
    with writing(index_dir):  # another reader opening it waits, then finds it built and current
        return _open_locked(index_dir, manual)


def _open_locked(index_dir: Path, manual: Manual) -> SearchIndex:
    from reader.core.search.bundled import seed

    seed(index_dir, manual)
    try:
        ix = open_checked(index_dir)
    except IndexCorrupt:
        build_index(manual, index_dir)
        return SearchIndex(index_dir, manual, open_checked(index_dir))
    index = SearchIndex(index_dir, manual, ix)
    try:
        index.update(manual)
    except Exception:  # noqa: BLE001 - damage found only while updating: rebuild
        index.rebuild()
    return index


def update_index(manual: Manual, index_dir: Path) -> IndexReport:
    """Re-index only chapters whose content changed; delete removed ones.

    A missing or damaged index is rebuilt (the report then counts every
    chapter as added).
    """
    with writing(index_dir):
        try:
            ix = open_checked(index_dir)
        except IndexCorrupt:
            return build_index(manual, index_dir)
        try:
            return update_open_index(ix, manual)
        finally:
            ix.close()


def search(
    index: SearchIndex,
    query: str,
    board: str | None = None,
    level: str | None = None,
    limit: int = 10,
    recent_ids: Iterable[str] | None = None,
) -> SearchResults:
    """See SearchIndex.search."""
    return index.search(query, board=board, level=level, limit=limit, recent_ids=recent_ids)
