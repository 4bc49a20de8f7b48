"""The editions on disk: install, verify at start, switch atomically, fall back.

    DATA_DIR/editions/<version>/   a complete edition: metadata/ + content files
    DATA_DIR/current               the name of the edition in use (replaced atomically)

A new edition is assembled in a temporary folder beside the others, verified,
flushed to disk and renamed into place before `current` points at it, so a crash
at any step leaves the last good edition in use.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import tempfile
import tomllib
from pathlib import Path

from reader.core.atomic import write_text
from reader.core.content import manual_from_files
from reader.core.errors import ReaderError, RollbackError, TrustError
from reader.core.locks import held
from reader.core.model import Manual
from reader.core.editions.opened import Opened
from reader.core.paths import edition_name
from reader.core.trust.verify import METADATA, Verified, verify_edition, verify_metadata

EDITION_INFO = "edition.toml"
LOCK = "editions.lock"  # beside editions/, never in it: installed() lists only its folders


def _fsync_tree(folder: Path) -> None:
    """Flush what is new in `folder`: its files with one name, and its folders' entries.

    A file with more than one name was hard-linked from an edition already
    adopted, and so already flushed; flushing it again is most of a one-chapter
    sync's time on a large manual for nothing.
    """
    for path in folder.rglob("*"):
        st = path.lstat()
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    if os.name == "posix":  # the names (links, the files just made) too; Windows cannot open a folder
        for path in [folder, *(p for p in folder.rglob("*") if p.is_dir() and not p.is_symlink())]:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def edition_info(data: bytes | None) -> dict:
    """edition.toml (its verified bytes): the as-of date, and the publisher's update address if it gives one.

    The file is signed, but what it says is shown, printed and used: the as-of
    date is kept only if it is an ISO date ("unknown" otherwise), the address
    only if it is a web address, so neither can carry markup or anything else.
    """
    try:
        info = tomllib.loads(data.decode("utf-8")) if data is not None else {}
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        info = {}
    as_of = info.get("as_of")
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of) if len(as_of) == 10 else None
        except ValueError:
            as_of = None
    # a TOML date is a dt.date; a TOML date-time is a dt.datetime, which is a dt.date too but not a day
    day = as_of.isoformat() if isinstance(as_of, dt.date) and not isinstance(as_of, dt.datetime) else "unknown"
    url = info.get("sync_url")
    url = url if isinstance(url, str) and url.startswith(("http://", "https://")) and len(url) <= 2000 else None
    return {"as_of": day, "sync_url": url}


class Library:
    def __init__(self, data_dir: Path, pinned_root: bytes, bundled_repository: Path):
        self.data_dir = Path(data_dir)
        self.editions = self.data_dir / "editions"
        self.pinned_root = pinned_root
        self.bundled = Path(bundled_repository)

    # -- what is installed -------------------------------------------------

    def current_name(self) -> str | None:
        try:
            text = (self.data_dir / "current").read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return None
        return edition_name(text.strip())  # anything but an edition's name (a NUL, a path) is no current edition

    def installed(self) -> list[str]:
        if not self.editions.is_dir():
            return []
        names = [p.name for p in self.editions.iterdir() if p.is_dir() and p.name.isdigit()]
        return sorted(names, key=int, reverse=True)

    def verify(self, name: str) -> Verified:
        return verify_edition(self.pinned_root, self.editions / name)

    def read(self, name: str) -> Manual:
        """Edition `name`'s manual, verified: built from the bytes the check hashed, never re-read."""
        return manual_from_files(self.verify(name).files)

    # -- installing --------------------------------------------------------

    def install_from_repository(self, repository: Path) -> str:
        """Copy a local static repository's newest edition in, verified; make it current."""
        return self._install(repository)[0]

    def installing(self):
        """The lock under which editions are added and `current` changes: one reader process at a time."""
        return held(self.data_dir / LOCK, "installing an edition")

    def _install(self, repository: Path) -> tuple[str, Verified]:
        self.editions.mkdir(parents=True, exist_ok=True)
        # Under the lock from staging on, so the rollback check reads the `current` it will replace
        with self.installing():
            return self._install_locked(repository)

    def _install_locked(self, repository: Path) -> tuple[str, Verified]:
        staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=self.editions))
        try:
            try:
                _copy_metadata(repository / METADATA, staging / METADATA)
            except (OSError, ValueError, KeyError, TypeError):
                raise TrustError(f"{repository} does not hold a complete published edition") from None
            verified = verify_metadata(self.pinned_root, staging / METADATA)
            self._refuse_rollback(verified)
            for path, tf in verified.targets.items():
                folder, _, name = path.rpartition("/")
                src = repository / "targets" / folder / f"{tf.hashes['sha256']}.{name}"
                dst = staging / path
                dst.parent.mkdir(parents=True, exist_ok=True)
                try:
                    shutil.copyfile(src, dst)
                except FileNotFoundError:
                    raise TrustError(f"the edition is incomplete: {path} is missing") from None
            installed = verify_edition(self.pinned_root, staging)
            name = self.adopt(staging, installed)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already unless a step before adopting failed
        return name, installed

    def adopt(self, staging: Path, verified: Verified) -> str:
        """Commit an edition assembled in `staging` (a folder beside the editions) and verified there.

        The one way an edition becomes current, for an install and for a sync:
        its files flushed to disk, the folder renamed into place, then `current`
        replaced. A folder of the same name is replaced: one that failed
        verification, or one renamed in by a sync that stopped before `current`
        was written. A crash at any point leaves the previous edition current.
        """
        _fsync_tree(staging)
        name = str(verified.version)
        final = self.editions / name
        with self.installing():  # never replacing a folder another reader is renaming in
            if final.exists():
                shutil.rmtree(final)
            os.replace(staging, final)
            self.switch(name)
        return name

    def _refuse_rollback(self, offered: Verified) -> None:
        current = self.current_name()
        if current is None:
            return
        try:
            held = self.verify(current)
            manual_from_files(held.files)
        except ReaderError:
            return  # a broken current edition protects nothing, nor one signed but not a manual
        if offered.version < held.version or offered.snapshot_version < held.snapshot_version:
            raise RollbackError(
                f"the edition offered (version {offered.version}) is older than the one held ({held.version})"
            )

    def bundled_name(self) -> str | None:
        """The name the bundled edition has once installed (its timestamp's version), if it can be read.

        Used only to keep it from pruning, so it need not be verified: a wrong
        answer keeps one folder too many, never removes the edition in use.
        """
        import json

        try:
            version = json.loads((self.bundled / METADATA / "timestamp.json").read_bytes())["signed"]["version"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return str(version) if type(version) is int and version >= 0 else None

    def prune(self, keep: set[str]) -> list[str]:
        """Remove the editions other than `keep`, the current, the bundled one and those in use; the names removed.

        Called after a successful switch with the new and the previous edition:
        a laptop then holds at most three editions, however many publishes it
        followed, besides any another reader process still has open (in_use).
        The one `current` names is kept whatever it is told. Under the editions
        lock: `current` is read as no other process is changing it, and no
        edition is being renamed in meanwhile.
        """
        from reader.core.editions import in_use

        with self.installing():
            keep = set(keep) | {self.current_name(), self.bundled_name()} | in_use.elsewhere(self.data_dir)
            removed = []
            for name in self.installed():
                if name not in keep:
                    shutil.rmtree(self.editions / name, ignore_errors=True)
                    removed.append(name)
        return removed

    def switch(self, name: str) -> None:
        write_text(self.data_dir / "current", name + "\n")

    # -- opening at start --------------------------------------------------

    def open(self) -> Opened:
        """The current edition, verified; else the newest good one; else the bundled one.

        Another reader process may be installing or switching at the same
        moment (two starts at once, a sync in the window). The common case, a
        good current edition, is read without waiting; anything that would
        change `current` or install is decided again under the lock, from what
        is on disk then: so a second start uses the edition the first one just
        installed, and never replaces it or the folder it is reading.
        """
        current, problems, good = self._first_good()
        if good is not None and good[0] == current:
            return self.opened(*good, problems)
        with self.installing():
            current, problems, good = self._first_good()  # again: another reader may have installed meanwhile
            if good is not None:
                name = good[0]
                if name != current:
                    self.switch(name)
                    if current:
                        problems.append(f"using the last good edition ({name}) instead")
                return self.opened(*good, problems)
            name, installed = self._install(self.bundled)  # verified as it was installed: read from those bytes
        if problems:
            problems.append("using the edition bundled with the application instead")
        return self.opened(name, installed, manual_from_files(installed.files), problems)

    def _first_good(self) -> tuple[str | None, list[str], tuple[str, Verified, Manual] | None]:
        """(`current`, what was wrong with the editions tried, the first good one or None): current first, then newest."""
        problems = []
        current = self.current_name()
        candidates = [current] if current else []
        candidates += [n for n in self.installed() if n != current]
        for name in candidates:
            try:
                verified = self.verify(name)
                manual = manual_from_files(verified.files)
            except ReaderError as exc:  # a TrustError, or a signed file that is not a manual
                problems.append(f"edition {name} cannot be used: {exc}")
                continue
            return current, problems, (name, verified, manual)
        return current, problems, None

    def opened(self, name: str, verified: Verified, manual: Manual, problems: list[str] | None = None) -> Opened:
        """Edition `name` as the window and the commands use it, from what its verification hashed.

        Marked in use by this process while the Opened lives (in_use), so no other reader prunes it.
        """
        from reader.core.editions import in_use

        info = edition_info(verified.files.get(EDITION_INFO))  # the bytes hashed, not the folder again
        problems = [] if problems is None else problems
        hashes = {path: target.hashes["sha256"] for path, target in verified.targets.items()
                  if "sha256" in target.hashes}
        opened = Opened(manual, name, info["as_of"], problems, self.editions / name, info["sync_url"], self.data_dir,
                        hashes)
        in_use.hold(opened)
        return opened


def _copy_metadata(meta: Path, out: Path) -> None:
    """Copy the newest metadata of a consistent-snapshot repository as a client holds it."""
    import json

    out.mkdir(parents=True, exist_ok=True)
    for root in meta.glob("*.root.json"):
        shutil.copyfile(root, out / root.name)
    roots = sorted(meta.glob("*.root.json"), key=lambda p: int(p.name.split(".")[0]))
    if not roots:
        raise FileNotFoundError(str(meta / "1.root.json"))
    shutil.copyfile(roots[-1], out / "root.json")
    shutil.copyfile(meta / "timestamp.json", out / "timestamp.json")
    ts = json.loads((meta / "timestamp.json").read_bytes())["signed"]["meta"]["snapshot.json"]["version"]
    shutil.copyfile(meta / f"{ts}.snapshot.json", out / "snapshot.json")
    snap = json.loads((meta / f"{ts}.snapshot.json").read_bytes())["signed"]["meta"]
    for role, info in snap.items():
        shutil.copyfile(meta / f"{info['version']}.{role}", out / role)
