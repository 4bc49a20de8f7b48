"""Menus in every theme, measured from their pixels: every item readable, the one under the keyboard too."""

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.contrast import text_contrast

THEMES = ["light", "dark", "high-contrast"]


@pytest.mark.qt_log_ignore("This plugin does not support grabbing")  # offscreen: a popup grabs nothing
@pytest.mark.parametrize("theme_name", THEMES)
def test_every_menu_item_is_readable_highlighted_or_not(make_window, qtbot, theme_name):
    window = make_window("walsall")
    window.apply_theme(theme_name)
    window.show()
    qtbot.waitExposed(window)
    for menu in (a.menu() for a in window.menuBar().actions() if a.menu() is not None):
        menu.popup(window.mapToGlobal(window.rect().center()))
        qtbot.waitExposed(menu)
        for action in menu.actions():
            if action.isSeparator() or not action.isEnabled() or not action.isVisible():
                continue
            rect = menu.actionGeometry(action)
            for active in (False, True):
                menu.setActiveAction(action if active else None)
                qtbot.wait(10)
                QApplication.processEvents()
                contrast, _ = text_contrast(menu.grab().toImage(), rect)
                assert contrast >= 4.5, (f"{theme_name}, {menu.title()} › {action.text()} "
                                         f"{'highlighted' if active else 'plain'}: {contrast:.2f}:1")
        menu.close()
