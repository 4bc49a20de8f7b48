"""Offline verification of an edition against the root the reader trusts.

An edition on disk is its TUF metadata (metadata/) beside its content files.
Verification walks the chain the way a TUF client does — root (through every
newer root, each signed by its predecessor), timestamp, snapshot, targets, the
hash bins — and then checks every content file's length and hash, and that no
file is there that the metadata does not list. Expiry is not checked here: a
laptop offline for months must still read its last good edition. Expiry
matters only when updating, where python-tuf's client enforces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tuf.api.exceptions import LengthOrHashMismatchError, UnsignedMetadataError
from tuf.api.metadata import Metadata, Root, Snapshot, TargetFile, Targets, Timestamp

from reader.core.errors import MissingFile, SignatureError, TamperedFile, TrustError

METADATA = "metadata"


@dataclass(frozen=True)
class Verified:
    """What a verified edition's metadata says of it."""

    version: int  # the timestamp's version: increases with every publish
    snapshot_version: int
    root_version: int
    targets: dict[str, TargetFile]


def _load(path: Path, kind) -> Metadata:
    try:
        md = Metadata.from_file(str(path))
    except FileNotFoundError:
        raise MissingFile(f"edition metadata {path.name} is missing") from None
    except Exception:
        raise TamperedFile(f"edition metadata {path.name} is damaged") from None
    if not isinstance(md.signed, kind):
        raise TamperedFile(f"edition metadata {path.name} is not {kind.type} metadata")
    return md


def _verify(delegator: Metadata, role: str, delegate: Metadata, what: str) -> None:
    try:
        delegator.verify_delegate(role, delegate)
    except UnsignedMetadataError:
        raise SignatureError(f"{what} is not signed by a trusted key") from None


def trusted_root(pinned: bytes, meta_dir: Path) -> Metadata:
    """The newest root reachable from the pinned one through signed rotations."""
    try:
        root = Metadata[Root].from_bytes(pinned)
    except Exception:
        raise TrustError("the application's trusted root is damaged: reinstall the reader") from None
    while (path := _root_file(meta_dir, root.signed.version + 1)) is not None:
        new = _load(path, Root)
        _verify(root, Root.type, new, f"root version {new.signed.version}")
        _verify(new, Root.type, new, f"root version {new.signed.version}")
        if new.signed.version != root.signed.version + 1:
            raise SignatureError(f"root version {new.signed.version} is out of sequence")
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
    timestamp = _load(meta_dir / "timestamp.json", Timestamp)
    _verify(root, Timestamp.type, timestamp, "the edition's timestamp")
    snapshot = _load(meta_dir / "snapshot.json", Snapshot)
    _verify(root, Snapshot.type, snapshot, "the edition's snapshot")
    if snapshot.signed.version != timestamp.signed.snapshot_meta.version:
        raise TamperedFile("the edition's snapshot is not the one its timestamp names")
    targets = _load(meta_dir / "targets.json", Targets)
    _verify(root, Targets.type, targets, "the edition's targets")
    _check_listed(snapshot, "targets", targets)

    files: dict[str, TargetFile] = dict(targets.signed.targets)
    delegations = targets.signed.delegations
    if delegations is not None and delegations.succinct_roles is not None:
        for name in delegations.succinct_roles.get_roles():
            bin_md = _load(meta_dir / f"{name}.json", Targets)
            _verify(targets, name, bin_md, f"the edition's {name}")
            _check_listed(snapshot, name, bin_md)
            for path, tf in bin_md.signed.targets.items():
                if delegations.succinct_roles.get_role_for_target(path) != name:
                    raise SignatureError(f"{name} lists {path}, which it is not trusted for")
                files[path] = tf
    return Verified(
        version=timestamp.signed.version,
        snapshot_version=snapshot.signed.version,
        root_version=root.signed.version,
        targets=files,
    )


def _check_listed(snapshot: Metadata, role: str, md: Metadata) -> None:
    listed = snapshot.signed.meta.get(f"{role}.json")
    if listed is None or listed.version != md.signed.version:
        raise TamperedFile(f"the edition's {role} is not the version its snapshot names")


def verify_edition(pinned_root: bytes, edition: Path) -> Verified:
    """Verify the metadata, then every content file, of the edition in `edition`."""
    verified = verify_metadata(pinned_root, edition / METADATA)
    for path, tf in verified.targets.items():
        file = edition / path
        try:
            data = file.read_bytes()
        except FileNotFoundError:
            raise MissingFile(f"{path} is missing from the edition") from None
        try:
            tf.verify_length_and_hashes(data)
        except LengthOrHashMismatchError:
            raise TamperedFile(f"{path} differs from the published file") from None
    present = {p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file()}
    extra = sorted(p for p in present if not p.startswith(f"{METADATA}/") and p not in verified.targets)
    if extra:
        raise TamperedFile(f"{extra[0]} is in the edition but not in its signed metadata")
    return verified
