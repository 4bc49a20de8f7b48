"""Settings: a damaged or wrongly typed file is never fatal, and only what is wrong is lost."""

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from reader.core import settings as store
from tests.core.json_values import JSON


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


@pytest.mark.parametrize("values", [[], "x", 5, None, [["theme", "dark"]]])
def test_values_that_are_not_a_table_set_the_file_aside(tmp_path, values):
    (tmp_path / "settings.json").write_text(json.dumps({"version": 1, "values": values}))
    settings, problem = store.load(tmp_path)
    assert settings == store.Settings() and "set aside" in problem
    assert (tmp_path / "settings.json.corrupt-1").is_file()


@pytest.mark.parametrize("field, value", [
    ("stale_after_days", "30"), ("stale_after_days", -1), ("stale_after_days", True), ("stale_after_days", 1.5),
    ("text_size", "11"), ("text_size", True), ("theme", ["dark"]), ("theme", {"x": 1}), ("board", 5),
    ("board", ["dudley"]), ("sync_url", 5), ("sync_url", "file:///etc/passwd"), ("sync_url", {"u": 1}),
    ("auto_sync", "no"), ("auto_sync", 0), ("auto_sync", None),
])
def test_a_wrongly_typed_setting_is_defaulted_alone_and_said(tmp_path, field, value):
    (tmp_path / "settings.json").write_text(json.dumps({"version": 1, "values": {"board": "dudley", field: value}}))
    settings, problem = store.load(tmp_path)
    assert getattr(settings, field) == getattr(store.Settings(), field)
    assert field in problem and "default" in problem
    if field != "board":
        assert settings.board == "dudley"  # the good ones are kept
    assert_valid(settings)


def assert_valid(settings: store.Settings) -> None:
    assert settings.board is None or isinstance(settings.board, str)
    assert type(settings.text_size) is int and 6 <= settings.text_size <= 40
    assert settings.theme in store.THEMES
    assert type(settings.stale_after_days) is int and settings.stale_after_days >= 1
    assert settings.sync_url is None or settings.sync_url.startswith(("http://", "https://"))
    assert type(settings.auto_sync) is bool


@hypothesis_settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(["version", "values", "board", "text_size", "theme", "stale_after_days", "sync_url",
                              "auto_sync", None]), value=JSON)
def test_any_json_in_any_field_of_settings_loads_as_valid_settings(field, value):
    good = {"board": "dudley", "text_size": 12, "theme": "dark", "stale_after_days": 30, "sync_url": None}
    if field is None:
        raw = value
    elif field in ("version", "values"):
        raw = {"version": 1, "values": good, field: value}
    else:
        raw = {"version": 1, "values": {**good, field: value}}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "settings.json").write_text(json.dumps(raw), encoding="utf-8")
        settings, _ = store.load(Path(folder))
        assert_valid(settings)


def test_auto_sync_is_on_unless_turned_off_and_kept(tmp_path):
    assert store.load(tmp_path)[0].auto_sync is True
    store.save(tmp_path, store.Settings(auto_sync=False))
    assert store.load(tmp_path) == (store.Settings(auto_sync=False), None)
