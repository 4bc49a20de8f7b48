"""One policy for telling the practitioner something: reader/ui/messages.py (issue 15)."""

import re
from pathlib import Path

from reader.ui import messages as messages_module
from tests.conftest import ROOT


def test_every_message_goes_through_messages(make_window, qtbot):
    window = make_window("walsall")
    heard = []
    window.messages.said.connect(lambda level, text: heard.append((level, text)))
    window.tools.toggle_bookmark()  # no chapter open
    assert heard == [("info", "Open a chapter to bookmark it.")]
    assert window.statusBar().currentMessage() == "Open a chapter to bookmark it."


def test_an_error_is_a_dialog_and_stays_in_the_status_bar(make_window, monkeypatch):
    shown = []
    monkeypatch.setattr("reader.ui.errors.show_error", lambda parent, message: shown.append((parent, message)))
    window = make_window("walsall")
    window.messages.error("The PDF could not be written.")
    assert shown == [(window, "The PDF could not be written.")]
    assert window.messages.last == ("error", "The PDF could not be written.")
    assert messages_module.DURATION_MS["error"] > messages_module.DURATION_MS["warning"] > messages_module.DURATION_MS["info"]


def test_background_failures_are_said_in_plain_words(make_window):
    window = make_window("walsall")
    window.messages.failed("Saving bookmarks")(OSError(28, "No space left on device"))
    assert window.messages.last == ("warning", "Saving bookmarks failed: No space left on device")


def test_no_part_of_the_window_writes_to_the_status_bar_or_a_message_box_itself():
    offenders = []
    for path in sorted((ROOT / "reader" / "ui").glob("*.py")):
        if path.name in ("messages.py", "errors.py"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"showMessage\(|QMessageBox\.(warning|critical|information)\(|show_error\(", line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    allowed = {"app.py"}  # before the window exists there is no Messages: the one dialog of a failed start
    assert [o for o in offenders if o.split(":")[0] not in allowed] == []
