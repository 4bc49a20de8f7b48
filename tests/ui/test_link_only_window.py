"""A link-only local chapter in the window: marked in the contents (visibly and to assistive
technology) and carrying its editorial note apart from the text, on screen and on paper."""

from PySide6.QtCore import Qt

from reader.core import labels


def contents_item(window, chapter_id):
    group = window.contents.topLevelItem(2)  # Level C
    for i in range(group.childCount()):
        if group.child(i).data(0, Qt.UserRole) == chapter_id:
            return group.child(i)
    raise AssertionError(f"{chapter_id} not in the contents")


def test_link_only_chapters_are_marked_in_the_contents(make_window):
    window = make_window(board="walsall")
    manual = window.edition.manual
    for chapter in manual.chapters_for("walsall", level="C"):
        item = contents_item(window, chapter.id)
        spoken = item.data(0, Qt.AccessibleTextRole)
        if chapter.link_only:
            assert item.text(0) == f"[{labels.LINK_ONLY_MARK}] {chapter.title}"  # first: never cut off
            assert "the document itself is not in this edition" in spoken
            assert "not in this edition" in item.toolTip(0)
        else:
            assert item.text(0) == chapter.title and spoken == chapter.title
    assert manual.chapter("walsall-core-group-guidelines").link_only
    assert not manual.chapter("walsall-lado").link_only


def test_the_note_is_shown_and_printed_before_the_text(make_window):
    window = make_window(board="walsall")
    window.open_chapter("walsall-core-group-guidelines")
    shown = window.view.browser.toPlainText()
    note = labels.editors_note(window.edition.manual.chapter("walsall-core-group-guidelines"))
    assert note in shown and shown.index(note) < shown.index("Click here for best practice guidelines.")
    printed = window.view.html  # what Print and Export PDF lay out
    assert '<p class="note">Editors&#x27; note: Not in this edition' in printed
