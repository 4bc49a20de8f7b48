"""Contacts come from a partnership's own Level C text, verbatim, and nothing else."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from reader.core import render
from reader.core.contacts import board_contacts, chapter_contacts, sentence_around
from reader.core.content import read_manual
from reader.core.errors import UnknownBoard
from reader.core.model import Chapter, Manual, Source, Wording
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def one_chapter(body: str) -> Manual:
    from reader.core.model import Board

    chapter = Chapter("c", "Local contacts", "text", "C", "here", 1, (Wording(body, Source("x.txt", "2022")),))
    return Manual((Board("here", "Here"),), (chapter,), ())


def test_walsall_gives_its_lado_email_and_telephone(manual):
    contacts = board_contacts(manual, "walsall")
    lado = [c for c in contacts if c.chapter == "walsall-lado"]
    assert ("telephone", "01922 652322") in {(c.kind, c.value) for c in lado}
    assert ("email", "lado@walsall.gov.uk") in {(c.kind, c.value) for c in lado}
    phone = next(c for c in lado if c.value == "01922 652322")
    assert phone.sentence == "Office number: 01922 652322"
    assert "Local Authority Designated Officer (LADO)" in phone.lead_in
    mash = {c.value for c in contacts if c.chapter == "walsall-mash"}
    assert {"0300 555 2866", "0300 555 2922", "999"} <= mash  # "2866Out of Hours" in the capture still ends


@pytest.mark.parametrize("board", ["walsall", "dudley", "warwickshire", "birmingham"])
def test_every_contact_is_in_the_boards_own_text(manual, board):
    for c in board_contacts(manual, board):
        chapter = manual.chapter(c.chapter)
        assert chapter.scope == board  # never a shared chapter, never another board's
        text = render.to_text(chapter.body)
        assert c.value in chapter.body  # verbatim, not normalised
        assert c.sentence in " ".join(text.split())
        if c.lead_in:
            assert c.lead_in in " ".join(text.split())


def test_a_board_with_no_local_text_has_no_contacts(manual):
    assert board_contacts(manual, "birmingham") == []
    with pytest.raises(UnknownBoard):
        board_contacts(manual, "atlantis")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ring the duty team on (01922) 650000 or 0121 464 3388.", ["(01922) 650000", "0121 464 3388"]),
        ("Call +44 121 303 1888 today.", ["+44 121 303 1888"]),
        ("In 2019 there were 1989 cases; see section 47 and 2018 guidance.", []),
        ("Dial 999 in an emergency.", ["999"]),
        ("There were 999 referrals.", []),
        ("See https://example.org/path/0121-464-3388 for the form.", ["https://example.org/path/0121-464-3388"]),
        ("Write to duty.team@dudley.gov.uk.", ["duty.team@dudley.gov.uk"]),
    ],
)
def test_what_counts_as_a_contact(text, expected):
    assert [c.value for c in chapter_contacts(one_chapter(text), "c")] == expected


def test_a_link_whose_words_are_not_its_address_still_gives_the_address():
    manual = one_chapter("Use [the online referral form](https://portal.example.org/refer) to refer.")
    [c] = chapter_contacts(manual, "c")
    assert (c.kind, c.value) == ("web", "https://portal.example.org/refer")
    assert c.sentence == "Use the online referral form to refer."


def test_the_same_number_twice_is_listed_at_each_place_with_its_occurrence():
    manual = one_chapter("Day team: 01922 650000.\n\n## Out of hours\n\nAfter 5pm, still ring 01922 650000.")
    first, second = chapter_contacts(manual, "c")
    assert (first.occurrence, second.occurrence) == (0, 1)
    assert (first.section, second.section) == ("", "Out of hours")


def test_sentence_around_takes_only_the_sentence():
    text = "First sentence here. Call 01922 650000 now. Last one."
    assert sentence_around(text, text.index("0192"), text.index(" now")) == "Call 01922 650000 now."


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ()+@.-:/abcwhtpsCO\n")), max_size=200))
def test_any_text_gives_contacts_that_are_substrings_of_it(body):
    manual = one_chapter(body)
    for c in chapter_contacts(manual, "c"):
        assert c.value in body or c.value in re.sub(r"\s+", " ", body)


def test_each_number_carries_the_words_just_before_it(manual):
    """What tells two numbers of one sentence apart, in the text's own words."""
    by_value = {c.value: c for c in board_contacts(manual, "walsall")}
    assert by_value["0300 555 2922"].label == "Out of Hours"  # after the daytime number: from it on
    assert by_value["0300 555 2866"].label == "… made by telephone to the MASH"
    assert by_value["lado@walsall.gov.uk"].label == "Email for additional information"
    assert by_value["0300 555 2922"].to_json()["label"] == "Out of Hours"
    for contact in by_value.values():  # verbatim words of the text, never made up
        assert contact.label.removeprefix("… ") in f"{contact.lead_in} {contact.sentence}"


@pytest.mark.parametrize("text, value, label", [
    ("Daytime: 01922 650000, out of hours: 01922 653555.", "01922 653555", "out of hours"),
    ("Daytime: 01922 650000, out of hours: 01922 653555.", "01922 650000", "Daytime"),
    ("01922 650000 is the duty desk.", "01922 650000", ""),
])
def test_words_before_stop_at_the_contact_or_clause_before(text, value, label):
    from reader.core.contacts import _found_in, words_before

    floor = 0
    for _kind, found, start, end in _found_in(text):
        if found == value:
            assert words_before(text, start, floor) == label
        floor = end
