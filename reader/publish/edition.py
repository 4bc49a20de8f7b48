"""An edition of the manual: the content files plus edition.toml, as bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w

from reader.core.content import manual_files, read_manual

EDITION_INFO = "edition.toml"


def edition_files(content_dir: Path, as_of: dt.date, sync_url: str | None = None) -> dict[str, bytes]:
    """The manual as it stood on `as_of`, file by file, ready to sign.

    `sync_url`, where given, is where readers look for the next edition by default.
    """
    manual = read_manual(content_dir).as_of(as_of)
    files = {path: text.encode("utf-8") for path, text in manual_files(manual).items()}
    info = {"as_of": as_of.isoformat()}
    if sync_url:
        info["sync_url"] = sync_url
    files[EDITION_INFO] = tomli_w.dumps(info).encode("utf-8")
    return files
