"""The top chapters for a Whoosh query: Whoosh's BM25F, summed a term at a time.

Whoosh's own collector walks the query's matcher tree one document at a time
in Python, a dozen method calls per document per posting list; at 10,000
chapters a query holding a common word ("child" is in 7 of 10 chapters) spent
most of its 100+ ms there, not in scoring. Here each term's postings are read
a block at a time (Whoosh's decoded arrays) and scored with Whoosh's own BM25F
scorer parameters (idf, average length, B, K1) in one tight loop, and the
query's ORs and ANDs become sums over dictionaries. The scores are Whoosh's
scores: an OR adds its parts, an AND adds its parts where all match, a boost
multiplies, exactly as Whoosh's matchers do.

The ranking is exhaustive: every matching chapter is scored. Whoosh's
collector prunes with per-list quality bounds and, on the scaled benchmark
corpus, dropped chapters that scored above its 10th hit (9 of 66 query and
board runs; bench/README.md); Whoosh's unpruned collector and this module
return the same hits in the same order.

Phrases are matched here too: the words' postings are intersected a term at
a time (rarest first) and positions decoded only for the chapters holding
every word. Anything other than Term, Phrase, Or and And is scored by Whoosh's
own matcher, one document at a time: correct for any query, slower only there.

Reads two private attributes of whoosh3's postings reader (a block's decoded
ids and weights); whoosh3 is pinned exactly, and any other postings reader
takes the public one-posting-at-a-time path.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from math import log

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import And, Or, Phrase, Query, Term
from whoosh.scoring import BM25F, BM25FScorer

# How much a chapter holding only some of the query's parts (words or
# phrases typed) is worth: its score times (parts held / parts) ** COVERAGE.
# Without it an OR query let a title word, or a short chapter's one word,
# outrank a chapter holding every word ("domestic abuse conference" put
# three "Conference" titles before MARAC). Tuned on bench/search_eval.
COVERAGE = 2.0


class StandardBM25(BM25F):
    """Whoosh's BM25F with the standard BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)).

    Whoosh's own idf, log(N / (n + 1)) + 1, barely separates a rare word
    from a common one (every word scores at least 1), so short chapters won
    on common words ("use"); the standard one gives a word in most chapters
    almost nothing.
    """

    def idf(self, searcher, fieldname, text):
        parent = searcher.get_parent()
        n = parent.doc_frequency(fieldname, text)
        total = parent.doc_count_all()
        return log(1 + (total - n + 0.5) / (n + 0.5))

Scores = dict[int, float]  # segment docnum -> score
Leaves = list[tuple[frozenset[tuple[str, str]], Scores]]  # the terms of a word or phrase -> where it matched


class SegmentCache:
    """Per-segment field lengths and deletions, reused while the segment lives.

    A segment never changes once written (an update adds a segment and marks
    deletions), so lengths are keyed by segment id and survive updates; the
    deleted set is read again with each new searcher.
    """

    def __init__(self):
        self._lengths: dict[tuple[str, str], list[int]] = {}

    def lengths(self, reader, segment_key: str, field: str, dfl) -> list[int]:
        key = (segment_key, field)
        found = self._lengths.get(key)
        if found is None:
            found = self._lengths[key] = [dfl(docnum) for docnum in range(reader.doc_count_all())]
        return found

    def keep_only(self, segment_keys: set[str]) -> None:
        """Forget segments merged away (called with each new searcher)."""
        for key in [k for k in self._lengths if k[0] not in segment_keys]:
            del self._lengths[key]


def segment_key(reader) -> str:
    segment = reader.segment()
    return segment.segment_id() if segment is not None else str(id(reader))


def _postings(reader, field: str, btext: bytes, values: bool = False) -> tuple[list[int], list[float], list]:
    """A term's docnums, weights and (if asked) encoded values in one segment (deleted documents included)."""
    matcher = reader.postings(field, btext)
    if isinstance(matcher, FilterMatcher):  # the deletions, applied by the caller
        matcher = matcher.child
    ids: list[int] = []
    weights: list[float] = []
    found: list = []
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            if values:
                matcher._read_values()
                found.extend(matcher._values)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                found.append(matcher.value())
            matcher.next()
    return ids, weights, found


def _tree_sum(values: list[float]) -> float:
    """The sum in the order Whoosh's intersection adds its words (a balanced binary tree), to the last bit."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _in_a_row(words: list[tuple[int, list[int] | bytes]], decode) -> bool:
    """Whether the phrase's words stand in a row: word i at position p + i for some p.

    words: (the word's place in the phrase, its encoded positions), rarest
    first; each is decoded only while a start is still possible, so a
    chapter holding the words apart costs two decodes, not one per word.
    """
    starts = None
    for place, encoded in words:
        here = {position - place for position in decode(encoded)}
        starts = here if starts is None else starts & here
        if not starts:
            return False
    return True


class _Segment:
    def __init__(self, searcher, cache: SegmentCache):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.key = segment_key(self.reader)
        self.cache = cache
        self.leaves: Leaves = []

    def _scorer(self, field: str, text: str):
        """(the term's bytes, Whoosh's BM25F scorer of it), or None if the segment lacks the term."""
        if field not in self.searcher.schema:
            return None
        try:
            btext = self.searcher.schema[field].to_bytes(text)
        except ValueError:
            return None
        if (field, btext) not in self.reader:
            return None
        return btext, self.searcher.weighting.scorer(self.searcher, field, btext)

    def _scores(self, field, btext, scorer, boost, within, values=False) -> tuple[Scores, dict[int, bytes]]:
        """BM25F of each posting of a term (in `within`), and each one's encoded value if asked."""
        ids, weights, encoded = _postings(self.reader, field, btext, values)
        lengths = self.cache.lengths(self.reader, self.key, field, scorer.dfl)
        # whoosh.scoring.bm25, inlined: this loop is the whole cost of a query.
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        k1p1 = k1 + 1
        out: Scores = {}
        for docnum, tf in zip(ids, weights):
            if within is not None and docnum not in within:
                continue
            score = idf * ((tf * k1p1) / (tf + k1 * ((1 - b) + b * lengths[docnum] / avgfl)))
            out[docnum] = score * boost if boost != 1.0 else score
        kept = {d: v for d, v in zip(ids, encoded) if d in out} if values else {}
        return out, kept

    def term(self, query: Term, within: set[int] | None) -> Scores:
        found = self._scorer(query.fieldname, query.text)
        if found is None:
            return {}
        btext, scorer = found
        if type(scorer) is not BM25FScorer:  # an unscored field (title_exact): Whoosh scores it
            return self.whoosh(query, within)
        out, _ = self._scores(query.fieldname, btext, scorer, query.boost, within)
        self.leaves.append((frozenset([(query.fieldname, query.text)]), out))
        return out

    def phrase(self, query: Phrase, within: set[int] | None) -> Scores:
        """Whoosh's phrase match and score, a term at a time: positions read only where every word is.

        Whoosh's phrase matcher walks the intersection of the words' postings
        a document at a time and decodes positions as it goes; "Local
        Authority Designated Officer" cost most of a LADO search at 10,000
        chapters. Its score is the sum of the words' BM25F scores where the
        words stand in a row, times the phrase's boost: the same here.
        """
        field = query.fieldname
        fmt = self.searcher.schema[field].format if field in self.searcher.schema else None
        if query.slop != 1 or fmt is None or not fmt.supports("positions"):
            return self.whoosh(query, within)
        words = list(query.words)
        scorers = []
        for word in words:
            found = self._scorer(field, word)
            if found is None:
                return {}  # a word the segment lacks: no chapter holds the phrase
            if type(found[1]) is not BM25FScorer:
                return self.whoosh(query, within)
            scorers.append(found)
        # Rarest word first: the others are read only where it is.
        order = sorted(range(len(words)), key=lambda i: self.reader.doc_frequency(field, scorers[i][0]))
        scores: dict[int, Scores] = {}
        encoded: dict[int, dict[int, bytes]] = {}
        for i in order:
            btext, scorer = scorers[i]
            scores[i], encoded[i] = self._scores(field, btext, scorer, 1.0, within, values=True)
            within = set(scores[i]) if within is None else within & set(scores[i])
            if not within:
                return {}
        decode = fmt.decoder("positions")
        out: Scores = {}
        for docnum in sorted(within):
            if _in_a_row([(i, encoded[i][docnum]) for i in order], decode):
                score = _tree_sum([scores[i][docnum] for i in range(len(words))])
                out[docnum] = score * query.boost if query.boost != 1.0 else score
        self.leaves.append((frozenset((field, w) for w in words), out))
        return out

    def whoosh(self, query: Query, within: set[int] | None) -> Scores:
        matcher = query.matcher(self.searcher)
        out: Scores = {}
        while matcher.is_active():
            docnum = matcher.id()
            if within is None or docnum in within:
                out[docnum] = matcher.score()
            matcher.next()
        if isinstance(query, Phrase):
            self.leaves.append((frozenset((query.fieldname, w) for w in query.words), out))
        return out

    def evaluate(self, query: Query, within: set[int] | None = None) -> Scores:
        if isinstance(query, Term):
            return self.term(query, within)
        if isinstance(query, Phrase):
            return self.phrase(query, within)
        if isinstance(query, Or):
            total: Scores = {}
            for sub in query.subqueries:
                part = self.evaluate(sub, within)
                if not total:
                    total = dict(part)
                    continue
                get = total.get
                for docnum, score in part.items():
                    total[docnum] = get(docnum, 0.0) + score
        elif isinstance(query, And):
            # Rarest part first; the others are then scored only where it matched.
            total = None
            for sub in sorted(query.subqueries, key=lambda q: q.estimate_size(self.reader)):
                part = self.evaluate(sub, within)
                total = part if total is None else {d: s + part[d] for d, s in total.items() if d in part}
                if not total:
                    return {}
                within = set(total)
            total = total or {}
        else:
            return self.whoosh(query, within)
        if query.boost != 1.0:
            total = {d: s * query.boost for d, s in total.items()}
        return total

    def covering(self, parts: tuple[Query, ...], bonus: tuple[Query, ...], within: set[int] | None = None) -> Scores:
        """The parts' summed scores, weighted by how many of them a chapter holds, plus the bonus."""
        total: Scores = {}
        held: dict[int, int] = {}
        for part in parts:
            for docnum, score in self.evaluate(part.normalize(), within).items():
                total[docnum] = total.get(docnum, 0.0) + score
                held[docnum] = held.get(docnum, 0) + 1
        if len(parts) > 1:
            n = len(parts)
            total = {d: s * (held[d] / n) ** COVERAGE for d, s in total.items()}
        for extra in bonus:
            for docnum, score in self.evaluate(extra.normalize(), within).items():
                total[docnum] = total.get(docnum, 0.0) + score
        return total

    def deleted(self) -> set[int] | frozenset[int]:
        if not self.reader.has_deletions():
            return set()
        known = getattr(self.reader, "deleted_docs_set", None)  # a segment's own set, not 10,000 calls
        if isinstance(known, frozenset):
            return known
        return {d for d in range(self.reader.doc_count_all()) if self.reader.is_deleted(d)}


def _per_segment(allow: set[int] | None, offsets: list[int]) -> list[set[int] | None]:
    """`allow`'s global docnums as each segment's own (one pass; the set itself for one segment)."""
    if allow is None:
        return [None] * len(offsets)
    if len(offsets) == 1 and offsets[0] == 0:
        return [allow]
    local: list[set[int]] = [set() for _ in offsets]
    for docnum in allow:
        at = bisect_right(offsets, docnum) - 1
        if at >= 0:
            local[at].add(docnum - offsets[at])
    return local


def top_docs(
    searcher,
    query: Query,
    limit: int,
    allow: set[int] | None,
    mask: Query | None,
    cache: SegmentCache,
    parts: tuple[tuple[Query, ...], tuple[Query, ...]] | None = None,
) -> list[tuple[float, int, set[tuple[str, str]]]]:
    """The best `limit` (score, docnum, matched (field, term)s) for `query`.

    allow: only these docnums (None: all); mask: leave out what this matches.
    parts: (parts, bonus) of the same query (QueryPlan), to rank by how many
    parts a chapter holds (COVERAGE); None scores `query` as Whoosh would.
    Ties are broken as Whoosh breaks them: the lower document number first.
    """
    query = query.normalize()
    excluded = set(searcher.docs_for_query(mask)) if mask is not None else set()
    ranked: list[tuple[float, int]] = []
    segments: list[tuple[_Segment, int]] = []
    leaves = searcher.leaf_searchers()
    # Only the allowed chapters are scored (a partnership reads about a third
    # of them): the same scores, each term's postings read once.
    allowed = _per_segment(allow, [offset for _, offset in leaves])
    for (sub, offset), within in zip(leaves, allowed):
        segment = _Segment(sub, cache)
        scores = segment.evaluate(query, within) if parts is None else segment.covering(*parts, within)
        dropped = segment.deleted()
        best = heapq.nlargest(
            limit,
            (
                (score, -(docnum + offset))
                for docnum, score in scores.items()
                if docnum not in dropped
                and (allow is None or docnum + offset in allow)
                and docnum + offset not in excluded
            ),
        )
        ranked.extend(best)
        segments.append((segment, offset))
    out = []
    for score, negated in heapq.nlargest(limit, ranked):
        docnum = -negated
        segment, offset = next((s, o) for s, o in reversed(segments) if o <= docnum)
        local = docnum - offset
        terms = set().union(*(t for t, where in segment.leaves if local in where))
        out.append((score, docnum, terms))
    return out


def matching_docs(searcher, query: Query, cache: SegmentCache) -> set[int]:
    """Every live document matching `query` (global docnums), found as top_docs finds them.

    For the absent-word notice: a phrase's chapters in one pass here, rather
    than Whoosh's phrase matcher once for the partnership and once for each
    other partnership.
    """
    query = query.normalize()
    found: set[int] = set()
    for sub, offset in searcher.leaf_searchers():
        segment = _Segment(sub, cache)
        dropped = segment.deleted()
        found.update(d + offset for d in segment.evaluate(query) if d not in dropped)
    return found


def phrase_held(searcher, query: Phrase, docs: set[int] | None) -> bool:
    """Whether one of `docs` (None: any live chapter) holds the phrase; stops at the first.

    A chapter at a time in document order, the rarest word leading, so that
    "is it anywhere here?" costs a few postings when the answer is yes,
    rather than every chapter's positions (matching_docs).
    """
    field = query.fieldname
    if field not in searcher.schema:
        return False
    fmt = searcher.schema[field].format
    if query.slop != 1 or not fmt.supports("positions"):
        return any(docs is None or d in docs for d in searcher.docs_for_query(query))
    decode = fmt.decoder("positions")
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        try:
            btexts = [searcher.schema[field].to_bytes(word) for word in query.words]
        except ValueError:
            return False
        if any((field, b) not in reader for b in btexts):
            continue
        order = sorted(range(len(btexts)), key=lambda i: reader.doc_frequency(field, btexts[i]))
        matchers = {i: reader.postings(field, btexts[i]) for i in order}  # live documents only
        lead, others = matchers[order[0]], order[1:]
        while lead.is_active():
            docnum = lead.id()
            if docs is None or docnum + offset in docs:
                words = [(order[0], lead.value())]
                for i in others:
                    matcher = matchers[i]
                    if matcher.is_active() and matcher.id() < docnum:
                        matcher.skip_to(docnum)
                    if not matcher.is_active():
                        break
                    if matcher.id() != docnum:
                        break
                    words.append((i, matcher.value()))
                else:
                    if _in_a_row(words, decode):
                        return True
                if any(not matchers[i].is_active() for i in others):
                    break  # a word has no later chapter: neither has the phrase
            lead.next()
    return False

