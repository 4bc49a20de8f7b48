"""nginx on 127.0.0.1 serving a repository as the README's hosting guide says, for the benchmarks.

One process (master_process off, daemon off), run as whoever starts it, in a
temporary folder of its own; stopped by `stop()` or when the benchmark exits.
The access log says each request's path, status and bytes sent.
"""

from __future__ import annotations

import atexit
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

# The hosting guide's cache headers, as nginx configuration (README, "Hosting the repository").
SITE = """
    gzip on;
    gzip_types application/json;
    gzip_min_length 1024;
    keepalive_requests 100000;
    types {{ application/json json; text/markdown md; application/toml toml; }}
    default_type application/octet-stream;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        # what makes an edition visible: never served from a cache without asking
        location = /metadata/timestamp.json {{ add_header Cache-Control "no-cache" always; }}
        # the next root is asked for at every sync and is a 404 until a rotation: not cached long
        location ~ ^/metadata/[0-9]+\\.root\\.json$ {{ add_header Cache-Control "max-age=300" always; }}
        # every other file's name carries its version or hash: it never changes
        location / {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    }}
"""


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx")
                                          if Path(p).exists()), None)


class Nginx:
    def __init__(self, root: Path):
        binary = nginx_binary()
        if binary is None:
            raise SystemExit("nginx is not installed: run `sh scripts/setup.sh --test` (it installs it where apt-get is)")
        self.folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = self.folder / "access.log"
        temp = "\n".join(f"    {kind}_temp_path {self.folder}/{kind};" for kind in
                         ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (self.folder / "nginx.conf").write_text(
            f"daemon off;\nmaster_process off;\nworker_processes 1;\npid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/error.log;\nevents {{ worker_connections 1024; }}\n"
            f"http {{\n    log_format bench '$request_uri $status $bytes_sent';\n"
            f"    access_log {self.log} bench;\n{temp}\n" + SITE.format(port=self.port, root=root) + "}\n")
        self.process = subprocess.Popen([binary, "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")],
                                        stderr=subprocess.PIPE)
        atexit.register(self.stop)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.stop()
            raise SystemExit(f"nginx did not start: {(self.folder / 'error.log').read_text(errors='replace')}")
        self._seen = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def requests_since(self) -> list[tuple[str, int, int]]:
        """(path, status, bytes sent) of each request since the last call."""
        time.sleep(0.05)  # nginx writes the line as it finishes the answer
        lines = self.log.read_text().splitlines() if self.log.exists() else []
        new, self._seen = lines[self._seen:], len(lines)
        return [(p, int(s), int(b)) for p, s, b in (line.split() for line in new)]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)
