"""HTTP for sync: the system's proxy settings, a timeout per read, a deadline per file.

python-tuf's own fetcher (urllib3) ignores the system proxy and waits 30 s per
read; a laptop on hotel Wi-Fi needs both handled. urllib.request reads the
proxy from the environment, and from the registry on Windows or the system
settings on macOS. A server that answers slowly or without end is cut off at
the deadline, so a sync never hangs.

Redirects: only to http(s), never from https down to http, and never to
another scheme (urllib alone would follow ftp://, sending `USER anonymous` to
whatever host was named). A redirect to another host is followed: a static
repository behind a CDN or a mirror is normal, and what arrives is trusted
for its signatures, not for the host it came from. A downgrade to http is not:
it would let anyone on the network watch, and freeze, what the laptop fetches.
When a redirect is refused, the message says where the server sent it.

Each way a download ends early has its own type (cancelled, unreachable, too
slow, redirect refused), so sync tells them apart by type, never by the words.

A folder (a USB stick or an office share holding a copy of the publisher's
repository) is read by FolderFetcher: the same chunks, deadline and cancel as
the web, and python-tuf's own length limits, so what it verifies is exactly
what it verifies from a server. A file the folder lacks is a 404 to python-tuf
(which ends the walk of the root chain there), and its own type for the message.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from tuf.api.exceptions import DownloadError, DownloadHTTPError, SlowRetrievalError
from tuf.ngclient import FetcherInterface

CHUNK = 64 * 1024
WEB = ("http", "https")


class RedirectRefused(DownloadError):
    """The server sent the download somewhere the reader does not follow."""

    def __init__(self, url: str, target: str):
        super().__init__(f"the update server sent {url} on to {target!r}, which is not followed"
                         " (only http and https, and never from https to http)")
        self.url = url
        self.target = target


class DownloadCancelled(DownloadError):
    """The practitioner cancelled the sync while a file was arriving: not a network failure."""

    def __init__(self, url: str):
        super().__init__(f"the download of {url} was cancelled")
        self.url = url


class Unreachable(DownloadError):
    """No connection to the server, or it broke while reading; `detail` says which, in the system's words."""

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.detail = message if detail is None else detail


class MissingFile(DownloadHTTPError):
    """A folder being synced from lacks a file of the repository (python-tuf sees a 404)."""

    def __init__(self, path: str):
        super().__init__(f"{path} is not in the folder", 404)
        self.path = path


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")


def folder_of(address: str) -> Path | None:
    """The folder an update address names: a file:// URL, a plain path, or (on Windows) a
    drive or UNC path; None for a web address. ValueError, in plain words, for anything else."""
    address = address.strip()
    scheme = urllib.parse.urlsplit(address).scheme.lower()
    if scheme in WEB:
        return None
    if _DRIVE.match(address):  # C:\stick: "c" is no scheme
        return Path(address)
    if scheme == "file":
        parts = urllib.parse.urlsplit(address)
        host = parts.netloc
        if host not in ("", "localhost"):
            if sys.platform != "win32":
                raise ValueError(f"{address!r} names a folder on another computer: mount the share and give its folder")
            return Path(urllib.request.url2pathname(f"//{host}{parts.path}"))  # \\server\share\...
        return Path(urllib.request.url2pathname(parts.path))
    if "://" in address or not address:
        raise ValueError(f"not an update address: {address!r} (expected http://, https://, file:// or a folder)")
    return Path(address).expanduser()


class Unreadable(Unreachable):
    """A file in the folder being synced from could not be read (a stick pulled out, no permission)."""


def redirect_allowed(source: str, target: str) -> bool:
    """May a download of `source` follow a redirect to `target` (an absolute address)?"""
    scheme = urllib.parse.urlsplit(target).scheme.lower()
    if scheme not in WEB:
        return False
    return not (urllib.parse.urlsplit(source).scheme.lower() == "https" and scheme == "http")


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    def http_error_302(self, req, fp, code, msg, headers):
        location = headers.get("location") or headers.get("uri")
        if location is not None:
            # checked before urllib's own handling, which follows ftp:// and
            # reports file:// as a bare HTTP error without saying where it went
            target = urllib.parse.urljoin(req.full_url, location)
            if not redirect_allowed(req.full_url, target):
                fp.close()
                raise RedirectRefused(req.full_url, target)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    """http(s) only: no ftp, file or data handler, so no address can reach them even by mistake."""
    opener = urllib.request.OpenerDirector()
    # ProxyHandler() with no argument takes the system's proxy settings.
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), urllib.request.HTTPHandler(),
                    urllib.request.HTTPSHandler(), urllib.request.HTTPDefaultErrorHandler(), _RedirectHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


class ProxyAwareFetcher(FetcherInterface):
    def __init__(self, timeout: float = 10.0, deadline: float = 60.0, cancelled=lambda: False):
        self.timeout = timeout
        self.deadline = deadline
        self.cancelled = cancelled
        self.bytes_received = 0
        self._opener = _opener()

    def _fetch(self, url: str) -> Iterator[bytes]:
        if urllib.parse.urlsplit(url).scheme.lower() not in WEB:
            raise Unreachable(f"could not reach {url}: not a web address")
        try:
            response = self._opener.open(
                urllib.request.Request(url, headers={"User-Agent": "procedures-reader"}), timeout=self.timeout
            )
        except urllib.error.HTTPError as exc:
            exc.close()
            raise DownloadHTTPError(f"the server answered {exc.code} for {url}", exc.code) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise Unreachable(f"could not reach {url}: {reason}") from None
        return self._chunks(response, url)

    def _chunks(self, response, url: str) -> Iterator[bytes]:
        start = time.monotonic()
        with response:
            while True:
                if self.cancelled():
                    raise DownloadCancelled(url)
                if time.monotonic() - start > self.deadline:
                    raise SlowRetrievalError(f"{url} took longer than {self.deadline:.0f} s")
                try:
                    chunk = response.read1(CHUNK) if hasattr(response, "read1") else response.read(CHUNK)
                except (OSError, ValueError) as exc:
                    raise Unreachable(f"the connection to {url} failed: {exc}", str(exc)) from None
                if not chunk:
                    return
                self.bytes_received += len(chunk)
                yield chunk


class FolderFetcher(ProxyAwareFetcher):
    """python-tuf's fetcher over a folder: file:// addresses only, regular files only.

    The stick is no more trusted than a server: every byte goes through the same
    verification, and a pipe or device planted on it is refused rather than read
    (opened without blocking, then checked), so it cannot hang the sync.
    """

    def _fetch(self, url: str) -> Iterator[bytes]:
        if urllib.parse.urlsplit(url).scheme.lower() != "file":
            raise Unreadable(f"could not read {url}: not a file in the folder")
        path = folder_of(url)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        except (FileNotFoundError, NotADirectoryError):
            raise MissingFile(str(path)) from None
        except OSError as exc:
            raise Unreadable(f"could not read {path}: {exc.strerror or exc}") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise Unreadable(f"{path} is not a file")
        return self._chunks(os.fdopen(fd, "rb"), str(path))
