from reader.core import settings as store


def test_defaults_when_missing(tmp_path):
    settings, problem = store.load(tmp_path)
    assert settings.board is None and problem is None


def test_round_trip(tmp_path):
    s = store.Settings(board="dudley", text_size=14, theme="dark")
    store.save(tmp_path, s)
    assert store.load(tmp_path)[0] == s


def test_corrupt_file_is_set_aside_not_fatal(tmp_path):
    (tmp_path / "settings.json").write_text("{not json", encoding="utf-8")
    settings, problem = store.load(tmp_path)
    assert settings == store.Settings()
    assert "set aside" in problem
    assert (tmp_path / "settings.json.corrupt-1").read_text(encoding="utf-8") == "{not json"


def test_out_of_range_values_fall_back(tmp_path):
    (tmp_path / "settings.json").write_text('{"version": 1, "values": {"theme": "neon", "text_size": 900, "x": 1}}')
    settings, _ = store.load(tmp_path)
    assert settings.theme == "light" and settings.text_size == store.Settings.text_size
