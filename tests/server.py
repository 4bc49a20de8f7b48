"""A static file server on 127.0.0.1 for sync tests, with ways to misbehave.

It listens on a free loopback port, serves one folder over HTTP/1.1 (keep-alive,
as nginx does), records the paths asked for and the connections they came on,
can redirect or serve crafted bytes for chosen names, can fail as real networks
do (see `misbehave`; `clock` shifts its Date header; `retry_after` makes it
answer 503 with Retry-After a number of times first), and stops when the test
ends (the `server` fixture in tests/conftest.py shuts it down; its thread is a
daemon in any case). `Proxy` is a proxy on loopback that only ever asks for
credentials (407).
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import threading
import time
from pathlib import Path

PORTAL = (b"<!DOCTYPE html>\n<html><head><title>Guest Wi-Fi</title></head>"
          b"<body><form>Accept the terms to continue</form></body></html>\n")


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate((timestamp or time.time()) + self.server.clock, usegmt=True)

    def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_error(self, code, message=None, explain=None):
        if code == 404:  # kept alive, as nginx does (http.server closes the connection after any error)
            self._answer(404, b"Not Found\n", {"Content-Type": "text/plain"})
            return
        super().send_error(code, message, explain)

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        server.connections.add(self.client_address)
        name = self.path.rsplit("/", 1)[-1]
        if server.retry_after and name in server.retry_after["names"] and server.retry_after["times"] > 0:
            server.retry_after["times"] -= 1
            self._answer(503, b"busy", {"Retry-After": str(server.retry_after["seconds"])})
            return
        redirect = server.redirects.get(name) or server.redirects.get("*")
        if redirect is not None:
            self.send_response(302)
            self.send_header("Location", redirect.format(path=self.path))
            self.end_headers()
            return
        if name in server.extra:  # bytes a crafted repository names, wherever its path points
            self.send_response(200)
            self.send_header("Content-Length", str(len(server.extra[name])))
            self.end_headers()
            self.wfile.write(server.extra[name])
            return
        mode = server.misbehave.get(self.path.rsplit("/", 1)[-1]) or server.misbehave.get("*")
        if mode == "500":
            self.send_error(500, "Internal Server Error")
        elif mode == "404":
            self.send_error(404, "Not Found")
        elif mode == "portal":  # a captive portal: its sign-in page, whatever was asked for
            self._answer(200, PORTAL, {"Content-Type": "text/html; charset=utf-8"})
        elif mode == "gzip" and "gzip" in self.headers.get("Accept-Encoding", ""):  # as nginx's gzip on
            path = Path(self.directory) / self.path.lstrip("/")
            if not path.is_file():
                self.send_error(404, "Not Found")
                return
            self._answer(200, gzip.compress(path.read_bytes()), {"Content-Encoding": "gzip"})
        elif mode == "cut":  # the connection drops half way through a real file
            data = (Path(self.directory) / self.path.lstrip("/")).read_bytes()
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
        elif mode == "hang":
            time.sleep(server.hang_seconds)
            try:
                self.send_error(503)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting, as it should
                self.close_connection = True
        elif mode == "truncate":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"signed": ')
        elif mode == "oversize":
            self.close_connection = True
            self.send_response(200)
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b" " * 10_000)
        else:
            super().do_GET()


class Server:
    def __init__(self, folder: Path, tls=None):
        """`tls`: an ssl.SSLContext with the server's certificate, to serve https."""
        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.scheme = "https" if tls is not None else "http"
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.misbehave = {}
        self.httpd.redirects = {}  # last path segment or "*" -> Location ("{path}": the path asked for)
        self.httpd.extra = {}  # last path segment -> bytes served for it
        self.httpd.hang_seconds = 5
        self.httpd.connections = set()  # (host, port) of each client connection seen
        self.httpd.clock = 0.0  # seconds added to the Date header: a server whose clock differs
        self.httpd.retry_after = None  # {"names": {...}, "times": n, "seconds": s}: 503 + Retry-After first
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    @property
    def connections(self) -> set:
        return self.httpd.connections

    @property
    def misbehave(self) -> dict:
        return self.httpd.misbehave

    @property
    def redirects(self) -> dict:
        return self.httpd.redirects

    @property
    def extra(self) -> dict:
        return self.httpd.extra

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _AsksForCredentials(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _refuse(self):
        self.server.asked.append(f"{self.command} {self.path}")
        self.send_response(407, "Proxy Authentication Required")
        self.send_header("Proxy-Authenticate", 'Basic realm="council"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_CONNECT = _refuse


class Proxy:
    """A proxy on loopback that answers every request (GET or CONNECT) with 407."""

    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AsksForCredentials)
        self.httpd.daemon_threads = True
        self.httpd.asked = []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def asked(self) -> list[str]:
        return self.httpd.asked

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
