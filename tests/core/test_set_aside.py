"""Every damaged file is set aside, kept, and reported, one report each (issue 16: nothing lost)."""

import datetime as dt
import json
import os

import pytest

from reader.core import set_aside
from reader.core import settings as settings_store
from reader.core.bookmarks import Bookmarks
from reader.core.content import read_manual
from reader.core.editions import state as sync_state
from tests.conftest import CONTENT


def test_two_damaged_files_are_two_reports_and_both_are_kept(tmp_path):
    (tmp_path / "settings.json").write_text("{not json")
    (tmp_path / "bookmarks.json").write_text("[1, 2")
    with set_aside.collected() as found:
        settings_store.load(tmp_path)
        Bookmarks.load(tmp_path)
    assert [(d.file.name, d.kept.name) for d in found] == [
        ("settings.json", "settings.json.corrupt-1"), ("bookmarks.json", "bookmarks.json.corrupt-1")]
    assert (tmp_path / "settings.json.corrupt-1").read_text() == "{not json"
    assert (tmp_path / "bookmarks.json.corrupt-1").read_text() == "[1, 2"
    message = found[1].message()
    assert "bookmarks.json" in message and "bookmarks.json.corrupt-1" in message and str(tmp_path) in message


def test_a_second_damage_is_kept_beside_the_first(tmp_path):
    for _ in range(2):
        (tmp_path / "settings.json").write_text("{not json")
        settings_store.load(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json.corrupt-1", "settings.json.corrupt-2"]


@pytest.mark.parametrize("damage", ["not json", '{"version": 7, "last_sync": 1}', "[]", b"\xff\xfe"])
def test_a_damaged_state_file_is_set_aside_before_anything_writes_over_it(tmp_path, damage):
    path = tmp_path / sync_state.STATE
    path.write_bytes(damage if isinstance(damage, bytes) else damage.encode())
    with set_aside.collected() as found:
        sync_state.update(tmp_path, unread=["introduction"])
    assert [d.kept.name for d in found] == ["state.json.corrupt-1"]
    assert (tmp_path / "state.json.corrupt-1").read_bytes() == (damage if isinstance(damage, bytes) else damage.encode())
    assert json.loads(path.read_text())["unread"] == ["introduction"]


def test_a_good_state_file_with_a_bad_field_is_not_set_aside(tmp_path):
    (tmp_path / sync_state.STATE).write_text(json.dumps({"version": 1, "last_check": "yesterday"}))
    with set_aside.collected() as found:
        assert sync_state.load(tmp_path) == {"version": 1}
    assert found == []


def test_a_settings_file_damaged_meanwhile_is_set_aside_not_overwritten_by_a_save(tmp_path):
    settings, _ = settings_store.load(tmp_path)
    (tmp_path / "settings.json").write_text("{damaged by something else")
    with set_aside.collected() as found:
        settings_store.save(tmp_path, settings_store.Settings(theme="dark"))
    assert [d.kept.name for d in found] == ["settings.json.corrupt-1"]
    assert (tmp_path / "settings.json.corrupt-1").read_text() == "{damaged by something else"


def test_a_listener_stops_when_told(tmp_path):
    heard = []
    stop = set_aside.listen(heard.append)
    (tmp_path / "a").write_text("x")
    set_aside.set_aside(tmp_path / "a")
    stop()
    (tmp_path / "b").write_text("x")
    set_aside.set_aside(tmp_path / "b")
    assert [d.file.name for d in heard] == ["a"]


def test_an_empty_list_says_when_it_is_empty_because_the_file_was_set_aside(tmp_path):
    (tmp_path / "bookmarks.json").write_text("{not json")
    marks, _ = Bookmarks.load(tmp_path)
    assert "bookmarks.json.corrupt-1" in marks.empty_reason() and str(tmp_path) in marks.empty_reason()
    assert Bookmarks.load(tmp_path)[0].empty_reason() is None  # none made since: simply none


def test_a_bookmark_that_cannot_be_saved_is_not_held_as_made(tmp_path, monkeypatch):
    manual = read_manual(CONTENT)
    marks, _ = Bookmarks.load(tmp_path)

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("reader.core.bookmarks.write_text", full)
    with pytest.raises(OSError):
        marks.add(manual.chapter("introduction"), dt.date(2026, 11, 23))
    assert "introduction" not in marks and marks.items == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes through chmod; no POSIX modes")
def test_an_unreadable_file_in_a_folder_that_cannot_be_written_is_left_as_it_is(tmp_path):
    (tmp_path / "settings.json").write_text("{not json")
    tmp_path.chmod(0o500)
    try:
        settings, problem = settings_store.load(tmp_path)
        marks, bookmark_problem = Bookmarks.load(tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert settings == settings_store.Settings() and "could not be set aside" in problem
    assert (tmp_path / "settings.json").read_text() == "{not json"
    assert bookmark_problem is None and marks.items == []
