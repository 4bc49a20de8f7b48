"""A sync costs the laptop only what changed: no work when nothing did, links for unchanged files,
flushes for new ones only, and no more than three editions kept."""

import os
import shutil
import stat

import pytest

from reader.core.editions import library as library_module
from reader.core.editions import sync as sync_module
from reader.core.editions.sync import sync
from tests.publishing import edition, make_laptop


def _no_local_work(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a sync where nothing changed copied, linked or verified an edition")

    for target, name in ((shutil, "copyfile"), (os, "link"), (sync_module, "verify_edition"),
                         (sync_module, "_held_hashes"), (library_module, "_fsync_tree")):
        monkeypatch.setattr(target, name, refuse)


def test_a_sync_where_nothing_changed_stops_after_the_metadata(laptop, server, monkeypatch):
    lib, _ = laptop
    first = sync(lib, server.url)
    editions = sorted(p.name for p in lib.editions.iterdir())
    _no_local_work(monkeypatch)
    server.requests.clear()
    again = sync(lib, server.url)
    assert again.up_to_date and again.edition == first.edition and again.opened.name == first.edition
    assert not [r for r in server.requests if r.startswith("/targets/")]
    assert sorted(p.name for p in lib.editions.iterdir()) == editions  # nothing staged, nothing left


def test_a_re_sign_alone_is_up_to_date_without_local_work(laptop, publisher, server, monkeypatch):
    lib, _ = laptop
    first = sync(lib, server.url)
    files = edition()
    files["chapters/referrals.md"] = files["chapters/referrals.md"] + b"\nA new paragraph.\n"
    publisher.publish(files, minutes=5)  # the same files again: a new timestamp, the same snapshot
    _no_local_work(monkeypatch)
    again = sync(lib, server.url)
    assert again.up_to_date and lib.current_name() == first.edition


def test_unchanged_files_are_links_to_the_previous_edition_and_changed_ones_are_new(laptop, server):
    lib, before = laptop
    report = sync(lib, server.url)
    old, new = lib.editions / before, lib.editions / report.edition
    assert os.stat(new / "chapters" / "introduction.md").st_ino == os.stat(old / "chapters" / "introduction.md").st_ino
    assert os.stat(new / "chapters" / "referrals.md").st_ino != os.stat(old / "chapters" / "referrals.md").st_ino
    lib.verify(report.edition)
    lib.verify(before)


def test_where_links_cannot_be_made_unchanged_files_are_copied(laptop, server, monkeypatch):
    lib, before = laptop

    def no_links(src, dst):
        raise OSError(1, "Operation not permitted")  # FAT, a share

    monkeypatch.setattr(os, "link", no_links)
    report = sync(lib, server.url)
    assert os.stat(lib.editions / report.edition / "chapters" / "introduction.md").st_nlink == 1
    assert "A new paragraph." in lib.open().manual.chapter("referrals").body


def test_only_new_files_are_flushed(laptop, server, monkeypatch):
    lib, before = laptop
    flushed = []
    real = os.fsync

    def recording(fd):
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            flushed.append(st.st_ino)
        real(fd)

    monkeypatch.setattr(os, "fsync", recording)
    report = sync(lib, server.url)
    new = lib.editions / report.edition
    files = [p for p in new.rglob("*") if p.is_file()]
    fresh = {p.stat().st_ino for p in files if p.stat().st_nlink == 1}
    assert os.stat(new / "chapters" / "referrals.md").st_ino in fresh
    assert set(flushed) >= fresh  # every new file reached the disk
    in_edition = {p.stat().st_ino for p in files}  # (python-tuf and state.json flush their own files too)
    assert set(flushed) & in_edition == fresh and len(fresh) < len(files) / 2  # no linked one flushed again


def test_a_laptop_keeps_the_current_the_previous_and_the_bundled_edition(tmp_path, publisher, server):
    files = edition()
    publisher.publish(files, minutes=-60)
    lib = make_laptop(publisher.repo, tmp_path)
    bundled = lib.current_name()
    assert lib.bundled_name() == bundled
    names = []
    for n in range(4):
        files["chapters/referrals.md"] = files["chapters/referrals.md"] + f"\nParagraph {n}.\n".encode()
        publisher.publish(files, minutes=-50 + 10 * n)
        names.append(sync(lib, server.url).edition)
    assert set(lib.installed()) == {bundled, names[-2], names[-1]}
    assert lib.current_name() == names[-1]
    for name in lib.installed():
        lib.verify(name)  # pruning took nothing from the editions kept, linked as they are
    assert "Paragraph 3." in lib.open().manual.chapter("referrals").body


def test_pruning_never_removes_the_current_edition(laptop, server):
    lib, before = laptop
    report = sync(lib, server.url)
    assert lib.prune(keep=set()) == []  # the current one and the bundled one (here the previous) stay
    assert set(lib.installed()) == {report.edition, before}


@pytest.mark.parametrize("damage", ["missing", "not json"])
def test_an_unreadable_bundle_keeps_more_never_less(laptop, server, damage):
    lib, before = laptop
    ts = lib.bundled / "metadata" / "timestamp.json"
    if damage == "missing":
        ts.unlink()
    else:
        ts.write_text("{")
    assert lib.bundled_name() is None
    report = sync(lib, server.url)
    assert set(lib.installed()) == {report.edition, before}


def test_unchanged_metadata_is_linked_too_and_changed_metadata_is_new(laptop, server):
    lib, before = laptop
    report = sync(lib, server.url)
    old, new = lib.editions / before / "metadata", lib.editions / report.edition / "metadata"
    shared = [p.name for p in new.glob("bin-*.json") if (old / p.name).exists()
              and os.stat(p).st_ino == os.stat(old / p.name).st_ino]
    changed = [p.name for p in new.glob("bin-*.json") if (old / p.name).read_bytes() != p.read_bytes()]
    assert shared and changed and not set(shared) & set(changed)
    assert os.stat(new / "timestamp.json").st_ino != os.stat(old / "timestamp.json").st_ino
