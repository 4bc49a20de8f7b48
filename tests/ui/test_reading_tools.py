"""The reading tools, driven in the real window offscreen."""

import datetime as dt

import pypdf
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from reader.core.bookmarks import Bookmarks
from reader.ui.printing import UNCONTROLLED


def activate(dialog, predicate):
    """Activate (Enter) the first visible row matching `predicate`."""
    table = dialog.table
    for i in range(table.topLevelItemCount()):
        item = table.topLevelItem(i)
        if not item.isHidden() and predicate(dialog.rows[item.data(0, Qt.UserRole)]):
            table.setCurrentItem(item)
            table.itemActivated.emit(item, 0)
            return dialog.rows[item.data(0, Qt.UserRole)]
    raise AssertionError("no such row")


def selected_text(window):
    return window.view.browser.textCursor().selectedText()


def test_bookmark_with_the_keyboard_list_open_and_remove(make_window, qtbot):
    window = make_window("walsall")
    assert not window.tools.bookmark_action.isEnabled()  # nothing open yet
    window.open_chapter("walsall-lado")
    QTest.keyClick(window, Qt.Key_D, Qt.ControlModifier)
    assert window.tools.bookmark_action.isChecked() and window.tools.bookmark_action.text() == "Bookmarked"
    assert [b.chapter for b in Bookmarks.load(window.data_dir)[0].items] == ["walsall-lado"]
    window.open_chapter("referrals")
    assert not window.tools.bookmark_action.isChecked()
    QTest.keyClick(window, Qt.Key_B, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = window.tools.dialogs["bookmarks"]
    assert dialog.isVisible() and [r.cells[0] for r in dialog.visible_rows()] == ["Allegations against staff / LADO"]
    activate(dialog, lambda r: True)
    assert window.view.chapter_id == "walsall-lado"
    dialog.remove_button.click()
    assert dialog.visible_rows() == [] and "No bookmarks yet" in dialog.count.text()
    assert Bookmarks.load(window.data_dir)[0].items == []


def test_contacts_one_keystroke_away_and_each_leads_to_its_place(make_window, qtbot):
    window = make_window("walsall")
    QTest.keyClick(window, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = window.tools.dialogs["contacts"]
    assert dialog.isVisible() and "Walsall" in dialog.windowTitle()
    values = [r.cells[1] for r in dialog.visible_rows()]
    assert "01922 652322" in values and "lado@walsall.gov.uk" in values
    qtbot.keyClicks(dialog.filter, "email additional")
    assert [r.cells[1] for r in dialog.visible_rows()] == ["lado@walsall.gov.uk"]
    dialog.filter.clear()
    activate(dialog, lambda r: r.cells[1] == "0300 555 2922")
    assert window.view.chapter_id == "walsall-mash" and selected_text(window) == "0300 555 2922"
    # changing the partnership changes the contacts at once
    window.set_board("dudley")
    assert "Dudley" in dialog.windowTitle() and dialog.visible_rows() == []
    assert "give no telephone numbers" in dialog.count.text()
    window.set_board("warwickshire")
    assert "amritasharma@warwickshire.gov.uk" in [r.cells[1] for r in dialog.visible_rows()]


def test_register_filters_by_dates_board_and_chapter(make_window):
    window = make_window("walsall")
    window.tools.show_register()
    dialog = window.tools.dialogs["register"]
    manual = window.edition.manual
    rows = dialog.visible_rows()
    assert len(rows) == len(manual.amendments(board="walsall"))
    assert [r.cells[0] for r in rows] == sorted((r.cells[0] for r in rows), reverse=True)  # newest first
    dialog.from_enabled.setChecked(True)
    dialog.from_date.setDate(dt.date(2019, 9, 1))
    dialog.to_enabled.setChecked(True)
    dialog.to_date.setDate(dt.date(2019, 9, 30))
    assert {r.cells[0] for r in dialog.visible_rows()} == {"2019-09-02"}
    dialog.from_enabled.setChecked(False)
    dialog.to_enabled.setChecked(False)
    dialog.chapter_box.setCurrentIndex(dialog.chapter_box.findData("introduction"))
    rows = dialog.visible_rows()
    assert rows and {r.chapter for r in rows} == {"introduction"}
    activate(dialog, lambda r: True)
    assert window.view.chapter_id == "introduction"


def test_glossary_lists_the_manuals_own_abbreviations_linked_to_their_definition(make_window):
    window = make_window("walsall")
    window.tools.show_glossary()
    dialog = window.tools.dialogs["glossary"]
    rows = {r.cells[0]: r for r in dialog.visible_rows()}
    assert rows["LADO"].cells[1] == "Local Authority Designated Officer"
    activate(dialog, lambda r: r.cells[0] == "LADO")
    assert window.view.chapter_id == rows["LADO"].chapter and selected_text(window) == "(LADO)"
    window.set_board("dudley")  # a Walsall-only definition is not Dudley's glossary
    assert all(window.edition.manual.chapter(r.chapter).scope in ("shared", "dudley") for r in dialog.visible_rows())


def test_wording_in_force_on_a_date_is_marked_not_current(make_window):
    window = make_window("walsall")
    window.open_chapter("introduction")
    QTest.keyClick(window, Qt.Key_H, Qt.ControlModifier)
    dialog = window.tools.dialogs["history"]
    assert [r.cells[0] for r in dialog.visible_rows()] == ["2019-04-26 (current)", "2017-07-04"]
    dialog.date.setText("2018-01-01")
    dialog.show_button.click()
    text = window.view.browser.toPlainText()
    assert "NOT THE CURRENT WORDING" in text and "in force on 2018-01-01" in text
    assert "March 2015" in text and "July 2018" not in text
    assert window.view.shown_on == dt.date(2018, 1, 1)
    assert not window.tools.show_wording_on("introduction", dt.date(2010, 1, 1))
    assert "No wording of this chapter is known" in window.statusBar().currentMessage()
    dialog.current_button.click()
    text = window.view.browser.toPlainText()
    assert "NOT THE CURRENT WORDING" not in text and "July 2018" in text


def pdf_pages(path):
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]


def test_export_pdf_is_stamped_on_every_page(make_window, tmp_path):
    window = make_window("walsall", today=lambda: dt.date(2026, 11, 23))
    window.open_chapter("responding-to-concerns")
    out = window.tools.export_pdf(tmp_path / "chapter.pdf")
    pages = pdf_pages(out)
    assert len(pages) > 1
    for n, page in enumerate(pages, 1):
        assert f"Edition published {window.edition.as_of}" in page
        assert "Partnership: All partnerships" in page and "Printed 2026-11-23" in page  # a shared chapter
        assert UNCONTROLLED in page and f"Page {n} of {len(pages)}" in page
    assert "Responding to concerns about a child" in pages[0]
    assert not list(tmp_path.glob(".*partial"))


def test_export_of_an_earlier_wording_says_so_on_every_page(make_window, tmp_path):
    window = make_window("walsall")
    window.open_chapter("introduction")
    window.tools.show_wording_on("introduction", dt.date(2018, 1, 1))
    for page in pdf_pages(window.tools.export_pdf(tmp_path / "old.pdf")):
        assert "Wording in force on 2018-01-01, NOT CURRENT" in page


def test_export_to_an_unwritable_place_says_why(make_window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append(message))
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    assert window.tools.export_pdf(tmp_path / "no-such-folder" / "x.pdf") is None
    assert shown and "No such file or directory" in shown[0]


def test_ctrl_p_prints_the_stamped_chapter(make_window, tmp_path, monkeypatch):
    import PySide6.QtPrintSupport as print_support

    target = tmp_path / "printed.pdf"

    class Dialog:  # the system print dialog, answered "Print" to a PDF printer
        Accepted = 1

        def __init__(self, printer, parent):
            printer.setOutputFormat(print_support.QPrinter.PdfFormat)
            printer.setOutputFileName(str(target))

        def exec(self):
            return self.Accepted

    monkeypatch.setattr(print_support, "QPrintDialog", Dialog)
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    QTest.keyClick(window, Qt.Key_P, Qt.ControlModifier)
    pages = pdf_pages(target)
    assert pages and all(UNCONTROLLED in p and "Partnership: Walsall" in p for p in pages)
    assert "Sent" in window.statusBar().currentMessage()


def test_the_tools_touch_only_what_their_host_declares(make_window):
    import ast
    import inspect

    from reader.ui import reading_tools
    from reader.ui.reading_tools import Host

    def reads_of(name):  # every self.<name>.<attr>, or <name>.<attr>, in the module
        def is_it(value):
            return (isinstance(value, ast.Name) and value.id == name) or (
                isinstance(value, ast.Attribute) and value.attr == name
                and isinstance(value.value, ast.Name) and value.value.id == "self")

        tree = ast.parse(inspect.getsource(reading_tools))
        return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute) and is_it(node.value)}

    declared = set(Host.__annotations__) | {n for n, v in vars(Host).items() if callable(v) and not n.startswith("_")}
    assert {"edition", "settings", "data_dir", "view", "messages", "sync_service", "today", "open_chapter"} == declared
    assert reads_of("host") == declared  # each declared thing is used, and nothing undeclared is
    assert reads_of("parent") == set()  # the window as Qt parent of actions and dialogs, never reached through
    window = make_window("walsall")
    assert isinstance(window, Host) and window.tools.host is window


def test_the_window_lays_the_tools_out_in_its_menus_and_toolbar(make_window):
    window = make_window("walsall")
    menus = {a.text(): a.menu().actions() for a in window.menuBar().actions()}
    assert menus["&Chapter"] == [*window.tools.chapter_actions, window.documents.action]  # documents.py's, last
    assert menus["&Go"][:2] == [window.back_action, window.forward_action]
    assert menus["&Go"][2:6] == window.tools.go_actions
    bar = window.toolbar.actions()
    anchor = bar.index(window.tools_anchor)
    assert bar[anchor - 3:anchor] == window.tools.toolbar_actions


def test_pages_after_the_first_carry_the_chapter_title_and_wording_date(make_window, tmp_path):
    """A loose page 2 must be traceable to its chapter and wording."""
    window = make_window("walsall")
    window.open_chapter("responding-to-concerns")
    chapter = window.edition.manual.chapter("responding-to-concerns")
    pages = pdf_pages(window.tools.export_pdf(tmp_path / "chapter.pdf"))
    head = f"{chapter.title} · wording in force from {chapter.current.valid_from.isoformat()} (its amendment's date)"
    assert len(pages) > 1 and all(head in page for page in pages[1:])
    earlier = chapter.wordings[0]
    window.tools.show_wording_on("responding-to-concerns", earlier.in_force_from)
    pages = pdf_pages(window.tools.export_pdf(tmp_path / "earlier.pdf"))
    assert len(pages) > 1
    assert all(f"wording in force from {earlier.valid_from.isoformat()}" in page and "NOT CURRENT" in page
               for page in pages[1:])
