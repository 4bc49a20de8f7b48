"""Two signed editions on one laptop, as after a sync: for tests of what state.json may and may not say."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from reader.core.editions.library import Library
from reader.publish.edition import edition_files
from reader.publish.keys import DEV_KEYS, load_signers
from reader.publish.repository import publish
from tests.conftest import CONTENT

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
OLD_DAY, NEW_DAY = dt.date(2018, 4, 24), dt.date(2026, 1, 1)


def laptop(folder: Path, old_info: bytes | None = None, new_info: bytes | None = None):
    """(library, previous edition name, current edition name): the 2018 edition, then the 2026 one.

    `old_info`/`new_info` replace an edition's edition.toml before it is signed.
    """
    repo = folder / "repo"
    signers = load_signers(DEV_KEYS)
    files = edition_files(CONTENT, OLD_DAY)
    if old_info is not None:
        files["edition.toml"] = old_info
    publish(files, repo, signers, now=NOW - dt.timedelta(minutes=10))
    shutil.copytree(repo, folder / "bundled")
    library = Library(folder / "data", (repo / "metadata" / "1.root.json").read_bytes(), folder / "bundled")
    previous = library.open().name
    files = edition_files(CONTENT, NEW_DAY)
    if new_info is not None:
        files["edition.toml"] = new_info
    publish(files, repo, signers, now=NOW)
    return library, previous, library.install_from_repository(repo)
