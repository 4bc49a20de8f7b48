"""Locks between reader processes (reader.core.locks): held while a process lives, never after."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from reader.core.editions import state
from reader.core.errors import SyncBusy
from reader.core.locks import LockTimeout, held
from tests.conftest import ROOT

HOLD = textwrap.dedent("""
    import sys, time
    from reader.core.editions import state
    with state.lock(sys.argv[1]):
        print("held", flush=True)
        time.sleep(60)
""")


def _holder(data):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_a_second_sync_is_refused_while_another_process_syncs_and_allowed_once_it_is_killed(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(SyncBusy):
            with state.lock(tmp_path):
                pass
    finally:
        proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
        proc.wait(timeout=10)
        proc.stdout.close()
    with state.lock(tmp_path):  # a sync that was killed holds nothing
        pass


def test_a_lock_file_left_naming_a_living_process_does_not_hold_the_lock(tmp_path):
    # A crashed sync's file, its process id since reused by a living process (here this one):
    # only the operating system's lock counts, and it went with the crashed process.
    (tmp_path / state.LOCK).write_text(str(os.getpid()))
    with state.lock(tmp_path):
        pass


def test_one_thread_asking_for_the_sync_lock_twice_is_refused_the_second_time(tmp_path):
    with state.lock(tmp_path):
        with pytest.raises(SyncBusy):
            with state.lock(tmp_path):
                pass


def test_a_lock_held_elsewhere_is_waited_for_then_said_in_one_line(tmp_path):
    proc = _holder(tmp_path)
    try:
        with pytest.raises(LockTimeout, match="another reader on this computer is still busy with a test"):
            with held(tmp_path / state.LOCK, "a test", timeout=0.2):
                pass
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_an_error_inside_a_sync_is_not_taken_for_a_busy_one(tmp_path):
    with pytest.raises(LockTimeout):
        with state.lock(tmp_path):
            raise LockTimeout("installing an edition", 60)
