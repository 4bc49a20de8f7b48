"""A chapter's document, copied out of the edition for the system's viewer, checked again first.

The viewer is another program: it may keep the file open, save over it, or
lock it (Windows) while the reader switches or prunes editions. So it never
gets the edition's own file, only a copy of its own in the private data folder
(DATA/documents/<random>/<name>, the folders 0700, the copy read-only), made from
bytes read once, without following a link, and checked against the length and
SHA-256 the edition was verified with and against the kind of file the name
says. Anything else (a file changed on disk since the start-up check, a link or
pipe in its place, a program renamed .pdf) is refused and nothing is opened.

Copies from earlier days are removed when the next one is made: a viewer is
done with them by then, and a practitioner's documents do not pile up.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import stat
import time
from pathlib import Path

from reader.core import attachments as attachment_check
from reader.core.atomic import write_bytes
from reader.core.errors import ContentError, ReaderError, TamperedFile
from reader.core.model import Attachment
from reader.core.trust.layout import attachment_of

COPIES = "documents"
KEEP_SECONDS = 24 * 3600
_NO_FOLLOW = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_edition_file(edition: Path, attachment: Attachment) -> bytes:
    # Each folder on the way is checked not to be a link: the name is the layout's
    # (no "..", no absolute path), so only a link planted in the folder could lead elsewhere.
    where = attachment.path
    place = Path(edition)
    for part in attachment.path.split("/")[:-1]:
        place = place / part
        try:
            if not stat.S_ISDIR(os.lstat(place).st_mode):
                raise TamperedFile(f"{where}: the edition's folder {part}/ has been replaced")
        except FileNotFoundError:
            raise TamperedFile(f"{where} is missing from the edition") from None
    try:
        fd = os.open(place / attachment.name, _NO_FOLLOW)
    except FileNotFoundError:
        raise TamperedFile(f"{where} is missing from the edition") from None
    except OSError as exc:  # a link in its place (O_NOFOLLOW), no permission
        raise TamperedFile(f"{where} cannot be read ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise TamperedFile(f"{where} is not a plain file")
        chunks, left = [], attachment.length + 1  # one byte over is enough to refuse
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def checked_bytes(edition: Path, attachment: Attachment) -> bytes:
    """The attachment's bytes from the edition's folder, refused unless they are the ones verified."""
    if attachment_of(attachment.path) is None:
        raise TamperedFile(f"{attachment.path!r} is not a document an edition may hold")
    data = _read_edition_file(edition, attachment)
    if len(data) != attachment.length or hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise TamperedFile(f"{attachment.path} has changed on this computer since the edition was checked "
                           "(refused: sync again, or restart the reader to use the last good edition)")
    try:
        attachment_check.check_bytes(attachment.name, data, attachment.path)
    except ContentError as exc:
        raise TamperedFile(str(exc)) from None
    return data


def private_copy(edition: Path, attachment: Attachment, data_dir: Path, now: float | None = None) -> Path:
    """A read-only copy of `attachment` for the system's viewer, in DATA/documents/; its path.

    Raises a ReaderError (in plain words) if the file is not the one verified or
    the copy cannot be written; nothing is left half-written.
    """
    data = checked_bytes(edition, attachment)
    copies = Path(data_dir) / COPIES
    _remove_old(copies, time.time() if now is None else now)
    folder = copies / secrets.token_hex(8)  # a folder a copy: the viewer may still hold an earlier one
    try:
        folder.mkdir(parents=True, mode=0o700)
        copy = folder / attachment.name
        write_bytes(copy, data)
        os.chmod(copy, stat.S_IRUSR)  # read-only: a viewer's Save goes elsewhere, never over the checked copy
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise ReaderError(f"the document could not be copied for opening into {copies} "
                          f"({exc.strerror or exc})") from None
    return copy


def _remove_old(copies: Path, now: float) -> None:
    try:
        folders = list(copies.iterdir())
    except OSError:
        return  # none yet
    for folder in folders:
        try:
            info = os.lstat(folder)
            if stat.S_ISDIR(info.st_mode) and now - info.st_mtime > KEEP_SECONDS:
                for inside in folder.iterdir():  # read-only files: Windows will not delete them as they are
                    if not inside.is_symlink():
                        os.chmod(inside, stat.S_IRUSR | stat.S_IWUSR)
                shutil.rmtree(folder)
        except OSError:
            continue  # still open in a viewer (Windows): next time
