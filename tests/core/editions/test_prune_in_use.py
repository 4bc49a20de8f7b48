"""Pruning beside other reader processes (issue 21): never an edition another process has open or is installing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from reader.core.editions import in_use
from tests.conftest import ROOT
from tests.publishing import Publisher, edition, make_laptop

HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reader.core.editions.library import Library

    data, root, bundled = (Path(a) for a in sys.argv[1:4])
    opened = Library(data, root.read_bytes(), bundled).open()  # as `reader show` or the window holds it
    print(opened.name, flush=True)
    sys.stdin.read()  # until the test lets it end
""")

ADOPTER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reader.core.editions.library import Library

    data = Path(sys.argv[1])
    library = Library(data, b"", data)
    with library.installing():  # as adopt holds it: the folder renamed in, then `current` written
        print("held", flush=True)
        time.sleep(1.0)
        (library.editions / "99").mkdir()
        library.switch("99")
""")


def _laptop_with_editions(tmp_path, count):
    """A laptop holding the bundled edition and `count` published after it, the last current."""
    publisher = Publisher(tmp_path / "repo")
    publisher.publish(edition(), minutes=-60)
    library = make_laptop(publisher.repo, tmp_path)
    names = []
    for n in range(count):
        files = edition()
        files["chapters/referrals.md"] += f"\nRevision {n}.\n".encode()
        publisher.publish(files, minutes=n)
        names.append(library.install_from_repository(publisher.repo))
    return library, publisher, names


def _holder(library, publisher):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(library.data_dir),
                             str(publisher.repo / "metadata" / "1.root.json"), str(library.bundled)],
                            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip()


def test_an_edition_another_process_has_open_is_not_pruned_until_that_process_ends(tmp_path):
    library, publisher, names = _laptop_with_editions(tmp_path, 1)
    proc, held = _holder(library, publisher)
    try:
        assert held == names[0]  # the other process reads the current edition
        for n in (1, 2):  # two syncs in this process since
            files = edition()
            files["chapters/referrals.md"] += f"\nLater {n}.\n".encode()
            publisher.publish(files, minutes=10 + n)
            newest = library.install_from_repository(publisher.repo)
        assert library.prune(keep={newest}) != []  # the one in between goes
        assert held in library.installed()  # the one still open elsewhere stays
        library.verify(held)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
        proc.stdout.close()
    assert library.prune(keep={newest}) == [held]  # that process has ended: now it goes
    assert not list((library.data_dir / in_use.FOLDER).glob(f"{held}.*"))


def test_a_marker_left_by_a_process_that_was_killed_does_not_keep_its_edition(tmp_path):
    library, publisher, names = _laptop_with_editions(tmp_path, 2)
    library.switch(names[0])
    proc, held = _holder(library, publisher)
    proc.send_signal(signal.SIGKILL)  # no finaliser runs: the marker file stays, unlocked
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stdin.close()
    assert list((library.data_dir / in_use.FOLDER).glob(f"{held}.*"))
    library.switch(names[1])
    assert library.prune(keep={names[1]}) == [held]
    assert not list((library.data_dir / in_use.FOLDER).glob(f"{held}.*"))  # the stale marker removed too


def test_an_opened_edition_is_held_only_while_its_opened_lives(tmp_path):
    library, _, names = _laptop_with_editions(tmp_path, 2)
    opened = library.open()
    assert len(list((library.data_dir / in_use.FOLDER).glob(f"{names[1]}.*"))) == 1
    again = library.open()  # a second Opened of the same edition: one marker, counted
    del opened
    assert len(list((library.data_dir / in_use.FOLDER).glob(f"{names[1]}.*"))) == 1
    assert in_use.elsewhere(library.data_dir) == set()  # this process's own marks are not another's
    del again
    assert not list((library.data_dir / in_use.FOLDER).glob(f"{names[1]}.*"))


def test_pruning_waits_for_an_edition_being_installed_and_keeps_it(tmp_path):
    library, _, names = _laptop_with_editions(tmp_path, 1)
    proc = subprocess.Popen([sys.executable, "-c", ADOPTER, str(library.data_dir)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        started = time.monotonic()
        removed = library.prune(keep=set())  # while the other process is adopting edition 99
        assert time.monotonic() - started > 0.5  # it waited for the editions lock
        assert "99" not in removed and (library.editions / "99").is_dir()  # what it made current is kept
        assert library.current_name() == "99"
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
