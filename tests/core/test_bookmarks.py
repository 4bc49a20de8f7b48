"""Bookmarks: persisted, flagged when the wording changes, never fatal when damaged."""

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reader.core.bookmarks import FILE, Bookmarks, bookmarked_wording, fingerprint
from reader.core.content import read_manual
from reader.core.trust.layout import is_edition_path
from tests.conftest import CONTENT
from tests.core.editions.later import with_body, without
from tests.core.json_values import JSON

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


GOOD = {"chapter": "introduction", "title": "Introduction", "wording": "a" * 64, "added": "2026-11-23"}


@pytest.mark.parametrize("field, value", [
    ("chapter", 5), ("chapter", "../x"), ("chapter", ["introduction"]), ("title", ["t"]), ("title", None),
    ("wording", 7), ("wording", "not a fingerprint"), ("added", {"x": 1}), ("added", "yesterday"), ("added", 20261123),
])
def test_a_wrongly_typed_bookmark_sets_the_file_aside(tmp_path, field, value):
    (tmp_path / FILE).write_text(json.dumps({"version": 1, "bookmarks": [GOOD, {**GOOD, field: value}]}))
    marks, problem = Bookmarks.load(tmp_path)
    assert marks.items == [] and "set aside as bookmarks.json.corrupt-1" in problem
    assert json.loads((tmp_path / "bookmarks.json.corrupt-1").read_text())["bookmarks"][1][field] == value


@pytest.mark.parametrize("raw", [[], 5, "x", None, {"version": True, "bookmarks": []},
                                 {"version": 1, "bookmarks": {"introduction": GOOD}}, {"version": 1, "bookmarks": "ab"},
                                 {"version": 1, "bookmarks": [GOOD, 5]}, {"version": 1.0, "bookmarks": [GOOD]}])
def test_a_file_of_the_wrong_shape_is_set_aside(tmp_path, raw):
    (tmp_path / FILE).write_text(json.dumps(raw))
    marks, problem = Bookmarks.load(tmp_path)
    assert marks.items == [] and "set aside" in problem


def test_a_good_file_loads(tmp_path):
    (tmp_path / FILE).write_text(json.dumps({"version": 1, "bookmarks": [GOOD]}))
    marks, problem = Bookmarks.load(tmp_path)
    assert problem is None and [b.chapter for b in marks.items] == ["introduction"]


def assert_valid(marks: Bookmarks) -> None:
    for b in marks.items:
        assert is_edition_path(f"chapters/{b.chapter}.md") and isinstance(b.title, str)
        assert len(b.wording) == 64 and set(b.wording) <= set("0123456789abcdef")
        dt.date.fromisoformat(b.added)


@hypothesis_settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(["version", "bookmarks", "entry", "chapter", "title", "wording", "added", None]),
       value=JSON)
def test_any_json_in_any_field_of_bookmarks_loads_as_valid_bookmarks(field, value):
    if field is None:
        raw = value
    elif field in ("version", "bookmarks"):
        raw = {"version": 1, "bookmarks": [GOOD], field: value}
    elif field == "entry":
        raw = {"version": 1, "bookmarks": [GOOD, value]}
    else:
        raw = {"version": 1, "bookmarks": [{**GOOD, field: value}]}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / FILE).write_text(json.dumps(raw), encoding="utf-8")
        marks, _ = Bookmarks.load(Path(folder))
        assert_valid(marks)
