"""Reading comfort: lines of 70-90 characters at any window width, headings that grow with the text."""

from __future__ import annotations

import statistics

import pytest
from PySide6.QtGui import QTextCursor

from reader.ui.reading_measure import MINIMUM_MARGIN, character_width


def line_lengths(browser) -> list[int]:
    """The characters in each full line of the chapter's paragraphs, as laid out (a paragraph's
    last line is as short as it happens to end, so it is left out)."""
    doc = browser.document()
    doc.documentLayout()  # laid out
    lengths = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        if block.blockFormat().headingLevel() == 0 and layout.lineCount() > 1:
            lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        block = block.next()
    return lengths


@pytest.mark.parametrize("width", [1100, 1600, 2400, 3200])
@pytest.mark.parametrize("size", [9, 11, 16])
def test_the_measure_stays_70_to_90_characters_as_the_window_widens(make_window, qtbot, width, size):
    window = make_window("walsall")
    window.resize(width, 800)
    window.set_text_size(size)
    window.open_chapter("referrals")
    qtbot.wait(30)
    browser = window.view.browser
    if browser.viewport().width() < 70 * character_width(browser) + 2 * MINIMUM_MARGIN:
        pytest.skip("narrower than 70 characters: the margins are at their least (the next test)")
    lengths = line_lengths(browser)
    assert len(lengths) > 20
    median = statistics.median(lengths)
    assert 70 <= median <= 90, f"lines of {median} characters at {width} px, {size} pt"
    assert max(lengths) <= 100
    # the margins grew, not the line: the text is in the middle of the view
    fmt = browser.document().rootFrame().frameFormat()
    assert fmt.leftMargin() == fmt.rightMargin() >= MINIMUM_MARGIN


def test_a_narrow_view_keeps_only_the_least_margin(make_window, qtbot):
    window = make_window("walsall")
    window.resize(700, 700)
    window.set_text_size(20)
    window.open_chapter("referrals")
    qtbot.wait(30)
    fmt = window.view.browser.document().rootFrame().frameFormat()
    assert fmt.leftMargin() == fmt.rightMargin() == MINIMUM_MARGIN


def test_the_measure_follows_a_resize_a_new_page_and_the_text_size(make_window, qtbot):
    window = make_window("walsall")
    window.resize(1800, 800)
    window.open_chapter("referrals")
    qtbot.wait(30)
    frame = window.view.browser.document().rootFrame

    def margin():
        return frame().frameFormat().leftMargin()

    wide = margin()
    window.resize(1300, 800)
    qtbot.waitUntil(lambda: margin() < wide, timeout=2000)
    narrower = margin()
    window.set_text_size(window.settings.text_size + 3)  # bigger letters: a wider line, so less margin
    assert margin() < narrower
    window.show_welcome()  # a new document: the measure kept
    assert margin() > MINIMUM_MARGIN


def _heading_size(browser, level: int) -> float:
    block = browser.document().begin()
    while block.isValid():
        if block.blockFormat().headingLevel() == level or (level == 1 and block.blockNumber() == 0):
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.NextCharacter)
            return cursor.charFormat().font().pointSizeF()
        block = block.next()
    raise AssertionError(f"no heading of level {level}")


def test_headings_grow_with_the_text_size(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.set_text_size(10)
    small_title, small_body = _heading_size(window.view.browser, 1), 10
    window.set_text_size(20)
    big_title = _heading_size(window.view.browser, 1)
    assert small_title > small_body and big_title > 20
    assert big_title / small_title == pytest.approx(2, rel=0.1)  # in step with the text


@pytest.mark.parametrize("theme_name", ["dark", "high-contrast", "light"])
def test_the_text_size_survives_a_change_of_theme(make_window, theme_name):
    window = make_window("walsall")
    window.apply_theme("dark" if theme_name == "light" else "light")
    window.set_text_size(16)
    window.open_chapter("referrals")
    window.apply_theme(theme_name)  # the application's new style sheet had put the chapter back at 9 pt
    assert window.view.browser.document().defaultFont().pointSize() == 16
    assert _heading_size(window.view.browser, 1) > 16
