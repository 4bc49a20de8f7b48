"""HTTP for sync: the system's proxy settings, a timeout per read, a deadline per file.

python-tuf's own fetcher (urllib3) ignores the system proxy and waits 30 s per
read; a laptop on hotel Wi-Fi needs both handled. urllib.request reads the
proxy from the environment, and from the registry on Windows or the system
settings on macOS. A server that answers slowly or without end is cut off at
the deadline, so a sync never hangs.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator

from tuf.api.exceptions import DownloadError, DownloadHTTPError, SlowRetrievalError
from tuf.ngclient import FetcherInterface

CHUNK = 64 * 1024


class ProxyAwareFetcher(FetcherInterface):
    def __init__(self, timeout: float = 10.0, deadline: float = 60.0, cancelled=lambda: False):
        self.timeout = timeout
        self.deadline = deadline
        self.cancelled = cancelled
        self.bytes_received = 0
        # ProxyHandler() with no argument takes the system's proxy settings.
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler())

    def _fetch(self, url: str) -> Iterator[bytes]:
        try:
            response = self._opener.open(
                urllib.request.Request(url, headers={"User-Agent": "procedures-reader"}), timeout=self.timeout
            )
        except urllib.error.HTTPError as exc:
            exc.close()
            raise DownloadHTTPError(f"the server answered {exc.code} for {url}", exc.code) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DownloadError(f"could not reach {url}: {reason}") from None
        return self._chunks(response, url)

    def _chunks(self, response, url: str) -> Iterator[bytes]:
        start = time.monotonic()
        with response:
            while True:
                if self.cancelled():
                    raise DownloadError("cancelled")
                if time.monotonic() - start > self.deadline:
                    raise SlowRetrievalError(f"{url} took longer than {self.deadline:.0f} s")
                try:
                    chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
                except (OSError, ValueError) as exc:
                    raise DownloadError(f"the connection to {url} failed: {exc}") from None
                if not chunk:
                    return
                self.bytes_received += len(chunk)
                yield chunk
