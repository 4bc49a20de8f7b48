"""Resources are found in a checkout, an installed wheel and a frozen build."""

import sys

import pytest

from reader.core import paths
from reader.core.errors import ReaderError
from reader.publish import cli as publish_cli
from reader.publish.keys import DEV_KEYS, KeySetError, load_signers
from tests.conftest import ROOT


def test_checkout_uses_the_repository_resources():
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.trusted_root_file().is_file() and paths.bundled_repository().is_dir()
    assert paths.icon_file().is_file()


def test_installed_package_uses_its_own_copy_first(tmp_path, monkeypatch):
    package = tmp_path / "site-packages" / "reader"
    (package / "_resources" / "trust").mkdir(parents=True)
    (tmp_path / "site-packages" / "resources").mkdir()  # another package's: never ours
    monkeypatch.setattr(paths, "_PACKAGE", package)
    monkeypatch.setattr(paths, "_CHECKOUT", package.parent)
    assert paths.resources_dir() == package / "_resources"


def test_frozen_build_uses_the_unpacked_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert paths.resources_dir() == tmp_path / "_internal" / "resources"
    assert paths.trusted_root_file() == tmp_path / "_internal" / "resources" / "trust" / "root.json"


def test_no_content_outside_a_checkout_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)
    with pytest.raises(ReaderError, match="clone of the repository"):
        paths.content_dir()


def test_bundle_outside_a_checkout_says_so_and_removes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path)
    edition = tmp_path / "edition"
    edition.mkdir()
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path)
    assert publish_cli.main(["bundle"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "content/ is not here" in err
    assert edition.is_dir()


def test_missing_development_keys_say_where_they_are(monkeypatch):
    from reader.publish import keys

    monkeypatch.setattr(keys, "DEV_KEYS", DEV_KEYS.parent / "not-there")
    with pytest.raises(KeySetError, match="--keys DIR"):
        load_signers(keys.DEV_KEYS)
