"""Focus rings, field edges and placeholders measured from rendered pixels in every theme (issue 17)."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.ui.contrast import edge_contrast, ratio, text_contrast, widget_rect

THEMES = ["light", "dark", "high-contrast"]


def themed(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.resize(1600, 720)  # the whole toolbar shown
    window.apply_theme(theme_name)
    window.open_chapter("walsall-lado")
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        window.search_box.setText("LADO")
    return window


def ring(qtbot, widget, window):
    widget.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)
    qtbot.wait(30)
    view = getattr(window, "view", None)  # the chapter's ring is its holder's
    drawn_by = view.ring if view is not None and widget is view.browser else widget
    return edge_contrast(window.grab().toImage(), widget_rect(drawn_by, window))


def focused(window):
    return {
        "chapter text": window.view.browser,
        "partnership button": window.board_button,
        "results list": window.search_panel.list,
        "search box": window.search_box,
        "theme box": window.theme_box,
        "toolbar button": window.toolbar.widgetForAction(window.tools.contacts_action),
    }


@pytest.mark.parametrize("theme_name", THEMES)
def test_every_focus_ring_stands_out_three_to_one(make_window, qtbot, theme_name):
    window = themed(make_window, qtbot, theme_name)
    for name, widget in focused(window).items():
        contrast, colour = ring(qtbot, widget, window)
        assert contrast >= 3, f"{theme_name}, {name}: focus ring {colour} at {contrast:.2f}:1"


@pytest.mark.parametrize("theme_name", THEMES)
def test_the_contents_tree_has_a_focus_ring(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.apply_theme(theme_name)
    contrast, colour = ring(qtbot, window.contents, window)
    assert contrast >= 3, f"{theme_name}: contents focus ring {colour} at {contrast:.2f}:1"


@pytest.mark.parametrize("theme_name", THEMES)
def test_text_fields_have_a_visible_boundary_unfocused(make_window, qtbot, theme_name):
    window = themed(make_window, qtbot, theme_name)
    window.view.browser.setFocus()
    qtbot.wait(30)
    image = window.grab().toImage()
    for name, field in (("search box", window.search_box), ("theme box", window.theme_box)):
        contrast, colour = edge_contrast(image, widget_rect(field, window))
        assert contrast >= 3, f"{theme_name}, {name}: boundary {colour} at {contrast:.2f}:1"


@pytest.mark.parametrize("theme_name", THEMES)
def test_placeholders_are_readable_but_not_the_text_colour(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.apply_theme(theme_name)
    window.view.browser.setFocus()
    qtbot.wait(30)
    palette = window.search_box.palette()
    text, base = (palette.color(r).getRgb()[:3] for r in (QPalette.Text, QPalette.Base))
    image = window.search_box.grab().toImage()
    best, readable = text_contrast(image, image.rect().adjusted(6, 6, -40, -6))
    assert best >= 4.5 and readable > 20, f"{theme_name}: placeholder at {best:.2f}:1"
    assert best < ratio(text, base) * 0.8, f"{theme_name}: the placeholder is drawn like typed text"


@pytest.mark.parametrize("theme_name", THEMES)
def test_a_default_button_looks_different_when_focused(make_window, qtbot, theme_name):
    from reader.ui.board_selector import BoardSelector

    window = make_window("walsall")
    window.apply_theme(theme_name)
    dialog = BoardSelector(window.edition.manual.boards, "walsall", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.Ok)
    assert ok.isDefault()
    dialog.findChild(type(window.search_box)).setFocus()
    qtbot.wait(30)
    unfocused = ok.grab().toImage()
    contrast, colour = ring(qtbot, ok, dialog)
    assert ok.grab().toImage() != unfocused
    assert contrast >= 3, f"{theme_name}: the OK button's focus ring {colour} at {contrast:.2f}:1"


@pytest.mark.parametrize("theme_name", THEMES)
def test_disabled_controls_look_disabled(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.apply_theme(theme_name)
    back = window.toolbar.widgetForAction(window.back_action)
    assert not window.back_action.isEnabled()  # no history yet
    disabled = text_contrast(back.grab().toImage())[0]
    window.back_action.setEnabled(True)
    qtbot.wait(30)
    enabled = text_contrast(back.grab().toImage())[0]
    assert disabled < enabled * 0.7, f"{theme_name}: Back looks the same disabled ({disabled:.2f}) as enabled ({enabled:.2f})"
