"""Search over the real manual: relevance, filters, typos, abbreviations, snippets, any input.

The index is built once for the module; every test only reads it.
"""

import html
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core import render
from reader.core.errors import UnknownBoard, UnknownLevel
from reader.core.search import SearchResults, harvest_abbreviations, search
from reader.core.search.index import chapter_text
from reader.core.search.query import stems

# The autouse data-dir fixture is function scoped but harmless to reuse; no
# example database is written into the working tree.
HYPOTHESIS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def vocabulary(manual):
    words = set()
    for chapter in manual.chapters:
        words.update(re.findall(r"[A-Za-z]{3,}", chapter.title + " " + chapter.body))
    return sorted(words)


def ids(results: SearchResults, n: int | None = None) -> list[str]:
    return [hit.id for hit in results.results[:n]]


# -- relevance ----------------------------------------------------------------

PRACTITIONER_QUERIES = [
    ("LADO", "walsall", "walsall-lado"),
    ("bruising in a baby", "dudley", "dudley-bruising-protocol"),
    ("what do I need for a referral", None, "referrals"),
    ("child death", None, "child-death-reviews"),
    ("child death", "walsall", "child-death-reviews"),
    ("child death", "walsall", "walsall-child-death-notification"),
    ('"significant harm"', None, "responding-to-concerns"),
    ("strategy meeting", None, "strategy-meetings"),
    ("allegations against staff", "walsall", "walsall-lado"),
    ("MASH", "walsall", "walsall-mash"),
    ("information sharing", None, "sharing-information"),
    ("missing from school", "walsall", "walsall-children-not-attending-school"),
    ("complaint about conference", "walsall", "walsall-conference-complaints"),
    ("escalation", "dudley", "dudley-resolution-and-escalation"),
    ("early help", None, "early-help"),
    ("organised abuse", None, "complex-organised-abuse"),
    ("strat", None, "strategy-meetings"),  # typed so far: a prefix
    ("bruis", "dudley", "dudley-bruising-protocol"),
]


@pytest.mark.parametrize(("query", "board", "expected"), PRACTITIONER_QUERIES)
def test_practitioner_query_finds_the_chapter_in_the_top_three(index, query, board, expected):
    assert expected in ids(search(index, query, board=board), 3)


def test_exact_title_ranks_first(index):
    assert ids(search(index, "Responding to concerns about a child"))[0] == "responding-to-concerns"


def test_every_chapter_title_finds_its_chapter_first(index, manual):
    for chapter in manual.chapters:
        board = None if chapter.scope == "shared" else chapter.scope
        assert ids(search(index, chapter.title, board=board))[0] == chapter.id, chapter.title


def test_a_phrase_matches_only_chapters_holding_those_words_together(index, manual):
    found = ids(search(index, '"significant harm"', limit=50))
    assert found
    for chapter_id in found:
        text = render.to_text(manual.chapter(chapter_id).body).lower()
        assert re.search(r"significant\s+harm", text), chapter_id


def test_boolean_operators(index):
    assert "complex-organised-abuse" not in ids(search(index, "abuse NOT organised", limit=50))
    assert "complex-organised-abuse" in ids(search(index, "abuse", limit=50))
    both = ids(search(index, "LADO OR CDOP", limit=50))
    assert {"walsall-lado", "child-death-reviews"} <= set(both)
    assert ids(search(index, "LADO AND CDOP")) == []


def test_stemming_matches_other_forms_of_a_word(index):
    assert stems("running") == ["run"]  # porter2; the old Porter stemmer gives "runn"
    assert "walsall-lado" in ids(search(index, "allegation", board="walsall"), 1)  # "allegations"
    assert "walsall-conference-complaints" in ids(search(index, "complaining", board="walsall"), 3)


# -- filters ------------------------------------------------------------------


@given(data=st.data())
@HYPOTHESIS
def test_a_board_never_sees_another_boards_level_c(index, vocabulary, data):
    query = " ".join(data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=4)))
    board = data.draw(st.sampled_from(["dudley", "walsall", "warwickshire", "birmingham"]))
    for hit in search(index, query, board=board, limit=50).results:
        assert hit.scope in ("shared", board), (query, board, hit.id)


def test_dudley_sees_no_walsall_or_warwickshire_chapter_for_their_own_words(index):
    for query in ("LADO", "MASH", "walsall", "warwickshire", "Local Authority Designated Officer", "school"):
        found = ids(search(index, query, board="dudley", limit=50))
        assert not [i for i in found if i.startswith(("walsall-", "warwickshire-"))], query


def test_level_filter(index):
    results = search(index, "child", level="C", limit=50).results
    assert results and all(hit.level == "C" for hit in results)
    assert all(hit.level == "A" for hit in search(index, "child", level="A", limit=50).results)


def test_recently_amended_filter(index):
    recent = {"child-death-reviews", "strategy-meetings"}
    assert set(ids(search(index, "child", recent_ids=recent, limit=50))) <= recent
    assert ids(search(index, "child", recent_ids=[])) == []


def test_bad_filters_are_typed_errors(index):
    with pytest.raises(UnknownBoard):
        search(index, "child", board="atlantis")
    with pytest.raises(UnknownLevel):
        search(index, "child", level="D")


def test_limit(index):
    assert len(search(index, "child", limit=3).results) == 3
    assert search(index, "child", limit=0).results == []


# -- typos and abbreviations --------------------------------------------------


def test_typo_suggests_and_still_finds(index):
    results = search(index, "refferal")
    assert results.did_you_mean == "referral"
    assert "referrals" in ids(results, 3)
    results = search(index, "bruseing", board="dudley")
    assert results.did_you_mean == "bruising"
    assert ids(results, 1) == ["dudley-bruising-protocol"]
    assert search(index, "bruseing in a baby ").did_you_mean == "bruising in a baby"


def test_correct_words_get_no_suggestion(index):
    for query in ("referral", "strategy meeting", "LADO", "strat", "child death"):
        assert search(index, query).did_you_mean is None, query


def test_glossary_is_harvested_from_the_text(manual):
    glossary = harvest_abbreviations(manual)
    assert glossary["LADO"].expansion == "Local Authority Designated Officer"
    assert glossary["LADO"].chapter == "walsall-lado"
    assert glossary["MASH"].expansion == "Multi-Agency Safeguarding Hub"
    assert glossary["CDOP"].expansion == "Child Death Overview Panel"
    assert glossary["CDOP"].chapter == "child-death-reviews"
    for entry in glossary.values():  # copied from the text, never composed
        chapter = manual.chapter(entry.chapter)
        texts = [chapter.title] + [b.text for b in render.blocks(chapter.body)]
        assert any(f"{entry.expansion} ({entry.short})" in t for t in texts), entry


def test_abbreviation_and_its_words_find_each_other(index):
    assert ids(search(index, "Local Authority Designated Officer"), 1) == ["walsall-lado"]
    assert ids(search(index, "local authority designated officer", board="walsall"), 1) == ["walsall-lado"]
    assert ids(search(index, "lado"), 1) == ["walsall-lado"]
    assert "child-death-reviews" in ids(search(index, "CDOP"), 3)
    assert "walsall-mash" in ids(search(index, "Multi-Agency Safeguarding Hub", board="walsall"), 3)


# -- snippets -----------------------------------------------------------------

SNIPPET_QUERIES = ["significant harm", "LADO", "bruseing", "strat", "information sharing", "child's welfare"]


@pytest.mark.parametrize("query", SNIPPET_QUERIES)
def test_snippets_are_the_manuals_exact_words(index, manual, query):
    results = search(index, query, limit=20).results
    assert results
    for hit in results:
        blocks = [b.text for b in render.blocks(manual.chapter(hit.id).body)]
        snippet = hit.snippet
        assert snippet.text and any(snippet.text in block for block in blocks), (hit.id, snippet.text)
        for start, end in snippet.marks:
            assert 0 <= start < end <= len(snippet.text)
        marked_html = snippet.html()
        assert html.unescape(re.sub(r"</?b>", "", marked_html)) == snippet.text
        assert marked_html.count("<b>") == len(snippet.marks)


def test_snippet_marks_the_matched_words_and_names_the_section(index):
    hit = search(index, "LADO", board="walsall").results[0]
    marked = [hit.snippet.text[s:e] for s, e in hit.snippet.marks]
    assert "LADO" in marked
    hit = search(index, '"what will happen next"', board="walsall").results[0]
    assert hit.id == "walsall-lado" and hit.snippet.section == "What will happen next?"
    assert hit.snippet.section_index == 4


def test_snippet_html_escapes_the_text(index):
    hit = search(index, "child's needs").results[0]
    assert "'" not in hit.snippet.html() or "&#x27;" in hit.snippet.html()
    assert "<" not in re.sub(r"</?b>", "", hit.snippet.html())


# -- any input ----------------------------------------------------------------

NASTY = [
    "",
    " ",
    '"',
    '"significant harm',
    'harm"',
    "((child",
    "child))",
    "[]{}",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "NOT NOT child",
    "child AND",
    "OR child",
    "child NOT",
    "*",
    "?",
    ":",
    "title:",
    "title:LADO",
    "scope:walsall",
    "chapter:*",
    "strat*",
    "*ing",
    "ch?ld",
    "child~2",
    "child^10",
    "\\",
    "'",
    "a" * 10_000,
    "child " * 2_000,
    "AND " * 3_000,
    '"' * 5_000,
    "защита детей",
    "儿童保护",
    "حماية الطفل",
    "👶🏽 bruising 🚸",
    "\x00\x01\x02child\x7f",
    "\u200b\u200dchild\ufeff",
    "\ud800",
    "e.g.",
    "0300 555 2866",
    "LADO@walsall.gov.uk",
    "<script>alert(1)</script>",
    "%s%s%n",
    "the of and",
    "t",
    "st",
]


@pytest.mark.parametrize("query", NASTY)
def test_nasty_input_never_raises(index, query):
    for board in (None, "walsall"):
        results = search(index, query, board=board)
        assert isinstance(results.results, list)


@given(query=st.text(max_size=300))
@HYPOTHESIS
def test_any_text_is_a_valid_query(index, query):
    results = search(index, query, board="dudley")
    assert isinstance(results.results, list)
    assert results.did_you_mean is None or isinstance(results.did_you_mean, str)


@given(data=st.data())
@HYPOTHESIS
def test_any_mix_of_words_and_syntax_is_a_valid_query(index, vocabulary, data):
    pieces = st.one_of(
        st.sampled_from(vocabulary),
        st.sampled_from(['"', "(", ")", "AND", "OR", "NOT", "*", "?", ":", "title:", "-", "+", "~", "^2"]),
        st.text(max_size=5),
    )
    query = data.draw(st.lists(pieces, max_size=12).map(" ".join))
    assert isinstance(search(index, query).results, list)


def test_a_number_glued_to_the_next_word_is_two_words_in_the_index_only(index, manual):
    """The capture reads "0300 555 2866Out of Hours": the index splits it, the shown text does not."""
    results = search(index, "out of hours number", board="walsall")
    assert "walsall-mash" in [hit.id for hit in results.results[:3]]
    snippet = next(h.snippet for h in results.results if h.id == "walsall-mash")
    assert snippet.text in chapter_text(manual.chapter("walsall-mash").body)[0]
    marked = [snippet.text[a:b] for a, b in snippet.marks]
    if "2866Out" in snippet.text:
        assert "Out" in marked and "2866Out" not in marked
    assert [h.id for h in search(index, "2866", board="walsall").results][:1] == ["walsall-mash"]


def test_the_glue_split_is_only_a_number_before_a_capitalised_word():
    from reader.core.search.query import stems

    assert stems("2866Out") == ["2866", "out"]
    assert stems("s47") == ["s47"] and stems("10am") == ["10am"] and stems("1st") == ["1st"]
