"""Publish an edition and make a laptop of it: written once for every test and bench that needs one.

A sync test needs what the real world has: a repository signed as the
publisher signs it (tests/server.py serves it on loopback), and a laptop that,
as the installer leaves it, trusts the repository's first root and holds its
first edition as the bundled one. Kept in one place so that a change to how an
edition is published or installed is made once, not in every test module.
The fixtures over these (repo, publisher, server, signers) are in tests/conftest.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from reader.core.content import manual_files
from reader.core.editions.library import Library
from reader.core.model import Manual
from reader.publish.edition import EDITION_INFO, edition_files
from reader.publish.keys import DEV_KEYS, OFFLINE, init_keys, load_signers
from reader.publish.repository import PublishResult, publish
from tests.conftest import CONTENT

NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
OLD_DAY, NEW_DAY = dt.date(2018, 4, 24), dt.date(2026, 1, 1)  # the 2018 edition, and the current one


def edition(as_of: dt.date = NEW_DAY, sync_url: str | None = None) -> dict[str, bytes]:
    """The content tree's edition as of a day, file by file, ready to publish (and to change first)."""
    return edition_files(CONTENT, as_of, sync_url)


def manual_edition(manual: Manual, as_of: dt.date = NEW_DAY) -> dict[str, bytes]:
    """A manual held in memory (a changed one: tests/core/editions/later.py) as an edition's files."""
    files = {path: text.encode("utf-8") for path, text in manual_files(manual).items()}
    files[EDITION_INFO] = f'as_of = "{as_of.isoformat()}"\n'.encode("utf-8")
    return files


class Publisher:
    """Publishes into one repository folder, with the development keys unless told, on a clock.

    Each publish is at `now` moved by `minutes`: a test says which edition is
    older by when it was published, as versions follow the publish time.
    """

    def __init__(self, repo: Path, signers=None, now: dt.datetime = NOW):
        self.repo = repo
        self.signers = signers if signers is not None else load_signers(DEV_KEYS)
        self.now = now

    def publish(self, files: dict[str, bytes], minutes: float = 0, signers=None) -> PublishResult:
        return publish(files, self.repo, self.signers if signers is None else signers, now=self.now + dt.timedelta(minutes=minutes))

    @property
    def first_root(self) -> bytes:
        """The root a laptop is installed trusting."""
        return (self.repo / "metadata" / "1.root.json").read_bytes()


def bundle(repo: Path, folder: Path) -> Path:
    """The repository as it stands, copied to folder/bundled: the edition an installer ships."""
    return Path(shutil.copytree(repo, folder / "bundled"))


def make_laptop(repo: Path, folder: Path) -> Library:
    """A laptop installed from `repo` as it stands: its bundled edition (folder/bundled) is
    the repository's publish so far, it trusts the first root, and the edition is open in folder/data."""
    library = Library(folder / "data", (repo / "metadata" / "1.root.json").read_bytes(), bundle(repo, folder))
    library.open()
    return library


def laptop_after_a_sync(folder: Path, old_info: bytes | None = None, new_info: bytes | None = None):
    """(library, previous edition name, current edition name): a laptop of the 2018 edition
    that then installed the 2026 one, as after a sync.

    `old_info`/`new_info` replace an edition's edition.toml before it is signed.
    """
    publisher = Publisher(folder / "repo")
    files = edition(OLD_DAY)
    if old_info is not None:
        files[EDITION_INFO] = old_info
    publisher.publish(files, minutes=-10)
    library = make_laptop(publisher.repo, folder)
    previous = library.current_name()
    files = edition(NEW_DAY)
    if new_info is not None:
        files[EDITION_INFO] = new_info
    publisher.publish(files)
    return library, previous, library.install_from_repository(publisher.repo)


def region_key_folder(folder: Path, signers) -> Path:
    """A region's key folder holding the development keys of its own five roles (no partnership's)."""
    folder.mkdir()
    for role in ("root", "targets", "snapshot", "timestamp", "bins"):
        shutil.copy(signers.files[role], folder)
    return folder


def split_keys(folder: Path) -> tuple[Path, Path]:
    """(online, offline): a new key set split as the README says, root and targets moved offline."""
    online, offline = folder / "online", folder / "offline"
    init_keys(online)
    offline.mkdir()
    for role in OFFLINE:
        shutil.move(online / f"{role}.pem", offline / f"{role}.pem")
    return online, offline
