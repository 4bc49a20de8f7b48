"""The Whoosh index of a manual on disk: schema, build, incremental update, open.

Several reader processes may use one data folder's index at once (the window,
`reader search`, a sync); whatever writes it (a build and its swap, an update,
the bundled index seeded) does so under one OS lock beside the folder
(DATA/index.lock, reader.core.locks), and so does whatever opens it, which may
have to write (search.open_index). A process that finds the lock held waits,
then uses what the other wrote. A full build is written into a temporary
sibling folder and renamed into place, so an index already open elsewhere
keeps reading its own files; an update writes through Whoosh's own transaction
(a new segment and a table of contents written last), so a crash leaves the
previous state.

Security: a Whoosh index is full of pickles (segment list, stored fields,
postings), and the data folder it lives in can be written by any program of
the user. Whoosh's unpicklers are therefore replaced, before any index is
opened or built, by one that builds only our index's own classes
(safe_pickle); anything else is damage, and the index is rebuilt. Nothing
shown comes from the index either: a hit is a chapter id and a score, and
its title and snippet are taken from the verified manual (search).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
import shutil
import tempfile
import warnings
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema

from reader.core import render
from reader.core.search import safe_pickle
from reader.core.search.words import WORD_PATTERN, stem
from reader.core.errors import IndexCorrupt, SearchIndexError
from reader.core.locks import held
from reader.core.model import Chapter, Manual

# Bump when the schema, the analyzers or the documents change: the index name
# carries it, so an index of another version is not found and is rebuilt.
# 2: nothing shown is stored (titles, text, headings come from the manual);
# 3: word families and glued numbers (words.py)
SCHEMA_VERSION = 3
INDEX_NAME = f"chapters_v{SCHEMA_VERSION}"

# porter2 with the manual's word families (words.py), not Whoosh's default
# Porter stemmer (which stems running -> runn). The same analyzer object
# serves indexing, queries and snippets, so a word is always reduced the
# same way.
ANALYZER = StemmingAnalyzer(expression=WORD_PATTERN, stemfn=stem)
# Unstemmed words: the spelling corrector and prefix expansion need real
# words ("bruising"), not stems ("bruis"), to suggest and to expand.
WORDS_ANALYZER = RegexTokenizer(WORD_PATTERN) | LowercaseFilter()

# One document per chapter, not per section. Both were tried against the
# relevance queries of tests/core/search/test_search.py: every expected chapter was in
# the top 3 either way, and per section added duplicate hits to merge (Whoosh's
# collapse= did not merge them in a trial) for no better ranking. Per chapter a
# chapter's title and all its words count together, and the section a snippet
# comes from is still reported, from the stored heading offsets.

_NON_WORD = re.compile(r"\W+")

# Here, at the import every index use goes through (search, bundled_index),
# not at start-up: search modules are imported lazily.
safe_pickle.install()


def schema() -> Schema:
    # Nothing a hit shows is stored: the title, level, scope, snippet and
    # section of a hit are the verified manual's (search), so an edited index
    # can reorder results but never put its words on screen. A hit is found
    # by its chapter id, read from the version column (no pickle) in search.
    return Schema(
        chapter=ID(stored=True, unique=True),  # chapter id
        # "<id>@<content hash>", kept in a column: the lexicon would still list
        # the terms of deleted documents until their segment is merged away.
        version=ID(sortable=True),
        title=TEXT(analyzer=ANALYZER),
        title_exact=ID(),  # normalised title, for "an exact title match ranks first"
        level=ID(),
        scope=ID(),
        body=TEXT(analyzer=ANALYZER),  # phrase positions kept for "significant harm"
        words=TEXT(analyzer=WORDS_ANALYZER, phrase=False),  # spelling + prefixes
    )


def normalise_title(text: str) -> str:
    """Lower-case words joined by single spaces: how titles are compared."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def chapter_hash(chapter: Chapter) -> str:
    """Hash of everything the index holds of a chapter."""
    return _content_hash(chapter.id, chapter.title, chapter.level, chapter.scope, chapter.body)


@lru_cache(maxsize=65536)
def _content_hash(*material: str) -> str:
    # Cached by the strings themselves (a str keeps its own hash, and an
    # unchanged chapter of a new edition is the same string): an update
    # hashed every chapter again to find the one that changed, most of its
    # time at 10,000 chapters.
    return hashlib.sha256(json.dumps([SCHEMA_VERSION, *material]).encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=1024)
def chapter_text(body: str) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """A chapter's blocks (paragraphs, headings, list items), one per line, and its headings.

    The text is what is indexed and what a snippet is cut from; headings are
    (offset in the text, ordinal, heading), to name a snippet's section.
    Cached like render.blocks: a search cuts snippets from the same chapters.
    """
    lines, headings, offset = [], [], 0
    for block in render.blocks(body):
        if block.kind[0] == "h" and block.kind[1:].isdigit():
            headings.append((offset, len(headings) + 1, block.text))
        lines.append(block.text)
        offset += len(block.text) + 1
    return "\n".join(lines), tuple(headings)


def chapter_document(chapter: Chapter, digest: str | None = None) -> dict:
    """The one index document of a chapter: its words, never shown (see schema)."""
    text, _ = chapter_text(chapter.body)
    return {
        "chapter": chapter.id,
        "version": f"{chapter.id}@{digest or chapter_hash(chapter)}",
        "title": chapter.title,
        "title_exact": normalise_title(chapter.title),
        "level": chapter.level,
        "scope": chapter.scope,
        "body": text,
        "words": f"{chapter.title}\n{text}",
    }


@dataclass(frozen=True)
class IndexReport:
    """What a build or update did, in chapters."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def reindexed(self) -> int:
        return self.added + self.changed


@contextmanager
def writing(index_dir: Path):
    """Hold the lock under which the index at `index_dir` is written or opened: one reader process at a time.

    Beside the folder, never in it: the folder itself is replaced by a build.
    Reentrant in a thread, so open_index may build or update under its own hold.
    """
    index_dir = Path(index_dir)
    lock = ExitStack()
    try:
        lock.enter_context(held(index_dir.parent / f"{index_dir.name}.lock", "the search index"))
    except OSError as exc:  # a folder that cannot take the lock file cannot take an index either
        raise SearchIndexError(f"could not use the search index in {index_dir}: {exc.strerror or exc}") from None
    with lock:
        yield


def build_index(manual: Manual, index_dir: Path) -> IndexReport:
    """Index every chapter in a fresh folder, then rename it over `index_dir` (under the index's lock)."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.building-", dir=index_dir.parent))
    try:
        ix = whoosh_index.create_in(str(building), schema(), indexname=INDEX_NAME)
        writer = ix.writer(limitmb=128)
        for chapter in manual.chapters:
            writer.add_document(**chapter_document(chapter))
        writer.commit()
        ix.close()
        # Built in a private folder, outside the lock; only the swap is under it,
        # so no other process opens the index between the swap's two renames.
        with writing(index_dir):
            _swap_in(building, index_dir)
    except OSError as exc:
        shutil.rmtree(building, ignore_errors=True)
        raise SearchIndexError(f"could not build the search index in {index_dir}: {exc}") from None
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return IndexReport(added=len(manual.chapters))


def _swap_in(built: Path, index_dir: Path) -> None:
    # os.replace cannot replace a non-empty folder, so the old one is first
    # renamed aside: between the two renames the index is absent, which is
    # why this runs under the index's lock, as every opening does.
    if index_dir.exists() or index_dir.is_symlink():
        aside = index_dir.with_name(f".{index_dir.name}.old-{os.getpid()}-{os.urandom(4).hex()}")
        os.replace(index_dir, aside)
        os.replace(built, index_dir)
        if aside.is_dir() and not aside.is_symlink():
            shutil.rmtree(aside, ignore_errors=True)
        else:
            aside.unlink(missing_ok=True)
    else:
        os.replace(built, index_dir)


def indexed_versions(ix) -> dict[str, str]:
    """chapter id -> content hash of what the index holds."""
    with ix.reader() as reader:
        versions = {}
        for segment, _ in reader.leaf_readers():
            column = _segment_versions(segment)
            deleted = segment.deleted_docs_set if segment.has_deletions() else frozenset()
            for docnum, version in enumerate(column):
                if docnum not in deleted:
                    chapter_id, _, digest = version.rpartition("@")
                    versions[chapter_id] = digest
        return versions


_SEGMENT_VERSIONS: dict[str, tuple[str, ...]] = {}  # segment id -> its version column
_SEGMENTS_KEPT = 256


def _segment_versions(segment) -> tuple[str, ...]:
    """A segment's version column, read once: a segment never changes once written.

    An update reads every chapter's version to find what changed; read
    through the whole index's reader that was a call chain per chapter on
    every update. Only deletions change, and those are read each time.
    """
    info = segment.segment() if hasattr(segment, "segment") else None
    key = info.segment_id() if info is not None else None
    if key is not None and key in _SEGMENT_VERSIONS:
        return _SEGMENT_VERSIONS[key]
    column = segment.column_reader("version")
    found = tuple(column[docnum] for docnum in range(segment.doc_count_all()))
    if key is not None:
        if len(_SEGMENT_VERSIONS) >= _SEGMENTS_KEPT:
            _SEGMENT_VERSIONS.clear()
        _SEGMENT_VERSIONS[key] = found
    return found


def update_open_index(ix, manual: Manual) -> IndexReport:
    """Re-index only what changed: new, changed and removed chapters (under the index's lock).

    What the index holds is read under the lock, so a change another process
    has just indexed is found there and not written twice.
    """
    with writing(Path(ix.storage.folder)):
        return _update_locked(ix, manual)


def _update_locked(ix, manual: Manual) -> IndexReport:
    indexed = indexed_versions(ix)
    wanted = {chapter.id: chapter_hash(chapter) for chapter in manual.chapters}
    removed = [cid for cid in indexed if cid not in wanted]
    changed = [cid for cid, digest in wanted.items() if cid in indexed and indexed[cid] != digest]
    added = [cid for cid in wanted if cid not in indexed]
    report = IndexReport(
        added=len(added),
        changed=len(changed),
        removed=len(removed),
        unchanged=len(wanted) - len(added) - len(changed),
    )
    if not (removed or changed or added):
        return report
    try:
        writer = ix.writer()
    except whoosh_index.LockError:
        raise SearchIndexError("the search index is being written by another process") from None
    try:
        for cid in removed + changed:
            writer.delete_by_term("chapter", cid)
        for cid in changed + added:
            writer.add_document(**chapter_document(manual.chapter(cid), wanted[cid]))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return report


def open_checked(index_dir: Path):
    """Open the index at `index_dir`, or raise IndexCorrupt saying why not."""
    index_dir = Path(index_dir)
    if not index_dir.is_dir():
        raise IndexCorrupt(index_dir, "missing")
    with quiet_leaks() as handled:
        failure, ix = None, None
        try:
            # Our schema is passed in, so the pickled copy in the index is not
            # loaded; the segment list and the rest are pickles, read through
            # safe_pickle, which refuses anything but our own classes.
            ix = whoosh_index.open_dir(str(index_dir), indexname=INDEX_NAME, schema=schema())
            # Touch the table of contents, the terms, a column and a stored
            # document: a damaged file fails here rather than mid-session.
            with ix.searcher() as searcher:
                indexed_versions(ix)
                if searcher.doc_count_all():
                    searcher.stored_fields(0)
        except whoosh_index.EmptyIndexError:
            failure = "no index there"
        except Exception as exc:  # noqa: BLE001
            # A damaged binary file can fail in any decoder (pickle, struct,
            # zlib, array, EOF...); the remedy is always the same, a rebuild
            # from the manual, so every failure is reported as corruption.
            failure = f"{type(exc).__name__}: {exc}"
        if failure is None:
            return ix
        handled()
        if ix is not None:
            ix.close()
    # Raised outside the except clause, so that the failed read's frames (and
    # the files they hold) are already gone.
    raise IndexCorrupt(index_dir, failure)


@contextmanager
def quiet_leaks():
    """Collect, without a ResourceWarning, files Whoosh leaves open on failure.

    Whoosh does not close the file it was reading when decoding fails; the
    file is closed when collected, which warns. A failed read is expected
    here (it is how damage is found), so those files are collected inside.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        failed = []
        # The caller calls this once it has handled a failure; it keeps no
        # reference to the exception, whose frames must be freed first.
        yield lambda: failed.append(True)
        if failed:
            gc.collect()  # only then: a full collection costs milliseconds
