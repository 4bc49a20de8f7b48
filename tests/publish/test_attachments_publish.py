"""The publisher and a chapter's documents: shown in status, signed as they are, and refused when they could hurt."""

import os

import pytest

from reader.publish.cli import main
from reader.publish.repository import repository_files
from tests.documents import EXECUTABLE, content_copy, declare, docx, pdf

DAY0, DAY1 = "2026-11-30", "2026-12-01"


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def desk(tmp_path):
    content = content_copy(tmp_path)
    out = tmp_path / "repo"
    assert main([str(content), str(out), "--as-of", DAY0]) == 0
    return content, out


def test_documents_are_listed_by_status_then_signed_as_they_are(desk, capsys):
    content, out = desk
    declare(content, "walsall-marac", {"marac-referral-form.pdf": ("MARAC referral form", pdf())})
    capsys.readouterr()
    assert main(["status", str(content), str(out), "--as-of", DAY1]) == 0
    text = capsys.readouterr().out
    assert "changed  walsall-marac (West Midlands MARAC Operating Protocol 2019): documents changed, wording unchanged" in text
    assert "documents and forms: added marac-referral-form.pdf" in text
    assert "publishing now would be refused" not in text  # a document is not a change of wording
    assert main([str(content), str(out), "--as-of", DAY1]) == 0
    files = repository_files(out)
    assert files["attachments/walsall-marac/marac-referral-form.pdf"] == pdf()
    stored = list((out / "targets" / "attachments" / "walsall-marac").glob("*.marac-referral-form.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == pdf()
    (content / "attachments" / "walsall-marac" / "marac-referral-form.pdf").write_bytes(pdf("version 2"))
    capsys.readouterr()
    assert main(["status", str(content), str(out), "--as-of", DAY1]) == 0
    assert "documents and forms: replaced marac-referral-form.pdf" in capsys.readouterr().out


@pytest.mark.parametrize("name, data, declared, message", [
    ("form.exe", EXECUTABLE, False, "attachments/referrals/form.exe: not a document an edition may hold"),
    ("run.pdf.exe", EXECUTABLE, False, "attachments/referrals/run.pdf.exe: not a document an edition may hold"),
    ("con.pdf", pdf(), False, "attachments/referrals/con.pdf: not a document an edition may hold"),
    ("form.pdf", EXECUTABLE, True, "attachments/referrals/form.pdf: is not a PDF document, whatever its name says"),
    ("form.docx", docx(extra={"word/vbaProject.bin": b"Sub AutoOpen()"}), True, "holds macros or embedded programs"),
    ("form.pdf", pdf(), False, "attachments/referrals/form.pdf: no chapter declares it"),
])
def test_a_document_that_could_hurt_is_refused_and_nothing_is_published(desk, capsys, name, data, declared, message):
    content, out = desk
    if declared:
        declare(content, "referrals", {name: ("A form", data)})
    else:
        (content / "attachments" / "referrals").mkdir(parents=True)
        (content / "attachments" / "referrals" / name).write_bytes(data)
    before = _snapshot(out)
    capsys.readouterr()
    assert main([str(content), str(out), "--as-of", DAY1]) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert _snapshot(out) == before


@pytest.mark.skipif(os.name == "nt", reason="links need privileges on Windows")
def test_a_link_among_the_documents_is_refused_not_followed(desk, capsys, tmp_path):
    content, out = desk
    private = tmp_path / "private.pdf"
    private.write_bytes(pdf("not for publishing"))
    declare(content, "referrals", {"form.pdf": ("A form", None)})
    (content / "attachments" / "referrals").mkdir(parents=True)
    (content / "attachments" / "referrals" / "form.pdf").symlink_to(private)
    before = _snapshot(out)
    capsys.readouterr()
    assert main([str(content), str(out), "--as-of", DAY1]) == 1
    err = capsys.readouterr().err
    assert "attachments/referrals/form.pdf is a link" in err and "Traceback" not in err
    assert _snapshot(out) == before
    assert not any(b"not for publishing" in data for data in before.values())


def test_the_publishers_own_check_refuses_a_hurtful_name_whatever_it_is_given(tmp_path, signers):
    from reader.publish.repository import PublishError, publish
    from tests.publishing import edition

    files = edition()
    files["attachments/referrals/form.exe"] = EXECUTABLE
    with pytest.raises(PublishError, match="'attachments/referrals/form.exe' is not a file an edition may hold"):
        publish(files, tmp_path / "out", signers)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*"))
