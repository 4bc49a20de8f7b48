"""Offline verification of an edition against the root the reader trusts.

An edition on disk is its TUF metadata (metadata/) beside its content files.
Verification walks the chain the way a TUF client does — root (through every
newer root, each signed by its predecessor), timestamp, snapshot, targets, the
hash bins — and then checks every content file's length and hash, and that no
file is there that the metadata does not list. Expiry is not checked here: a
laptop offline for months must still read its last good edition. Expiry
matters only when updating, where python-tuf's client enforces it.

The signatures are checked by reader.core.signatures (cryptography only), not
python-tuf, whose imports would add some 65 ms to every start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import MissingFile, SignatureError, TamperedFile, TrustError
from reader.core.signatures import HashBins, Signed, Target, listed_version, parse, root_role, targets_of

METADATA = "metadata"


@dataclass(frozen=True)
class Verified:
    """What a verified edition's metadata says of it."""

    version: int  # the timestamp's version: increases with every publish
    snapshot_version: int
    root_version: int
    targets: dict[str, Target]


def _load(path: Path, kind: str, name: str) -> Signed:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise MissingFile(f"edition metadata {path.name} is missing") from None
    except OSError:
        raise TamperedFile(f"edition metadata {path.name} cannot be read") from None
    return parse(data, kind, name)


def trusted_root(pinned: bytes, meta_dir: Path) -> Signed:
    """The newest root reachable from the pinned one through signed rotations."""
    try:
        root = parse(pinned, "root", "the application's trusted root")
    except TamperedFile:
        raise TrustError("the application's trusted root is damaged: reinstall the reader") from None
    while (path := _root_file(meta_dir, root.version + 1)) is not None:
        new = _load(path, "root", f"root version {root.version + 1}")
        root_role(root, "root").check(new)  # signed by the keys the old root trusts
        root_role(new, "root").check(new)  # and by the keys it names itself
        if new.version != root.version + 1:
            raise SignatureError(f"root version {new.version} is out of sequence")
        root = new
    return root


def _root_file(meta_dir: Path, version: int) -> Path | None:
    # Published repositories keep N.root.json; python-tuf's client keeps root_history/N.root.json.
    for path in (meta_dir / f"{version}.root.json", meta_dir / "root_history" / f"{version}.root.json"):
        if path.is_file():
            return path
    return None


def verify_metadata(pinned_root: bytes, meta_dir: Path) -> Verified:
    root = trusted_root(pinned_root, meta_dir)
    timestamp = _load(meta_dir / "timestamp.json", "timestamp", "the edition's timestamp")
    root_role(root, "timestamp").check(timestamp)
    snapshot = _load(meta_dir / "snapshot.json", "snapshot", "the edition's snapshot")
    root_role(root, "snapshot").check(snapshot)
    if snapshot.version != listed_version(timestamp, "snapshot.json"):
        raise TamperedFile("the edition's snapshot is not the one its timestamp names")
    targets = _load(meta_dir / "targets.json", "targets", "the edition's targets")
    root_role(root, "targets").check(targets)
    _check_listed(snapshot, "targets", targets)

    files = targets_of(targets)
    bins = HashBins.from_targets(targets)
    if bins is not None:
        for name in bins.names():
            bin_md = _load(meta_dir / f"{name}.json", "targets", f"the edition's {name}")
            bins.role.check(bin_md)
            _check_listed(snapshot, name, bin_md)
            for path, target in targets_of(bin_md).items():
                if bins.bin_for(path) != name:
                    raise SignatureError(f"{name} lists {path}, which it is not trusted for")
                files[path] = target
    return Verified(
        version=timestamp.version,
        snapshot_version=snapshot.version,
        root_version=root.version,
        targets=files,
    )


def _check_listed(snapshot: Signed, role: str, md: Signed) -> None:
    if listed_version(snapshot, f"{role}.json") != md.version:
        raise TamperedFile(f"the edition's {role} is not the version its snapshot names")


def verify_edition(pinned_root: bytes, edition: Path) -> Verified:
    """Verify the metadata, then every content file, of the edition in `edition`."""
    verified = verify_metadata(pinned_root, edition / METADATA)
    for path, target in verified.targets.items():
        file = edition / path
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise MissingFile(f"{path} is missing from the edition") from None
        except OSError as exc:  # a folder in its place, no permission: not the published file
            raise TamperedFile(f"{path} cannot be read ({exc.strerror or exc})") from None
        if not target.matches(data):
            raise TamperedFile(f"{path} differs from the published file")
    present = {p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file()}
    extra = sorted(p for p in present if not p.startswith(f"{METADATA}/") and p not in verified.targets)
    if extra:
        raise TamperedFile(f"{extra[0]} is in the edition but not in its signed metadata")
    return verified
