"""Where the reader keeps things. One module, so tests can point it anywhere.

The data folder says what a practitioner reads (bookmarks, what is unread,
the search index), so it is theirs alone: the folder and every folder under
it 0700, every file 0600. Names read back from it (`current`, state.json) are
checked against the one shape the reader gives an edition before they reach
the file system.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from reader.core.errors import ReaderError

APP_NAME = "procedures-reader"
ENV_DATA_DIR = "READER_DATA_DIR"

_PACKAGE = Path(__file__).resolve().parents[1]  # reader/
_CHECKOUT = _PACKAGE.parent  # the repository, when running from a clone


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """All state: --data-dir, else $READER_DATA_DIR, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    import platformdirs  # here: on Linux the window's own process never looks the folder up (reader.core.editions.early_open)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


MAX_EDITION_NAME = 20  # a timestamp version has 10 digits; this only keeps a hostile name short


def edition_name(value: object) -> str | None:
    """`value` if it is a name the reader gives an edition (its version: decimal digits), else None.

    Anything else read back from a local file (a path, a NUL, another script's
    digits) must never become a folder to open.
    """
    if isinstance(value, str) and 0 < len(value) <= MAX_EDITION_NAME and value.isascii() and value.isdigit():
        return value
    return None


PRIVATE_UMASK = 0o077


def keep_private() -> int | None:
    """From now on this process creates files for its user alone; the previous umask, or None.

    A umask rather than a mode at each place that writes: editions, the search
    index and the window's own files are written by code (shutil, python-tuf,
    whoosh, Qt) that takes no mode. Windows has no POSIX modes (a user's
    AppData folder is private by its access list), so there it does nothing.
    """
    if os.name == "nt":
        return None
    return os.umask(PRIVATE_UMASK)


def make_private(folder: Path, deep: bool = False) -> Path:
    """Create the data folder for its user alone, or tighten one an earlier reader left open.

    The whole tree is walked only if the folder itself was open (or `deep`):
    once it is 0700 nothing under it can be reached by others, and a start
    should not pay for a walk of every edition. Symbolic links are left alone.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "nt":  # no POSIX modes: see keep_private
        return folder
    if stat.S_IMODE(folder.stat().st_mode) != 0o700 or deep:
        os.chmod(folder, 0o700)
        for top, dirs, files in os.walk(folder):
            for name in dirs + files:
                path = os.path.join(top, name)
                try:
                    mode = os.lstat(path).st_mode
                    if stat.S_ISDIR(mode) and stat.S_IMODE(mode) != 0o700:
                        os.chmod(path, 0o700)
                    elif stat.S_ISREG(mode) and stat.S_IMODE(mode) != 0o600:
                        os.chmod(path, 0o600)
                except FileNotFoundError:  # removed meanwhile (a sync's work folder)
                    continue
    return folder


def writable_data_dir(folder: Path) -> Path:
    """The data folder, made private and shown to take a file; DataFolderError (naming it) if not.

    A folder on a read-only mount, of another user, or on a full disk fails
    here, in one plain sentence, rather than later in the middle of an install.
    """
    import tempfile

    from reader.core.errors import DataFolderError

    folder = Path(folder)
    try:
        make_private(folder)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-check-")
        try:
            os.write(fd, b"x")
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise DataFolderError(folder, exc) from None
    return folder


def content_dir() -> Path:
    """The manual's source tree (content/) of a checkout: only editors need it."""
    folder = _CHECKOUT / "content"
    if not folder.is_dir():
        raise ReaderError("content/ is not here: run this from a clone of the repository (pip install -e .)")
    return folder


def resources_dir() -> Path:
    """The application's resources, wherever the application is.

    A frozen build unpacks them beside its code (sys._MEIPASS); an installed
    wheel carries the checkout's resources/ as the package reader._resources;
    a checkout (or an editable install) uses resources/ itself. The package's
    own copy is looked for before the checkout's, because the folder above an
    installed package is site-packages, where another package's "resources"
    could be.
    """
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    installed = _PACKAGE / "_resources"
    if installed.is_dir():
        return installed
    return _CHECKOUT / "resources"


def development_keys() -> Path:
    """The insecure development key set: a checkout only, never installed or frozen."""
    return _CHECKOUT / "resources" / "development-keys"


def bundled_repository() -> Path:
    """The signed edition shipped with the application, as a static TUF repository."""
    return resources_dir() / "edition"


def trusted_root_file() -> Path:
    """The pinned trust root: the first root.json of the publisher's repository."""
    return resources_dir() / "trust" / "root.json"


def icon_file() -> Path:
    return resources_dir() / "icons" / "procedures-reader.png"
