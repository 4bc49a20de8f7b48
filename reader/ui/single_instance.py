"""One window per data folder: a second launch brings the first window to the front and exits.

As Zeal and most desktop readers do: a practitioner who starts the reader again
(a second double-click, the desktop entry while the window is behind others)
gets the window already open, not a second one writing the same settings,
bookmarks and index. The window listens on a local socket named from its data
folder (QLocalServer: a Unix socket for this user only, a named pipe on
Windows); a second launch that reaches it sends one line, what it was asked
to open (reader/ui/launch_requests.py), and exits 0. The command-line commands
never look for it: they work beside the window.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from reader.ui.launch_requests import MAX_MESSAGE, LaunchRequest, decode

CONNECT_MS = 1000  # the first window answers at once from its event loop; longer means it is gone
READ_MS = 2000  # a launch writes its one line at once; a connection still short of it then is dropped
ACCEPTED_AT = "acceptedAt"  # each accepted socket's start (time.monotonic), for the sweep


def server_name(data_dir: Path) -> str:
    """The socket's name: the same for every launch on this folder, by this user, and short enough for a path."""
    folder = os.path.normcase(os.path.realpath(data_dir))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return "procedures-reader-" + hashlib.sha256(f"{user}\0{folder}".encode("utf-8")).hexdigest()[:24]


def ask_running(name: str, request: LaunchRequest | None = None) -> bool:
    """Hand `request` (none: come to the front) to the window already open on this folder; False if there is none."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write((request or LaunchRequest()).encode())
    sent = True
    while socket.bytesToWrite() and sent:  # the whole line out before this process ends, however it is cut up
        sent = socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return sent


class Instance(QObject):
    """The first window's end: `requested` carries what each later launch asked for (a LaunchRequest).

    Only a well-formed request is passed on; whatever else reaches the socket
    (too long, not a request, never finished) is dropped without a word.
    """

    requested = Signal(object)

    def __init__(self, name: str):
        super().__init__()
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)  # this user's launches only
        self.server.newConnection.connect(self._accept)
        self.name = name
        # One timer for every connection still short of its line, which finds them as the server's children:
        # nothing here holds a socket, so none is touched after Qt deletes it (a timer or a closure per
        # socket does, and PySide crashes on it).
        self._sweep = QTimer(self)
        self._sweep.setInterval(max(1, READ_MS // 4))
        self._sweep.timeout.connect(self._drop_stalled)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # A socket file left by a window that crashed: nothing answers on it (claim() just tried), so it is removed.
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def _accept(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.setReadBufferSize(MAX_MESSAGE + 1)  # Qt buffers no more than a request and one byte
            socket.readyRead.connect(self._ready)  # no closure holding the socket: Qt alone owns it
            socket.disconnected.connect(socket.deleteLater)
            socket.setProperty(ACCEPTED_AT, time.monotonic())
            if not self._sweep.isActive():
                self._sweep.start()
            if socket.bytesAvailable():
                self._read(socket)

    def _drop_stalled(self) -> None:
        """Abort each connection that has not sent its line within READ_MS: it holds nothing for long."""
        waiting = [s for s in self.server.findChildren(QLocalSocket) if s.state() != QLocalSocket.UnconnectedState]
        now = time.monotonic()
        for socket in waiting:
            if now - (socket.property(ACCEPTED_AT) or now) >= READ_MS / 1000:
                socket.abort()
        if not waiting:
            self._sweep.stop()

    def _ready(self) -> None:
        if isinstance(socket := self.sender(), QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            if socket.bytesAvailable() > MAX_MESSAGE:  # longer than any request: not one
                socket.abort()
            return  # else the rest of the line is still coming
        line = bytes(socket.readLine(MAX_MESSAGE + 2))
        socket.disconnectFromServer()
        request = decode(line.rstrip(b"\n")) if line.endswith(b"\n") else None
        if request is not None:
            self.requested.emit(request)


def claim(data_dir: Path, request: LaunchRequest | None = None) -> Instance | None:
    """This launch's Instance if it is the first window on `data_dir`; None if the running one took `request`.

    If two launches race, the one whose listen fails asks the other, which has
    just started listening. If neither a window answers nor listening works
    (an odd temporary folder), this launch opens its window anyway: the
    procedures are never withheld for want of a socket.
    """
    name = server_name(data_dir)
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
