"""Documents and forms end to end: published, synced over loopback, listed, opened from a checked copy."""

import hashlib
import os
import stat

import pytest

from reader.core.editions.private_copy import COPIES, KEEP_SECONDS, private_copy
from reader.core.editions.sync import sync
from reader.core.errors import SyncRefused, TamperedFile
from reader.publish.edition import edition_files
from tests.core.editions.test_sync import assert_unchanged
from tests.core.editions.test_sync_attacks import PAYLOAD, assert_nothing_written, files_under, plant
from tests.core.editions.test_sync_attacks import STATE_DIR
from tests.documents import content_copy, declare, docx, pdf
from tests.publishing import NEW_DAY, make_laptop

FORM = pdf("MARAC referral form, version 3")
CHECKLIST = docx("Risk identification checklist")


@pytest.fixture
def content(tmp_path):
    return content_copy(tmp_path)


def _with_documents(content):
    return declare(content, "walsall-marac", {
        "marac-referral-form.pdf": ("MARAC referral form", FORM),
        "risk-checklist.docx": ("Risk identification checklist", CHECKLIST),
    })


def test_a_document_travels_end_to_end(tmp_path, content, publisher, server):
    publisher.publish(edition_files(content, NEW_DAY), minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    files = edition_files(_with_documents(content), NEW_DAY)
    assert files["attachments/walsall-marac/marac-referral-form.pdf"] == FORM  # the publisher signs the file as it is
    publisher.publish(files)
    server.requests.clear()
    report = sync(lib, server.url)
    assert report.changed == ["walsall-marac"]  # a new form is news, as a changed wording is
    downloaded = sorted(r.rsplit(".", 2)[-2] + "." + r.rsplit(".", 1)[-1] for r in server.requests if r.startswith("/targets/"))
    assert downloaded == ["marac-referral-form.pdf", "risk-checklist.docx", "walsall-marac.md"]
    opened = lib.open()
    chapter = opened.manual.chapter("walsall-marac")
    assert [(a.title, a.name) for a in chapter.attachments] == [
        ("MARAC referral form", "marac-referral-form.pdf"), ("Risk identification checklist", "risk-checklist.docx")]
    copy = private_copy(opened.path, chapter.attachments[0], opened.data_dir)
    assert copy.read_bytes() == FORM  # the signed bytes, exactly
    assert copy.name == "marac-referral-form.pdf" and copy.parent.parent == lib.data_dir / COPIES
    assert not os.access(copy, os.W_OK) or os.geteuid() == 0  # read-only (root writes whatever the mode)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o400
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert (opened.path / chapter.attachments[0].path).read_bytes() == FORM  # the edition's own file untouched


def test_a_changed_document_alone_is_a_one_file_delta(tmp_path, content, publisher, server):
    publisher.publish(edition_files(_with_documents(content), NEW_DAY), minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    (content / "attachments" / "walsall-marac" / "marac-referral-form.pdf").write_bytes(pdf("version 4"))
    publisher.publish(edition_files(content, NEW_DAY))
    server.requests.clear()
    report = sync(lib, server.url)
    assert report.changed == ["walsall-marac"]
    targets = [r for r in server.requests if r.startswith("/targets/")]
    assert len(targets) == 1 and targets[0].endswith(".marac-referral-form.pdf")
    shown = report.opened.manual.chapter("walsall-marac").attachments[0]  # the edition the window is handed
    assert shown.sha256 == hashlib.sha256(pdf("version 4")).hexdigest()  # not the held chapter's old form
    opened = lib.open()
    form = opened.manual.chapter("walsall-marac").attachments[0]
    assert private_copy(opened.path, form, opened.data_dir).read_bytes() == pdf("version 4")


def test_a_document_tampered_on_the_server_is_refused_by_sync(tmp_path, content, publisher, server, repo):
    publisher.publish(edition_files(content, NEW_DAY), minutes=-10)
    lib = make_laptop(repo, tmp_path)
    name = lib.current_name()
    publisher.publish(edition_files(_with_documents(content), NEW_DAY))
    for stored in (repo / "targets" / "attachments" / "walsall-marac").glob("*.marac-referral-form.pdf"):
        stored.write_bytes(stored.read_bytes().replace(b"version 3", b"version 9"))
    with pytest.raises(SyncRefused, match="marac-referral-form.pdf from the server does not match its signed hash"):
        sync(lib, server.url)
    assert_unchanged(lib, name)


@pytest.fixture
def synced(tmp_path, content, publisher, server):
    """A laptop that synced an edition with the documents; the one before it had none."""
    publisher.publish(edition_files(content, NEW_DAY), minutes=-10)
    lib = make_laptop(publisher.repo, tmp_path)
    publisher.publish(edition_files(_with_documents(content), NEW_DAY))
    return lib, lib.current_name(), sync(lib, server.url).edition


@pytest.mark.parametrize("damage, said", [
    ("changed", "marac-referral-form.pdf differs from the published file"),
    ("link", "marac-referral-form.pdf is a link"),  # the very bytes, through a link: not followed
    ("planted", "attachments/walsall-marac/run.exe is in the edition but not in its signed metadata"),
])
def test_a_document_tampered_on_the_laptop_is_refused_at_start(synced, tmp_path, damage, said):
    lib, before, after = synced
    place = lib.editions / after / "attachments" / "walsall-marac" / "marac-referral-form.pdf"
    if damage == "changed":
        place.write_bytes(pdf("MARAC referral form, version 9"))
    elif damage == "link":
        (tmp_path / "same.pdf").write_bytes(FORM)
        place.unlink()
        place.symlink_to(tmp_path / "same.pdf")
    else:
        (place.parent / "run.exe").write_bytes(b"MZ")
    opened = lib.open()
    assert any(f"edition {after} cannot be used" in p and said in p for p in opened.problems), opened.problems
    assert opened.name == before and not opened.manual.chapter("walsall-marac").attachments


@pytest.mark.parametrize("damage", ["changed", "link", "removed", "folder"])
def test_a_document_changed_after_the_start_check_is_not_opened(synced, tmp_path, damage):
    lib, _, after = synced
    opened = lib.open()
    form = opened.manual.chapter("walsall-marac").attachments[0]
    place = opened.path / form.path
    if damage == "changed":
        place.write_bytes(FORM.replace(b"version 3", b"version 9"))
    elif damage == "link":
        elsewhere = tmp_path / "elsewhere.pdf"
        elsewhere.write_bytes(FORM)  # the very bytes, but not the edition's file
        place.unlink()
        place.symlink_to(elsewhere)
    elif damage == "removed":
        place.unlink()
    else:
        folder = place.parent
        moved = tmp_path / "moved"
        folder.rename(moved)
        folder.symlink_to(moved, target_is_directory=True)
    with pytest.raises(TamperedFile, match="marac-referral-form.pdf"):
        private_copy(opened.path, form, opened.data_dir)
    assert not any((lib.data_dir / COPIES).rglob("*.pdf"))


def test_copies_from_earlier_days_are_cleared(synced):
    lib, _, _ = synced
    opened = lib.open()
    form = opened.manual.chapter("walsall-marac").attachments[0]
    first = private_copy(opened.path, form, opened.data_dir)
    second = private_copy(opened.path, form, opened.data_dir)  # still open in a viewer, maybe: a copy each
    assert first != second and first.exists()
    old = first.parent.stat().st_mtime
    later = private_copy(opened.path, form, opened.data_dir, now=old + KEEP_SECONDS + 60)
    assert not first.exists() and not second.exists() and later.read_bytes() == FORM


@pytest.mark.parametrize("path", [
    "attachments/referrals/form.exe",
    "attachments/referrals/con.pdf",
    "attachments/referrals/Form.pdf",
    "attachments/referrals/../../../../../evil.pdf",
    "attachments/referrals/sub/form.pdf",
])
def test_a_signed_document_name_that_could_hurt_is_refused_before_anything_is_written(
        laptop, repo, server, signers, tmp_path, path):
    lib, name = laptop
    plant(repo, server, signers, path)
    before = files_under(tmp_path, skip=(lib.data_dir / STATE_DIR,))
    server.requests.clear()
    with pytest.raises(SyncRefused, match="not a file an edition may hold"):
        sync(lib, server.url)
    assert not [r for r in server.requests if r.startswith("/targets/")]
    assert_nothing_written(tmp_path, lib, before)
    assert_unchanged(lib, name)


def test_a_signed_program_under_a_documents_name_is_refused(laptop, repo, server, signers):
    # A name the layout allows, signed with the real key, but a script inside and declared by no chapter.
    lib, name = laptop
    plant(repo, server, signers, "attachments/referrals/form.pdf")
    with pytest.raises(SyncRefused, match="the new edition cannot be used: attachments/referrals/form.pdf"):
        sync(lib, server.url)
    assert_unchanged(lib, name)
    assert not any(PAYLOAD in p.read_bytes() for p in lib.editions.rglob("*.pdf"))
