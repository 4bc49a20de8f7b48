"""One window per data folder: a second launch brings the first window to the front and exits.

As Zeal and most desktop readers do: a practitioner who starts the reader again
(a second double-click, the desktop entry while the window is behind others)
gets the window already open, not a second one writing the same settings,
bookmarks and index. The window listens on a local socket named from its data
folder (QLocalServer: a Unix socket for this user only, a named pipe on
Windows); a second launch that reaches it sends one line and exits 0. The
command-line commands never look for it: they work beside the window.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_MS = 1000  # the first window answers at once from its event loop; longer means it is gone
MAX_REQUEST = 4096


def server_name(data_dir: Path) -> str:
    """The socket's name: the same for every launch on this folder, by this user, and short enough for a path."""
    folder = os.path.normcase(os.path.realpath(data_dir))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return "procedures-reader-" + hashlib.sha256(f"{user}\0{folder}".encode("utf-8")).hexdigest()[:24]


def ask_running(name: str, request: dict) -> bool:
    """Hand `request` to the window already open on this folder; False if there is none."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(json.dumps(request).encode("utf-8") + b"\n")
    sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent


class Instance(QObject):
    """The first window's end: `requested` carries what each later launch asked for."""

    requested = Signal(dict)

    def __init__(self, name: str):
        super().__init__()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user's launches only
        self.server.newConnection.connect(self._accept)
        self.name = name

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A socket file left by a window that crashed: nothing answers on it (claim() just tried), so it is removed.
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine() and socket.bytesAvailable() < MAX_REQUEST:
            return  # the rest of the line is still coming
        line = bytes(socket.readLine(MAX_REQUEST)).strip()
        socket.disconnectFromServer()
        try:
            request = json.loads(line.decode("utf-8")) if line else {}
        except ValueError:  # UnicodeDecodeError too: something else on the socket; still, someone launched
            request = {}
        self.requested.emit(request if isinstance(request, dict) else {})


def claim(data_dir: Path, request: dict | None = None) -> Instance | None:
    """This launch's Instance if it is the first window on `data_dir`; None if the running one took `request`.

    If two launches race, the one whose listen fails asks the other, which has
    just started listening. If neither a window answers nor listening works
    (an odd temporary folder), this launch opens its window anyway: the
    procedures are never withheld for want of a socket.
    """
    name = server_name(data_dir)
    request = request or {}
    if ask_running(name, request):
        return None
    instance = Instance(name)
    if instance.server.listen(name):
        return instance
    if ask_running(name, request):  # another launch began listening meanwhile
        return None
    instance.listen()
    return instance


def bring_to_front(window) -> None:
    """Show the window where the practitioner is: restored if minimised, raised, given the focus."""
    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()
