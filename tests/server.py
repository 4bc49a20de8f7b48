"""A static file server on 127.0.0.1 for sync tests, with ways to misbehave.

It listens on a free loopback port, serves one folder, records the paths asked
for, can redirect or serve crafted bytes for chosen names, and stops when the
test ends (the `server` fixture in tests/conftest.py shuts it down; its thread
is a daemon in any case).
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        name = self.path.rsplit("/", 1)[-1]
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
        elif mode == "hang":
            time.sleep(server.hang_seconds)
            self.send_error(503)
        elif mode == "truncate":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"signed": ')
        elif mode == "oversize":
            self.send_response(200)
            self.end_headers()
            for _ in range(200):
                self.wfile.write(b" " * 10_000)
        else:
            super().do_GET()


class Server:
    def __init__(self, folder: Path):
        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.misbehave = {}
        self.httpd.redirects = {}  # last path segment or "*" -> Location ("{path}": the path asked for)
        self.httpd.extra = {}  # last path segment -> bytes served for it
        self.httpd.hang_seconds = 5
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

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
