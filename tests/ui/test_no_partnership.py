"""Before a partnership is chosen (the first-start chooser dismissed), and for a partnership
whose local procedures this edition does not hold (issue 16)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from reader.core import labels
from reader.ui.board_selector import BoardSelector


def level_c(window):
    group = window.contents.topLevelItem(2)
    return group, [group.child(j) for j in range(group.childCount())]


def test_no_partnership_lists_no_local_procedures_but_says_how_to_choose(make_window, qtbot, monkeypatch):
    window = make_window(None)
    group, children = level_c(window)
    assert group.text(0).startswith("Level C") and "(" not in group.text(0)
    assert [c.text(0) for c in children] == ["Choose your partnership (Ctrl+B)"]
    assert children[0].data(0, Qt.UserRole) is None  # not a chapter
    asked = []
    monkeypatch.setattr(BoardSelector, "exec", lambda self: asked.append(True) or 0)  # the chooser, dismissed
    window.contents.setCurrentItem(children[0])
    qtbot.keyClick(window.contents, Qt.Key_Return)
    assert asked == [True]


def test_shared_chapters_stay_listed_with_no_partnership(make_window):
    window = make_window(None)
    assert window.contents.topLevelItem(0).childCount() == 11


def test_a_partnership_with_no_local_procedures_is_said_plainly(make_window):
    window = make_window("birmingham")
    group, children = level_c(window)
    assert group.text(0) == "Level C · Birmingham local procedures (0)"
    assert [c.text(0) for c in children] == ["None in this edition"]
    assert children[0].toolTip(0) == labels.no_local_procedures("Birmingham") == \
        "This edition holds no local procedures for Birmingham"
    window.set_board("walsall")
    _, children = level_c(window)
    assert children and all(c.data(0, Qt.UserRole).startswith("walsall-") for c in children)


def test_the_chooser_preselects_nothing_so_enter_picks_nothing(qtbot, opened):
    dialog = BoardSelector(opened.manual.boards, None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen() is None and not dialog.list.selectedItems()
    assert not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    qtbot.keyClick(dialog.filter, Qt.Key_Return)
    assert dialog.isVisible() and dialog.result() == 0  # not accepted: Birmingham was not picked
    dialog.list.setFocus()  # Qt makes the first row current on focus, unselected: still no choice
    assert dialog.chosen() is None
    qtbot.keyClicks(dialog.filter, "dud")
    assert dialog.chosen() == "dudley" and dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    qtbot.keyClick(dialog.filter, Qt.Key_Return)
    assert dialog.result() == 1 and dialog.chosen() == "dudley"


def test_the_chooser_marks_the_partnership_already_chosen(qtbot, opened):
    dialog = BoardSelector(opened.manual.boards, "walsall")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == "walsall"
    dialog.filter.setText("nowhere")
    assert dialog.chosen() is None and not dialog.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dialog.filter.setText("")
    assert dialog.chosen() is None  # hidden, then unmarked: chosen again by hand
