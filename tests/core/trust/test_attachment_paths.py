"""The edition layout's attachments/ folder: the one place an attachment's name is allowed."""

import pytest

from reader.core.trust.layout import ATTACHMENT_TYPES, attachment_of, attachment_path, is_edition_path


@pytest.mark.parametrize("path", [
    "attachments/walsall-marac/marac-referral-form.pdf",
    "attachments/dudley-bruising-protocol/bruising-protocol-2023.docx",
    "attachments/referrals/threshold-table.xlsx",
    "attachments/referrals/body-map.png",
    "attachments/referrals/body-map.jpg",
    "attachments/referrals/body-map.jpeg",
    "attachments/referrals/com10.pdf",  # only com0-com9 are Windows devices
])
def test_a_document_of_a_chapter_may_be_held(path):
    assert is_edition_path(path)
    assert attachment_of(path) == path.split("/")[1]


@pytest.mark.parametrize("path", [
    "attachments/referrals/../../../.bashrc",  # out of the edition
    "attachments/../chapters/referrals.pdf",
    "/attachments/referrals/form.pdf",
    "attachments\\referrals\\form.pdf",
    "attachments/referrals/sub/form.pdf",  # one folder per chapter, nothing deeper
    "attachments/form.pdf",
    "attachments/referrals/form.exe",  # programs, scripts, shortcuts, macro files
    "attachments/referrals/form.pdf.exe",
    "attachments/referrals/form.bat",
    "attachments/referrals/form.lnk",
    "attachments/referrals/form.desktop",
    "attachments/referrals/form.docm",
    "attachments/referrals/form.xlsm",
    "attachments/referrals/form.html",
    "attachments/referrals/form.svg",
    "attachments/referrals/Form.pdf",  # one file with form.pdf on Windows and macOS
    "attachments/referrals/form.PDF",
    "attachments/referrals/form one.pdf",
    "attachments/referrals/.pdf",
    "attachments/referrals/form.",
    "attachments/referrals/form.pdf.",
    "attachments/referrals/con.pdf",  # Windows device names, whatever the ending
    "attachments/referrals/nul.docx",
    "attachments/referrals/com1.png",
    "attachments/referrals/lpt9.xlsx",
    "attachments/Referrals/form.pdf",
    "attachments/referrals/f\u043erm.pdf",  # a Cyrillic o
    "attachments/referrals/" + "a" * 200 + ".pdf",
])
def test_a_name_that_could_hurt_is_not_a_file_an_edition_may_hold(path):
    assert not is_edition_path(path)
    assert attachment_of(path) is None


def test_the_path_is_made_where_the_layout_allows_it():
    assert attachment_path("walsall-marac", "form.pdf") == "attachments/walsall-marac/form.pdf"
    assert set(ATTACHMENT_TYPES) == {"pdf", "docx", "xlsx", "png", "jpg", "jpeg"}
