"""Which words of a query the partnership's chapters do not hold, and whose do.

When a key word matches nothing here ("bruising protocol" for Walsall), the
results are partial matches on the other words, and the worker must be told
so, word by word. If another partnership's local procedures hold the word,
that partnership is named (a hint to ask them), never its text.

The check reads postings and stops at the first chapter that counts, so a
word in the shared chapters (nearly every word) costs one posting, and a
phrase a few; a word found absent is matched once (score.matching_docs) and
its chapters compared with each other partnership's.
"""

from __future__ import annotations

from dataclasses import dataclass

from whoosh.query import Or, Phrase, Query, Term

from reader.core.search.score import phrase_held


@dataclass(frozen=True)
class Absent:
    """A word or phrase typed that matched nothing in the chapters searched."""

    text: str  # as typed
    elsewhere: tuple[str, ...] = ()  # slugs of the partnerships whose Level C holds it


def holds(searcher, query: Query, docs: set[int] | None) -> bool:
    """Whether one of `docs` (None: any chapter) matches `query`, stopping at the first.

    An OR's words are tried before its phrases: "LADO" is found by the word
    before its long form's positions are ever read.
    """
    if isinstance(query, Or):
        children = sorted(query.subqueries, key=lambda q: isinstance(q, Phrase))
        return any(holds(searcher, child, docs) for child in children)
    if isinstance(query, Phrase):  # a phrase's words apart are not the phrase
        return phrase_held(searcher, query, docs)
    if not isinstance(query, Term):  # nothing a plan's typed item holds today: Whoosh decides
        return any(docs is None or d in docs for d in searcher.docs_for_query(query))
    if query.fieldname not in ("body", "title"):
        return False
    reader = searcher.reader()
    btext = searcher.schema[query.fieldname].to_bytes(query.text)
    if (query.fieldname, btext) not in reader:
        return False
    matcher = reader.postings(query.fieldname, btext)
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
        if holds(searcher, query, docs):
            continue
        found = matched(query)
        out.append(Absent(text, tuple(slug for slug, theirs in others.items() if not found.isdisjoint(theirs))))
    return tuple(out)
