"""The real window marks the edition it shows in use (issue 21): another reader's prune leaves it alone."""

from __future__ import annotations

import time

from reader.core.editions import in_use
from tests.ui.test_single_instance import window_process  # noqa: F401 - the real window, offscreen


def test_the_running_window_holds_the_edition_it_shows_against_another_process_pruning(window_process):  # noqa: F811
    data, proc = window_process
    current = (data / "current").read_text().strip()
    deadline = time.monotonic() + 30
    while current not in in_use.elsewhere(data):  # marked once the window is up, off the start-up path
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the window never marked its edition in use"
        time.sleep(0.1)
    proc.kill()
    proc.communicate(timeout=30)
    assert in_use.elsewhere(data) == set()  # gone with its process
