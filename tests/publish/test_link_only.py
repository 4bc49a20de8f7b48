"""Level C chapters that are only the words a partnership's page showed above a link.

The captures hold no more of those documents, so nothing is added to the text; the
mapping records the decision for each short local chapter, and every link-only one
carries an editorial note saying that the document itself is not in this edition.
"""

import shutil

import pytest

from reader.core.contacts import chapter_contacts
from reader.core.content import read_manual
from reader.core.render import blocks
from reader.publish.importer import ImportFailure, build_manual
from tests.conftest import CONTENT, SOURCES
from tests.publish.captures import mapping

# A local chapter this short, giving no number, address or link, may be no more than
# the caption of a document: the mapping must say whether it is (link_only = true/false).
SHORT_WORDS = 130


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def _words(chapter) -> int:
    return sum(len(b.text.split()) for b in blocks(chapter.body))


def _might_be_link_only(manual, chapter) -> bool:
    return chapter.level == "C" and _words(chapter) <= SHORT_WORDS and not chapter_contacts(manual, chapter.id)


def test_every_short_local_chapter_has_a_recorded_decision(manual):
    rules = {r["id"]: r for r in mapping()["chapter"]}
    undecided = [c.id for c in manual.chapters if _might_be_link_only(manual, c) and "link_only" not in rules[c.id]]
    assert undecided == [], f"short Level C chapters with no link_only decision in mapping.toml: {undecided}"


def test_every_link_only_chapter_says_the_document_is_not_here(manual):
    link_only = [c for c in manual.chapters if c.link_only]
    assert link_only, "no chapter is marked link-only"
    for chapter in link_only:
        assert chapter.level == "C", chapter.id
        assert "not in this edition" in chapter.editorial_note.lower(), chapter.id
        # The note is the editors' word, never the text's: the body stays the capture's.
        assert chapter.editorial_note not in chapter.body, chapter.id


@pytest.mark.parametrize("chapter_id", [
    "dudley-bruising-protocol",  # one sentence: the example
    "walsall-core-group-guidelines",  # "Click here for best practice guidelines."
    "walsall-continuum-of-need",
    "walsall-supervision-principles",
    "dudley-core-group-guidance",
])
def test_the_one_sentence_chapters_are_link_only(manual, chapter_id):
    assert manual.chapter(chapter_id).link_only


@pytest.mark.parametrize("chapter_id", ["walsall-lado", "walsall-mash", "walsall-child-death-notification",
                                        "dudley-west-midlands-procedures", "warwickshire-move-to-west-midlands-procedures"])
def test_chapters_with_their_own_procedure_are_not_marked(manual, chapter_id):
    assert not manual.chapter(chapter_id).link_only


def test_each_decision_has_a_comment_in_the_mapping():
    lines = (SOURCES / "mapping.toml").read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.startswith("link_only ="):
            assert lines[n - 1].startswith("# "), f"mapping.toml line {n + 1}: link_only without a comment"


@pytest.fixture
def sources_copy(tmp_path):
    shutil.copytree(SOURCES, tmp_path / "sources")
    return tmp_path / "sources"


def _edit_mapping(sources, old, new):
    path = sources / "mapping.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_link_only_chapter_without_its_note_is_refused(sources_copy):
    path = sources_copy / "mapping.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "dudley-bruising-protocol"')
    note = text.index("editorial_note = ", start)
    path.write_text(text[:note] + text[text.index("\n", note) + 1:], encoding="utf-8")
    with pytest.raises(ImportFailure, match="dudley-bruising-protocol: link_only needs an editorial_note"):
        build_manual(sources_copy)


def test_link_only_must_be_true_or_false(sources_copy):
    _edit_mapping(sources_copy, "link_only = true", 'link_only = "yes"')
    with pytest.raises(ImportFailure, match="link_only must be true or false"):
        build_manual(sources_copy)
