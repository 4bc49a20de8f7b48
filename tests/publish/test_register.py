"""The amendments register: every dated entry of 000 and 001, once, with its date."""

import collections
import datetime as dt

import pytest

from reader.core.content import read_manual
from tests.conftest import CONTENT
from tests.publish.captures import DATE, capture_lines, words

CAP_000 = "000_cbd84aa770ed5c01.txt"
CAP_001 = "001_6953471fb3d7265b.txt"


def blocks_of(name):
    """[(date, [lines])] of a register capture, read independently of the importer."""
    out, pending = [], []
    for _, text in capture_lines(name):
        if DATE.match(text):
            out.append((dt.datetime.strptime(text, "%d-%m-%Y").date(), pending))
            pending = []
        else:
            pending.append(text)
    return out


@pytest.fixture(scope="module")
def register():
    return read_manual(CONTENT).register


def test_one_entry_per_dated_block_of_001(register):
    expected = collections.Counter(date for date, _ in blocks_of(CAP_001))
    assert collections.Counter(a.date for a in register) == expected
    assert len(register) == 136


def test_000_entries_are_the_same_entries_not_copies(register):
    from_000 = [a for a in register if CAP_000 in a.sources]
    assert len(from_000) == len(blocks_of(CAP_000)) == 14
    for a in from_000:
        assert CAP_001 in a.sources
    # the 000 entries are the 14 oldest
    assert sorted(from_000, key=lambda a: (a.date, a.id)) == sorted(register, key=lambda a: (a.date, a.id))[:14]


def test_details_are_verbatim(register):
    all_lines = {text for _, text in capture_lines(CAP_001)}
    for a in register:
        for paragraph in a.details.split("\n\n"):
            assert words(paragraph).lstrip("• ") in all_lines or words(paragraph) in all_lines, a.id


def test_entry_ids_are_unique_and_dated(register):
    ids = [a.id for a in register]
    assert len(ids) == len(set(ids))
    for a in register:
        assert a.id.startswith(a.date.isoformat())


def test_newest_first(register):
    dates = [a.date for a in register]
    assert dates == sorted(dates, reverse=True)


def test_chapter_only_where_the_capture_shows_the_text(register):
    # The register is listed in the capture's order (newest first).
    for (date, lines), a in zip(blocks_of(CAP_001), register, strict=True):
        assert a.date == date
        if len(lines) == 1:
            assert a.chapter is None and a.details == lines[0], a.id
        else:
            assert a.chapter is not None, a.id
    attributed = {(a.date.isoformat(), a.chapter) for a in register if a.chapter}
    assert ("2019-04-26", "child-death-reviews") in attributed
    assert ("2018-05-08", "responding-to-concerns") in attributed
    assert ("2017-07-04", "introduction") in attributed
    assert len([a for a in register if a.chapter]) == sum(1 for _, lines in blocks_of(CAP_001) if len(lines) > 1)


def test_solihull_removal_is_recorded(register):
    solihull = [a for a in register if "Solihull" in a.details]
    assert {a.date for a in solihull} == {dt.date(2017, 7, 4)}
    assert len(solihull) == 2
