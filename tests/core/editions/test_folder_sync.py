"""Sync from a folder (a USB stick, an office share): the publisher's repository copied, verified as from a server."""

import os
import shutil
import sys
import threading

import pytest

from reader.core.editions.fetcher import folder_of
from reader.core.editions.sync import sync
from reader.core.errors import SyncError, SyncNetworkError, SyncRefused


@pytest.fixture
def stick(tmp_path, laptop, repo):
    """(library, its edition, a copy of the publisher's repository as a stick holds it)."""
    lib, name = laptop
    return lib, name, shutil.copytree(repo, tmp_path / "stick" / "procedures")


def assert_intact(lib, name):
    assert lib.current_name() == name
    lib.verify(name)
    assert "A new paragraph." not in lib.open().manual.chapter("referrals").body


@pytest.mark.parametrize("form", ["path", "file-url", "trailing-slash"])
def test_a_folder_updates_the_laptop_as_the_server_would(stick, form):
    lib, name, folder = stick
    address = {"path": str(folder), "file-url": folder.as_uri(), "trailing-slash": str(folder) + os.sep}[form]
    report = sync(lib, address)
    assert report.changed == ["referrals"] and report.previous == name
    assert lib.current_name() == report.edition != name
    assert "A new paragraph." in lib.open().manual.chapter("referrals").body
    assert report.bytes > 0  # read from the stick, counted as downloaded bytes are
    assert sync(lib, address).up_to_date


def test_a_tampered_file_on_the_stick_is_refused_and_the_edition_stays(stick):
    lib, name, folder = stick
    for path in (folder / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(path.read_bytes().replace(b"A new paragraph.", b"A NEW paragraph."))
    with pytest.raises(SyncRefused, match="does not match its signed hash"):
        sync(lib, str(folder))
    assert_intact(lib, name)


def test_tampered_metadata_on_the_stick_is_refused(stick):
    lib, name, folder = stick
    ts = folder / "metadata" / "timestamp.json"
    ts.write_bytes(ts.read_bytes().replace(b'"version": ', b'"version": 1', 1))
    with pytest.raises(SyncRefused):
        sync(lib, str(folder))
    assert_intact(lib, name)


def test_an_oversized_file_on_the_stick_is_cut_off_at_its_signed_length(stick):
    lib, name, folder = stick
    for path in (folder / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(path.read_bytes() + b"x" * 100_000)
    with pytest.raises(SyncNetworkError, match="more data than the signed edition allows"):
        sync(lib, str(folder))
    assert_intact(lib, name)


def test_a_file_missing_from_the_stick_is_named(stick):
    lib, name, folder = stick
    for path in (folder / "targets" / "chapters").glob("*.referrals.md"):
        path.unlink()
    with pytest.raises(SyncNetworkError, match="the folder lacks a file of the repository .*referrals.md"):
        sync(lib, str(folder))
    assert_intact(lib, name)


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes on a stick are a POSIX trick")
def test_a_pipe_on_the_stick_is_refused_not_waited_on(stick):
    lib, name, folder = stick
    for path in (folder / "targets" / "chapters").glob("*.referrals.md"):
        path.unlink()
        os.mkfifo(path)
    done = []
    worker = threading.Thread(target=lambda: done.append(pytest.raises(SyncNetworkError, sync, lib, str(folder))))
    worker.start()
    worker.join(20)
    assert done and "is not a file" in str(done[0].value)
    assert_intact(lib, name)


def test_a_folder_that_is_not_there_or_not_a_repository_is_said_plainly(stick, tmp_path):
    lib, name, _ = stick
    with pytest.raises(SyncError, match="cannot be found: is the stick or share connected"):
        sync(lib, str(tmp_path / "unplugged"))
    (tmp_path / "documents").mkdir()
    with pytest.raises(SyncError, match="does not hold a copy of the publisher's repository"):
        sync(lib, (tmp_path / "documents").as_uri())
    with pytest.raises(SyncError, match="not an update address"):
        sync(lib, "ftp://example.org/procedures")
    assert_intact(lib, name)


def test_addresses_name_folders_or_the_web(tmp_path):
    assert folder_of("https://example.org/procedures") is None
    assert folder_of("http://example.org/") is None
    assert folder_of(tmp_path.as_uri()) == tmp_path
    assert folder_of(str(tmp_path)) == tmp_path
    assert folder_of("file://localhost" + tmp_path.as_posix()) == tmp_path
    assert str(folder_of(r"E:\procedures")) in (r"E:\procedures", "E:\\procedures")
    with pytest.raises(ValueError):
        folder_of("ftp://example.org/x")
    with pytest.raises(ValueError):
        folder_of("")
    if sys.platform != "win32":
        with pytest.raises(ValueError, match="another computer: mount the share"):
            folder_of("file://fileserver/share/procedures")


def test_an_expired_edition_on_a_stick_says_to_export_it_again(tmp_path, publisher):
    from tests.publishing import edition, make_laptop

    files = edition()
    publisher.publish(files, minutes=-60 * 24 * 30)
    lib = make_laptop(publisher.repo, tmp_path)
    files["chapters/referrals.md"] += b"\nA new paragraph.\n"
    publisher.publish(files, minutes=-60 * 24 * 20)  # its week-long timestamp ran out long ago
    with pytest.raises(SyncRefused, match="edition in the folder has expired: export it again"):
        sync(lib, str(publisher.repo))
