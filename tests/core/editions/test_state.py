"""state.json is not signed: it may name editions, never say what they hold (issue 14, findings 4 and 9a)."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.editions import state as sync_state
from reader.core.content import read_manual
from reader.core.trust.layout import is_edition_path
from reader.core import paths
from reader.core.editions.sync import SyncReport, compare
from tests.core.json_values import JSON
from tests.publishing import laptop_after_a_sync

FABRICATED = {
    "id": "fabricated-1",
    "date": "<img src=x onerror=alert(1)>2099-01-01",
    "details": "<b>Do not refer</b>: FABRICATED instruction",
    "chapter": "introduction",
    "scope": "shared",
}


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    return laptop_after_a_sync(tmp_path_factory.mktemp("two-editions"))


@pytest.fixture
def lib(two_editions, tmp_path):
    """The laptop's data folder copied, so a test may write into it freely."""
    library, previous, current = two_editions
    shutil.copytree(library.data_dir, tmp_path / "data")
    library = type(library)(tmp_path / "data", library.pinned_root, library.bundled)
    return library, previous, current


def write_state(data_dir: Path, **fields) -> None:
    (data_dir / sync_state.STATE).write_text(json.dumps({"version": 1, **fields}), encoding="utf-8")


def fabricated_arrival(edition, previous):
    return {"edition": edition, "previous": previous, "up_to_date": False, "changed": ["child-death-reviews"],
            "added": ["fabricated-chapter"], "removed": ["introduction"], "amendments": [FABRICATED], "bytes": 1}


def test_what_arrived_is_worked_out_again_from_the_verified_editions(lib):
    library, previous, current = lib
    write_state(library.data_dir, last_arrival=fabricated_arrival(current, previous))
    new = read_manual(library.editions / current)
    report = sync_state.arrival(library, current, new)
    changed, added, removed, arrived = compare(read_manual(library.editions / previous), new)
    assert report["problem"] is None
    assert (report["edition"], report["previous"]) == (current, previous)
    assert report["changed"] == changed == ["introduction"] and report["added"] == added and report["removed"] == removed
    assert report["amendments"] == [a.to_json() for a in arrived] and len(arrived) == 122
    assert "FABRICATED" not in json.dumps(report) and "fabricated-chapter" not in json.dumps(report)


def test_record_keeps_only_which_editions(lib):
    library, previous, current = lib
    report = SyncReport(current, previous, ["introduction"], [], [], [], 10)
    sync_state.record(library.data_dir, report)
    stored = json.loads((library.data_dir / sync_state.STATE).read_text(encoding="utf-8"))
    assert stored["last_arrival"] == {"edition": current, "previous": previous}


class FilesRead:
    """Every file opened while it is active, as resolved paths."""

    def __init__(self, monkeypatch):
        self.paths: list[Path] = []
        real = io.open

        def spy(file, *args, **kwargs):
            if isinstance(file, (str, Path)):
                self.paths.append(Path(file).resolve())
            return real(file, *args, **kwargs)

        monkeypatch.setattr(io, "open", spy)
        monkeypatch.setattr(builtins, "open", spy)


@pytest.mark.parametrize("previous", ["../../fake-previous", "../fake-previous", "/etc", "1e3", "١٢٣", " 1", "1\x00",
                                      ".incoming-x", 12, None, ["1"]])
def test_a_previous_edition_not_of_the_readers_making_is_never_opened(lib, previous, monkeypatch):
    library, real_previous, current = lib
    fake = library.data_dir.parent / "fake-previous"
    shutil.copytree(library.editions / real_previous, fake)  # signed and valid: only its name is wrong
    write_state(library.data_dir, last_arrival=fabricated_arrival(current, previous))
    new = read_manual(library.editions / current)
    read = FilesRead(monkeypatch)
    report = sync_state.arrival(library, current, new)
    previous_manual = sync_state.previous_manual(library, previous)
    monkeypatch.undo()
    assert previous_manual is None
    assert report["problem"] and "cannot be worked out" in report["problem"]
    assert report["changed"] == report["added"] == report["removed"] == report["amendments"] == []
    editions = library.editions.resolve()
    assert all(p == (library.data_dir / sync_state.STATE).resolve() or editions in p.parents for p in read.paths), read.paths
    assert not any(fake.resolve() in p.parents for p in read.paths)


def test_a_previous_edition_that_fails_verification_is_said_plainly(lib):
    library, previous, current = lib
    chapter = library.editions / previous / "chapters" / "introduction.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nTAMPERED\n", encoding="utf-8")
    write_state(library.data_dir, last_arrival={"edition": current, "previous": previous})
    report = sync_state.arrival(library, current, read_manual(library.editions / current))
    assert "cannot be worked out" in report["problem"] and report["changed"] == [] and report["amendments"] == []
    assert sync_state.previous_manual(library, previous) is None


def test_an_arrival_for_another_edition_than_the_one_in_use_is_not_shown_as_this_ones(lib):
    library, previous, current = lib
    write_state(library.data_dir, last_arrival={"edition": previous, "previous": current})
    report = sync_state.arrival(library, current, read_manual(library.editions / current))
    assert report["problem"] and report["changed"] == [] and report["amendments"] == []


def test_nothing_arrived_yet(lib):
    library, _, current = lib
    assert sync_state.arrival(library, current, read_manual(library.editions / current)) is None


@pytest.mark.parametrize("fields", [
    {"last_check": 5}, {"last_check": "yesterday"}, {"last_check": ["2026-01-01"]}, {"last_sync": {"a": 1}},
    {"unread": "introduction"}, {"unread": [1, None, "introduction"]}, {"unread": {"x": 1}},
    {"last_arrival": "1"}, {"last_arrival": {"edition": 5}}, {"last_arrival": []},
])
def test_wrongly_typed_fields_are_dropped_not_fatal(tmp_path, fields):
    write_state(tmp_path, **fields)
    state = sync_state.load(tmp_path)
    assert_valid_state(state)
    assert sync_state.last_check(tmp_path) is None
    sync_state.update(tmp_path, unread=["referrals"])  # and the file can be written again
    assert sync_state.load(tmp_path)["unread"] == ["referrals"]


def test_good_fields_are_kept(tmp_path):
    write_state(tmp_path, last_check="2026-01-02", last_sync="2026-01-02T10:00:00+00:00",
                unread=["introduction", "../x", 3], last_arrival={"edition": "17", "previous": "12", "x": "<b>"})
    state = sync_state.load(tmp_path)
    assert sync_state.last_check(tmp_path) == dt.date(2026, 1, 2)
    assert state["last_sync"] == "2026-01-02T10:00:00+00:00" and state["unread"] == ["introduction"]
    assert state["last_arrival"] == {"edition": "17", "previous": "12"}


def test_edition_names_are_only_the_readers_own():
    assert paths.edition_name("1796153921") == "1796153921"
    for bad in ("", "../1", "1/2", "1\x00", "١", "²", " 1", "1 ", "-1", "+1", "1.0", "9" * 40, 5, None, b"1"):
        assert paths.edition_name(bad) is None, bad


def assert_valid_state(state: dict) -> None:
    assert state["version"] == 1
    assert set(state) <= {"version", "last_sync", "last_check", "last_arrival", "unread"}
    if "last_sync" in state:
        dt.datetime.fromisoformat(state["last_sync"])
    if "last_check" in state:
        dt.date.fromisoformat(state["last_check"])
    if "last_arrival" in state:
        names = state["last_arrival"]
        assert set(names) == {"edition", "previous"} and paths.edition_name(names["edition"])
        assert names["previous"] is None or paths.edition_name(names["previous"])
    if "unread" in state:
        assert all(isinstance(c, str) and is_edition_path(f"chapters/{c}.md") for c in state["unread"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(["version", "last_sync", "last_check", "last_arrival", "unread", None]), value=JSON)
def test_any_json_in_any_field_of_state_loads_as_valid_state(field, value):
    with tempfile.TemporaryDirectory() as folder:
        good = {"version": 1, "last_sync": "2026-01-02T10:00:00+00:00", "last_check": "2026-01-02",
                "last_arrival": {"edition": "2", "previous": "1"}, "unread": ["introduction"]}
        raw = value if field is None else {**good, field: value}
        (Path(folder) / sync_state.STATE).write_text(json.dumps(raw), encoding="utf-8")
        assert_valid_state(sync_state.load(Path(folder)))
        sync_state.last_check(Path(folder))
