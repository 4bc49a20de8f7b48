"""Every dialog, panel and bar of the window, in every theme, measured from its rendered pixels (issue 17):
text at 4.5:1 or more, field boundaries and focus rings at 3:1 or more (WCAG 2.2 AA)."""

from __future__ import annotations

import pytest
from tests.ui.measured import measure, texts

THEMES = ["light", "dark", "high-contrast"]


def _report(manual) -> dict:
    """A sync's report with every kind of line What's new shows: changed, added, withdrawn, register entries
    (one without a chapter, said in italics)."""
    entries = [a.to_json() for a in manual.register[:3]]
    entries.append({**entries[0], "id": "2026-01-01-99", "chapter": None})
    chapters = [c.id for c in manual.chapters_for("walsall")]
    return {"edition": "2026-01-01", "previous": "2018-01-01", "changed": chapters[:2], "added": chapters[2:3],
            "removed": ["old-chapter"], "amendments": entries}


def bookmarks(window):
    window.open_chapter("walsall-lado")
    window.tools.toggle_bookmark()
    window.tools.show_bookmarks()
    dialog = window.tools.dialogs["bookmarks"]
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    return dialog


def contacts(window):
    window.tools.show_contacts()
    panel = window.tools.dialogs["contacts"]
    panel.table.setCurrentItem(panel.table.topLevelItem(0))
    return panel.dock


def register(window):
    window.tools.show_register()
    dialog = window.tools.dialogs["register"]
    dialog.from_enabled.setChecked(True)  # a checked box and an unchecked one
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    return dialog


def glossary(window):
    window.tools.show_glossary()
    dialog = window.tools.dialogs["glossary"]
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    return dialog


def history(window):
    window.open_chapter("walsall-lado")
    window.tools.show_history()
    dialog = window.tools.dialogs["history"]
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    return dialog


def partnership(window):
    from reader.ui.board_selector import BoardSelector

    dialog = BoardSelector(window.edition.manual.boards, "walsall", window)
    dialog.show()
    return dialog


def whats_new(window):
    from reader.ui.whats_new import WhatsNewDialog, whats_new_html

    html = whats_new_html(_report(window.edition.manual), window.edition.manual, "walsall")
    dialog = WhatsNewDialog(html, window)
    dialog.show()
    return dialog


def redline(window):
    from reader.ui.whats_new import RedlineDialog

    dialog = RedlineDialog("Allegations against staff", "edition 2018-01-01", "edition 2026-01-01",
                           "Refer to the LADO within two working days of the allegation.",
                           "Refer to the LADO within one working day of the allegation being made.", window,
                           theme_name=window.settings.theme)
    dialog.show()
    return dialog


def preferences(window):
    from reader.ui.preferences import open_preferences

    dialog = open_preferences(window)
    dialog.address.setText("ftp://nowhere")
    dialog.accept()  # refused: the reason shown beside the field
    assert dialog.problem.isVisible()
    return dialog


def notices(window):
    window.messages.lasting("bookmarks.json could not be read and was set aside as bookmarks.json.corrupt-1.")
    assert window.messages.notices.isVisible()
    return window.messages.notices


def find_bar(window):
    window.open_chapter("walsall-lado")
    window.open_find()
    window.find_bar.edit.setText("LADO")
    return window.find_bar


def sync_notice(window):
    from reader.ui.sync_notice import SyncNotice

    notice = SyncNotice(window)
    window.notice_area.insertWidget(0, notice)
    notice.show_arrived("Edition 2026-01-01 arrived in the background: 3 chapters changed.")
    return notice


def currency_banner(window):
    window.banner.setText("⚠ This edition is 45 days old: check for updates before relying on it.")
    window.banner.show()
    return window.banner


SHOWN = {
    "bookmarks": bookmarks,
    "contacts panel": contacts,
    "register": register,
    "glossary": glossary,
    "history": history,
    "partnership chooser": partnership,
    "what's new": whats_new,
    "redline": redline,
    "preferences": preferences,
    "notices banner": notices,
    "find bar": find_bar,
    "sync notice": sync_notice,
    "currency banner": currency_banner,
}


def shown(make_window, qtbot, theme_name, name):
    window = make_window("walsall")
    window.resize(1280, 800)
    window.apply_theme(theme_name)
    part = SHOWN[name](window)
    if part.isWindow():
        qtbot.addWidget(part)
        qtbot.waitExposed(part)
    qtbot.wait(30)
    return part


@pytest.mark.parametrize("name", list(SHOWN))
@pytest.mark.parametrize("theme_name", THEMES)
def test_every_dialog_is_readable_and_its_controls_seen(make_window, qtbot, theme_name, name):
    part = shown(make_window, qtbot, theme_name, name)
    measured = measure(part, qtbot)
    assert {m.kind for m in measured} >= {"text"}, "nothing measured"
    failing = [str(m) for m in measured if m.fails]
    assert failing == [], f"{theme_name}, {name}:\n" + "\n".join(failing)


@pytest.mark.parametrize("theme_name", ["dark", "high-contrast"])
def test_the_windows_own_redlines_are_drawn_in_its_theme(window_one_edition_behind, server, qtbot, theme_name):
    """What's new's redline and a bookmark's: both opened by the window, both readable in its theme."""
    window, _ = window_one_edition_behind
    window.settings.sync_url = server.url
    window.apply_theme(theme_name)
    window.open_chapter("introduction")
    window.tools.bookmark_action.trigger()
    with qtbot.waitSignal(window.sync_controller.finished, timeout=20000):
        window.start_sync()
    window.whats_new_dialog.close()
    window.show_redline("introduction")
    for dialog in (window.redline_dialog, window.tools.show_bookmark_changes("introduction")):
        qtbot.addWidget(dialog)
        qtbot.waitExposed(dialog)
        measured = texts(dialog)
        assert len(measured) > 10
        failing = [str(m) for m in measured if m.fails]
        assert failing == [], f"{theme_name}, {dialog.windowTitle()}:\n" + "\n".join(failing)
