"""The per-word "not found in your partnership's procedures" notice (issue 18)."""

from reader.core import labels
from reader.core.search import search


def test_a_word_the_partnership_lacks_is_named_with_who_has_it(index, manual):
    results = search(index, "bruising protocol", board="walsall")
    assert [(a.text, a.elsewhere) for a in results.absent] == [("bruising", ("dudley",))]
    # Dudley's text is never shown to Walsall: only its name.
    assert all(h.scope in ("shared", "walsall") for h in results.results)
    names = {b.slug: b.name for b in manual.boards}
    [line] = labels.absent_notice(results.absent, names["walsall"], names)
    assert "bruising" in line and names["walsall"] in line and names["dudley"] in line


def test_words_the_partnership_holds_are_not_reported(index):
    assert search(index, "bruising protocol", board="dudley").absent == ()
    assert search(index, "child protection conference", board="walsall").absent == ()


def test_a_word_no_chapter_holds_is_reported_without_a_partnership(index):
    results = search(index, "zebra child", board="walsall")
    assert [(a.text, a.elsewhere) for a in results.absent] == [("zebra", ())]
    assert results.results  # the other word still finds chapters
    assert search(index, "zebra", board=None).absent[0].text == "zebra"


def test_words_left_out_with_not_and_question_words_are_not_reported(index):
    assert search(index, "child NOT zebra", board="walsall").absent == ()
    assert search(index, "who do I call about a child", board="walsall").absent == ()


def test_a_phrase_is_absent_when_its_words_are_only_apart(index):
    results = search(index, '"harm child police"', board="walsall")
    assert [a.text for a in results.absent] == ["harm child police"]


def test_a_phrase_is_checked_without_whooshs_phrase_matcher(manual, tmp_path, monkeypatch):
    # Whoosh's phrase matcher ran once for the partnership and once per other
    # partnership (13), a chapter at a time: most of a MASH search's absent check.
    from whoosh.query import Phrase

    from reader.core.search import open_index

    with open_index(tmp_path / "index", manual) as index:
        search(index, "child", board="walsall")  # the partnerships' chapter sets, found once

        def refused(self, searcher, context=None):
            raise AssertionError("Whoosh's phrase matcher")

        monkeypatch.setattr(Phrase, "matcher", refused)
        assert [a.text for a in search(index, '"harm child police"', board="walsall").absent] == ["harm child police"]
        assert search(index, '"significant harm"', board="walsall").absent == ()
        found = search(index, '"bruising protocol"', board="walsall").absent
        assert [(a.text, a.elsewhere) for a in found] == [("bruising protocol", ("dudley",))]


def test_a_word_found_is_not_matched_again_for_its_long_form(manual, tmp_path, monkeypatch):
    # "LADO" is held by the word itself: the long form's positions, over every
    # chapter, were half of a LADO search at 10,000 chapters.
    import reader.core.search as facade
    from reader.core.search import open_index

    with open_index(tmp_path / "index", manual) as index:
        search(index, "child", board="walsall")

        def refused(*args):
            raise AssertionError("matched every chapter for a word that is here")

        monkeypatch.setattr(facade, "matching_docs", refused)
        for board in ("walsall", None):  # (Dudley's chapters never say LADO: absent there)
            assert search(index, "LADO", board=board).absent == ()
            assert search(index, '"significant harm" MASH', board=board).absent == ()


def test_phrase_held_agrees_with_every_chapter_matched(manual, tmp_path):
    from dataclasses import replace

    from reader.core.search import open_index
    from reader.core.search.absent import holds
    from reader.core.search.query import plan
    from reader.core.search.score import matching_docs

    with open_index(tmp_path / "index", manual) as index:
        chapter = manual.chapter("referrals")
        changed = replace(chapter.current, body=chapter.current.body + "\nSignificant harm to a child.\n")
        index.update(replace(manual, chapters=tuple(
            replace(c, wordings=c.wordings[:-1] + (changed,)) if c.id == "referrals" else c for c in manual.chapters
        )))
        searcher = index._current_searcher()
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        sets = [None] + [index._filter(searcher, board, None, None) for board in ("walsall", "dudley")]
        [(_, harm)] = plan('"significant harm"', searcher.reader(), {}).typed
        sets += [{d} for d in sorted(matching_docs(searcher, harm, index._segments))]  # each chapter alone
        for text in ('"significant harm"', '"bruising protocol"', '"harm child police"', '"child protection conference"',
                     '"harm harm"', '"local authority designated officer"', '"zzyzx harm"'):
            [(_, query)] = plan(text, searcher.reader(), {}).typed
            everywhere = matching_docs(searcher, query, index._segments)
            for docs in sets:
                expected = bool(everywhere) if docs is None else not everywhere.isdisjoint(docs)
                assert holds(searcher, query, docs) == expected, (text, docs)
