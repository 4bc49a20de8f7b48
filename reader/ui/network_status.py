"""What the operating system says of the connection: online or not, metered or not.

Qt's QNetworkInformation answers through a backend (NetworkManager, glib,
connman on Linux; the system's own on Windows and macOS). A machine may have
none, or one that knows nothing (no D-Bus): then the reader knows nothing
either, and says so (`known` is False) rather than guessing "offline", so
automatic sync still runs and simply fails if there is no network.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class NetworkStatus(QObject):
    changed = Signal()  # reachability or metering changed: worth another look

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._info = None
        try:
            from PySide6.QtNetwork import QNetworkInformation

            if QNetworkInformation.loadDefaultBackend():
                self._info = QNetworkInformation.instance()
        except (ImportError, RuntimeError):  # a Qt without the module, or a backend that would not load
            self._info = None
        if self._info is not None:
            self._info.reachabilityChanged.connect(lambda *_: self.changed.emit())
            self._info.isMeteredChanged.connect(lambda *_: self.changed.emit())

    @property
    def known(self) -> bool:
        """Whether a backend answers at all (none on many Linux machines without NetworkManager)."""
        return self._info is not None

    def offline(self) -> bool:
        """True only when the system says there is no network; unknown is not offline."""
        if self._info is None:
            return False
        from PySide6.QtNetwork import QNetworkInformation

        return self._info.reachability() == QNetworkInformation.Reachability.Disconnected

    def metered(self) -> bool:
        """True only when the system says the connection is metered (a phone's hotspot, a mobile plan)."""
        if self._info is None:
            return False
        from PySide6.QtNetwork import QNetworkInformation

        return bool(self._info.supports(QNetworkInformation.Feature.Metered) and self._info.isMetered())
