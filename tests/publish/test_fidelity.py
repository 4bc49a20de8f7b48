"""The acceptance test of the manual: the shipped text is the captures' text.

Every line of procedure text in the five captures appears verbatim in the
shipped chapters (or, for the register's notes, in the register), and nothing
is shipped that the captures do not hold.
"""

import re

import pytest

from reader.core.content import read_manual
from reader.core.render import blocks
from tests.conftest import CONTENT
from tests.publish.captures import DATE, capture_lines, capture_names, mapping, plain, words


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def shipped_by_source(manual) -> dict[str, set[str]]:
    """Every text block the reader can show, by the capture it cites."""
    shipped: dict[str, set[str]] = {}
    for chapter in manual.chapters:
        for wording in chapter.wordings:
            texts = shipped.setdefault(wording.source.file, set())
            texts.update(b.text for b in blocks(wording.body))
            texts.update(words(s) for s in wording.status)
            if chapter.title_origin == "text":
                texts.add(chapter.title)
    return shipped


def register_paragraphs(manual) -> set[str]:
    return {words(p) for a in manual.register for p in a.details.split("\n\n")}


@pytest.mark.parametrize("name", capture_names())
def test_every_line_of_the_capture_is_shipped_verbatim(manual, name):
    shipped = set().union(*shipped_by_source(manual).values()) | register_paragraphs(manual)
    titles = {c.title for c in manual.chapters}
    missing = [
        (no, text)
        for no, text in capture_lines(name)
        if not DATE.match(text) and text not in shipped and text.rstrip(":") not in titles
    ]
    assert missing == [], f"{name}: lines not in any chapter or register entry: {missing[:5]}"


@pytest.mark.parametrize("name", capture_names())
def test_nothing_is_shipped_that_its_capture_does_not_hold(manual, name):
    capture = {text for _, text in capture_lines(name)}
    shipped = shipped_by_source(manual).get(name, set())
    invented = sorted(t for t in shipped if t not in capture and t + ":" not in capture)
    assert invented == []


def test_every_chapter_cites_a_capture_that_exists(manual):
    names = set(capture_names())
    for chapter in manual.chapters:
        for wording in chapter.wordings:
            assert wording.source.file in names, chapter.id


def test_publisher_typos_are_kept(manual):
    assert "Clich here for national CDOP templates." in manual.chapter("child-death-reviews").body
    assert "Where there aer concerns" in manual.chapter("referrals").body
    assert "Gore Group meetings" in manual.chapter("dudley-core-group-guidance").body


@pytest.mark.parametrize(
    "chrome",
    ["Top", "Share", "Close", "Please select a board", "This page is correct as printed", "Toggle Contrast", "-- Please Select --"],
)
def test_page_chrome_is_not_procedure_text(manual, chrome):
    for chapter in manual.chapters:
        for wording in chapter.wordings:
            assert all(not b.text.startswith(chrome) for b in blocks(wording.body)), (chapter.id, chrome)


def test_contacts_are_part_of_walsall_text(manual):
    lado = manual.chapter("walsall-lado").body
    assert "01922 652322" in lado and "lado@walsall.gov.uk" in lado
    mash = manual.chapter("walsall-mash").body
    assert "0300 555 2866" in mash
    assert "https://www.ecdop.co.uk/BlackCountry/Live/Public" in manual.chapter("walsall-child-death-notification").body


def test_untitled_chapters_are_marked_editorial(manual):
    """A title is 'text' only where the text carries it, 'contents' only where 003's list does."""
    contents = {plain(line, True) for line in (re.sub(r"^- 1\.\d ", "", l.strip()) for l in
                (mapping_source_003()).split("\n"))}
    for chapter in manual.chapters:
        assert chapter.title_origin in ("text", "contents", "editorial"), chapter.id
        if chapter.title_origin == "contents":
            assert chapter.title in contents, chapter.id


def mapping_source_003() -> str:
    from tests.conftest import SOURCES

    return (SOURCES / "003_bd01131b75f307c0.txt").read_text(encoding="utf-8")


def test_status_notes_carried_by_the_source(manual):
    assert manual.chapter("child-death-reviews").status == (
        "This procedure is currently under review. National guidance on child deaths is available.",
    )
    assert manual.chapter("walsall-children-not-attending-school").status[0].startswith(
        "This chapter is currently being revised"
    )
    # the 2018 wording of child death reviews carried no such note
    assert manual.chapter("child-death-reviews").previous[0].status == ()


def test_mapping_declares_every_chapter_once():
    ids = [c["id"] for c in mapping()["chapter"]]
    assert len(ids) == len(set(ids))


def test_each_wording_holds_every_line_of_its_span(manual):
    """Per wording, not just per capture: a line dropped from the 2019 wording
    must not hide behind the same line in the 2018 one."""
    notes = register_paragraphs(manual)
    for chapter in manual.chapters:
        for wording in chapter.wordings:
            first, last = map(int, wording.source.lines.split("-"))
            own = {b.text for b in blocks(wording.body)} | {words(s) for s in wording.status} | {chapter.title}
            for no, text in capture_lines(wording.source.file):
                if first <= no <= last and not DATE.match(text):
                    assert text in own or text in notes or text.rstrip(":") == chapter.title, (
                        chapter.id, wording.source.lines, no, text[:60])
