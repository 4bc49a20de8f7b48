"""`reader show` lists a chapter's documents and forms in the window's words, in each format."""

import pytest

from reader import cli
from reader.core.editions.sync import sync
from reader.publish.edition import edition_files
from tests.documents import content_copy, declare, pdf, xlsx
from tests.publishing import NEW_DAY, make_laptop


@pytest.fixture
def data_dir(tmp_path, publisher):
    content = content_copy(tmp_path)
    publisher.publish(edition_files(content, NEW_DAY), minutes=-10)
    library = make_laptop(publisher.repo, tmp_path)
    declare(content, "walsall-marac", {"marac-referral-form.pdf": ("MARAC referral form", pdf()),
                                       "marac-dates-2026.xlsx": ("MARAC meeting dates 2026", xlsx())})
    publisher.publish(edition_files(content, NEW_DAY))
    sync(library, str(publisher.repo))  # a folder holding the repository, as a USB stick would
    return library.data_dir


@pytest.mark.parametrize("form, heading, item", [
    ("text", "Documents and forms:\n", "  MARAC referral form (marac-referral-form.pdf, PDF document, "),
    ("markdown", "## Documents and forms\n", "- MARAC meeting dates 2026 (marac-dates-2026.xlsx, Excel workbook, "),
    ("html", "<h2>Documents and forms</h2>", "<li>MARAC referral form (marac-referral-form.pdf, PDF document, "),
])
def test_show_lists_the_documents(data_dir, capsys, form, heading, item):
    assert cli.main(["--data-dir", str(data_dir), "show", "walsall-marac", "--format", form]) == 0
    out = capsys.readouterr().out
    assert heading in out and item in out


def test_a_chapter_without_documents_says_nothing_of_them(data_dir, capsys):
    assert cli.main(["--data-dir", str(data_dir), "show", "referrals"]) == 0
    assert "Documents and forms" not in capsys.readouterr().out
