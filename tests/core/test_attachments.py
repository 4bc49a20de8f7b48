"""A chapter's documents and forms in the content: declared with a title, checked for what they are."""

import os

import pytest

from reader.core.attachments import MAX_BYTES, check_bytes
from reader.core.content import chapter_text, manual_from_files, read_manual
from reader.core.errors import ContentError
from reader.core.labels import DOCUMENT_KINDS, document_line
from reader.core.trust.layout import ATTACHMENT_TYPES
from tests.documents import EXECUTABLE, content_copy, declare, docx, jpeg, pdf, png, xlsx

GOOD = {"pdf": pdf(), "docx": docx(), "xlsx": xlsx(), "png": png(), "jpg": jpeg(), "jpeg": jpeg()}


@pytest.mark.parametrize("kind", ATTACHMENT_TYPES)
def test_each_kind_is_accepted_for_what_it_is(kind):
    check_bytes(f"form.{kind}", GOOD[kind], "here")
    assert kind in DOCUMENT_KINDS


@pytest.mark.parametrize("kind", ATTACHMENT_TYPES)
def test_a_program_named_as_a_document_is_refused(kind):
    with pytest.raises(ContentError, match="here: is not a"):
        check_bytes(f"form.{kind}", EXECUTABLE, "here")


@pytest.mark.parametrize("name, data", [
    ("form.pdf", b"#!/bin/sh\nrm -rf ~\n"),
    ("form.pdf", png()),  # another kind
    ("form.docx", xlsx()),  # a workbook named as a Word file
    ("form.xlsx", docx()),
    ("form.docx", b"PK\x03\x04 not really a zip"),
])
def test_a_file_not_of_its_names_kind_is_refused(name, data):
    with pytest.raises(ContentError, match="here: is not a"):
        check_bytes(name, data, "here")


@pytest.mark.parametrize("name, data", [
    ("form.docx", docx(extra={"word/vbaProject.bin": b"macro"})),
    ("form.xlsx", xlsx(extra={"xl/vbaProject.bin": b"macro"})),
    ("form.docx", docx(extra={"word/embeddings/oleObject1.bin": EXECUTABLE})),
    ("form.xlsx", xlsx(extra={"xl/activeX/activeX1.xml": b"<x/>"})),
])
def test_office_files_with_macros_or_embedded_programs_are_refused(name, data):
    with pytest.raises(ContentError, match="macros or embedded programs"):
        check_bytes(name, data, "here")


def test_a_file_far_too_large_is_refused():
    with pytest.raises(ContentError, match="more than an attachment may be"):
        check_bytes("form.pdf", b"%PDF-" + bytes(MAX_BYTES), "here")


def test_declared_documents_are_read_with_their_title_and_hash(tmp_path):
    content = declare(content_copy(tmp_path), "walsall-marac", {
        "marac-referral-form.pdf": ("MARAC referral form", pdf()),
        "risk-checklist.docx": ("Risk identification checklist", docx()),
    })
    chapter = read_manual(content).chapter("walsall-marac")
    assert [(a.name, a.title, a.length) for a in chapter.attachments] == [
        ("marac-referral-form.pdf", "MARAC referral form", len(pdf())),
        ("risk-checklist.docx", "Risk identification checklist", len(docx())),
    ]
    assert chapter.attachments[0].path == "attachments/walsall-marac/marac-referral-form.pdf"
    assert document_line(chapter.attachments[0]) == f"MARAC referral form (marac-referral-form.pdf, PDF document, {len(pdf())} bytes)"
    # written back the same way: the declaration survives a round trip through chapter_text
    files = {"chapters/walsall-marac.md": chapter_text(chapter).encode()}
    assert b'file = "marac-referral-form.pdf"' in files["chapters/walsall-marac.md"]


def test_the_documents_stay_with_their_chapter_as_of_a_date(tmp_path):
    content = declare(content_copy(tmp_path), "referrals", {"threshold-table.xlsx": ("Threshold table", xlsx())})
    manual = read_manual(content)
    earlier = manual.as_of(manual.chapter("referrals").current.in_force_from)
    assert earlier.chapter("referrals").attachments == manual.chapter("referrals").attachments


@pytest.mark.parametrize("documents, message", [
    ({"form.pdf": ("Form", None)}, "attachments/referrals/form.pdf is declared but not there"),
    ({"Form.pdf": ("Form", None)}, "'Form.pdf' is not a name an attachment may have"),
    ({"form.exe": ("Form", None)}, "'form.exe' is not a name an attachment may have"),
    ({"../../chapters/x.pdf": ("Form", None)}, "is not a name an attachment may have"),
    ({"form.pdf": ("", pdf())}, "needs a title"),
    ({"form.pdf": ("Form", EXECUTABLE)}, "attachments/referrals/form.pdf: is not a PDF document"),
])
def test_a_bad_declaration_is_refused_in_plain_words(tmp_path, documents, message):
    content = declare(content_copy(tmp_path), "referrals", documents)
    with pytest.raises(ContentError, match=message.replace(".", r"\.").replace("(", r"\(")):
        read_manual(content)


def test_a_document_no_chapter_declares_is_refused(tmp_path):
    content = content_copy(tmp_path)
    (content / "attachments" / "referrals").mkdir(parents=True)
    (content / "attachments" / "referrals" / "forgotten.pdf").write_bytes(pdf())
    with pytest.raises(ContentError, match="forgotten.pdf: no chapter declares it"):
        read_manual(content)


def test_a_document_declared_twice_is_refused(tmp_path):
    content = declare(content_copy(tmp_path), "referrals", {"form.pdf": ("Form", pdf())})
    declare(content, "referrals", {"form.pdf": ("Form again", pdf())})
    with pytest.raises(ContentError, match="declared twice"):
        read_manual(content)


@pytest.mark.parametrize("planted, message", [
    ("form.exe", "attachments/referrals/form.exe: not a document an edition may hold"),
    ("con.pdf", "attachments/referrals/con.pdf: not a document an edition may hold"),
    ("Form.PDF", "attachments/referrals/Form.PDF: not a document an edition may hold"),
])
def test_a_file_of_a_name_that_could_hurt_in_content_is_refused(tmp_path, planted, message):
    content = content_copy(tmp_path)
    (content / "attachments" / "referrals").mkdir(parents=True)
    (content / "attachments" / "referrals" / planted).write_bytes(pdf())
    with pytest.raises(ContentError, match=message.replace(".", r"\.")):
        read_manual(content)


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="links need privileges on Windows")
def test_a_link_in_content_attachments_is_refused_not_followed(tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(pdf("the publisher's private notes"))
    content = declare(content_copy(tmp_path), "referrals", {"form.pdf": ("Form", None)})
    (content / "attachments" / "referrals").mkdir(parents=True)
    (content / "attachments" / "referrals" / "form.pdf").symlink_to(secret)
    with pytest.raises(ContentError, match="form.pdf is a link"):
        read_manual(content)
    # and a chapter's folder that is a link
    os.unlink(content / "attachments" / "referrals" / "form.pdf")
    os.rmdir(content / "attachments" / "referrals")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "form.pdf").write_bytes(pdf())
    (content / "attachments" / "referrals").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(ContentError, match="attachments/referrals is a link"):
        read_manual(content)


def test_a_signed_edition_with_an_undeclared_or_wrong_document_is_not_a_manual(tmp_path):
    from tests.publishing import edition

    files = edition()
    files["attachments/referrals/planted.pdf"] = pdf()
    with pytest.raises(ContentError, match="no chapter declares it"):
        manual_from_files(files)


def test_a_link_only_chapter_that_now_carries_its_document_must_say_so(tmp_path):
    content = declare(content_copy(tmp_path), "walsall-marac", {"form.pdf": ("MARAC referral form", pdf())},
                      still_link_only=True)
    with pytest.raises(ContentError, match="is marked link_only .* but carries form.pdf: .* remove link_only"):
        read_manual(content)
    declare(content_copy(tmp_path / "again"), "walsall-marac", {"form.pdf": ("MARAC referral form", pdf())})
    chapter = read_manual(tmp_path / "again" / "content").chapter("walsall-marac")
    assert not chapter.link_only and not chapter.editorial_note and chapter.attachments
