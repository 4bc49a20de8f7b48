"""One window per data folder (issue 21): a second launch raises the first and exits; the CLI works beside it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

import pytest

from reader.ui import single_instance
from tests.conftest import ROOT


def _env(**more):
    return os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)} | more


def _reader(data, *args, **popen):
    return subprocess.Popen([sys.executable, "-m", "reader", "--data-dir", str(data), *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _wait_for_window(name, proc, timeout=60.0):
    deadline = time.monotonic() + timeout
    while not single_instance.ask_running(name):  # each ask that is answered raises it: harmless here
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the window never listened"
        time.sleep(0.1)


@pytest.fixture
def window_process(tmp_path):
    """The real `reader` window (offscreen) on tmp_path/data, listening; killed after the test."""
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-m", "reader"], cwd=ROOT, env=_env(READER_DATA_DIR=str(data)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_window(single_instance.server_name(data), proc)
        yield data, proc
    finally:
        proc.kill()
        proc.communicate(timeout=30)


def test_a_second_launch_brings_the_open_window_to_the_front_and_exits_0(make_window, qtbot, tmp_path):
    window = make_window()
    instance = single_instance.claim(tmp_path)
    assert instance is not None  # the first on this folder
    instance.requested.connect(lambda _r: single_instance.bring_to_front(window))
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    with qtbot.waitSignal(instance.requested, timeout=20000):
        second = subprocess.Popen([sys.executable, "-m", "reader", "--data-dir", str(tmp_path)], cwd=ROOT,
                                  env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
    out, err = second.communicate()
    assert (second.returncode, err) == (0, "")
    assert not window.isMinimized() and window.isVisible()


def test_a_launch_on_another_data_folder_is_a_window_of_its_own(tmp_path):
    assert single_instance.server_name(tmp_path / "a") != single_instance.server_name(tmp_path / "b")
    assert single_instance.server_name(tmp_path / "a") == single_instance.server_name(tmp_path / "x" / ".." / "a")
    first = single_instance.claim(tmp_path / "a")
    try:
        assert first is not None and single_instance.claim(tmp_path / "a") is None
        other = single_instance.claim(tmp_path / "b")
        assert other is not None
        other.server.close()
    finally:
        first.server.close()


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or os.name == "nt", reason="a Unix socket file")
def test_a_socket_left_by_a_window_that_crashed_does_not_stop_the_next_one(tmp_path):
    name = single_instance.server_name(tmp_path)
    probe = single_instance.Instance(name)
    assert probe.server.listen(name)
    path = probe.server.fullServerName()
    probe.server.close()
    left = socket.socket(socket.AF_UNIX)
    left.bind(path)  # as a crash leaves it: the socket file, nothing listening
    left.close()
    try:
        instance = single_instance.claim(tmp_path)
        assert instance is not None and instance.server.isListening()
        instance.server.close()
    finally:
        if os.path.exists(path):
            os.unlink(path)


def test_the_real_second_launch_exits_0_and_the_first_window_stays(window_process):
    data, first = window_process
    second = _reader(data)
    out, err = second.communicate(timeout=60)
    assert (second.returncode, err) == (0, "")
    assert first.poll() is None


def test_commands_run_beside_the_window_all_at_once(window_process):
    data, first = window_process
    commands = [("boards", "--json"), ("chapters", "--json"), ("status", "--json"), ("search", "strategy", "--json"),
                ("search", "referral", "--json"), ("verify",)]
    procs = [_reader(data, *args) for args in commands]
    for args, proc in zip(commands, procs):
        out, err = proc.communicate(timeout=120)
        assert (args, proc.returncode, err) == (args, 0, "")
        if "--json" in args:
            json.loads(out)
    assert first.poll() is None
    assert len(os.listdir(data / "editions")) == 1


def test_the_window_and_commands_starting_together_on_a_fresh_folder_all_succeed(tmp_path):
    data = tmp_path / "data"
    window = subprocess.Popen([sys.executable, "-m", "reader"], cwd=ROOT, env=_env(READER_DATA_DIR=str(data)),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        procs = [_reader(data, "boards", "--json") for _ in range(3)] + [_reader(data, "search", "harm", "--json")]
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            assert (proc.returncode, err) == (0, "")
            json.loads(out)
        _wait_for_window(single_instance.server_name(data), window)
        assert len(os.listdir(data / "editions")) == 1
    finally:
        window.kill()
        window.communicate(timeout=30)



def test_the_real_window_survives_bad_requests_and_hostile_messages(window_process):
    """Another local process writing garbage to the socket, or a launch with bad input: the window stays, and answers."""
    from PySide6.QtNetwork import QLocalSocket

    data, first = window_process
    name = single_instance.server_name(data)
    for garbage in (b"\xff" * 70000, b'{"v": 1, "chapter": 7}\n', b"[" * 5000 + b"\n"):
        raw = QLocalSocket()
        raw.connectToServer(name)
        assert raw.waitForConnected(5000)
        raw.write(garbage)
        raw.waitForBytesWritten(5000)
        raw.disconnectFromServer()
    for args in (("--chapter", "nope"), ("--search", "  "), ("--chapter", "dudley-threshold-framework")):
        second = _reader(data, *args)
        out, err = second.communicate(timeout=60)
        assert (args, second.returncode, err) == (args, 0, "")
    assert first.poll() is None
    assert single_instance.ask_running(name)
