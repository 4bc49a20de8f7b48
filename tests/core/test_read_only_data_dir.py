"""A data folder that cannot be written is one plain sentence naming it (issue 16)."""

import os

import pytest

from reader.core.errors import DataFolderError
from reader.core.paths import writable_data_dir


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="as root chmod does not stop a write (errors are injected in tests/ui/test_read_only_folder.py)")
def test_a_chmodded_folder_is_refused_naming_it(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    folder.chmod(0o500)
    try:
        with pytest.raises(DataFolderError) as caught:
            writable_data_dir(folder)
    finally:
        folder.chmod(0o700)
    assert str(caught.value) == f"the data folder {folder} cannot be written: Permission denied"


def test_a_write_that_fails_is_refused_naming_the_folder_and_leaves_nothing(tmp_path, monkeypatch):
    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.write", full)
    with pytest.raises(DataFolderError) as caught:
        writable_data_dir(tmp_path)
    assert caught.value.folder == tmp_path and caught.value.reason == "No space left on device"
    assert list(tmp_path.iterdir()) == []


def test_a_writable_folder_is_made_private_and_left_empty(tmp_path):
    folder = writable_data_dir(tmp_path / "new")
    assert folder.is_dir() and list(folder.iterdir()) == []
