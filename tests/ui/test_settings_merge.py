"""The window writes only the settings it changed: another reader's changes to the others stay (issue 21)."""


def test_the_window_saving_its_text_size_keeps_a_theme_another_reader_saved_meanwhile(make_window, tmp_path):
    from reader.core import settings as settings_store

    window = make_window()
    other, _ = settings_store.load(tmp_path)
    other.theme = "high-contrast"
    settings_store.save(tmp_path, other)  # another reader process, since this window read the file
    window.set_text_size(15)
    saved, _ = settings_store.load(tmp_path)
    assert (saved.theme, saved.text_size) == ("high-contrast", 15)
