"""The client's trusted TUF metadata, kept in DATA/tuf/ from one sync to the next.

python-tuf remembers what it has verified by writing each new metadata file
into its metadata folder as it refreshes. That memory is what lets it notice a
rollback or a freeze: a timestamp older than one already seen is refused. If
the folder were thrown away whenever a sync failed, a newer timestamp seen and
verified in a failed sync would be forgotten, and a later offer of an older
one would pass. So the folder lives in the data folder and only moves forward:

    DATA/tuf/root_history/N.root.json     every root python-tuf has verified
    DATA/tuf/timestamp.json, snapshot.json, targets.json, bin-XX.json

It holds metadata only, never content: the edition is still assembled apart
and adopted whole or not at all (reader.core.editions.sync), so a sync that fails half
way moves on only what the client knows of the newest versions. python-tuf
writes each file atomically, so a crash leaves at worst a mix of older and
newer files, each validly signed, which python-tuf handles (an older local
file is used for rollback checks, then replaced). The sync lock
(sync_state.lock) keeps one updater on the folder at a time, as python-tuf
requires.

python-tuf always starts from a root the reader verified itself: the newest
root reached from the pinned root through signed rotations
(trust.trusted_root_in), never from a root.json that merely lies in a folder.
Before each use the folder is checked with the offline check's functions: a
root that does not chain from the pinned one, or a file not signed by the
trusted root's keys, is removed (python-tuf fetches it again); and where the
current edition's verified metadata is newer than the folder's, or the
folder's is missing, the edition's is copied in. A missing or damaged folder
costs one fuller refresh, never trust.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tuf.ngclient import Updater, UpdaterConfig

from reader.core.atomic import write_bytes
from reader.core.errors import TrustError
from reader.core.trust.signatures import Signed, parse, root_role
from reader.core.trust.verify import trusted_root_in

STATE_DIR = "tuf"
ROOTS = "root_history"
TOP_LEVEL = ("timestamp", "snapshot", "targets")
_ROOT_FILE = re.compile(r"(\d+)\.root\.json")
_ROLE_FILE = re.compile(r"[^.\s][^/\\]*\.json")  # python-tuf's quote(role).json; not its tmp* files


def prepare(pinned: bytes, state: Path, floor: Path | None = None, roots_only: bool = False) -> bytes:
    """Check `state` (seeding it from the verified metadata folder `floor`, if given).

    With `roots_only`, only the floor's roots are taken: its timestamp, snapshot
    and targets then set no lower bound for what the server may offer (the
    bundled edition of a laptop that has never synced, see sync._refresh).

    Returns the bytes of the root python-tuf must start from. Raises TrustError
    only if the pinned root itself is unusable, OSError if the folder cannot be written.
    """
    for folder in (state, state / ROOTS):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            _remove(folder)  # python-tuf would write wherever a link points
        folder.mkdir(parents=True, exist_ok=True)
    _drop_strays(state)
    if floor is not None:
        _seed_roots(floor, state)
    root, root_bytes = _root_chain(pinned, state)
    for role in TOP_LEVEL:
        path = state / f"{role}.json"
        held = _checked(root, path, role)
        if held is None:
            path.unlink(missing_ok=True)
        offered = _checked(root, floor / f"{role}.json", role) if floor is not None and not roots_only else None
        if offered is not None and (held is None or offered.version > held.version):
            write_bytes(path, (floor / f"{role}.json").read_bytes())
    if floor is not None and not roots_only:
        _seed_bins(floor, state)
    return root_bytes


def updater(state: Path, root_bytes: bytes, url: str, fetcher, target_dir: Path | None = None,
            target_base_url: str | None = None) -> Updater:
    """python-tuf's client on `state`, started from `root_bytes` (from prepare())."""
    return Updater(
        metadata_dir=str(state),
        metadata_base_url=url,
        target_dir=str(target_dir) if target_dir is not None else None,
        target_base_url=target_base_url,
        fetcher=fetcher,
        config=UpdaterConfig(prefix_targets_with_hash=True),
        bootstrap=root_bytes,
    )


def _root_chain(pinned: bytes, state: Path) -> tuple[Signed, bytes]:
    """The newest root that chains from the pinned one, dropping newer roots that do not."""
    while True:
        try:
            root = trusted_root_in(pinned, state)
            break
        except TrustError:
            versions = _root_versions(state / ROOTS)
            pinned_version = _version_of(pinned)
            newer = [v for v in versions if pinned_version is None or v > pinned_version]
            if not newer:
                raise
            # The chain breaks somewhere: drop the newest and walk again (python-tuf re-fetches it).
            (state / ROOTS / f"{max(newer)}.root.json").unlink()
    if root.version == _version_of(pinned):
        return root, pinned
    return root, (state / ROOTS / f"{root.version}.root.json").read_bytes()


def _checked(root: Signed, path: Path, role: str) -> Signed | None:
    """The metadata in `path` if the trusted root's keys for `role` signed it; else None."""
    try:
        md = parse(path.read_bytes(), role, f"the client's {role}")
        root_role(root, role).check(md)
        return md
    except (OSError, TrustError):
        return None


def _drop_strays(state: Path) -> None:
    # Only python-tuf's own names are kept: a temporary file left by a crash, a
    # published-layout N.root.json (which trusted_root would also read) or
    # anything else planted here is not part of what python-tuf verified.
    for path in state.iterdir():
        if path.name in (ROOTS, "root.json"):
            continue
        if path.is_symlink() or not path.is_file() or _ROOT_FILE.fullmatch(path.name) or not _ROLE_FILE.fullmatch(path.name):
            _remove(path)
    for path in (state / ROOTS).iterdir():
        if path.is_symlink() or not path.is_file() or not _ROOT_FILE.fullmatch(path.name):
            _remove(path)


def _seed_roots(floor: Path, state: Path) -> None:
    """Roots the current edition holds (as N.root.json or root_history/N.root.json) that state lacks."""
    for folder in (floor, floor / ROOTS):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if _ROOT_FILE.fullmatch(path.name) and path.is_file() and not path.is_symlink():
                target = state / ROOTS / path.name
                if not target.exists():
                    write_bytes(target, path.read_bytes())  # checked by _root_chain, then by python-tuf


def _seed_bins(floor: Path, state: Path) -> None:
    """Delegated metadata the current edition holds and state lacks (python-tuf checks it before use)."""
    for path in floor.glob("*.json"):
        name = path.name
        if name == "root.json" or name[: -len(".json")] in TOP_LEVEL or _ROOT_FILE.fullmatch(name):
            continue
        if _ROLE_FILE.fullmatch(name) and path.is_file() and not path.is_symlink() and not (state / name).exists():
            write_bytes(state / name, path.read_bytes())


def _root_versions(folder: Path) -> list[int]:
    return [int(m.group(1)) for p in folder.iterdir() if (m := _ROOT_FILE.fullmatch(p.name))]


def _version_of(root_bytes: bytes) -> int | None:
    try:
        return parse(root_bytes, "root", "the application's trusted root").version
    except TrustError:
        return None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
