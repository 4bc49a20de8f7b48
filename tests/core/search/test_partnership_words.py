""""Did you mean" and abbreviations per partnership, on the real manual (issue 18)."""

import pytest

from reader.core.search import search


def test_a_misspelling_is_corrected_only_to_the_partnerships_own_words(index):
    """ "bruising" is only in Dudley's protocol: a Walsall worker is not offered it."""
    assert search(index, "brusing", board="dudley").did_you_mean == "bruising"
    walsall = search(index, "brusing", board="walsall")
    assert walsall.did_you_mean != "bruising"
    assert "bruising" not in (walsall.did_you_mean or "")


@pytest.mark.parametrize("word", ["hits", "stopped", "cops", "doctor"])
def test_a_real_english_word_the_text_lacks_is_never_corrected(index, word):
    for board in ("walsall", "dudley", None):
        assert search(index, f"{word} ", board=board).did_you_mean is None, (word, board)


def test_the_word_list_knows_english_and_not_typos():
    from reader.core.search.english import is_english

    assert is_english("stopped") and is_english("Doctor")
    assert not is_english("bruseing") and not is_english("refferal")


def test_an_abbreviation_is_expanded_with_the_partnerships_own_definition(index):
    walsall = search(index, "LADO", board="walsall")
    assert "Local Authority Designated Officer" in walsall.expanded
    assert walsall.results[0].id == "walsall-lado"
    # Dudley's chapters do not define LADO: Walsall's words are not searched for it.
    dudley = search(index, "LADO", board="dudley")
    assert "Local Authority Designated Officer" not in dudley.expanded
    assert dudley.expanded == ()


def test_an_abbreviation_is_expanded_as_a_phrase_not_word_by_word(index, manual):
    """Its words apart ("designated", "local authority") are in chapters that never mention LADO."""
    results = search(index, "LADO", board="walsall", limit=50)
    for hit in results.results:
        body = (hit.title + " " + manual.chapter(hit.id).body).lower()
        assert "lado" in body or "local authority designated officer" in " ".join(body.split()), hit.id


def test_a_correction_is_looked_up_once_per_partnership_until_the_index_changes(manual, tmp_path, monkeypatch):
    # A correction walks the lexicon within two edits (milliseconds); a query
    # typed a letter at a time asks for the same words again and again.
    from reader.core.search import open_index, query
    from tests.core.editions.later import with_body

    walks = []
    original = query._correction
    monkeypatch.setattr(query, "_correction", lambda *args: walks.append(args[1]) or original(*args))
    with open_index(tmp_path / "index", manual) as index:
        for _ in range(3):
            assert search(index, "brusing child", board="dudley").did_you_mean == "bruising child"
            assert search(index, "brusing child", board="walsall").did_you_mean != "bruising child"
        assert walks == ["brusing", "brusing"]  # once for Dudley, once for Walsall
        # Walsall's chapters now say "bruising": what was remembered is forgotten.
        chapter = next(c for c in manual.chapters if c.scope == "walsall")
        index.update(with_body(manual, chapter.id, chapter.current.body + "\nBruising in a baby.\n"))
        assert search(index, "brusing child", board="walsall").did_you_mean == "bruising child"
