"""Files set aside at start or later are reported in the window until dismissed (issue 16)."""

import json

from reader.ui.app import build_window


def _window(qtbot, opened, folder, index_dir):
    import shutil

    shutil.copytree(index_dir, folder / "index", dirs_exist_ok=True)
    window = build_window(opened, folder, board="walsall")
    qtbot.addWidget(window)
    window.show()
    return window


def test_every_damaged_file_is_named_with_the_name_it_was_kept_under_until_dismissed(qtbot, tmp_path, opened, index_dir):
    (tmp_path / "settings.json").write_text("{not json")
    (tmp_path / "bookmarks.json").write_text("{nor this")
    (tmp_path / "state.json").write_text("garbage")
    (tmp_path / "window.ini").write_bytes(b"[General\ngeometry=@ByteArray(\\0\n")
    window = _window(qtbot, opened, tmp_path, index_dir)
    notices = window.messages.notices
    text = notices.text.text()
    for name in ("settings.json", "bookmarks.json", "state.json", "window.ini"):
        assert f"{name} was damaged and has been set aside as {name}.corrupt-1" in text
        assert (tmp_path / f"{name}.corrupt-1").exists()
    assert len(notices.lines) == 4 and notices.isVisible()
    window.messages.info("Bookmarked.")  # a later message does not take the report down
    qtbot.wait(50)
    assert notices.isVisible() and len(notices.lines) == 4
    assert notices.dismiss_action in window.view_menu.actions() and notices.dismiss_action.isEnabled()
    notices.dismiss_action.trigger()
    assert not notices.isVisible() and notices.lines == []


def test_the_bookmarks_list_says_its_file_was_set_aside_rather_than_no_bookmarks_yet(qtbot, tmp_path, opened, index_dir):
    (tmp_path / "bookmarks.json").write_text("{not json")
    window = _window(qtbot, opened, tmp_path, index_dir)
    window.tools.show_bookmarks()
    dialog = window.tools.dialogs["bookmarks"]
    assert "No bookmarks yet" not in dialog.count.text()
    assert "set aside as bookmarks.json.corrupt-1" in dialog.count.text()


def test_a_file_set_aside_while_the_window_is_open_is_reported_too(qtbot, tmp_path, opened, index_dir):
    window = _window(qtbot, opened, tmp_path, index_dir)
    assert not window.messages.notices.isVisible()
    window.open_chapter("introduction")
    (tmp_path / "bookmarks.json").write_text("{damaged by another program")
    window.tools.toggle_bookmark()
    qtbot.waitUntil(lambda: window.messages.notices.isVisible(), timeout=2000)
    assert "bookmarks.json.corrupt-1" in window.messages.notices.text.text()
    assert (tmp_path / "bookmarks.json.corrupt-1").read_text() == "{damaged by another program"
    assert [b["chapter"] for b in json.loads((tmp_path / "bookmarks.json").read_text())["bookmarks"]] == ["introduction"]


def test_a_good_window_ini_is_kept(qtbot, tmp_path, opened, index_dir):
    first = _window(qtbot, opened, tmp_path, index_dir)
    first.close()
    assert (tmp_path / "window.ini").stat().st_size > 0
    second = _window(qtbot, opened, tmp_path, index_dir)
    assert not (tmp_path / "window.ini.corrupt-1").exists() and second.messages.notices.lines == []
