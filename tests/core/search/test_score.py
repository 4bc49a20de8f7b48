"""search_score ranks exactly as Whoosh's own unpruned collector does.

The reference is Whoosh scoring every matching document (no block-quality
skipping, no matcher replacement), with the same filter and mask; the hits,
their order and their scores must agree, on one segment and on several
segments with deletions (after an incremental update).
"""

from dataclasses import replace

from whoosh.collectors import FilterCollector, TopCollector

from reader.core.search import open_index
from reader.core.search.query import plan
from reader.core.search.score import SegmentCache, _in_a_row, _Segment, top_docs

QUERIES = [
    "child",
    "child death",
    "Responding to concerns about a child",
    "strat",
    "child prot",
    '"significant harm"',
    "LADO",
    "Local Authority Designated Officer",
    "abuse NOT organised",
    "police AND school OR neglect",
    "LADO AND CDOP",
    "bruseing in a baby",
    "refferal",
    # Phrases, matched here a term at a time: three and four words, a word
    # twice, a word the manual lacks, inside AND and NOT, a title's words.
    '"child protection conference"',
    '"local authority designated officer"',
    '"harm harm"',
    '"the child the"',
    '"significant zzyzx"',
    '"child protection" AND police',
    'abuse NOT "domestic abuse"',
    '"Child Death Reviews"',
]


def whoosh_top(searcher, planned, limit, allow):
    top = TopCollector(limit=limit, usequality=False, replace=0)
    collector = FilterCollector(top, allow=allow, restrict=planned.mask)
    searcher.search_with_collector(planned.query, collector)
    return [(round(score, 9), docnum) for score, docnum in collector.results().top_n]


def ours(searcher, planned, limit, allow):
    found = top_docs(searcher, planned.query, limit, allow, planned.mask, SegmentCache())
    return [(round(score, 9), docnum) for score, docnum, _ in found]


def check_all(index):
    searcher = index._current_searcher()
    walsall = index._filter(searcher, "walsall", None, None)
    for text in QUERIES:
        planned = plan(text, searcher.reader(), index.glossary)
        for allow in (None, walsall):
            for limit in (1, 10, 200):
                assert ours(searcher, planned, limit, allow) == whoosh_top(searcher, planned, limit, allow), text


def test_same_ranking_as_whoosh_on_one_segment(manual, tmp_path):
    with open_index(tmp_path / "index", manual) as index:
        check_all(index)


def test_same_ranking_as_whoosh_after_updates_with_deletions(manual, tmp_path):
    with open_index(tmp_path / "index", manual) as index:
        for n, chapter_id in enumerate(["walsall-lado", "child-death-reviews", "referrals"]):
            chapter = manual.chapter(chapter_id)
            body = chapter.current.body + f"\nA child in need of protection, change {n}.\n"
            changed = replace(chapter, wordings=chapter.wordings[:-1] + (replace(chapter.current, body=body),))
            manual = replace(manual, chapters=tuple(changed if c.id == chapter_id else c for c in manual.chapters))
            index.update(manual)
        searcher = index._current_searcher()
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        check_all(index)


def test_matched_terms_are_the_query_words_in_the_chapter(manual, tmp_path):
    with open_index(tmp_path / "index", manual) as index:
        searcher = index._current_searcher()
        planned = plan("LADO OR CDOP", searcher.reader(), index.glossary)
        for _, docnum, terms in top_docs(searcher, planned.query, 5, None, None, SegmentCache()):
            chapter = searcher.stored_fields(docnum)["chapter"]
            if chapter == "walsall-lado":
                assert ("body", "lado") in terms and ("body", "cdop") not in terms


def test_phrases_are_matched_without_whooshs_document_at_a_time_walk(manual, tmp_path, monkeypatch):
    # Whoosh's phrase matcher decoded positions a chapter at a time along the
    # whole intersection; the long forms of LADO and MASH made those the
    # slowest searches at 10,000 chapters. Phrases now never reach it.
    with open_index(tmp_path / "index", manual) as index:
        searcher = index._current_searcher()
        expected = {}
        for text in ('"local authority designated officer"', '"significant harm"', "LADO"):
            planned = plan(text, searcher.reader(), index.glossary)
            expected[text] = whoosh_top(searcher, planned, 10, None)

        def refused(self, query, within):
            raise AssertionError(f"Whoosh's matcher was asked for {query!r}")

        monkeypatch.setattr(_Segment, "whoosh", refused)
        for text, whooshs in expected.items():
            planned = plan(text, searcher.reader(), index.glossary)
            assert whooshs and ours(searcher, planned, 10, None) == whooshs, text


def test_a_phrase_s_later_words_are_decoded_only_while_a_start_remains():
    decoded = []

    def decode(positions):
        decoded.append(positions)
        return positions

    # "a b c d": a at 3 and 9, b at 20 only: no start survives b, so c and d are never read.
    assert not _in_a_row([(0, [3, 9]), (1, [20]), (2, [5]), (3, [6])], decode)
    assert decoded == [[3, 9], [20]]
    assert _in_a_row([(2, [11]), (0, [9]), (1, [10])], decode)  # rarest first, any order of places
    assert not _in_a_row([(0, [4]), (1, [4])], decode)  # the same position is not "in a row"


def test_only_the_partnership_s_chapters_are_scored(manual, tmp_path, monkeypatch):
    # The board filter used to be applied after scoring every chapter; a
    # partnership reads about a third of them at 10,000.
    with open_index(tmp_path / "index", manual) as index:
        searcher = index._current_searcher()
        walsall = index._filter(searcher, "walsall", None, None)
        scored = []
        original = _Segment.covering

        def covering(self, *args):
            found = original(self, *args)
            scored.extend(found)
            return found

        monkeypatch.setattr(_Segment, "covering", covering)
        for text in ("child", "bruising protocol", '"significant harm"', "LADO"):
            planned = plan(text, searcher.reader(), index.glossary)
            top_docs(searcher, planned.query, 10, walsall, None, SegmentCache(), (planned.parts, planned.bonus))
        assert scored and set(scored) <= walsall


def test_the_allowed_chapters_are_split_among_segments_in_one_pass():
    from reader.core.search.score import _per_segment

    allow = {0, 4, 5, 9, 12}
    assert _per_segment(allow, [0])[0] is allow  # one segment: its docnums are the index's
    assert _per_segment(allow, [0, 5, 10]) == [{0, 4}, {0, 4}, {2}]
    assert _per_segment(None, [0, 5]) == [None, None]
    assert _per_segment(set(), [0, 5]) == [set(), set()]
