"""The organisation's policy file: where it is looked for, what applies, what is locked, a damaged one."""

from pathlib import Path

import pytest

from reader.core import policy
from reader.core.settings import Settings

GOOD = b'''
sync_urls = ["https://procedures.example.org/repo/", "https://mirror.example.net/repo/"]
partnership = "dudley"
auto_sync = false
locked = ["sync_urls", "partnership"]
'''


def write(tmp_path, text: bytes) -> Path:
    path = tmp_path / "policy.toml"
    path.write_bytes(text)
    return path


def test_each_platform_looks_in_its_conventional_place():
    assert policy.candidates({}, "linux") == [Path("/etc/xdg/procedures-reader/policy.toml")]
    assert policy.candidates({"XDG_CONFIG_DIRS": "/opt/conf:/etc/xdg"}, "linux") == [
        Path("/opt/conf/procedures-reader/policy.toml"), Path("/etc/xdg/procedures-reader/policy.toml")]
    assert policy.candidates({"ProgramData": "D:\\PD"}, "win32") == [Path("D:\\PD") / "procedures-reader" / "policy.toml"]
    assert policy.candidates({}, "darwin") == [Path("/Library/Preferences/procedures-reader/policy.toml")]
    assert policy.candidates({policy.ENV: "/x/p.toml", "XDG_CONFIG_DIRS": "/opt"}, "linux") == [Path("/x/p.toml")]


def test_the_first_folder_that_holds_one_wins(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name / "procedures-reader").mkdir(parents=True)
    (tmp_path / "b" / "procedures-reader" / "policy.toml").write_text('partnership = "walsall"')
    env = {"XDG_CONFIG_DIRS": f"{tmp_path / 'a'}:{tmp_path / 'b'}"}
    assert policy.load(env, "linux").partnership == "walsall"
    (tmp_path / "a" / "procedures-reader" / "policy.toml").write_text('partnership = "dudley"')
    assert policy.load(env, "linux").partnership == "dudley"


def test_none_is_no_policy(tmp_path):
    assert policy.load({policy.ENV: str(tmp_path / "absent.toml")}) == policy.Policy()


def test_applied_and_locked(tmp_path):
    p = policy.load({policy.ENV: str(write(tmp_path, GOOD))})
    assert p.problem is None and p.sync_urls == ("https://procedures.example.org/repo/",
                                                  "https://mirror.example.net/repo/")
    assert p.locks("sync_url") and p.locks("board") and not p.locks("auto_sync")
    # locked: the policy's whatever the user's file says; unlocked: only where the user set nothing
    mine = Settings(board="walsall", auto_sync=True, sync_url="https://mine.example/")
    assert p.apply(mine, stored={"board", "auto_sync"}) == Settings(board="dudley", auto_sync=True,
                                                                     sync_url="https://mine.example/")
    assert p.apply(Settings(), stored=set()).auto_sync is False
    assert p.addresses("https://mine.example/", "https://edition.example/") == p.sync_urls


def test_an_unlocked_address_is_the_default_only():
    p = policy.Policy(sync_urls=("https://a.example/",))
    assert p.addresses("https://mine.example/", "https://e.example/") == ("https://mine.example/",)
    assert p.addresses(None, "https://e.example/") == ("https://a.example/",)
    assert policy.Policy().addresses(None, "https://e.example/") == ("https://e.example/",)
    assert policy.Policy().addresses(None, None) == ()


@pytest.mark.parametrize("text", [b"sync_urls = [", b"\xff\xfe", b"= 3", b"x" * (policy.MAX_BYTES + 1)])
def test_a_damaged_file_is_said_and_nothing_of_it_applies(tmp_path, text):
    path = write(tmp_path, text)
    p = policy.load({policy.ENV: str(path)})
    assert p.sync_urls == () and p.partnership is None and not p.locked
    assert str(path) in p.problem and "was not used" in p.problem and "own settings are in use" in p.problem


def test_a_bad_value_is_dropped_alone_and_said_with_what_applies(tmp_path):
    path = write(tmp_path, b'sync_urls = ["file:///etc/passwd"]\npartnership = "dudley"\n'
                           b'auto_sync = "yes"\nlocked = ["sync_urls", "partnership"]\ncolour = 1\n')
    p = policy.load({policy.ENV: str(path)})
    assert p.partnership == "dudley" and p.sync_urls == () and p.auto_sync is None
    assert p.locked == {"partnership"}  # a lock on a value that could not be used locks nothing
    assert "sync_urls, auto_sync could not be used" in p.problem and "colour is not a policy setting" in p.problem
    assert "What applies of it: partnership (locked: partnership)" in p.problem


def test_an_unreadable_file_is_said(tmp_path):
    folder = tmp_path / "policy.toml"
    folder.mkdir()  # reading a folder fails like an unreadable file
    p = policy.load({policy.ENV: str(folder)})
    assert p.problem and "cannot be read" in p.problem
