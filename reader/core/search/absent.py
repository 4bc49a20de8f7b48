"""Which words of a query the partnership's chapters do not hold, and whose do.

When a key word matches nothing here ("bruising protocol" for Walsall), the
results are partial matches on the other words, and the worker must be told
so, word by word. If another partnership's local procedures hold the word,
that partnership is named (a hint to ask them), never its text.

The check reads postings and stops at the first chapter that counts, so a
word in the shared chapters (nearly every word) costs one posting; a phrase,
or a word found absent, is matched once (score.matching_docs).
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import Phrase, Query


@dataclass(frozen=True)
class Absent:
    """A word or phrase typed that matched nothing in the chapters searched."""

    text: str  # as typed
    elsewhere: tuple[str, ...] = ()  # slugs of the partnerships whose Level C holds it


def _terms(query: Query) -> list[tuple[str, str]]:
    return [(field, text) for field, text in query.iter_all_terms() if field in ("body", "title")]


def _has_phrase(query: Query) -> bool:
    return isinstance(query, Phrase) or any(_has_phrase(q) for q in query.children())


def holds(searcher, query: Query, docs: set[int] | None, matched) -> bool:
    """Whether one of `docs` (None: any chapter) matches `query`; matched(query) -> its docnums."""
    if _has_phrase(query):  # a phrase's words apart are not the phrase: matched decides
        found = matched(query)
        return bool(found) if docs is None else not found.isdisjoint(docs)
    reader = searcher.reader()
    for field, text in _terms(query):
        btext = searcher.schema[field].to_bytes(text)
        if (field, btext) not in reader:
            continue
        matcher = reader.postings(field, btext)
        while matcher.is_active():
            if docs is None or matcher.id() in docs:
                return True
            matcher.next()
    return False


def absent_words(searcher, typed, docs: set[int] | None, others: dict[str, set[int]], matched) -> tuple[Absent, ...]:
    """The items of `typed` ((text, query) of QueryPlan.typed) no chapter of `docs` matches.

    others: each other partnership's slug -> its Level C chapters' docnums;
    matched(query) -> the docnums matching a query (score.matching_docs).
    A word absent here is rare by definition, so its chapters are found once
    and compared with each partnership's, not searched for again each time.
    """
    out = []
    for text, query in typed:
        if holds(searcher, query, docs, matched):
            continue
        found = matched(query)
        out.append(Absent(text, tuple(slug for slug, theirs in others.items() if not found.isdisjoint(theirs))))
    return tuple(out)
