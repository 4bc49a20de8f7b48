"""Where the reader keeps things. One module, so tests can point it anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "procedures-reader"
ENV_DATA_DIR = "READER_DATA_DIR"

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """All state: --data-dir, else $READER_DATA_DIR, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_DATA_DIR):
        return Path(os.environ[ENV_DATA_DIR]).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def content_dir() -> Path:
    """The manual's source tree (content/) beside the package, in a checkout."""
    return _PACKAGE_ROOT / "content"


def resources_dir() -> Path:
    return _PACKAGE_ROOT / "resources"


def bundled_repository() -> Path:
    """The signed edition shipped with the application, as a static TUF repository."""
    return resources_dir() / "edition"


def trusted_root_file() -> Path:
    """The pinned trust root: the first root.json of the publisher's repository."""
    return resources_dir() / "trust" / "root.json"
