"""Snippet marks are where the index found the stems, and a chapter is cut into words once."""

from reader.core.search import snippet
from reader.core.search.snippet import make_snippet


def test_every_form_of_a_stem_is_marked_even_one_that_does_not_begin_with_it():
    # porter2 reduces "skies" to "sky" and "dying" to "die": the index finds
    # them by those stems, so the snippet marks them too.
    text = "Under open skies a dying child and the sky above."
    marked = make_snippet(text, {"sky", "die"}, ())
    assert [marked.text[s:e] for s, e in marked.marks] == ["skies", "dying", "sky"]


def test_a_number_glued_to_a_word_is_marked_as_two_words():
    marked = make_snippet("Call 2866Out of Hours now", {"out", "2866"}, ())
    assert [marked.text[s:e] for s, e in marked.marks] == ["2866", "Out"]


def test_a_chapter_is_cut_into_words_once_for_any_number_of_snippets(monkeypatch):
    text = "Strategy meetings decide on section 47 enquiries.\nA strategy discussion may be held by phone."
    cuts = []
    real = snippet._TOKEN

    class Counting:
        def finditer(self, value):
            cuts.append(value)
            return real.finditer(value)

    monkeypatch.setattr(snippet, "_TOKEN", Counting())
    snippet._places.cache_clear()
    for terms in ({"strategi"}, {"enquiri"}, {"strategi", "phone"}):
        assert make_snippet(text, terms, ()).marks
    assert cuts == [text]
