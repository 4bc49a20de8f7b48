"""An edition of the manual: the content files plus edition.toml, as bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import tomli_w

from reader.core.content import content_files, manual_files, manual_from_files

EDITION_INFO = "edition.toml"


def edition_files(content_dir: Path, as_of: dt.date, sync_url: str | None = None) -> dict[str, bytes]:
    """The manual as it stood on `as_of`, file by file, ready to sign.

    `sync_url`, where given, is where readers look for the next edition by default.
    """
    read = content_files(content_dir)  # read once: the bytes checked below are the bytes signed
    manual = manual_from_files(read).as_of(as_of)
    files = {path: text.encode("utf-8") for path, text in manual_files(manual).items()}
    for chapter in manual.chapters:  # a chapter's documents travel with it, as checked when it was read
        files.update({a.path: read[a.path] for a in chapter.attachments})
    info = {"as_of": as_of.isoformat()}
    if sync_url:
        info["sync_url"] = sync_url
    files[EDITION_INFO] = tomli_w.dumps(info).encode("utf-8")
    return files
