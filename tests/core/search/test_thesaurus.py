"""Search with the practitioners' thesaurus and with question words, on the real manual."""

from dataclasses import replace

import pytest

from reader.core.model import Synonym
from reader.core.search import open_index, search


def ids(results, n=None):
    return [hit.id for hit in results.results[:n]]


@pytest.mark.parametrize(
    ("query", "board", "expected", "also"),
    [
        ("cops", "walsall", "strategy-meetings", "police"),
        ("GP", "walsall", "responding-to-concerns", "primary medical practitioner"),
        ("teacher hit a child", "walsall", "walsall-lado", "allegations against people working with children"),
        ("levels of need", "dudley", "dudley-threshold-framework", "threshold"),
        ("levels of need", "walsall", "walsall-continuum-of-need", "continuum of need"),
        ("ICPC", "walsall", "walsall-reports-to-conference", "initial child protection conference"),
    ],
)
def test_a_practitioners_word_finds_the_manuals_and_says_so(index, query, board, expected, also):
    results = search(index, query, board=board)
    assert expected in ids(results, 3)
    assert also in results.also_searched


def test_the_snippet_marks_the_manuals_words_verbatim(index):
    hit = search(index, "cops", board="walsall").results[0]
    marked = {hit.snippet.text[start:end].lower() for start, end in hit.snippet.marks}
    assert "police" in marked


def test_nothing_is_said_to_be_searched_that_the_manual_lacks(index):
    assert search(index, "strategy meeting").also_searched == ()


def test_a_thesaurus_phrase_the_manual_never_uses_is_not_searched(manual, tmp_path):
    edited = replace(manual, thesaurus=(Synonym("cops", ("police", "constabulary")),), thesaurus_text="")
    with open_index(tmp_path / "index", edited) as index:
        assert search(index, "cops").also_searched == ("police",)


def test_a_synced_thesaurus_entry_takes_effect_without_a_new_release(manual, tmp_path):
    bare = replace(manual, thesaurus=(), thesaurus_text="")
    with open_index(tmp_path / "index", bare) as index:
        before = search(index, "bobbies", board="walsall")
        assert before.also_searched == () and "strategy-meetings" not in ids(before, 3)
        index.update(replace(manual, thesaurus=(Synonym("bobbies", ("police",)),), thesaurus_text=""))
        results = search(index, "bobbies", board="walsall")
        assert results.also_searched == ("police",)
        assert "strategy-meetings" in ids(results, 3)


def test_question_words_do_not_decide_the_ranking(index):
    plain = ids(search(index, "disagree with another agency", board="walsall"), 3)
    asked = ids(search(index, "what do I do if I disagree with another agency", board="walsall"), 3)
    assert asked == plain
    assert "resolving-professional-disagreements" in asked


def test_a_title_that_is_a_question_still_finds_itself(manual, tmp_path):
    chapter = replace(manual.chapters[0], title="What to do if you are worried")
    edited = replace(manual, chapters=(chapter, *manual.chapters[1:]))
    with open_index(tmp_path / "index", edited) as index:
        assert ids(search(index, "What to do if you are worried"))[0] == chapter.id


def test_a_query_of_question_words_only_is_still_searched(index):
    # Nothing else to search: the words themselves are, rather than nothing.
    assert search(index, "who what", board="walsall").results


def test_a_word_is_not_said_to_be_also_searched_for_itself(index):
    """Found in the real window: "bruising" answered "Also searched for: bruising" (the entry
    bruise -> bruising, both reduced to one stem)."""
    results = index.search("bruising", board="dudley")
    assert results.results and "bruising" not in results.also_searched


def test_every_thesaurus_entry_adds_a_phrase_search_would_not_find_anyway(manual):
    """An entry whose phrase has the stems of its words is dead weight, and its comment
    is wrong (bruise -> bruising "porter2 stems bruise and bruising apart": it does not)."""
    from reader.core.search.query import stems

    redundant = [s.words for s in manual.thesaurus if any(stems(m) == stems(s.words) for m in s.means)]
    assert not redundant


@pytest.mark.parametrize(
    ("one", "other"),
    [("disagree", "disagreements"), ("disagreed", "disagreement"), ("died", "death"), ("dies", "deaths"),
     ("dying", "dead"), ("bruise", "bruising"), ("requirement", "required"), ("implementation", "implemented")],
)
def test_word_families_share_one_stem(one, other):
    from reader.core.search.query import stems

    assert stems(one) == stems(other)


@pytest.mark.parametrize("word", ["document", "comment", "moment", "payment"])
def test_a_word_ending_in_ment_that_is_not_a_verbs_noun_keeps_its_stem(word):
    from reader.core.search.query import stems

    assert stems(word) == stems(word + "s") and len(stems(word)[0]) >= 4


def test_a_child_who_died_finds_the_child_death_chapters_without_the_thesaurus(manual, tmp_path):
    with open_index(tmp_path / "ix", replace(manual, thesaurus=())) as bare:
        found = ids(search(bare, "child died", board="walsall"), 3)
        assert {"child-death-reviews", "walsall-child-death-notification"} & set(found)
        asked = ids(search(bare, "what do I do if I disagree with another agency", board="walsall"), 3)
        assert "resolving-professional-disagreements" in asked


def test_a_query_does_not_stem_the_glossary_and_thesaurus_again(index, monkeypatch):
    # Each plan compares the words typed with every glossary long form and
    # thesaurus entry: stemming those each time was 2 ms of every search.
    from reader.core.search import query

    search(index, "cops at the door", board="walsall")
    calls = []
    real = query.ANALYZER

    def counting(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(query, "ANALYZER", counting)
    search(index, "cops at the door", board="walsall")
    assert calls == []
