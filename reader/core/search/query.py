"""A practitioner's query string -> a Whoosh query. Any string is a valid query.

Not Whoosh's QueryParser: its field syntax ("title:"), wildcards ("*" over
every term) and error recovery are not what a search box on a laptop needs,
and every input here must give sensible results or none, never an error. So a
small scanner keeps only what it understands:

- words, stemmed like the index (porter2); stop words are dropped;
- "quoted phrases" (an unclosed quote runs to the end of the query);
- AND between two items requires both; OR, or nothing, between items means
  either (documents matching more words score higher); NOT before an item
  leaves out every chapter that matches it; operators are upper case only,
  and a lone or dangling operator is ignored;
- the last word, while it is still being typed, and any word followed by *,
  also matches the words it begins ("strat" -> strategy, strategic);
- a word that is neither English nor in the partnership's chapters is also
  searched as its likeliest correction among the words of those chapters
  ("bruseing" -> bruising), which is offered back as "did you mean"; a real
  word ("hits", "cops") is never replaced, and a word only another
  partnership uses is never offered;
- an abbreviation the partnership's chapters spell out also matches its
  long form as a phrase, and the long form typed out also matches the
  abbreviation (LADO <-> Local Authority Designated Officer), with the
  definition that partnership's chapters give (the glossary passed in);
- words of the practitioners' thesaurus (content/thesaurus.toml, reviewed
  by editors) are also searched as the manual's phrases they stand for
  ("cops" -> "police"), which the results list as "also searched for";
- question words ("who do I call", "what if") are not searched for: every
  chapter could answer a question, so they only add noise to the ranking.

Everything else (brackets, colons, ?, emoji, control characters) separates
words and is otherwise ignored.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.query import And, Or, Phrase, Query, Term

from reader.core.glossary import Abbreviation
from reader.core.model import Synonym
from reader.core.search.english import is_english
from reader.core.search.index import ANALYZER, normalise_title

MAX_QUERY_CHARS = 1000  # a pasted page is cut here: no search needs more
MAX_ITEMS = 32  # words and phrases kept, which bounds a query's cost
TITLE_BOOST = 3.0  # a word in the title counts as three in the body
EXACT_TITLE_BOOST = 50.0  # the query is exactly a chapter's title: that chapter first
PREFIX_BOOST = 0.5  # a word the typed prefix begins ranks below the word itself
PREFIX_EXPANSIONS = 12  # most frequent completions of a prefix that are searched
PREFIX_MIN = 2  # a single letter completes to too much to mean anything
CORRECTION_BOOST = 0.9
CORRECTION_MIN = 4  # shorter unknown words have too many neighbours to guess
SYNONYM_BOOST = 0.8  # the thesaurus's phrase ranks just below the words typed

# Words that make a query a question and say nothing of its subject. Only
# dropped when unquoted: "what" inside a quoted phrase is still searched.
QUESTION_WORDS = frozenset(
    "who whom whose what whats which where when why how do does did doing done i im ive me my "
    "should could would shall must need needs happen happens happened there about".split()
)

_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>\w+(?:[.]\w+)*)(?P<star>\*)?')
_OPERATORS = {"AND", "OR", "NOT"}
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


@dataclass
class Item:
    kind: str  # "word", "phrase", "op", "expansion" (glossary words typed out) or "synonym"
    text: str
    start: int
    end: int
    prefix: bool = False
    short: str = ""  # for "expansion": the abbreviation its words stand for
    means: tuple[str, ...] = ()  # for "synonym": the manual's phrases it stands for


@dataclass
class QueryPlan:
    query: Query | None  # None: nothing to search for, so no results
    mask: Query | None = None  # what NOT leaves out
    did_you_mean: str | None = None
    corrections: list[tuple[int, int, str]] = field(default_factory=list)
    also_searched: tuple[str, ...] = ()  # the thesaurus's phrases searched besides the words typed
    # The manual's words searched for an abbreviation or its long form (both
    # forms, as the glossary writes them): to be marked in the opened chapter.
    expanded: tuple[str, ...] = ()
    # The query again, as the parts a chapter should hold (one per word or
    # phrase typed, or per AND group) and what adds to them alone (the exact
    # title): score.top_docs ranks a chapter holding more of the parts higher.
    parts: tuple[Query, ...] = ()
    bonus: tuple[Query, ...] = ()
    # Each word or phrase typed (not NOT's), with everything searched for it
    # (stems, corrections, thesaurus, abbreviation): to say which match nothing.
    typed: tuple[tuple[str, Query], ...] = ()


def clean(text: str) -> str:
    """Fold look-alike characters and turn control characters into spaces."""
    text = unicodedata.normalize("NFKC", str(text)[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS]
    text = text.translate(_QUOTES)
    return "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") else ch for ch in text)


def stems(text: str) -> list[str]:
    return list(_stems(text))


@lru_cache(maxsize=8192)
def _stems(text: str) -> tuple[str, ...]:
    # Cached: every plan stems each glossary long form and thesaurus entry
    # against the words typed (2 ms a query, uncached, at 14 abbreviations).
    return tuple(token.text for token in ANALYZER(text))


def scan(text: str) -> list[Item]:
    items: list[Item] = []
    for match in _TOKEN.finditer(text):
        if match.group("phrase") is not None:
            items.append(Item("phrase", match.group("phrase"), match.start(), match.end()))
        else:
            word = match.group("word")
            kind = "op" if word in _OPERATORS else "word"
            items.append(Item(kind, word, match.start(), match.end(), prefix=bool(match.group("star"))))
        if sum(item.kind != "op" for item in items) >= MAX_ITEMS:
            break
    # The word at the very end of the box is still being typed.
    if items and items[-1].kind == "word" and items[-1].end == len(text):
        items[-1].prefix = True
    return items


def _glossary_runs(items: list[Item], glossary: dict[str, Abbreviation]) -> list[Item]:
    """Replace each run of words spelling out an abbreviation by one item."""
    if not glossary:
        return items
    spelled = {}
    for abbreviation in glossary.values():
        key = tuple(stems(abbreviation.expansion))
        if len(key) > 1:
            spelled[key] = abbreviation.short
    return _runs(items, spelled, lambda text, start, end, short: Item("expansion", text, start, end, short=short))


def thesaurus_keys(thesaurus: tuple[Synonym, ...]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The thesaurus by the stems of its words (so "kids" finds the entry "kids" or "kid")."""
    keys: dict[tuple[str, ...], tuple[str, ...]] = {}
    for synonym in thesaurus:
        key = tuple(stems(synonym.words))
        if key:
            keys[key] = tuple(dict.fromkeys(keys.get(key, ()) + synonym.means))
    return keys


def _thesaurus_runs(items: list[Item], keys: dict[tuple[str, ...], tuple[str, ...]]) -> list[Item]:
    """Mark each run of words that the thesaurus knows, longest entry first."""
    if not keys:
        return items
    ordered = dict(sorted(keys.items(), key=lambda kv: -len(kv[0])))
    return _runs(items, ordered, lambda text, start, end, means: Item("synonym", text, start, end, means=means))


def _runs(items: list[Item], spelled: dict, make) -> list[Item]:
    """Replace each run of plain words whose stems are a key of `spelled` by make(text, start, end, value)."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        replaced = False
        if items[i].kind == "word":
            for key, value in spelled.items():
                run, j = [], i
                while j < len(items) and items[j].kind == "word" and len(run) < len(key):
                    run.extend(stems(items[j].text))
                    j += 1
                if tuple(run) == key:
                    text = " ".join(item.text for item in items[i:j])
                    out.append(make(text, items[i].start, items[j - 1].end, value))
                    i, replaced = j, True
                    break
        if not replaced:
            out.append(items[i])
            i += 1
    return out


def _terms(stem_list: list[str], boost: float = 1.0) -> Query | None:
    """A word or phrase (already stemmed) in the body, or weighted in the title."""
    if not stem_list:
        return None
    if len(stem_list) == 1:
        body = Term("body", stem_list[0], boost=boost)
        title = Term("title", stem_list[0], boost=boost * TITLE_BOOST)
    else:
        body = Phrase("body", stem_list, boost=boost)
        title = Phrase("title", stem_list, boost=boost * TITLE_BOOST)
    return Or([body, title])


def _completions(reader, prefix: str) -> list[str]:
    """The most frequent indexed words beginning with `prefix`."""
    found = []
    for count, (term, info) in enumerate(reader.iter_prefix("words", prefix)):
        if count >= 5000:  # a very common prefix: the first few thousand suffice
            break
        found.append((info.doc_frequency(), term.decode("utf-8")))
    return [word for _, word in heapq.nlargest(PREFIX_EXPANSIONS, found)]


def _in_docs(reader, word: str, docs: set[int] | None) -> bool:
    """Whether `word` (unstemmed) is in one of `docs` (None: in any chapter)."""
    if docs is None:
        return bool(reader.doc_frequency("words", word))
    if not reader.doc_frequency("words", word):
        return False
    matcher = reader.postings("words", word)
    while matcher.is_active():
        if matcher.id() in docs:
            return True
        matcher.next()
    return False


def _correction(reader, word: str, docs: set[int] | None) -> str | None:
    """The likeliest word of the chapters `docs` within two edits of `word`."""
    distances = (1, 2) if len(word) >= 5 else (1,)
    for distance in distances:
        candidates = set()
        for candidate in reader.terms_within("words", word, distance, prefix=1):
            if isinstance(candidate, bytes):
                candidate = candidate.decode("utf-8")
            if candidate != word and candidate.isalpha() and _in_docs(reader, candidate, docs):
                candidates.add(candidate)
        if candidates:
            return max(sorted(candidates), key=lambda c: reader.doc_frequency("words", c))
    return None


MEMO_MAX = 20_000  # remembered look-ups per searcher and partnership, then forgotten at once


def _remembered(memo: dict, key: tuple, compute):
    """compute(), kept in `memo` under `key`: a word's correction or completions cost a
    walk of the lexicon (milliseconds), and a query typed a letter at a time asks again."""
    if key not in memo:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = compute()
    return memo[key]


class _Planner:
    def __init__(self, reader, glossary: dict[str, Abbreviation], docs: set[int] | None, memo: dict):
        self.reader = reader
        self.docs = docs
        self.memo = memo
        self.glossary = glossary
        self.expanded: list[str] = []
        self.by_lower = {short.lower(): a for short, a in glossary.items()}
        self.corrections: list[tuple[int, int, str]] = []
        self.also_searched: list[str] = []

    def item_query(self, item: Item) -> Query | None:
        if item.kind == "phrase":
            return _terms(stems(item.text))
        if item.kind == "expansion":
            self._expanded(item.text, item.short)
            return Or([q for q in (_terms(stems(item.text)), _terms(stems(item.short))) if q])
        if item.kind == "synonym":
            return self.synonym_query(item)
        return self.word_query(item)

    def synonym_query(self, item: Item) -> Query | None:
        """The words typed, or any of the manual's phrases the thesaurus gives for them."""
        typed = stems(item.text)
        parts = [_terms(typed)]
        for phrase in item.means:
            stemmed = stems(phrase)
            if list(stemmed) == list(typed):
                continue  # the words typed, as the index reduces them: searched already, not "also"
            # Only what the manual holds is searched and said to be searched.
            if stemmed and all(self.reader.doc_frequency("body", s) or self.reader.doc_frequency("title", s) for s in stemmed):
                parts.append(_terms(stemmed, SYNONYM_BOOST))
                if phrase not in self.also_searched:
                    self.also_searched.append(phrase)
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(parts)

    def word_query(self, item: Item) -> Query | None:
        word = item.text.lower()
        own = stems(item.text)
        parts = [q for q in (_terms(own),) if q]
        abbreviation = self.by_lower.get(word)
        if abbreviation is not None:
            # The long form as a phrase: its words apart ("designated", "local
            # authority") are in chapters that never speak of that officer.
            parts.append(_terms(stems(abbreviation.expansion)))
            self._expanded(abbreviation.expansion, abbreviation.short)
        completions = []
        if item.prefix and len(word) >= PREFIX_MIN and (own or len(word) < 4):
            completions = _remembered(self.memo, ("complete", word), lambda: _completions(self.reader, word))
            extra = {s for w in completions for s in stems(w)} - set(own)
            parts.extend(_terms([s], PREFIX_BOOST) for s in sorted(extra))
        if (
            not completions
            and abbreviation is None
            and len(word) >= CORRECTION_MIN
            and word.isascii()
            and word.isalpha()
            and not _remembered(self.memo, ("in", word), lambda: _in_docs(self.reader, word, self.docs))
            and not any(self.reader.doc_frequency("body", s) for s in own)  # known by its stem
            and not is_english(word)  # a real word the text lacks is meant, not mistyped
        ):
            correction = _remembered(self.memo, ("fix", word), lambda: _correction(self.reader, word, self.docs))
            if correction is not None:
                parts.append(_terms(stems(correction), CORRECTION_BOOST))
                self.corrections.append((item.start, item.end, correction))
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(parts)

    def _expanded(self, *forms: str) -> None:
        for form in forms:
            if form not in self.expanded:
                self.expanded.append(form)


def plan(
    text: str,
    reader,
    glossary: dict[str, Abbreviation],
    thesaurus: dict[tuple[str, ...], tuple[str, ...]] | None = None,
    docs: set[int] | None = None,
    memo: dict | None = None,
) -> QueryPlan:
    """Plan the search for `text` against the words the index holds.

    glossary: the abbreviations of the chapters searched (the partnership's);
    thesaurus: thesaurus_keys() of the manual's thesaurus; docs: the chapters
    searched (None: all), the only ones "did you mean" takes words from;
    memo: look-ups kept from earlier plans, valid only for the same reader
    and docs (the caller keeps one per searcher and partnership).
    """
    text = clean(text)
    scanned = scan(text)
    items = _thesaurus_runs(_glossary_runs(scanned, glossary), thesaurus or {})
    items = _without_question_words(items)
    planner = _Planner(reader, glossary, docs, {} if memo is None else memo)

    groups: list[list[Query]] = []  # OR of groups, each an AND of its queries
    typed: list[tuple[str, Query]] = []
    excluded: list[Query] = []
    pending = ""  # the operator waiting for the next item
    for item in items:
        if item.kind == "op":
            pending = "NOT" if item.text == "NOT" else (pending or item.text)
            continue
        query = planner.item_query(item)
        if query is None:  # a stop word: drops out with its operator
            pending = ""
            continue
        if pending != "NOT":
            typed.append((item.text, query))
        if pending == "NOT":
            excluded.append(query)
        elif pending == "AND" and groups:
            groups[-1].append(query)
        else:
            groups.append([query])
        pending = ""

    did_you_mean = _apply(text, planner.corrections) if planner.corrections else None
    also = tuple(planner.also_searched)
    expanded = tuple(planner.expanded)
    if not groups:
        return QueryPlan(None, did_you_mean=did_you_mean, corrections=planner.corrections, also_searched=also,
                         expanded=expanded)
    parts = [g[0] if len(g) == 1 else And(g) for g in groups]
    # The whole query as typed, question words and all: a title may be a question.
    title = normalise_title(" ".join(item.text for item in scanned if item.kind != "op"))
    bonus = [Term("title_exact", title, boost=EXACT_TITLE_BOOST)] if title else []
    alternatives = parts + bonus
    query = alternatives[0] if len(alternatives) == 1 else Or(alternatives)
    mask = (excluded[0] if len(excluded) == 1 else Or(excluded)) if excluded else None
    return QueryPlan(
        query, mask, did_you_mean, planner.corrections, also, expanded, tuple(parts), tuple(bonus), tuple(typed)
    )


def _without_question_words(items: list[Item]) -> list[Item]:
    """Drop the words that make a question, unless nothing else is left to search."""
    kept = [i for i in items if not (i.kind == "word" and not i.prefix and i.text.lower() in QUESTION_WORDS)]
    return kept if any(i.kind != "op" for i in kept) else items


def _apply(text: str, corrections: list[tuple[int, int, str]]) -> str:
    """The query with each corrected word replaced, keeping a leading capital."""
    out, last = [], 0
    for start, end, word in sorted(corrections):
        typed = text[start:end]
        out.append(text[last:start])
        out.append(word.capitalize() if typed[:1].isupper() else word)
        last = end
    out.append(text[last:])
    return "".join(out).strip()


@dataclass(frozen=True)
class Cut:
    """A query longer than a search takes: the part searched, and which limit cut it."""

    searched: str
    by: str  # "characters" or "words and phrases"
    limit: int


def cut(text: str) -> Cut | None:
    """How `text` was shortened before it was searched (MAX_QUERY_CHARS, then MAX_ITEMS), or None
    when all of it was searched, so that a caller can say so: a pasted paragraph's last words are
    otherwise dropped without a word."""
    cleaned = clean(text)
    items = scan(cleaned)
    if items and sum(item.kind != "op" for item in items) >= MAX_ITEMS:
        rest = cleaned[items[-1].end:]
        if any(m.group("phrase") is not None or m.group("word") not in _OPERATORS for m in _TOKEN.finditer(rest)):
            return Cut(cleaned[: items[-1].end], "words and phrases", MAX_ITEMS)
    whole = unicodedata.normalize("NFKC", str(text)[: MAX_QUERY_CHARS * 4])
    if whole[MAX_QUERY_CHARS:].strip() or len(str(text)) > MAX_QUERY_CHARS * 4:
        return Cut(cleaned, "characters", MAX_QUERY_CHARS)
    return None
