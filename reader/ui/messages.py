"""The one way the window tells the practitioner something.

Every part of the window (sync, the reading tools, search, start-up) says what
happened through a Messages object, never through the status bar or a message
box of its own, so that one policy decides how long a message stays and how
it is shown, and one signal (`said`) carries each message to whatever else
must hear it (a screen reader's announcement, a test).

    info      something the practitioner did worked        status bar, 6 s
    warning   it did not, or something needs attention     status bar, 15 s
    error     it did not and the practitioner must know    a dialog, then the status bar
    lasting   they must know whenever they look            a notice until dismissed (reader/ui/notices.py)

Background work that fails without a handler of its own ends in `failed(what)`:
a warning in plain words, never a silent loss.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar, QWidget

from reader.ui import errors
from reader.ui.announce import announce

INFO, WARNING, ERROR, LASTING = "info", "warning", "error", "lasting"
DURATION_MS = {INFO: 6000, WARNING: 15000, ERROR: 30000, LASTING: 30000}


class Messages(QObject):
    said = Signal(str, str)  # level, text: emitted on the main thread for every message

    def __init__(self, status_bar: QStatusBar, dialog_parent: QWidget):
        super().__init__(dialog_parent)
        self._status_bar = status_bar
        self._parent = dialog_parent
        self.last: tuple[str, str] | None = None  # (level, text) of the newest message
        self.notices = None  # reader.ui.notices.Notices, once the window has them

    def info(self, text: str) -> None:
        self._say(INFO, text)

    def warning(self, text: str) -> None:
        self._say(WARNING, text)

    def error(self, text: str) -> None:
        self._say(ERROR, text)
        errors.show_error(self._parent, text)  # looked up at each call: the one modal, patched in tests

    def hear(self, text: str) -> None:
        """Said to a screen reader only, politely: what the window already shows where the
        practitioner is looking (a search's count, find's "3 of 83"), so not in the status bar."""
        announce(self._status_bar, text)

    def lasting(self, text: str) -> None:
        """Kept in view until dismissed (a file set aside, a folder that cannot be written); a dialog without notices."""
        if self.notices is None:
            self.error(text)
            return
        self.notices.add(text)
        self.last = (LASTING, text)  # not in the status bar too: the notice is where it is read
        announce(self._status_bar, text, assertive=True)
        self.said.emit(LASTING, text)

    def clear(self) -> None:
        """Take the newest message down: what it said no longer holds."""
        self.last = None
        self._status_bar.clearMessage()

    def failed(self, what: str) -> Callable[[BaseException], None]:
        """A handler for background work that failed: "`what` failed: <reason>"."""
        return lambda exc: self.warning(f"{what} failed: {_plain(exc)}")

    def _say(self, level: str, text: str) -> None:
        self.last = (level, text)
        self._status_bar.showMessage(text, DURATION_MS[level])
        announce(self._status_bar, text, assertive=level != INFO)
        self.said.emit(level, text)


def _plain(exc: BaseException) -> str:
    # An OSError's own words ("No space left on device"), not its repr with errno and path.
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
