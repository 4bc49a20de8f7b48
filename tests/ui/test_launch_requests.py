"""`reader --chapter ID` / `reader --search TEXT`: opened here, or passed on to the window already open (issue 21)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace

import pytest
from PySide6.QtNetwork import QLocalSocket

from reader.ui import launch_requests, single_instance
from reader.ui.launch_requests import MAX_MESSAGE, LaunchRequest, decode
from tests.conftest import ROOT

OURS, OTHERS = "walsall-lado", "dudley-threshold-framework"  # the window is Walsall's


def _env():
    return os.environ | {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def _second_launch(data, *args):
    """The real `reader` launched again on `data`: it must hand its request on and exit 0 at once."""
    return subprocess.Popen([sys.executable, "-m", "reader", "--data-dir", str(data), *args], cwd=ROOT, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _said(window):
    said = []
    window.messages.said.connect(lambda level, text: said.append((level, text)))
    return said


# -- the message on the socket -------------------------------------------------


def test_a_request_goes_over_the_socket_as_it_was_asked():
    for request in (LaunchRequest(), LaunchRequest(chapter=OURS), LaunchRequest(search="strategy meeting"),
                    LaunchRequest(OURS, "né ☃ 𝄞 \"quoted\" \\ back"), LaunchRequest("x" * 200, "𝄞" * 1000)):
        line = request.encode()
        assert line.endswith(b"\n") and line.count(b"\n") == 1 and len(line) <= MAX_MESSAGE
        assert json.loads(line)["v"] == 1
        assert decode(line.rstrip(b"\n")) == request


@pytest.mark.parametrize("line", [
    b"", b"{}", b"[]", b"null", b"not json", b"\xff\xfe{", b'{"v": 2, "chapter": "a"}', b'{"v": "1"}',
    b'{"v": true}', b'{"v": 1.0}', b'{"v": 1, "chapter": 5}', b'{"v": 1, "search": ["a"]}',
    b'{"v": 1, "chapter": "a", "command": "rm"}', b'{"v": 1, "chapter": "' + b"a" * 201 + b'"}',
    b'{"v": 1, "search": "' + b"a" * 1001 + b'"}', b'{"v": 1, "search": "' + b"a" * (MAX_MESSAGE + 5) + b'"}',
])
def test_anything_else_on_the_socket_is_not_a_request(line):
    assert decode(line) is None


# -- the window's end of the socket ---------------------------------------------


def _raw(name, data: bytes, close=True):
    socket = QLocalSocket()
    socket.connectToServer(name)
    assert socket.waitForConnected(3000)
    socket.write(data)
    while socket.bytesToWrite():
        assert socket.waitForBytesWritten(3000)
    if close:
        socket.disconnectFromServer()
    return socket


def test_hostile_or_oversized_messages_from_another_process_are_ignored(qtbot, tmp_path):
    instance = single_instance.claim(tmp_path)
    assert instance is not None
    got = []
    instance.requested.connect(got.append)
    try:
        for data in (b"garbage\n", b'{"v": 9}\n', b"\x00" * 100 + b"\n", b"{" + b"a" * (4 * MAX_MESSAGE) + b"\n",
                     b'{"v": 1, "chapter": "walsall-lado"}'):  # the last never ends its line
            _raw(instance.name, data)
        qtbot.wait(300)
        assert got == []
        # and the window still answers a real launch afterwards
        with qtbot.waitSignal(instance.requested, timeout=5000) as signal:
            assert single_instance.ask_running(instance.name, LaunchRequest(chapter=OURS))
        assert signal.args == [LaunchRequest(chapter=OURS)]
    finally:
        instance.server.close()


def test_a_connection_that_never_finishes_its_line_is_dropped(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(single_instance, "READ_MS", 200)
    instance = single_instance.claim(tmp_path)
    try:
        socket = _raw(instance.name, b'{"v": 1, "chapter":', close=False)
        qtbot.waitUntil(lambda: socket.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=3000)
    finally:
        instance.server.close()


# -- what the window does with a request ----------------------------------------


def test_a_request_opens_the_chapter_and_the_search(make_window, qtbot):
    window = make_window()
    launch_requests.open_in(window, LaunchRequest(chapter=OURS))
    assert window.view.chapter_id == OURS
    with qtbot.waitSignal(window.search_panel.searched, timeout=20000) as found:
        launch_requests.open_in(window, LaunchRequest(search="strategy discussion"))
    assert window.search_box.text() == "strategy discussion" and found.args[1] > 0
    assert window.left.currentWidget() is window.search_panel


@pytest.mark.parametrize("request_, words", [
    (LaunchRequest(chapter="no-such-chapter"), "'no-such-chapter', which is not in this edition"),
    (LaunchRequest(chapter="   "), "which is not a chapter id"),
    (LaunchRequest(chapter="walsall-lado\x1b[2J"), "which is not a chapter id"),
    (LaunchRequest(search="  \t "), "nothing it can search for"),
    (LaunchRequest(search="harm\x00"), "nothing it can search for"),
    (LaunchRequest(chapter=OTHERS), "Not opened: “Dudley Threshold Framework” is Dudley's local procedure"),
])
def test_bad_input_is_said_in_the_window_and_opens_nothing(make_window, request_, words):
    window = make_window()
    said = _said(window)
    launch_requests.open_in(window, request_)
    assert window.view.chapter_id is None and window.search_box.text() == ""
    assert len(said) == 1 and said[0][0] == "warning" and words in said[0][1], said


def test_another_partnerships_local_procedure_is_refused_with_the_way_on(make_window):
    window = make_window()
    said = _said(window)
    launch_requests.open_in(window, LaunchRequest(chapter=OTHERS))
    assert window.view.chapter_id is None
    assert said[-1][1].endswith("choose Dudley as your partnership (Ctrl+B).") and "not Walsall's" in said[-1][1]
    window.set_board("dudley", remember=False)
    launch_requests.open_in(window, LaunchRequest(chapter=OTHERS))  # its own partnership: opened
    assert window.view.chapter_id == OTHERS


def test_a_real_second_launch_opens_its_chapter_in_the_running_window(make_window, qtbot, tmp_path):
    window = make_window()
    instance = single_instance.claim(tmp_path)
    launch_requests.answer(instance, window)  # as run_app wires it
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized, timeout=3000)
    try:
        with qtbot.waitSignal(instance.requested, timeout=30000):
            second = _second_launch(tmp_path, "--chapter", OURS, "--search", "strategy discussion")
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        assert (second.returncode, second.communicate()[1]) == (0, "")
        assert window.view.chapter_id == OURS and window.search_box.text() == "strategy discussion"
        assert not window.isMinimized() and window.isVisible()

        said = _said(window)  # bad input from a second launch: said in this window, the launch still exits 0
        with qtbot.waitSignal(instance.requested, timeout=30000):
            second = _second_launch(tmp_path, "--chapter", "nope")
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30000)
        assert (second.returncode, second.communicate()[1]) == (0, "")
        assert window.view.chapter_id == OURS and "'nope', which is not in this edition" in said[-1][1]
    finally:
        instance.server.close()


def test_the_first_launch_opens_its_own_window_at_the_request(opened, index_dir, qtbot, tmp_path, monkeypatch):
    """run_app itself: no window yet on the folder, so this one opens at the chapter, and answers the next launch."""
    import shutil
    import types

    from reader.core import settings as settings_store
    from reader.core.editions import in_use
    from reader.ui import app as app_module
    from reader.ui import auto_sync, errors

    shutil.copytree(index_dir, tmp_path / "index")
    settings, _ = settings_store.load(tmp_path)
    settings_store.save(tmp_path, replace(settings, board="walsall"))
    made, claimed = [], []
    show_window, claim = app_module.show_window, single_instance.claim
    monkeypatch.setattr(app_module, "show_window", lambda *a, **k: made.append(show_window(*a, **k)) or made[-1])
    monkeypatch.setattr(single_instance, "claim", lambda *a: claimed.append(claim(*a)) or claimed[-1])
    monkeypatch.setattr(app_module, "start_app", lambda: types.SimpleNamespace(exec=lambda: 0))  # no event loop of its own
    monkeypatch.setattr(errors, "install_excepthook", lambda: None)
    monkeypatch.setattr(auto_sync, "install", lambda window: None)
    monkeypatch.setattr(in_use, "hold", lambda edition: None)
    ours = replace(opened, data_dir=tmp_path, problems=[])
    assert app_module.run_app(lambda: ours, lambda: None, request=LaunchRequest(chapter=OURS)) == 0
    window, instance = made[0], claimed[0]
    qtbot.addWidget(window)
    try:
        assert window.view.chapter_id == OURS
        with qtbot.waitSignal(instance.requested, timeout=5000):
            assert single_instance.ask_running(instance.name, LaunchRequest(chapter="walsall-reports-to-conference"))
        assert window.view.chapter_id == "walsall-reports-to-conference"
    finally:
        instance.server.close()
