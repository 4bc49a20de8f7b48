"""Documents and forms in the window: listed in the chapter, opened by keyboard or link from a checked copy, printed as a list."""

import datetime as dt
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QUrl, Qt

from reader.core.editions.private_copy import COPIES
from reader.publish.edition import edition_files
from tests.documents import content_copy, declare, docx, pdf
from tests.publishing import NEW_DAY, Publisher, make_laptop

FORM = pdf("MARAC referral form, version 3")
CHECKLIST = docx("Risk identification checklist")


class Desktop:
    """QDesktopServices as the test sees it: what it was asked to open, and whether a viewer exists."""

    def __init__(self, answer=True):
        self.opened, self.answer = [], answer

    def openUrl(self, url):  # noqa: N802 - Qt's name
        self.opened.append((url, Path(url.toLocalFile()).read_bytes()))
        return self.answer


@pytest.fixture
def desktop(monkeypatch):
    fake = Desktop()
    monkeypatch.setattr("reader.ui.documents.QDesktopServices", fake)
    return fake


@pytest.fixture
def window(tmp_path, qtbot):
    from reader.ui.app import build_window

    content = declare(content_copy(tmp_path), "walsall-marac", {
        "marac-referral-form.pdf": ("MARAC referral form", FORM),
        "risk-checklist.docx": ("Risk identification checklist", CHECKLIST),
    })
    publisher = Publisher(tmp_path / "repo")
    publisher.publish(edition_files(content, NEW_DAY))
    library = make_laptop(publisher.repo, tmp_path)
    window = build_window(library.open(), tmp_path / "data", board="walsall", today=lambda: dt.date(2026, 11, 23),
                          library=library)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    window.windowHandle().requestActivate()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    return window


def test_the_chapter_lists_its_documents_and_a_link_opens_a_checked_copy(window, desktop):
    window.open_chapter("walsall-marac")
    text = window.view.browser.toPlainText()
    assert "Documents and forms" in text
    assert f"MARAC referral form (marac-referral-form.pdf, PDF document, {len(FORM)} bytes)" in text
    assert "(risk-checklist.docx, Word document" in text  # "identification" comes back with an fi ligature
    assert 'href="attachment:marac-referral-form.pdf"' in window.view.browser.toHtml()
    window.view.activate_link(QUrl("attachment:marac-referral-form.pdf"))
    [(url, data)] = desktop.opened
    assert url.isLocalFile() and data == FORM  # the signed bytes
    assert url.toLocalFile().startswith(str(window.edition.data_dir / COPIES))
    assert not url.toLocalFile().startswith(str(window.edition.path))  # never the edition's own file
    assert window.messages.last == ("info", "Opened MARAC referral form (PDF document) in your computer's viewer: "
                                            "a copy, checked against the signed edition.")


def test_documents_and_forms_is_in_the_chapter_menu_and_works_by_keyboard(window, desktop, qtbot):
    chapter_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Chapter")
    assert window.documents.action in chapter_menu.actions()
    window.open_chapter("referrals")
    assert not window.documents.action.isEnabled()  # a chapter with none
    window.open_chapter("walsall-marac")
    assert window.documents.action.isEnabled()
    qtbot.keyClick(window, Qt.Key_D, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = window.documents.dialog
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert dialog.windowTitle() == "Documents and forms: West Midlands MARAC Operating Protocol 2019"
    assert [r.cells[:3] for r in dialog.visible_rows()] == [
        ("MARAC referral form", "marac-referral-form.pdf", "PDF document"),
        ("Risk identification checklist", "risk-checklist.docx", "Word document")]
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    qtbot.keyClick(dialog.table, Qt.Key_Return)
    assert [data for _, data in desktop.opened] == [CHECKLIST]


def test_a_document_changed_on_disk_since_the_start_is_not_opened(window, desktop, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    window.open_chapter("walsall-marac")
    place = window.edition.path / "attachments" / "walsall-marac" / "marac-referral-form.pdf"
    place.write_bytes(FORM.replace(b"version 3", b"version 9"))
    window.view.activate_link(QUrl("attachment:marac-referral-form.pdf"))
    assert not desktop.opened
    assert shown and shown[0].startswith("MARAC referral form was not opened: attachments/walsall-marac/"
                                         "marac-referral-form.pdf has changed on this computer")


def test_no_viewer_for_the_kind_says_where_the_copy_is(window, desktop, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    desktop.answer = False
    window.open_chapter("walsall-marac")
    window.view.activate_link(QUrl("attachment:risk-checklist.docx"))
    level, text = window.messages.last
    assert level == "error" and shown == [text]  # in a dialog: the path is read whole
    assert text.startswith("No program on this computer opens a Word document: the checked copy")
    assert text.endswith("risk-checklist.docx.")


def test_a_made_up_document_link_opens_nothing(window, desktop):
    window.open_chapter("walsall-marac")
    window.view.activate_link(QUrl("attachment:../../../etc/passwd"))
    assert not desktop.opened and window.messages.last[0] == "warning"


def test_print_and_pdf_carry_the_list(window, tmp_path):
    window.open_chapter("walsall-marac")
    out = window.tools.export_pdf(tmp_path / "marac.pdf")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(str(out)).pages)
    assert "Documents and forms" in text
    assert "MARAC referral form (marac-referral-form.pdf, PDF document" in text
    assert "(risk-checklist.docx, Word document" in text  # "identification" comes back with an fi ligature
    assert "in the reader, not printed here" in text
    assert "attachment:" not in window.view.html  # paper has no links
