"""A chapter is never presented under a partnership it does not belong to (issue 16).

Walsall's LADO page shown, printed or stamped "Partnership: Dudley" would send a
practitioner to the wrong designated officer: history, the contents, print and PDF
are checked across a change of partnership, driven by the keys a practitioner uses.
"""

import pypdf
from PySide6.QtCore import Qt


def pdf_pages(path):
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]


def test_back_skips_the_other_partnerships_chapter_after_a_change(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.open_chapter("walsall-lado")
    window.open_chapter("introduction")
    window.set_board("dudley")
    qtbot.keyClick(window, Qt.Key_Left, Qt.AltModifier)
    assert window.view.chapter_id == "referrals"  # walsall-lado passed over
    assert "Allegations against staff" not in window.view.browser.toPlainText()
    assert not window.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key_Right, Qt.AltModifier)
    assert window.view.chapter_id == "introduction"
    assert not window.forward_action.isEnabled()


def test_back_is_disabled_when_only_the_other_partnerships_chapters_are_behind(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    window.open_chapter("introduction")
    window.set_board("dudley")
    assert not window.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key_Left, Qt.AltModifier)
    assert window.view.chapter_id == "introduction"
    window.set_board("walsall")  # its own partnership again: history may go there once more
    assert window.back_action.isEnabled()
    qtbot.keyClick(window, Qt.Key_Left, Qt.AltModifier)
    assert window.view.chapter_id == "walsall-lado"


def test_changing_partnership_hides_the_open_chapter_with_its_title_why_and_a_way_on(make_window):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    window.set_board("dudley")
    shown = " ".join(window.view.browser.toPlainText().split())
    assert window.view.chapter_id is None
    assert "“Allegations against staff / LADO” is Walsall's local procedure, not Dudley's" in shown
    assert "Ctrl+K" in shown and "choose Walsall again (Ctrl+B)" in shown
    assert "01922 652322" not in shown  # none of its text


def test_the_contents_drop_a_stale_selection(make_window):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.open_chapter("walsall-lado")
    window.set_board("dudley")
    assert window.contents.currentItem() is None and not window.contents.selectedItems()
    window.open_chapter("referrals")
    assert window.contents.currentItem().data(0, Qt.UserRole) == "referrals"
    window.set_board("walsall")  # a shared chapter stays open and selected across the change
    assert window.view.chapter_id == "referrals"
    assert window.contents.currentItem().data(0, Qt.UserRole) == "referrals"


def test_opening_a_chapter_absent_from_the_contents_selects_nothing(make_window):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.open_chapter("dudley-bruising-protocol")  # e.g. from a bookmark made under Dudley
    assert window.contents.currentItem() is None


def test_another_partnerships_chapter_opened_from_elsewhere_is_flagged(make_window):
    window = make_window("dudley")
    window.open_chapter("walsall-lado")  # a bookmark made under Walsall, a link
    text = window.view.browser.toPlainText()
    assert "NOT YOUR PARTNERSHIP. “Allegations against staff / LADO” is Walsall's local procedure, not Dudley's" in text
    window.open_chapter("introduction")
    assert "NOT YOUR PARTNERSHIP" not in window.view.browser.toPlainText()


def test_export_and_print_refuse_another_partnerships_chapter(make_window, tmp_path, monkeypatch):
    import PySide6.QtPrintSupport as print_support

    asked = []
    monkeypatch.setattr(print_support, "QPrintDialog", lambda *a: asked.append(a))
    window = make_window("dudley")
    window.open_chapter("walsall-lado")
    assert window.tools.export_pdf(tmp_path / "x.pdf") is None
    assert not (tmp_path / "x.pdf").exists()
    level, text = window.messages.last
    assert level == "warning" and text.startswith("Not exported: “Allegations against staff / LADO” is Walsall's")
    assert "choose Walsall as your partnership (Ctrl+B)" in text
    window.tools.print_chapter()
    assert not asked and window.messages.last[1].startswith("Not printed:")


def test_a_shared_chapter_is_stamped_with_its_own_scope(make_window, tmp_path):
    window = make_window("dudley")
    window.open_chapter("introduction")
    pages = pdf_pages(window.tools.export_pdf(tmp_path / "intro.pdf"))
    assert pages and all("Partnership: All partnerships" in p for p in pages)
    assert not any("Partnership: Dudley" in p for p in pages)


def test_a_local_chapter_is_stamped_with_its_partnership_even_with_none_chosen(make_window, tmp_path):
    window = make_window(None)
    window.open_chapter("walsall-lado")
    pages = pdf_pages(window.tools.export_pdf(tmp_path / "lado.pdf"))
    assert pages and all("Partnership: Walsall" in p for p in pages)
