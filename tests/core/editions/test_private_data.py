"""The data folder is its user's alone, and local files of the wrong type are plain words at the command line
(issue 14, findings 10b and 9a)."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from reader import cli
from reader.core import paths
from tests.publishing import NEW_DAY, OLD_DAY, bundle, edition

posix_only = pytest.mark.skipif(os.name == "nt", reason="Windows has no POSIX modes")


@pytest.fixture
def umask():
    """Each test starts with the usual 022 and leaves the process as it found it."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def open_modes(folder: Path) -> list[str]:
    """Everything under `folder` (and itself) that another user could read or enter."""
    found = []
    for path in [folder, *folder.rglob("*")]:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            continue
        want = 0o700 if stat.S_ISDIR(mode) else 0o600
        if stat.S_IMODE(mode) != want:
            found.append(f"{path.relative_to(folder)} {oct(stat.S_IMODE(mode))}")
    return found


@posix_only
def test_first_start_makes_a_private_data_folder(tmp_path, umask, capsys):
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "status"]) == 0
    assert (data / "current").is_file() and (data / "editions").is_dir()
    assert open_modes(data) == []


@posix_only
def test_an_open_data_folder_is_tightened_at_start(tmp_path, umask, capsys):
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "status"]) == 0
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # as a reader before this one left it
    assert cli.main(["--data-dir", str(data), "chapters"]) == 0
    assert open_modes(data) == []


@posix_only
def test_after_a_sync_everything_is_private(tmp_path, umask, capsys, monkeypatch, publisher, server):
    publisher.publish(edition(OLD_DAY), minutes=-10)
    bundled = bundle(publisher.repo, tmp_path)  # installed by the reader's own first start, below
    monkeypatch.setattr(paths, "bundled_repository", lambda: bundled)
    monkeypatch.setattr(paths, "trusted_root_file", lambda: publisher.repo / "metadata" / "1.root.json")
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "status"]) == 0
    publisher.publish(edition(NEW_DAY))
    assert cli.main(["--data-dir", str(data), "sync", server.url]) == 0
    assert "installed" in capsys.readouterr().out and len(list((data / "editions").iterdir())) == 2
    assert (data / "index").is_dir() and (data / "state.json").is_file()
    assert open_modes(data) == []


@posix_only
def test_the_window_process_keeps_what_it_writes_private(tmp_path, umask):
    before = paths.keep_private()
    try:
        (tmp_path / "window.ini").write_text("x")
        (tmp_path / "index").mkdir()
    finally:
        os.umask(before)
    assert open_modes(tmp_path / "index") == [] and stat.S_IMODE((tmp_path / "window.ini").stat().st_mode) == 0o600


BAD_FILES = [
    ("settings.json", {"version": 1, "values": []}),
    ("settings.json", {"version": 1, "values": {"stale_after_days": "30", "board": 5, "sync_url": 7}}),
    ("settings.json", [1, 2]),
    ("state.json", {"version": 1, "last_check": 5, "last_sync": ["x"], "unread": 3, "last_arrival": "x"}),
    ("bookmarks.json", {"version": 1, "bookmarks": [{"chapter": 5, "title": [], "wording": 1, "added": {}}]}),
    ("current", "1\x00"),
    ("current", "../../etc"),
    ("current", b"\xff\xfe"),
]


@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["contacts"], ["verify"], ["chapters"],
                                     ["sync"], ["export", "introduction", "OUT"]])
@pytest.mark.parametrize("name, content", BAD_FILES)
def test_wrongly_typed_local_files_are_never_a_traceback(tmp_path, capsys, name, content, command, request):
    if command[0] == "export":
        request.getfixturevalue("qapp")  # the QApplication the window's tests share, not export's own QGuiApplication
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "status"]) == 0
    path = data / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content), encoding="utf-8")
    capsys.readouterr()
    argv = ["--data-dir", str(data), *[str(tmp_path / "out.pdf") if a == "OUT" else a for a in command]]
    code = cli.main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    lines = err.splitlines()
    if code != 0:  # sync without an address, contacts without a partnership: one line, plain words,
        # after one line for each damaged file set aside on the way (issue 16)
        assert lines and all(line.startswith("reader: ") for line in lines), err
        assert all("was damaged and has been set aside as" in line for line in lines[:-1]), err
    if command[0] == "status":
        assert code == 0


def test_a_nul_in_current_falls_back_to_an_edition_that_verifies(tmp_path, capsys):
    data = tmp_path / "data"
    assert cli.main(["--data-dir", str(data), "status", "--json"]) == 0
    name = json.loads(capsys.readouterr().out)["edition"]
    (data / "current").write_text(name + "\x00", encoding="utf-8")
    assert cli.main(["--data-dir", str(data), "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["edition"] == name and status["last_sync"] is None
    assert (data / "current").read_text(encoding="utf-8").strip() == name  # put right


def test_python_dash_m_reader_with_a_wrongly_typed_settings_file(tmp_path):
    import subprocess

    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text('{"version": 1, "values": []}')
    done = subprocess.run([sys.executable, "-m", "reader", "--data-dir", str(data), "contacts"],
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[3])
    assert "Traceback" not in done.stderr and done.stderr.startswith("reader: ")
