"""Ranking: a chapter holding every word typed beats one matching a single word, and idf is BM25's."""

from math import log

from reader.core.search import search


def ids(results, n=None):
    return [hit.id for hit in results.results[:n]]


def test_a_chapter_holding_every_word_beats_titles_holding_one(index):
    """Issue 18: "domestic abuse conference" found three "Conference" titles before MARAC."""
    found = ids(search(index, "domestic abuse conference", board="walsall"), 3)
    assert found[0] not in ("walsall-reports-to-conference", "walsall-conference-disagreements")
    assert "walsall-marac" in found or any("domestic" in i for i in found)


def test_idf_is_standard_bm25(index):
    searcher = index._current_searcher()
    n = searcher.doc_frequency("body", "child")
    total = searcher.doc_count_all()
    assert abs(searcher.idf("body", "child") - log(1 + (total - n + 0.5) / (n + 0.5))) < 1e-9
