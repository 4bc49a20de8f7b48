"""Bookmarks: persisted, flagged when the wording changes, never fatal when damaged."""

import datetime as dt
import json

import pytest

from reader.core.bookmarks import FILE, Bookmarks, bookmarked_wording, fingerprint
from reader.core.content import read_manual
from tests.conftest import CONTENT
from tests.core.editions import with_body, without

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def manual():
    return read_manual(CONTENT)


def test_add_remove_and_persist(tmp_path, manual):
    marks, problem = Bookmarks.load(tmp_path)
    assert problem is None and marks.items == []
    marks.add(manual.chapter("walsall-lado"), TODAY)
    marks.add(manual.chapter("walsall-lado"), TODAY)  # twice is once
    marks.add(manual.chapter("introduction"), TODAY)
    again, _ = Bookmarks.load(tmp_path)
    assert [b.chapter for b in again.items] == ["walsall-lado", "introduction"]
    assert json.loads((tmp_path / FILE).read_text())["version"] == 1
    again.remove("walsall-lado")
    assert [b.chapter for b in Bookmarks.load(tmp_path)[0].items] == ["introduction"]


def test_changed_wording_is_flagged_until_acknowledged(tmp_path, manual):
    marks, _ = Bookmarks.load(tmp_path)
    marks.add(manual.chapter("walsall-lado"), TODAY)
    assert [s.changed for s in marks.states(manual)] == [False]
    later = with_body(manual, "walsall-lado", "A new wording.")
    [state] = Bookmarks.load(tmp_path)[0].states(later)
    assert state.changed and state.chapter.body == "A new wording."
    # the earlier wording is found in the editions kept (verified), for the redline
    assert bookmarked_wording(state.bookmark, [later]) is None
    assert bookmarked_wording(state.bookmark, [later, manual]) == manual.chapter("walsall-lado").body
    marks.acknowledge(later.chapter("walsall-lado"))
    assert [s.changed for s in Bookmarks.load(tmp_path)[0].states(later)] == [False]


def test_withdrawn_chapter_keeps_its_bookmark_and_title(tmp_path, manual):
    marks, _ = Bookmarks.load(tmp_path)
    marks.add(manual.chapter("walsall-lado"), TODAY)
    [state] = marks.states(without(manual, "walsall-lado"))
    assert state.chapter is None and state.title == "Allegations against staff / LADO"


def test_an_earlier_wording_no_longer_held_is_not_invented(manual):
    from reader.core.bookmarks import Bookmark

    lost = Bookmark("walsall-lado", "x", fingerprint("a wording no edition holds"), TODAY.isoformat())
    assert bookmarked_wording(lost, [manual]) is None


@pytest.mark.parametrize("damage", ["{not json", '{"version": 99, "bookmarks": []}', '{"version": 1}',
                                    '{"version": 1, "bookmarks": [{"chapter": "x"}]}', "\udcff"])
def test_a_damaged_file_is_set_aside_not_fatal(tmp_path, damage):
    (tmp_path / FILE).write_text(damage, encoding="utf-8", errors="surrogateescape")
    marks, problem = Bookmarks.load(tmp_path)
    assert marks.items == [] and "set aside as bookmarks.json.corrupt-1" in problem
    assert (tmp_path / "bookmarks.json.corrupt-1").exists() and not (tmp_path / FILE).exists()
