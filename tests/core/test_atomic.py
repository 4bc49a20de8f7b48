"""reader.core.atomic: a file replaced whole, even by two writers at once."""

from __future__ import annotations

import os
import threading

from reader.core.atomic import write_text


def test_two_writers_of_one_file_at_once_both_complete_and_leave_one_whole_file(tmp_path):
    # Two processes (here threads: the same renames) writing `current` together: each temporary file
    # is its writer's own, so neither finds its file renamed away by the other.
    target = tmp_path / "current"
    errors, start = [], threading.Barrier(4)

    def writer(text):
        start.wait()
        try:
            for _ in range(50):
                write_text(target, text)
        except OSError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(str(n) * 1000,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert target.read_text() in {str(n) * 1000 for n in range(4)}
    assert os.listdir(tmp_path) == ["current"]  # no temporary file left


def test_the_file_gets_the_mode_the_umask_gives_not_a_private_temporary_files(tmp_path):
    old = os.umask(0o022)  # the publisher's files are served and committed
    try:
        write_text(tmp_path / "timestamp.json", "{}")
    finally:
        os.umask(old)
    if os.name != "nt":
        assert (tmp_path / "timestamp.json").stat().st_mode & 0o777 == 0o644
