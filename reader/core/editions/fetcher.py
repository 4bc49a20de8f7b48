"""HTTP for sync: the system's proxy settings, the system's trust store, one connection per host,
a timeout per read, a deadline per file and one for the whole sync.

python-tuf's own fetcher ignores the system proxy and waits 30 s per read; a
laptop on hotel Wi-Fi needs both handled. The proxy comes from
urllib.request.getproxies() (the environment, the registry on Windows, the
system settings on macOS), connections are urllib3's, kept open and reused for
every file of a sync (a sync of one changed chapter is a handful of requests
to one host: one TLS handshake, not one each), certificates are checked
against the operating system's store (truststore), and gzip is accepted (the
snapshot of a large manual compresses to a fraction). A server that answers
slowly or without end is cut off at the deadline, so a sync never hangs; an
answer shorter than its Content-Length is a cut download (CutShort), a network
failure, never a "failed verification".

Redirects: only to http(s), never from https down to http, and never to
another scheme (urllib alone would follow ftp://, sending `USER anonymous` to
whatever host was named). A redirect to another host is followed: a static
repository behind a CDN or a mirror is normal, and what arrives is trusted
for its signatures, not for the host it came from. A downgrade to http is not:
it would let anyone on the network watch, and freeze, what the laptop fetches.
When a redirect is refused, the message says where the server sent it.

Each way a download ends early has its own type (cancelled, unreachable, too
slow, redirect refused, a web page where JSON was due, a proxy that wants a
password or is down, an untrusted certificate, an error status with the wait
Retry-After asked for), so sync tells them apart by type, never by the words.
An answer of 429 or 503 with a Retry-After that fits within the deadlines is
waited out and asked again. The server's Date is kept (server_date), so that
sync can tell a laptop's wrong clock from a publisher's stale edition.

A folder (a USB stick or an office share holding a copy of the publisher's
repository) is read by FolderFetcher: the same chunks, deadline and cancel as
the web, and python-tuf's own length limits, so what it verifies is exactly
what it verifies from a server. A file the folder lacks is a 404 to python-tuf
(which ends the walk of the root chain there), and its own type for the message.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
import ssl
import stat
import sys
import time
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


class HttpStatus(DownloadHTTPError):
    """The server answered with an error status; `retry_after` is the wait it asked for, in seconds, if any."""

    def __init__(self, url: str, status: int, retry_after: float | None = None):
        super().__init__(f"the server answered {status} for {url}", status)
        self.url = url
        self.retry_after = retry_after


class WebPage(DownloadError):
    """A web page came where an update file was asked for: a captive portal (hotel or guest Wi-Fi) as a rule."""

    def __init__(self, url: str):
        super().__init__(f"a web page came back for {url}")
        self.url = url


class ProxyAuthRequired(DownloadError):
    """The proxy answered 407: it wants credentials the reader was not given."""

    def __init__(self, proxy: str):
        super().__init__(f"the proxy {proxy} asks for a user name and password (407)")
        self.proxy = proxy


class ProxyUnreachable(Unreachable):
    """The proxy the system's settings name could not be reached."""

    def __init__(self, proxy: str, detail: str):
        super().__init__(f"could not reach the proxy {proxy}: {detail}", detail)
        self.proxy = proxy


class UntrustedCertificate(Unreachable):
    """The server's TLS certificate is not trusted by this computer (or its name does not match)."""

    def __init__(self, url: str, detail: str):
        super().__init__(f"the certificate of {url} is not trusted: {detail}", detail)
        self.url = url


class CutShort(Unreachable):
    """The connection ended before the file did (fewer bytes than its Content-Length): a network failure."""

    def __init__(self, url: str, received: int, expected: int | None):
        of = f" of {expected:,}" if expected is not None else ""
        super().__init__(f"the download of {url} was cut short ({received:,}{of} bytes)",
                         f"the download was cut short after {received:,}{of} bytes")
        self.url = url
        self.received = received
        self.expected = expected


class SyncTooLong(SlowRetrievalError):
    """The whole sync ran past its overall deadline."""

    def __init__(self, total: float):
        super().__init__(f"the sync took longer than {total:.0f} s altogether")
        self.total = total


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


_PROXY_STATUS = re.compile(r"Tunnel connection failed: (\d{3})")
_RETRY_AT_MOST = 3  # answers of 429/503 with Retry-After waited out per file, each within the deadlines


def tls_context() -> ssl.SSLContext:
    """Certificates checked against the operating system's trust store (truststore).

    A council that inspects TLS installs its own CA in Windows' or macOS's
    store (by group policy, say); Python's own bundle would not know it and
    every sync would fail until someone set SSL_CERT_FILE by hand. On Linux
    the system store is OpenSSL's (/etc/ssl/certs, SSL_CERT_DIR), as before.
    """
    import truststore  # deferred: only a sync over the web needs it

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


class ProxyAwareFetcher(FetcherInterface):
    """python-tuf's fetcher over urllib3: the system's proxy settings, one connection per
    host kept open for the whole sync, gzip accepted, and every way a download ends
    early typed.

    `timeout` bounds each connect and read, `deadline` each file, `total` the whole
    sync (every file this fetcher fetches). `proxies` (scheme -> proxy URL) is the
    system's (urllib.request.getproxies: the environment, the Windows registry,
    macOS's settings) unless given.
    """

    def __init__(self, timeout: float = 10.0, deadline: float = 60.0, cancelled=lambda: False,
                 total: float = 600.0, proxies: dict[str, str] | None = None, ssl_context=None):
        self.timeout = timeout
        self.deadline = deadline
        self.total = total
        self.cancelled = cancelled
        self.bytes_received = 0
        self.requests = 0
        self.server_date: dt.datetime | None = None  # the Date the server last sent, as of...
        self.server_date_local: dt.datetime | None = None  # ...this time on the laptop's clock
        self._started = time.monotonic()
        self._explicit_proxies = proxies is not None
        self._proxies = urllib.request.getproxies() if proxies is None else dict(proxies)
        self._ssl_context = ssl_context
        self._pools: dict[str, object] = {}

    # -- connections ---------------------------------------------------------------

    def _proxy_for(self, url: str) -> str | None:
        parts = urllib.parse.urlsplit(url)
        proxy = self._proxies.get(parts.scheme.lower())
        if not proxy:
            return None
        host = parts.hostname or ""
        bypass = (urllib.request.proxy_bypass_environment(host, self._proxies) if self._explicit_proxies
                  else urllib.request.proxy_bypass(host))
        return None if bypass else proxy

    def _pool(self, proxy: str | None):
        """One pool manager per proxy (or none): one kept-alive connection per host, reused by every file."""
        import urllib3  # deferred with the rest of sync

        key = proxy or ""
        if key not in self._pools:
            if self._ssl_context is None:
                self._ssl_context = tls_context()
            common = dict(num_pools=4, maxsize=1, block=False, retries=False, ssl_context=self._ssl_context)
            if proxy is None:
                self._pools[key] = urllib3.PoolManager(**common)
            else:
                auth = urllib3.util.parse_url(proxy).auth
                headers = urllib3.make_headers(proxy_basic_auth=auth) if auth else None
                self._pools[key] = urllib3.ProxyManager(proxy, proxy_headers=headers, **common)
        return self._pools[key]

    def _left(self) -> float:
        return self.total - (time.monotonic() - self._started)

    # -- fetching ------------------------------------------------------------------

    def _fetch(self, url: str) -> Iterator[bytes]:
        import urllib3

        if urllib.parse.urlsplit(url).scheme.lower() not in WEB:
            raise Unreachable(f"could not reach {url}: not a web address")
        retries = 0
        asked = url
        for _ in range(10):  # redirects followed, as urllib did
            if self._left() <= 0:
                raise SyncTooLong(self.total)
            proxy = self._proxy_for(url)
            limit = max(0.1, min(self.timeout, self._left()))
            try:
                self.requests += 1
                response = self._pool(proxy).request(
                    "GET", url, headers={"User-Agent": "procedures-reader", "Accept-Encoding": "gzip"},
                    redirect=False, preload_content=False, decode_content=True,
                    timeout=urllib3.Timeout(connect=limit, read=limit))
            except urllib3.exceptions.HTTPError as exc:
                if self._left() <= 0:  # the timeout was cut to what the sync had left
                    raise SyncTooLong(self.total) from None
                raise _connection_error(exc, url, proxy) from None
            self._note_date(response)
            status = response.status
            if status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                target = urllib.parse.urljoin(url, response.headers["Location"])
                _release(response)
                if not redirect_allowed(url, target):
                    raise RedirectRefused(url, target)
                url = target
                continue
            if status == 407:
                _release(response)
                raise ProxyAuthRequired(proxy or url)
            if status >= 400:
                wait = _retry_after(response.headers.get("Retry-After"), self.server_date)
                _release(response)
                if status in (429, 503) and wait is not None and retries < _RETRY_AT_MOST \
                        and wait <= min(self.deadline, self._left()):
                    retries += 1
                    self._sleep(wait, url)
                    continue
                raise HttpStatus(url, status, wait)
            return self._chunks(_Web(response), url, sniff_html=True)
        raise Unreachable(f"the update server sent {asked} round too many redirects")

    def _note_date(self, response) -> None:
        date = response.headers.get("Date")
        if date:
            try:
                when = email.utils.parsedate_to_datetime(date)
            except (TypeError, ValueError):
                return
            if when.tzinfo is not None:
                self.server_date = when
                self.server_date_local = dt.datetime.now(dt.timezone.utc)

    def _sleep(self, seconds: float, url: str) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.cancelled():
                raise DownloadCancelled(url)
            time.sleep(min(0.2, left))

    def _chunks(self, response, url: str, sniff_html: bool = False) -> Iterator[bytes]:
        start = time.monotonic()
        deadline = min(self.deadline, max(self._left(), 0))
        first = True
        finished = False
        try:
            while True:
                if self.cancelled():
                    raise DownloadCancelled(url)
                if time.monotonic() - start > deadline:
                    if self._left() <= 0:
                        raise SyncTooLong(self.total)
                    raise SlowRetrievalError(f"{url} took longer than {self.deadline:.0f} s")
                try:
                    chunk = response.read_chunk(url)
                except Unreachable:
                    if self._left() <= 0:
                        raise SyncTooLong(self.total) from None
                    raise
                self.bytes_received += response.wire_bytes()
                if not chunk:
                    finished = True
                    return
                if first and sniff_html and _web_page(url, chunk, response.content_type):
                    raise WebPage(url)
                first = False
                yield chunk
        finally:
            response.done(finished)


class _Web:
    """A urllib3 response read in chunks: the bytes on the wire counted (gzip counts as sent), a
    short body (fewer bytes than its Content-Length) typed as cut short, the connection
    handed back for reuse only when the body was read to its end."""

    def __init__(self, response):
        self.response = response
        self.content_type = response.headers.get("Content-Type", "")
        self._counted = 0

    def read_chunk(self, url: str) -> bytes:
        import urllib3

        try:
            return self.response.read(CHUNK)
        except urllib3.exceptions.ProtocolError:  # urllib3 checks Content-Length: a cut download
            expected = self.response.headers.get("Content-Length")
            raise CutShort(url, self.response.tell(), int(expected) if (expected or "").isdigit() else None) \
                from None
        except urllib3.exceptions.ReadTimeoutError:
            raise Unreachable(f"the connection to {url} failed: no answer for too long", "timed out") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise Unreachable(f"the connection to {url} failed: {exc}", str(exc)) from None

    def wire_bytes(self) -> int:
        now = self.response.tell()
        new, self._counted = now - self._counted, now
        return new

    def done(self, finished: bool) -> None:
        if finished:
            self.response.release_conn()  # kept alive for the next file
        else:
            self.response.close()  # a half-read answer: the connection is not reused
            self.response.release_conn()


class _File:
    """A file in a folder, read in the same chunks as a web answer."""

    content_type = ""

    def __init__(self, file):
        self.file = file
        self._last = 0

    def read_chunk(self, url: str) -> bytes:
        try:
            chunk = self.file.read(CHUNK)
        except (OSError, ValueError) as exc:
            raise Unreachable(f"the connection to {url} failed: {exc}", str(exc)) from None
        self._last = len(chunk)
        return chunk

    def wire_bytes(self) -> int:
        return self._last

    def done(self, finished: bool) -> None:
        self.file.close()


_DRAIN_AT_MOST = 64 * 1024  # bytes of a redirect's or an error's body read to keep its connection


def _release(response) -> None:
    """Done with a response whose body is not wanted. A short body of declared length is read so
    the connection is kept for the next request; any other (no length, a long one) closes it
    instead: reading a body the server never ends would wait out the whole read timeout."""
    length = response.headers.get("Content-Length", "")
    if length.isdigit() and int(length) <= _DRAIN_AT_MOST and response.headers.get("Transfer-Encoding") is None:
        response.drain_conn()
        response.release_conn()
    else:
        response.close()  # the pool makes a new connection next time
        response.release_conn()


def _web_page(url: str, first: bytes, content_type: str) -> bool:
    """Is this answer a web page where an update file was asked for (a captive portal's sign-in page)?

    JSON never starts with "<"; a content file may be served as anything, so it
    counts only if it is declared HTML and opens as an HTML document.
    """
    head = first[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if url.endswith(".json") and head.startswith(b"<"):
        return True
    return "html" in content_type.lower() and head.startswith((b"<!doctype html", b"<html"))


def _retry_after(value: str | None, server_now: dt.datetime | None) -> float | None:
    """Seconds a Retry-After header asks to wait (a number, or an HTTP date read by the server's clock)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = server_now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds()) if when.tzinfo else None


def _connection_error(exc: Exception, url: str, proxy: str | None) -> DownloadError:
    """urllib3's failure to connect, as the reader's type for it, naming the proxy where one was used."""
    import urllib3

    reason = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason else exc
    if isinstance(reason, urllib3.exceptions.ProxyError):
        inner = reason.original_error if hasattr(reason, "original_error") else reason
        code = _PROXY_STATUS.search(str(inner))  # http.client's words are all there is for CONNECT's answer
        if code and code.group(1) == "407":
            return ProxyAuthRequired(proxy or url)
        return ProxyUnreachable(proxy or "", _system_words(inner))
    if isinstance(reason, urllib3.exceptions.SSLError):
        return UntrustedCertificate(url, _system_words(reason))
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):
        return Unreachable(f"could not reach {url}: timed out")
    return Unreachable(f"could not reach {url}: {_system_words(reason)}")


def _system_words(exc: BaseException) -> str:
    """The innermost reason, without urllib3's object reprs ("<urllib3.connection...>: Failed to ...")."""
    while isinstance(getattr(exc, "reason", None), BaseException):
        exc = exc.reason
    inner = exc.args[-1] if exc.args and isinstance(exc.args[-1], BaseException) else None
    text = str(inner if inner is not None else exc)
    return re.sub(r"^<[^>]*>: ", "", text)


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
        return self._chunks(_File(os.fdopen(fd, "rb")), str(path))
