"""The chapter text as assistive technology meets it (issue 17): a caret to read by, list
markers in the text, real headings, links said and followed, heading keys and the sections
list, and the opening of a chapter said. Checked through Qt's accessibility interface and
the keyboard, as a screen-reader user would meet them."""

import datetime as dt
import re

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAccessible, QColor, QKeySequence, QPalette, QTextCursor, QTextListFormat
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core import labels
from reader.ui import announce as announce_module
from reader.ui import chapter_document
from reader.ui.chapter_view import ChapterView
from reader.ui.focus_ring import WIDTH
from tests.ui.contrast import ratio

LADO = "walsall-lado"  # Walsall's: headings, a bulleted list and two e-mail links


@pytest.fixture
def heard(monkeypatch):
    """The announcements sent, as (text, assertive, sender)."""
    said = []

    def record(event):
        if event.type() == QAccessible.Event.Announcement:
            said.append((event.message(), event.politeness() == QAccessible.AnnouncementPoliteness.Assertive,
                         event.object()))

    monkeypatch.setattr(announce_module, "send", record)
    return said


def text_of(widget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget).textInterface()
    return iface.text(0, iface.characterCount())


def source_headings(chapter) -> list[str]:
    return [line.lstrip("#").strip() for line in chapter.current.body.splitlines() if line.startswith("#")]


def lado_window(make_window):
    window = make_window("walsall")
    window.open_chapter(LADO)
    return window


# -- (1) the caret ----------------------------------------------------------

def test_the_arrows_move_a_caret_that_assistive_technology_follows(make_window, qtbot):
    window = lado_window(make_window)
    browser = window.view.browser
    browser.setFocus()
    iface = QAccessible.queryAccessibleInterface(browser)
    assert iface.textInterface().cursorPosition() == 0
    qtbot.keyClick(browser, Qt.Key_Down)
    after_down = iface.textInterface().cursorPosition()
    assert after_down > 0  # a line down, not a scroll of a view with no caret
    qtbot.keyClick(browser, Qt.Key_Right)
    assert iface.textInterface().cursorPosition() == after_down + 1
    for _ in range(5):
        qtbot.keyClick(browser, Qt.Key_Right, Qt.ShiftModifier)
    assert iface.textInterface().selectionCount() == 1
    cursor = browser.textCursor()  # (PySide has no binding for the interface's selection(n))
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (after_down + 1, after_down + 6)
    assert cursor.selectedText() == text_of(browser)[after_down + 1:after_down + 6]


def test_the_text_stays_read_only_under_the_caret(make_window, qtbot):
    window = lado_window(make_window)
    browser = window.view.browser
    before = browser.toPlainText()
    browser.setFocus()
    qtbot.keyClick(browser, Qt.Key_Down)
    qtbot.keyClicks(browser, "xyz")
    qtbot.keyClick(browser, Qt.Key_Delete)
    qtbot.keyClick(browser, Qt.Key_Backspace)
    assert browser.toPlainText() == before
    state = QAccessible.queryAccessibleInterface(browser).state()
    assert state.readOnly and state.focusable and not state.editable


def test_tab_reaches_the_chapter_text_and_leaves_it_again(make_window, qtbot):
    window = lado_window(make_window)
    window.contents.setFocus()
    reached = []
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert window.view.browser in reached
    # Tab walks its links and then moves on: the text is no keyboard trap
    first = reached.index(window.view.browser)
    assert any(w is not window.view.browser for w in reached[first:])


def test_the_chapter_text_is_named_by_the_chapter_it_shows(make_window):
    window = lado_window(make_window)
    title = window.edition.manual.chapter(LADO).title
    assert QAccessible.queryAccessibleInterface(window.view.browser).text(QAccessible.Name) == f"Chapter text: {title}"
    window.show_welcome()
    assert QAccessible.queryAccessibleInterface(window.view.browser).text(QAccessible.Name) == "Chapter text"


@pytest.mark.parametrize("theme_name", ["light", "dark", "high-contrast"])
def test_a_focus_ring_shows_on_the_chapter_text_in_every_theme(make_window, qtbot, theme_name):
    window = lado_window(make_window)
    window.apply_theme(theme_name)
    ring = window.view.ring
    window.contents.setFocus()
    qtbot.waitUntil(lambda: not window.view.browser.hasFocus())
    unfocused = ring.grab().toImage()
    window.view.browser.setFocus()
    qtbot.waitUntil(window.view.browser.hasFocus)
    focused = ring.grab().toImage()
    highlight = QApplication.palette().color(QPalette.Highlight)
    background = window.palette().color(QPalette.Window)
    mid = QPoint(focused.width() // 2, WIDTH // 2)  # the middle of the ring's top edge

    def rgb(c: QColor):
        return c.red(), c.green(), c.blue()

    ring_colour = focused.pixelColor(mid)
    assert rgb(ring_colour) == rgb(highlight)
    assert rgb(unfocused.pixelColor(mid)) != rgb(highlight)  # drawn only while focused
    assert ratio(rgb(ring_colour), rgb(background)) >= 3.0  # measured from the pixels


# -- (2) markers, headings, links in the document --------------------------------

def test_list_items_carry_their_markers_in_the_text(make_window):
    window = lado_window(make_window)
    text = text_of(window.view.browser)
    items = [line[2:] for line in window.edition.manual.chapter(LADO).current.body.splitlines()
             if line.startswith("- ")]
    assert len(items) >= 4
    for item in items:
        assert f"\n• {item}" in text
    doc = window.view.browser.document()
    block = doc.begin()
    while block.isValid():  # and Qt no longer draws a marker beside them: it would show twice
        if block.textList() is not None:
            assert block.textList().format().style() == QTextListFormat.Style.ListStyleUndefined
        block = block.next()


def test_numbered_items_keep_their_numbers_and_nested_items_their_bullets(qtbot):
    view = ChapterView()
    qtbot.addWidget(view)
    view.show_message("<ol start='3'><li>three</li><li>four<ul><li>under four</li></ul></li></ol>"
                      "<ul><li>a</li></ul><p>after</p>")
    assert text_of(view.browser).split("\n") == ["3. three", "4. four", "• under four", "• a", "after"]


def test_the_marker_of_a_long_item_hangs_beside_its_wrapped_lines(qtbot):
    view = ChapterView()
    qtbot.addWidget(view)
    view.resize(300, 400)
    view.show_message("<ul><li>" + "word " * 60 + "</li></ul>")
    block = view.browser.document().begin()
    fmt = block.blockFormat()
    assert fmt.textIndent() < 0 and fmt.leftMargin() == -fmt.textIndent()


def test_the_chapter_headings_are_real_headings(make_window):
    window = lado_window(make_window)
    chapter = window.edition.manual.chapter(LADO)
    found = chapter_document.headings(window.view.browser.document())
    assert found[0] == chapter_document.Heading(1, chapter.title, 0)
    assert [h.text for h in found[1:]] == source_headings(chapter)
    assert {h.level for h in found[1:]} == {2}


def test_links_are_links_in_the_document(make_window):
    window = lado_window(make_window)
    doc = window.view.browser.document()
    at = doc.toPlainText().index("lado@walsall.gov.uk")
    link = chapter_document.link_at(doc, at + 3)
    assert link == chapter_document.Link("mailto:lado@walsall.gov.uk", "lado@walsall.gov.uk", at,
                                         at + len("lado@walsall.gov.uk"))
    assert chapter_document.link_at(doc, at - 2) is None


def test_a_link_split_by_formatting_is_one_link(qtbot):
    view = ChapterView()
    qtbot.addWidget(view)
    view.show_message("<p>see <a href='chapter:x'>the <b>referral</b> page</a> now</p>")
    link = chapter_document.link_at(view.browser.document(), 6)
    assert (link.href, link.text) == ("chapter:x", "the referral page")


# -- (4) the link under the caret ----------------------------------------------------

def test_the_link_under_the_caret_is_announced_once_and_enter_follows_it(make_window, qtbot, heard, monkeypatch):
    asked = []
    monkeypatch.setattr("reader.ui.chapter_view.QMessageBox.question",
                        lambda parent, title, text: asked.append(text) or QMessageBox.No)
    window = lado_window(make_window)
    browser = window.view.browser
    browser.setFocus()
    at = browser.toPlainText().index("lado@walsall.gov.uk")
    cursor = browser.textCursor()
    cursor.setPosition(at - 1)
    browser.setTextCursor(cursor)
    heard.clear()
    qtbot.keyClick(browser, Qt.Key_Right)  # onto the link
    qtbot.keyClick(browser, Qt.Key_Right)  # along it: not said again
    said = [text for text, _, who in heard if who is browser]
    assert said == ["Link: lado@walsall.gov.uk, leaves the reader for mailto:lado@walsall.gov.uk. Enter follows it."]
    qtbot.keyClick(browser, Qt.Key_Return)
    assert asked and "mailto:lado@walsall.gov.uk" in asked[0]  # followed as a click is: asked first


def test_enter_off_a_link_follows_nothing(make_window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr("reader.ui.chapter_view.QMessageBox.question", lambda *a: asked.append(a) or QMessageBox.No)
    window = lado_window(make_window)
    window.view.browser.setFocus()
    qtbot.keyClick(window.view.browser, Qt.Key_Down)
    qtbot.keyClick(window.view.browser, Qt.Key_Return)
    assert asked == [] and window.view.chapter_id == LADO


def test_a_chapter_link_under_the_caret_says_its_chapter_and_enter_opens_it(make_window, qtbot, heard):
    window = make_window("walsall")
    target = window.edition.manual.chapter("responding-to-concerns")
    window.view._manual = window.edition.manual
    window.view.show_message(f"<p>See <a href='chapter:{target.id}'>the concerns chapter</a>.</p>")
    window.view._manual = window.edition.manual  # show_message clears it; a chapter's own text keeps it
    browser = window.view.browser
    browser.setFocus()
    cursor = browser.textCursor()
    cursor.setPosition(6)
    browser.setTextCursor(cursor)
    assert heard[-1][0] == f"Link: the concerns chapter, opens the chapter “{target.title}”. Enter follows it."
    qtbot.keyClick(browser, Qt.Key_Return)
    assert window.view.chapter_id == target.id


def test_tab_to_a_link_announces_it_too(make_window, qtbot, heard):
    window = lado_window(make_window)
    browser = window.view.browser
    browser.setFocus()
    heard.clear()
    qtbot.keyClick(browser, Qt.Key_Tab)  # Qt selects the first link
    assert browser.textCursor().hasSelection()
    qtbot.waitUntil(lambda: any(who is browser for _, _, who in heard))
    assert [t for t, _, who in heard if who is browser][0].startswith("Link: Belinda.Crowshaw@walsall.gov.uk")


# -- (3) heading keys and the sections list --------------------------------------------

def test_the_heading_keys_move_the_caret_and_say_the_heading(make_window, qtbot, heard):
    window = lado_window(make_window)
    browser = window.view.browser
    browser.setFocus()
    names = source_headings(window.edition.manual.chapter(LADO))
    qtbot.keyClick(browser, Qt.Key_Down, Qt.ControlModifier)
    block = browser.textCursor().block()
    assert block.text() == names[0] and block.blockFormat().headingLevel() == 2
    assert browser.textCursor().position() == block.position()
    assert heard[-1][:2] == (f"Heading level 2: {names[0]}", False)
    qtbot.keyClick(browser, Qt.Key_Down, Qt.ControlModifier)
    assert browser.textCursor().block().text() == names[1]
    qtbot.keyClick(browser, Qt.Key_Up, Qt.ControlModifier)
    assert browser.textCursor().block().text() == names[0]
    # the heading is brought to the top of the pane
    top = browser.document().documentLayout().blockBoundingRect(browser.textCursor().block()).top()
    assert browser.verticalScrollBar().value() == min(int(top), browser.verticalScrollBar().maximum())


def test_past_the_last_heading_the_keys_say_so(make_window, qtbot):
    window = lado_window(make_window)
    browser = window.view.browser
    browser.setFocus()
    browser.moveCursor(QTextCursor.End)
    with qtbot.waitSignal(window.messages.said) as said:
        qtbot.keyClick(browser, Qt.Key_Down, Qt.ControlModifier)
    assert said.args == ["info", "No further heading in this chapter."]
    browser.moveCursor(QTextCursor.Start)
    with qtbot.waitSignal(window.messages.said) as said:
        qtbot.keyClick(browser, Qt.Key_Up, Qt.ControlModifier)
    assert said.args == ["info", "No earlier heading in this chapter."]


def test_the_heading_keys_and_sections_are_in_the_go_menu_with_their_keys(make_window):
    window = make_window("walsall")
    go = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Go")
    entries = {a.text().replace("&", ""): a.shortcut().toString() for a in go.actions() if not a.isSeparator()}
    assert entries["Next heading"] == "Ctrl+Down"
    assert entries["Previous heading"] == "Ctrl+Up"
    assert entries["Sections of this chapter…"] == "Ctrl+Shift+O"
    taken = [k.toString() for a in window.findChildren(type(go.actions()[0])) for k in a.shortcuts()
             if a not in window.headings.actions]
    assert not {"Ctrl+Down", "Ctrl+Up", "Ctrl+Shift+O"} & set(taken)  # no key does two things


def test_the_sections_list_goes_to_the_heading_chosen_with_enter(make_window, qtbot, heard):
    window = lado_window(make_window)
    chapter = window.edition.manual.chapter(LADO)
    names = source_headings(chapter)
    qtbot.keyClick(window, Qt.Key_O, Qt.ControlModifier | Qt.ShiftModifier)
    dialog = window.headings.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == f"Sections: {chapter.title}"
    rows = [dialog.list.item(i) for i in range(dialog.list.count())]
    assert [r.text().strip() for r in rows] == [chapter.title, *names]
    assert rows[2].data(Qt.AccessibleTextRole) == f"{names[1]}, heading level 2"
    qtbot.waitUntil(dialog.list.hasFocus)
    qtbot.keyClick(dialog.list, Qt.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key_Return)
    assert not dialog.isVisible()
    browser = window.view.browser
    assert browser.textCursor().block().text() == names[1]
    assert window.focusWidget() is browser  # the window's focus, as its own again once it is active
    assert heard[-1][0] == f"Heading level 2: {names[1]}"


def test_the_sections_list_opens_at_the_section_being_read_and_esc_returns_to_the_text(make_window, qtbot):
    window = lado_window(make_window)
    window.view.browser.setFocus()
    window.headings.go()
    window.headings.go()
    qtbot.keyClick(window.view.browser, Qt.Key_Down)  # into the section's text
    window.headings.sections_action.trigger()
    dialog = window.headings.dialog
    assert dialog.list.currentRow() == 2
    qtbot.waitUntil(dialog.list.hasFocus)
    qtbot.keyClick(dialog.list, Qt.Key_Escape)
    assert not dialog.isVisible()
    assert window.focusWidget() is window.view.browser


def test_a_page_without_headings_says_so(make_window, qtbot):
    window = make_window("walsall")
    window.view.show_message("<p>Nothing here.</p>")
    with qtbot.waitSignal(window.messages.said) as said:
        window.headings.sections_action.trigger()
    assert said.args == ["info", "This chapter has no headings."]
    assert window.headings.dialog is None


# -- (5) opening a chapter is said -------------------------------------------------

def test_opening_a_chapter_says_its_title_and_wording_date(make_window, heard):
    window = make_window("walsall")
    chapter = window.edition.manual.chapter(LADO)
    heard.clear()
    window.open_chapter(LADO)
    said = [(t, urgent) for t, urgent, who in heard if who is window.view.browser]
    assert said == [(f"{chapter.title}: {labels.wording_date(chapter.current)}.", False)]


def test_opening_an_earlier_wording_says_it_is_not_current_assertively(make_window, heard):
    window = make_window("walsall")
    chapter = window.edition.manual.chapter("responding-to-concerns")
    day = chapter.wordings[0].in_force_from
    heard.clear()
    window.tools.show_wording_on(chapter.id, day)
    text, urgent = [(t, u) for t, u, who in heard if who is window.view.browser][-1]
    assert urgent
    assert text.startswith(f"{chapter.title}: {labels.wording_date(chapter.wordings[0])}.")
    assert labels.not_current_stamp(day) in text


def test_another_partnerships_chapter_is_said_to_be_so(make_window, heard):
    window = make_window("dudley")
    chapter = window.edition.manual.chapter(LADO)
    heard.clear()
    window.view.show_chapter(window.edition.manual, chapter, "", chosen="dudley")
    text, urgent = [(t, u) for t, u, who in heard if who is window.view.browser][-1]
    assert urgent and "Not your partnership." in text
    assert labels.other_partnership(window.edition.manual, chapter, "dudley") in text


def test_the_same_chapter_shown_again_is_not_said_again(make_window, heard):
    window = make_window("walsall")
    window.open_chapter(LADO)
    heard.clear()
    window.apply_theme("dark")  # the chapter is shown afresh in the new colours: the same words
    assert [t for t, _, who in heard if who is window.view.browser] == []
    window.show_welcome()
    window.open_chapter(LADO)  # opened again after something else: said again
    assert len([t for t, _, who in heard if who is window.view.browser]) == 1


def test_following_the_provenance_link_leaves_the_caret_on_the_capture_line(make_window):
    from reader.ui.chapter_view import PROVENANCE_LINK

    window = lado_window(make_window)
    window.view.activate_link(QUrl(PROVENANCE_LINK))
    wording = window.edition.manual.chapter(LADO).current
    cursor = window.view.browser.textCursor()
    assert cursor.block().text() == labels.provenance(wording)
    assert cursor.position() == cursor.block().position()  # at its start: read from its first word
