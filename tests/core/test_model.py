import datetime as dt

import pytest

from reader.core.content import read_manual
from reader.core.errors import UnknownBoard, UnknownChapter
from tests.conftest import CONTENT


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def test_fourteen_partnerships_with_slugs(manual):
    slugs = manual.board_slugs()
    assert len(slugs) == 14
    assert {"telford-wrekin", "stoke-on-trent", "warwickshire", "solihull"} <= set(slugs)
    assert manual.board("telford-wrekin").name == "Telford & Wrekin"


def test_board_dates_come_from_the_captures(manual):
    assert [e.date for e in manual.board("warwickshire").events] == ["2020-06-01"]
    assert manual.board("solihull").events[0].date == "2017-07-04"


def test_board_sees_shared_chapters_and_only_its_own_level_c(manual):
    walsall = manual.chapters_for("walsall")
    assert {c.level for c in walsall} == {"A", "C"}
    assert all(c.scope in ("shared", "walsall") for c in walsall)
    assert "walsall-lado" in {c.id for c in walsall}
    assert "dudley-bruising-protocol" not in {c.id for c in walsall}
    assert "dudley-bruising-protocol" in {c.id for c in manual.chapters_for("dudley")}


def test_level_c_belongs_to_walsall_dudley_and_warwickshire(manual):
    assert {c.scope for c in manual.chapters if c.level == "C"} == {"walsall", "dudley", "warwickshire"}


def test_unknown_ids_raise_typed_errors(manual):
    with pytest.raises(UnknownChapter):
        manual.chapter("no-such-chapter")
    with pytest.raises(UnknownBoard):
        manual.chapters_for("atlantis")


def test_previous_wordings_are_kept_and_dated(manual):
    dated = {c.id: [w.in_force_from.isoformat() for w in c.wordings] for c in manual.chapters if c.previous}
    assert dated == {
        "child-death-reviews": ["2018-10-29", "2019-04-26"],
        "introduction": ["2017-07-04", "2019-04-26"],
        "responding-to-concerns": ["2018-05-08", "2019-04-26"],
        "sharing-information": ["2018-11-08", "2019-04-26"],
    }
    intro = manual.chapter("introduction")
    assert "March 2015" in intro.previous[0].body and "July 2018" in intro.body


def test_manual_as_it_stood_on_a_date(manual):
    old = manual.as_of(dt.date(2018, 4, 24))
    assert "March 2015" in old.chapter("introduction").body
    assert all(a.date <= dt.date(2018, 4, 24) for a in old.register)
    assert len(old.register) == 14
    # No capture shows the 2018-04-24 wording of these: left out, not back-filled
    with pytest.raises(UnknownChapter):
        old.chapter("responding-to-concerns")
    mid = manual.as_of(dt.date(2018, 12, 31))
    assert "Data Protection Act 1998" in mid.chapter("sharing-information").body


def test_amendments_filters(manual):
    since = manual.amendments(since=dt.date(2019, 9, 2))
    assert {a.date for a in since} == {dt.date(2019, 9, 2), dt.date(2019, 10, 17)}
    assert len(manual.amendments(board="walsall")) == len(manual.register)


def test_register_filters_by_date_range_board_and_chapter(manual):
    entries = manual.amendments(since=dt.date(2019, 4, 26), until=dt.date(2019, 4, 26))
    assert entries and {a.date for a in entries} == {dt.date(2019, 4, 26)}
    assert manual.amendments(until=dt.date(2017, 3, 30)) == []  # the oldest entry is of 2017-03-31
    assert [a.id for a in manual.amendments(until=dt.date(2017, 3, 31))] == ["2017-03-31-01"]
    dated = [a.date for a in manual.amendments()]
    assert dated == sorted(dated, reverse=True)  # newest first
    intro = manual.amendments(chapter="introduction")
    assert intro and all(a.chapter == "introduction" for a in intro)
    assert manual.amendments(chapter="introduction", until=dt.date(2000, 1, 1)) == []
    with pytest.raises(UnknownBoard):
        manual.amendments(board="atlantis")
