"""The real window, driven offscreen with pytest-qt."""

import datetime as dt
import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from reader.core import settings as settings_store
from reader.ui.board_selector import BoardSelector


def chapter_ids_in_contents(window):
    tree = window.contents
    return {
        tree.topLevelItem(i).child(j).data(0, Qt.UserRole)
        for i in range(tree.topLevelItemCount())
        for j in range(tree.topLevelItem(i).childCount())
    }


def test_contents_show_shared_chapters_and_the_boards_own(make_window):
    window = make_window("walsall")
    ids = chapter_ids_in_contents(window)
    assert "walsall-lado" in ids and "referrals" in ids
    assert not any(i.startswith(("dudley-", "warwickshire-")) for i in ids)
    labels = [window.contents.topLevelItem(i).text(0) for i in range(3)]
    assert labels[0].startswith("Level A") and "(11)" in labels[0]
    assert labels[2].startswith("Level C · Walsall")


def test_board_change_updates_contents_and_search(make_window, qtbot):
    window = make_window("walsall")
    window.set_board("dudley")
    ids = chapter_ids_in_contents(window)
    assert "dudley-bruising-protocol" in ids and "walsall-lado" not in ids
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        window.search_box.setText("LADO")
    shown = [window.search_panel.list.item(i).data(Qt.UserRole) for i in range(window.search_panel.list.count())]
    assert "walsall-lado" not in shown
    assert json.loads((window.data_dir / "settings.json").read_text())["values"]["board"] == "dudley"


def test_board_selector_filters_as_you_type(qtbot, opened):
    dialog = BoardSelector(opened.manual.boards, None)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 14
    qtbot.keyClicks(dialog.filter, "stoke")
    assert dialog.chosen() == "stoke-on-trent"
    dialog.filter.setText("nowhere")
    assert dialog.chosen() is None


def test_open_chapter_shows_text_level_board_currency_and_status(make_window):
    window = make_window("walsall")
    window.open_chapter("child-death-reviews")
    text = window.view.browser.toPlainText()
    assert "Clich here for national CDOP templates." in text
    assert "This procedure is currently under review." in text
    assert "wording in force from 2019-" in text and ".txt" not in text  # the wording's date; no capture file
    assert "All partnerships" in text and "Level A" in text


def test_search_as_you_type_then_open_the_result_highlights_it(make_window, qtbot):
    window = make_window("walsall")
    window.focus_search()
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        qtbot.keyClicks(window.search_box, "allegations against staff")
    first = window.search_panel.list.item(0)
    assert first.data(Qt.UserRole) == "walsall-lado"
    qtbot.keyClick(window.search_box, Qt.Key_Return)
    assert window.view.chapter_id == "walsall-lado"
    assert window.view.browser.extraSelections()  # the match is marked
    assert window.view.browser.textCursor().hasSelection()


def test_stale_results_are_dropped(make_window, qtbot):
    window = make_window("walsall")
    window.search_panel.request("bruising")
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000) as blocker:
        window.search_panel.request("LADO")
    assert blocker.args[0] == "LADO"


def test_did_you_mean(make_window, qtbot):
    window = make_window("walsall")
    with qtbot.waitSignal(window.search_panel.searched, timeout=5000):
        window.search_box.setText("refferal")
    assert "did you mean" in window.search_panel.hint.text()


def test_find_in_page_counts_matches(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("walsall-lado")
    qtbot.keyClick(window, Qt.Key_F, Qt.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_bar.edit, "LADO")
    count = window.view.browser.toPlainText().lower().count("lado")  # find ignores case
    assert window.find_bar.count.text() == f"1 of {count}" and count > 3
    qtbot.keyClick(window, Qt.Key_Escape)
    assert not window.find_bar.isVisible()


def test_history_back_and_forward(make_window, qtbot):
    window = make_window("walsall")
    window.open_chapter("referrals")
    window.open_chapter("walsall-lado")
    qtbot.keyClick(window, Qt.Key_Left, Qt.AltModifier)
    assert window.view.chapter_id == "referrals"
    qtbot.keyClick(window, Qt.Key_Right, Qt.AltModifier)
    assert window.view.chapter_id == "walsall-lado"
    assert not window.forward_action.isEnabled()


def test_text_size_is_remembered(make_window, tmp_path):
    window = make_window("walsall")
    before = window.settings.text_size
    window.set_text_size(before + 2)
    assert window.view.browser.font().pointSize() == before + 2
    assert settings_store.load(tmp_path)[0].text_size == before + 2


def test_theme_switch(make_window, tmp_path):
    window = make_window("walsall")
    window.theme_box.setCurrentIndex(1)
    assert window.settings.theme == "dark"
    assert window.palette().color(window.backgroundRole()).lightness() < 80
    window.apply_theme("high-contrast")
    assert settings_store.load(tmp_path)[0].theme == "high-contrast"


def test_stale_edition_banner(make_window, opened):
    as_of = dt.date.fromisoformat(opened.as_of)
    fresh = make_window("walsall", today=lambda: as_of + dt.timedelta(days=3))
    assert not fresh.banner.isVisible()
    stale = make_window("walsall", today=lambda: as_of + dt.timedelta(days=45))
    assert stale.banner.isVisible() and "45 days" in stale.banner.text()


def test_web_links_open_only_after_saying_so(make_window, monkeypatch):
    from PySide6.QtCore import QUrl

    opened_urls = []
    monkeypatch.setattr("reader.ui.chapter_view.QDesktopServices.openUrl", lambda url: opened_urls.append(url))
    monkeypatch.setattr("reader.ui.chapter_view.QMessageBox.question", lambda *a, **k: QMessageBox.No)
    window = make_window("walsall")
    window.view.activate_link(QUrl("https://www.ecdop.co.uk/BlackCountry/Live/Public"))
    window.view.activate_link(QUrl("file:///etc/passwd"))
    assert opened_urls == []
    monkeypatch.setattr("reader.ui.chapter_view.QMessageBox.question", lambda *a, **k: QMessageBox.Yes)
    window.view.activate_link(QUrl("https://www.ecdop.co.uk/BlackCountry/Live/Public"))
    assert [u.toString() for u in opened_urls] == ["https://www.ecdop.co.uk/BlackCountry/Live/Public"]
    window.view.browser.anchorClicked.emit(QUrl("chapter:referrals"))  # a click takes the same way
    assert window.view.chapter_id == "referrals"


def test_controls_have_accessible_names(make_window):
    window = make_window("walsall")
    for widget in (window.search_box, window.board_button, window.theme_box, window.contents,
                   window.view.browser, window.search_panel.list, window.find_bar.edit):
        assert widget.accessibleName()


def test_window_geometry_is_remembered(make_window, tmp_path):
    window = make_window("walsall")
    window.resize(700, 500)  # the offscreen screen is 800x600
    window.close()
    again = make_window("walsall")
    assert again.size().width() == 700


def test_search_index_opens_after_the_window_but_a_query_never_waits_for_that(opened, tmp_path, index_dir):
    import shutil

    from reader.ui.app import BackgroundSearch

    shutil.copytree(index_dir, tmp_path / "index")
    search = BackgroundSearch(opened, tmp_path)
    assert not search._started  # nothing competes with building the window
    results = search("LADO", "walsall")  # a query typed before the event loop turned starts it
    assert search._started and results.results[0].id == "walsall-lado"
    search.start()  # and the window's own start later is harmless


def test_an_edition_that_cannot_be_opened_is_said_in_a_window_too(qapp, monkeypatch, tmp_path):
    import pytest

    from reader.core.errors import TrustError
    from reader.ui import app as app_module
    from reader.ui import errors

    shown = []
    monkeypatch.setattr(errors, "show_error", lambda parent, message: shown.append(message))

    def open_edition():
        raise TrustError("the edition bundled with the application is damaged")

    with pytest.raises(TrustError):  # and `reader` prints it and exits 1, as for every command
        app_module.run_app(open_edition, lambda: None)
    assert shown == ["The procedures cannot be opened: the edition bundled with the application is damaged"]


def test_the_library_is_made_only_when_sync_or_a_tool_needs_it(opened, qtbot, tmp_path):
    from reader.core.editions.library import Library
    from reader.core.paths import bundled_repository, trusted_root_file
    from reader.ui.app import build_window

    made = []

    def library():
        made.append(1)
        return Library(tmp_path / "lib", trusted_root_file().read_bytes(), bundled_repository())

    window = build_window(opened, tmp_path, board="walsall", library=library)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(50)
    assert made == []  # not at start-up: its imports would delay the window
    assert window.sync_service.library.open().as_of == opened.as_of
    window.sync_service.earlier_manuals()
    assert made == [1]  # made once, then kept
