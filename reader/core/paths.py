"""Where the reader keeps things. One module, so tests can point it anywhere."""

from __future__ import annotations

import os
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
    import platformdirs  # here: on Linux the window's own process never looks the folder up (reader.core.opening)

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


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
