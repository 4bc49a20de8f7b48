"""Preview and monitoring: serve a repository on loopback for a real reader; say which metadata expires soon."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
from collections.abc import Callable
from pathlib import Path

from reader.core.errors import ReaderError
from reader.publish.repository import expiries

LOOPBACK = "127.0.0.1"  # a preview is for this computer's reader only, never the network


def expiry_report(out: Path, days: int, now: dt.datetime | None = None) -> tuple[list[str], bool]:
    """One line per role, and whether any role expires within `days` days (or has expired)."""
    now = now or dt.datetime.now(dt.timezone.utc)
    horizon = now + dt.timedelta(days=days)
    lines, near = [], False
    for role, expires in expiries(out):
        left = (expires - now).total_seconds() / 86400
        if expires <= now:
            state = "EXPIRED: readers refuse this repository's updates"
        elif expires <= horizon:
            state = f"EXPIRES SOON: within {days} day(s); publish (or re-sign with its key) now"
        else:
            state = "ok"
        near = near or expires <= horizon
        lines.append(f"{role}: expires {expires:%Y-%m-%d %H:%M} UTC, in {left:.1f} days: {state}")
    return lines, near


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - http.server's own name
        pass  # one line at start says where it is; a line per file would bury it


def serve(out: Path, port: int, ready: Callable[[str], None]) -> None:
    """Serve `out` as static files on 127.0.0.1:`port` (0: any free port) until interrupted.

    `ready` is told the address once the server listens.
    """
    out = Path(out)
    if not (out / "metadata" / "1.root.json").is_file():
        raise ReaderError(f"{out} is not a published repository (no metadata/1.root.json): publish into it first")
    handler = functools.partial(_Quiet, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer((LOOPBACK, port), handler)
    except OSError as exc:
        raise ReaderError(f"cannot listen on {LOOPBACK}:{port} ({exc.strerror or exc}): try another --port") from None
    with server:
        ready(f"http://{LOOPBACK}:{server.server_address[1]}")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass  # Ctrl+C is how it stops
