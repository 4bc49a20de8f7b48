"""export-edition: one laptop that synced updates a colleague's from a USB stick."""

import json
import shutil

import pytest

from reader.core.editions.export import export_edition
from reader.core.editions.library import Library
from reader.core.editions.sync import sync
from reader.core.errors import ReaderError, SyncRefused


@pytest.fixture
def colleague(tmp_path, laptop):
    """A second laptop installed from the same bundle as `laptop`, never synced."""
    lib, _ = laptop
    other = Library(tmp_path / "colleague", lib.pinned_root, lib.bundled)
    other.open()
    return other


def test_export_then_sync_a_second_laptop_from_it(tmp_path, laptop, server, colleague):
    lib, _ = laptop
    synced = sync(lib, server.url).edition
    stick = tmp_path / "stick" / "procedures"
    exported = export_edition(lib, stick)
    assert exported.name == synced and exported.written > 0
    assert (stick / "metadata" / "1.root.json").is_file() and (stick / "metadata" / "timestamp.json").is_file()
    assert list((stick / "targets" / "chapters").glob("*.referrals.md"))
    report = sync(colleague, str(stick))
    assert report.edition == synced and report.changed == ["referrals"]
    assert colleague.open().manual == lib.open().manual
    assert sync(colleague, stick.as_uri()).up_to_date


def test_an_export_onto_an_earlier_one_writes_only_what_is_new(tmp_path, laptop, server, colleague):
    lib, before = laptop
    stick = tmp_path / "stick"
    first = export_edition(lib, stick)
    assert first.name == before
    sync(lib, server.url)
    second = export_edition(lib, stick)
    assert 0 < second.written < first.written  # the changed chapter and the metadata, not every file
    assert sync(colleague, str(stick)).edition == second.name


def test_a_stick_holding_a_newer_edition_is_not_moved_back(tmp_path, laptop, server, colleague):
    lib, _ = laptop
    stick = tmp_path / "stick"
    sync(lib, server.url)
    export_edition(lib, stick)
    with pytest.raises(ReaderError, match="already holds a newer edition"):
        export_edition(colleague, stick)
    assert sync(colleague, str(stick)).changed == ["referrals"]


def test_a_folder_holding_something_else_is_not_written_into(tmp_path, laptop):
    lib, _ = laptop
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "case notes.docx").write_bytes(b"private")
    with pytest.raises(ReaderError, match="not empty and holds no exported edition"):
        export_edition(lib, documents)
    assert [p.name for p in documents.iterdir()] == ["case notes.docx"]
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(ReaderError, match="is a file, not a folder"):
        export_edition(lib, tmp_path / "a-file")


def test_a_stick_changed_after_the_export_is_refused_by_the_colleague(tmp_path, laptop, server, colleague):
    lib, _ = laptop
    sync(lib, server.url)
    stick = tmp_path / "stick"
    export_edition(lib, stick)
    for path in (stick / "targets" / "chapters").glob("*.referrals.md"):
        path.write_bytes(path.read_bytes().replace(b"A new paragraph.", b"A NEW paragraph."))
    name = colleague.current_name()
    with pytest.raises(SyncRefused, match="does not match its signed hash"):
        sync(colleague, str(stick))
    assert colleague.current_name() == name


def test_an_edition_changed_on_disk_is_not_exported(tmp_path, laptop, server):
    lib, _ = laptop
    name = sync(lib, server.url).edition
    stick = tmp_path / "stick"
    for path in (lib.editions / name / "chapters").glob("referrals.md"):
        path.write_bytes(b"tampered")
    exported = export_edition(lib, stick)  # the last good edition, as at start: never the tampered one
    assert exported.name != name
    text = next((stick / "targets" / "chapters").glob("*.referrals.md")).read_bytes()
    assert b"tampered" not in text
    ts = json.loads((stick / "metadata" / "timestamp.json").read_bytes())
    assert str(ts["signed"]["version"]) == exported.name
