"""The files an edition may hold: the one list that sync, the offline check and the publisher share.

A signed target is only a name and a hash; the signature says nothing about
where the reader may write it. A key holder (or a stolen key) could sign
`../../.bashrc`. So every path a target names must be one of the shapes below,
and nothing else is ever written, read or accepted, whoever signed it:

    boards.toml, register.toml, edition.toml
    chapters/<id>.md
    wordings/<id>/<YYYY-MM-DD>.md
    attachments/<id>/<name>.<pdf|docx|xlsx|png|jpg|jpeg>

An <id> is lower-case letters and digits in hyphen-separated runs, as the
importer makes them. A new kind of file is added here first.

An attachment (a document or form of chapter <id>) is opened by the system's
viewer, which picks the program by the name's ending: so the name is held to
the few document types the manual carries, never a program, a script or a
shortcut, and to lower-case letters, digits and hyphens, so that two names
cannot be one file on a disk that ignores case (Windows, macOS) and none is a
name Windows keeps for a device (con.pdf, nul.docx, com1.png...).
"""

from __future__ import annotations

import re

TOP_LEVEL = frozenset({"boards.toml", "register.toml", "thesaurus.toml", "edition.toml"})

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ATTACHMENT_TYPES = ("pdf", "docx", "xlsx", "png", "jpg", "jpeg")  # what reader.core.attachments checks inside
ATTACHMENTS = "attachments"
_ATTACHMENT = re.compile(rf"{ATTACHMENTS}/({_ID})/({_ID})\.(?:{'|'.join(ATTACHMENT_TYPES)})")
# Names Windows gives to devices whatever the ending: "con.pdf" opens the console, not a file.
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))})
_SHAPES = (
    re.compile(rf"chapters/{_ID}\.md"),
    re.compile(rf"wordings/{_ID}/\d{{4}}-\d{{2}}-\d{{2}}\.md"),
)
MAX_PATH = 200  # far above any real name; keeps a hostile name from reaching the file system's limits


def is_edition_path(path: object) -> bool:
    """True if `path` (a target name, "/"-separated) is a file an edition may hold."""
    if not isinstance(path, str) or len(path) > MAX_PATH:
        return False
    return path in TOP_LEVEL or any(shape.fullmatch(path) for shape in _SHAPES) or attachment_of(path) is not None


def attachment_of(path: object) -> str | None:
    """The chapter id whose attachment `path` is, or None if it is not an attachment an edition may hold."""
    if not isinstance(path, str) or len(path) > MAX_PATH:
        return None
    match = _ATTACHMENT.fullmatch(path)
    if match is None or match.group(2) in _WINDOWS_DEVICES:
        return None
    return match.group(1)


def attachment_path(chapter_id: str, name: str) -> str:
    """Where chapter `chapter_id`'s attachment `name` lies in an edition (and under content/)."""
    return f"{ATTACHMENTS}/{chapter_id}/{name}"
