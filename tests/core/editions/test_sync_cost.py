"""A sync does only the work its outcome needs (issue 19: 10,000 chapters within its targets).

Nothing changed: no hash bin loaded, the held edition neither verified nor
read. Something changed: the held edition the caller has open is the delta's
base, not verified again; the new edition is verified once, whole, and only
its changed chapters are parsed.
"""

from __future__ import annotations

import os

import pytest

from reader.core import content
from reader.core.editions import library as library_module
from reader.core.editions import sync as sync_module
from reader.core.editions.sync import sync
from reader.core.errors import SyncRefused


def _refuse(what: str):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a sync where nothing changed {what}")
    return refuse


def test_nothing_changed_loads_no_bin_and_never_opens_the_held_edition(laptop, server, monkeypatch):
    lib, _ = laptop
    first = sync(lib, server.url)
    monkeypatch.setattr(sync_module, "_edition_targets", _refuse("loaded the hash bins"))
    monkeypatch.setattr(library_module, "verify_edition", _refuse("verified the held edition"))
    monkeypatch.setattr(library_module, "manual_from_files", _refuse("read the held edition"))
    again = sync(lib, server.url)
    assert again.up_to_date and again.edition == first.edition
    monkeypatch.undo()
    assert again.opened.name == first.edition  # opened only now, when asked for
    assert again.opened.manual == lib.open().manual


def test_the_callers_opened_edition_is_the_base_and_is_not_verified_again(laptop, server, monkeypatch):
    lib, before = laptop
    held = lib.open()
    checked = []
    real = sync_module.verify_edition
    monkeypatch.setattr(library_module, "verify_edition", _refuse("verified the edition the caller holds"))
    monkeypatch.setattr(sync_module, "verify_edition", lambda root, folder: checked.append(folder) or real(root, folder))
    report = sync(lib, server.url, held=held)
    assert report.changed == ["referrals"] and report.previous == before
    assert len(checked) == 1 and checked[0].name == "edition"  # the new edition, once, in staging
    monkeypatch.undo()
    assert report.opened.manual == lib.open().manual
    assert sync(lib, server.url, held=report.opened).opened is report.opened  # up to date: the caller's own


def test_a_held_edition_that_is_no_longer_current_is_not_the_base(laptop, server, tmp_path):
    lib, before = laptop
    stale = lib.open()
    report = sync(lib, server.url)  # another process synced meanwhile
    again = sync(lib, server.url, held=stale)
    assert again.up_to_date and again.edition == report.edition
    assert again.opened.name == report.edition  # not the stale one handed in


def test_a_held_file_changed_on_disk_since_it_was_opened_is_never_linked_into_a_shown_edition(laptop, server):
    lib, before = laptop
    held = lib.open()
    planted = lib.editions / before / "chapters" / "introduction.md"
    planted.write_bytes(planted.read_bytes() + b"\nA planted sentence.\n")
    report = sync(lib, server.url, held=held)  # linked, refused by the check, then assembled from a good base
    assert "A planted sentence." not in report.opened.manual.chapter("introduction").body
    assert "A new paragraph." in report.opened.manual.chapter("referrals").body
    assert lib.open().manual == report.opened.manual and lib.current_name() == report.edition
    assert not lib.open().problems


def test_a_new_edition_that_fails_its_check_is_refused_once_when_the_sync_verified_the_base(laptop, server,
                                                                                           monkeypatch):
    lib, before = laptop
    real, seen = sync_module.verify_edition, []

    def failing(root, folder):
        seen.append(folder)
        raise sync_module.TrustError("chapters/referrals.md differs from the published file")

    monkeypatch.setattr(sync_module, "verify_edition", failing)
    with pytest.raises(SyncRefused, match="referrals.md"):
        sync(lib, server.url)  # no edition handed in: its base was verified by this sync, no second try
    assert len(seen) == 1 and lib.current_name() == before


def test_only_changed_chapters_are_parsed_and_the_rest_are_the_held_ones(laptop, server, monkeypatch):
    lib, _ = laptop
    held = lib.open()
    parsed = []
    real = content._chapter
    monkeypatch.setattr(content, "_chapter", lambda path, *a: parsed.append(path) or real(path, *a))
    report = sync(lib, server.url, held=held)
    assert parsed == ["chapters/referrals.md"]
    new = report.opened.manual
    assert new.chapter("introduction") is held.manual.chapter("introduction")
    assert "A new paragraph." in new.chapter("referrals").body
    monkeypatch.undo()
    assert new == lib.open().manual  # the same manual as reading every file afresh


def test_linking_thousands_of_files_resolves_each_staging_folder_once(laptop, server, monkeypatch):
    lib, _ = laptop
    resolved = []
    real = os.path.realpath
    monkeypatch.setattr(os.path, "realpath", lambda p, *a, **k: resolved.append(p) or real(p, *a, **k))
    held = lib.open()
    report = sync(lib, server.url, held=held)
    files = sum(1 for p in (lib.editions / report.edition).rglob("*") if p.is_file())
    folders = sum(1 for p in (lib.editions / report.edition).rglob("*") if p.is_dir())
    assert len(resolved) <= 2 * folders + 4 < files
